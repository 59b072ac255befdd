// Timing phases of one hop, computed as DevTools' RequestTimingView does, from the protocol's
// ResourceTiming (offsets in ms from `requestTime`, which is in seconds; -1 = did not happen).
//
// HPBN's anatomy of a request: queueing in the browser, stalled waiting for a socket from the
// per-origin pool, DNS, TCP (+ TLS) handshake — skipped on a reused socket —, send, wait for the
// first byte (TTFB: one round trip plus server time), then download.
import type { Protocol } from '../cdp.ts';
import type { TimingPhases } from '../records.ts';

/** end − start in ms when both offsets happened and are in order, as DevTools' addOffsetRange. */
function span(start: number, end: number): number | undefined {
  return start >= 0 && end >= 0 && start <= end ? end - start : undefined;
}

/**
 * The first offset that happened (>= 0). DevTools uses the first *positive* one, so when DNS
 * starts at offset 0 its "Stalled" swallows DNS and connect and then shows them again; Netlens
 * explains stalls as waiting for a socket, so it must not count set-up time as stalled.
 */
function firstStarted(...xs: number[]): number | undefined {
  for (const x of xs) if (x >= 0) return x;
  return undefined;
}

/**
 * When response headers arrived (ms), as DevTools' NetworkRequest.setTiming settles it: the
 * renderer's responseReceived time, moved back to the network stack's requestTime +
 * receiveHeadersEnd when that is earlier, and never before the stack started.
 */
export function responseTime(responseTs: number | undefined, timing: Protocol.Network.ResourceTiming | undefined): number | undefined {
  if (timing === undefined) return responseTs;
  const start = timing.requestTime * 1000;
  let at = responseTs;
  if (timing.receiveHeadersEnd >= 0) {
    const headers = start + timing.receiveHeadersEnd;
    if (at === undefined || at > headers) at = headers;
  }
  if (at !== undefined && at < start) at = start;
  return at;
}

/**
 * When the hop ended (ms): loadingFinished / loadingFailed comes from another process than
 * responseReceived, so its timestamp can be earlier; DevTools clamps it to the response time
 * when there is real timing, and otherwise pulls the response time back to it.
 */
export function endTime(endTs: number | undefined, responseAt: number | undefined, hasTiming: boolean): { endedAt: number | undefined; responseAt: number | undefined } {
  if (endTs === undefined || responseAt === undefined) return { endedAt: endTs, responseAt };
  if (hasTiming) return { endedAt: Math.max(endTs, responseAt), responseAt };
  return { endedAt: endTs, responseAt: Math.min(responseAt, endTs) };
}

export interface PhaseInputs {
  issuedAt: number;
  timing: Protocol.Network.ResourceTiming | undefined;
  responseAt: number | undefined;
  endedAt: number | undefined;
  fromServiceWorker: boolean;
}

/** The phases of records.ts `TimingPhases`, in ms; a phase that did not happen is left out. */
export function phases(x: PhaseInputs): TimingPhases {
  const out: TimingPhases = {};
  const t = x.timing;
  if (t === undefined) {
    // No network timing (memory cache, data: URL, failed before the stack started): DevTools shows
    // only the total and the download.
    if (x.endedAt !== undefined && x.endedAt >= x.issuedAt) out.total = x.endedAt - x.issuedAt;
    if (x.endedAt !== undefined && x.responseAt !== undefined && x.endedAt >= x.responseAt) out.receive = x.endedAt - x.responseAt;
    return out;
  }
  const start = t.requestTime * 1000;
  if (x.issuedAt < start) out.queueing = start - x.issuedAt;
  const response = x.responseAt === undefined ? -1 : x.responseAt - start;

  if (x.fromServiceWorker) {
    const stalled = span(0, t.workerStart);
    if (stalled !== undefined) out.stalled = stalled;
    const startup = span(t.workerStart, t.workerReady);
    if (startup !== undefined) out.serviceWorker = startup;
    const fetch = span(t.workerFetchStart, t.workerRespondWithSettled);
    if (fetch !== undefined) out.serviceWorkerFetch = fetch;
    const wait = span(t.sendEnd, response);
    if (wait !== undefined) out.wait = wait;
  } else if (!(t.pushStart > 0)) {
    const blockingEnd = firstStarted(t.dnsStart, t.connectStart, t.sendStart, response) ?? 0;
    const stalled = span(0, blockingEnd);
    if (stalled !== undefined) out.stalled = stalled;
    const proxy = span(t.proxyStart, t.proxyEnd);
    if (proxy !== undefined) out.proxy = proxy;
    const dns = span(t.dnsStart, t.dnsEnd);
    if (dns !== undefined) out.dns = dns;
    const connect = span(t.connectStart, t.connectEnd);
    if (connect !== undefined) out.connect = connect;
    const tls = span(t.sslStart, t.sslEnd);
    if (tls !== undefined) out.tls = tls;
    const send = span(t.sendStart, t.sendEnd);
    if (send !== undefined) out.send = send;
    const wait = span(Math.max(t.sendEnd, t.connectEnd, t.dnsEnd, t.proxyEnd, blockingEnd), response);
    if (wait !== undefined) out.wait = wait;
  }
  if (x.endedAt !== undefined) {
    if (x.responseAt !== undefined && x.endedAt >= x.responseAt) out.receive = x.endedAt - x.responseAt;
    const from = Math.min(x.issuedAt, start);
    if (x.endedAt >= from) out.total = x.endedAt - from;
  }
  return out;
}
