// Where a response came from, in words: the short label of the Requests table's Source column
// (and of the `source:` filter key) and the sentence that explains it.
import type { ResponseSource } from '../records.ts';

export const SOURCE_LABELS: Record<ResponseSource, string> = {
  network: 'network',
  revalidated: '304',
  'memory-cache': 'memory',
  'disk-cache': 'disk',
  'prefetch-cache': 'prefetch',
  'service-worker': 'service worker',
  'early-hints': 'early hints',
  pending: 'pending',
  failed: 'failed',
};

export const SOURCE_TITLES: Record<ResponseSource, string> = {
  network: 'A full response from the server',
  revalidated: 'Revalidated: a conditional request the server answered 304 Not Modified, so the cached body was reused',
  'memory-cache': "Served from the renderer's memory cache: no request left the page",
  'disk-cache': 'Served from the HTTP (disk) cache: the stored response was fresh, so nothing was sent',
  'prefetch-cache': 'Served from the prefetch cache (a <link rel=prefetch> or speculation rule fetched it earlier)',
  'service-worker': "Answered by the page's service worker",
  'early-hints': 'Preloaded by a 103 Early Hints response',
  pending: 'No response yet',
  failed: 'The request failed',
};
