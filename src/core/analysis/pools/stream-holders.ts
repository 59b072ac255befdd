// Which of the requests holding a pool's sockets were long-lived streams (issue 17): EventSource,
// a streamed body (text/event-stream, NDJSON, JSON sequences) or a long poll. The pool analysis
// knows them only by their records; the streams analysis (analysis/streams) says the same with
// its channels.
import type { NetworkRequest } from '../../records.ts';
import { plural, requestNumbers } from '../../format/index.ts';
import { streamFormatOf } from '../../recorder/index.ts';

/** A plain fetch or XHR that held its socket this long is a long poll. */
export const LONG_POLL_MS = 5000;

export type HolderKind = 'EventSource stream' | 'streamed response' | 'long poll';

export function holderKind(r: NetworkRequest): HolderKind | undefined {
  if (r.resourceType === 'EventSource') return 'EventSource stream';
  if (streamFormatOf(r.mimeType) !== undefined) return 'streamed response';
  if ((r.resourceType === 'Fetch' || r.resourceType === 'XHR') && r.startedAt !== undefined && r.endedAt !== undefined && r.endedAt - r.startedAt >= LONG_POLL_MS) return 'long poll';
  return undefined;
}

/**
 * "6 of them were long-lived streams (6 EventSource streams, #8–#13): a stream keeps its
 * HTTP/1.1 socket for as long as it is open; over HTTP/2 they would share one connection."
 * Undefined when none of the holders is a stream.
 */
export function streamHoldersSentence(holders: readonly (NetworkRequest | undefined)[], lead: 'of-them' | 'pool' = 'of-them'): string | undefined {
  const byKind = new Map<HolderKind, number[]>();
  for (const r of holders) {
    if (r === undefined) continue;
    const k = holderKind(r);
    if (k === undefined) continue;
    const list = byKind.get(k);
    if (list === undefined) byKind.set(k, [r.index]);
    else list.push(r.index);
  }
  if (byKind.size === 0) return undefined;
  const parts = [...byKind].map(([k, idx]) => `${plural(idx.length, k)} ${requestNumbers(idx.sort((a, b) => a - b))}`);
  const n = [...byKind.values()].reduce((s, l) => s + l.length, 0);
  const head = lead === 'pool'
    ? `While they waited, ${n === 1 ? 'one socket was' : `${n} sockets were`} held by long-lived streams (${parts.join(', ')})`
    : `${n === 1 ? 'One of them was a long-lived stream' : `${n} of them were long-lived streams`} (${parts.join(', ')})`;
  return `${head}: a stream keeps its HTTP/1.1 socket for as long as it is open, so it is one socket fewer for everything else; over HTTP/2 they would all share one connection.`;
}
