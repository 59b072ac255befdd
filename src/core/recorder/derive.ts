// Fields of a NetworkRequest that follow from several events (status, source, times, sizes).
// They are recomputed from the hop's raw inputs after any of those events, in O(1), so the result
// is the same whatever order the events came in.
import type { ResponseSource } from '../records.ts';
import { utf8Length } from './bytes.ts';
import { parseStatusLine } from './headers.ts';
import type { Hop } from './hop.ts';
import { endTime, phases, responseTime } from './timing.ts';

/**
 * Where the response came from. The cache flags win over the status: a memory-cache hit replays
 * the stored response, status and all. A 304 is a conditional request the server answered "Not
 * Modified" (HPBN: revalidation costs a round trip but no body), whatever responseReceived said.
 */
export function responseSource(hop: Hop, status: number | undefined): ResponseSource {
  const rec = hop.rec;
  if (!hop.hasResponse) {
    if (rec.servedFromCache) return 'memory-cache';
    return rec.failure ? 'failed' : 'pending';
  }
  if (rec.fromDiskCache) return 'disk-cache';
  if (rec.servedFromCache) return 'memory-cache';
  if (rec.fromPrefetchCache) return 'prefetch-cache';
  if (rec.fromServiceWorker) return 'service-worker';
  if (rec.fromEarlyHints) return 'early-hints';
  if (status === 304) return 'revalidated';
  return 'network';
}

/** Whether the bytes of this response crossed a socket (not replayed from a cache). */
function cameOverNetwork(hop: Hop): boolean {
  const rec = hop.rec;
  return !rec.servedFromCache && !rec.fromDiskCache && !rec.fromPrefetchCache;
}

export function derive(hop: Hop): void {
  const rec = hop.rec;
  const extra = hop.responseExtra;

  // Status: the raw status line beats responseReceived (which says 200 for a revalidated 304).
  const statusLine = extra?.headersText !== undefined ? parseStatusLine(extra.headersText) : undefined;
  const status = extra !== undefined ? extra.statusCode : hop.responseStatus;
  rec.status = status;
  if (extra !== undefined && extra.statusCode !== hop.responseStatus) {
    rec.statusText = statusLine?.reason ?? (hop.responseStatus === undefined ? undefined : '');
  } else {
    rec.statusText = hop.responseStatusText ?? statusLine?.reason;
  }
  rec.source = responseSource(hop, status);

  // Times: ms on the protocol clock, clamped as DevTools clamps them.
  const timing = rec.timing;
  const ended = endTime(hop.endTs, responseTime(hop.responseTs, timing), timing !== undefined);
  rec.responseAt = ended.responseAt;
  rec.endedAt = ended.endedAt;
  rec.phases = phases({
    issuedAt: rec.issuedAt,
    timing,
    responseAt: rec.responseAt,
    endedAt: rec.endedAt,
    fromServiceWorker: rec.fromServiceWorker,
  });

  // Sizes: header bytes from the raw text when there is one (HTTP/1.x), else what the network
  // stack had counted when headers arrived (HTTP/2 and QUIC compress headers, so there is no text).
  if (rec.responseHeadersText !== undefined) rec.responseHeadersSize = utf8Length(rec.responseHeadersText);
  else if (cameOverNetwork(hop) && hop.headerBytesAtResponse !== undefined && hop.headerBytesAtResponse > 0) {
    rec.responseHeadersSize = hop.headerBytesAtResponse;
  } else rec.responseHeadersSize = undefined;
  rec.transferSize = hop.endEncodedLength;
  if (hop.endEncodedBodyLength !== undefined) rec.encodedBodySize = hop.endEncodedBodyLength;
  else if (rec.transferSize !== undefined && rec.transferSize > 0 && rec.responseHeadersSize !== undefined && cameOverNetwork(hop)) {
    rec.encodedBodySize = Math.max(0, rec.transferSize - rec.responseHeadersSize);
  } else rec.encodedBodySize = undefined;
}
