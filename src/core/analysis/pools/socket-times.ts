// When one request held a socket, from the protocol's ResourceTiming (offsets in ms from
// timing.requestTime). HPBN's anatomy of a request on the wire: wait for a socket from the pool,
// then on a new socket DNS + TCP (+ TLS), then send, wait for the first byte, download.
import type { NetworkRequest } from '../../records.ts';
import type { Carried } from './connections.ts';
import type { SetupSegment, SocketSetup, SocketUse } from './types.ts';

const happened = (x: number | undefined): x is number => typeof x === 'number' && x >= 0;

/** The socket set-up a request's timing shows, or undefined when it shows no connect phase. */
export function setupOf(r: NetworkRequest): SocketSetup | undefined {
  const t = r.timing;
  if (t === undefined || r.startedAt === undefined || !happened(t.connectStart)) return undefined;
  const base = r.startedAt;
  const segments: SetupSegment[] = [];
  let dns: number | undefined;
  let tcp: number | undefined;
  let tls: number | undefined;
  if (happened(t.dnsStart) && happened(t.dnsEnd) && t.dnsEnd >= t.dnsStart) {
    dns = t.dnsEnd - t.dnsStart;
    segments.push({ kind: 'dns', start: base + t.dnsStart, end: base + t.dnsEnd });
  }
  const connectEnd = happened(t.connectEnd) && t.connectEnd >= t.connectStart ? t.connectEnd : t.connectStart;
  const hasTls = happened(t.sslStart) && happened(t.sslEnd) && t.sslEnd >= t.sslStart;
  // TLS runs inside the connect phase (DevTools draws it there too): TCP is what comes before it.
  const tcpEnd = hasTls ? Math.min(Math.max(t.sslStart, t.connectStart), connectEnd) : connectEnd;
  tcp = tcpEnd - t.connectStart;
  segments.push({ kind: 'connect', start: base + t.connectStart, end: base + tcpEnd });
  if (hasTls) {
    tls = t.sslEnd - t.sslStart;
    segments.push({ kind: 'tls', start: base + t.sslStart, end: base + t.sslEnd });
  }
  const start = base + (dns !== undefined ? t.dnsStart : t.connectStart);
  const total = (dns ?? 0) + (connectEnd - t.connectStart);
  const setup: SocketSetup = { total, start, end: base + connectEnd, segments };
  if (dns !== undefined) setup.dns = dns;
  setup.tcp = tcp;
  if (tls !== undefined) setup.tls = tls;
  return setup;
}

/**
 * A request as its socket carried it: its times on the socket (`sessionEnd` stands in for the
 * release of a request still running when the log ends: it holds its socket until then, as far as
 * the log knows). Position on the connection, streams at once and idle time before it are filled
 * in by buildConnection. One object per request (the analysis of 100,000 requests runs in a heap
 * that already holds the recorder's records, so every allocation costs garbage collection).
 */
export function carried(r: NetworkRequest, pos: number, sessionEnd: number): Carried {
  const t = r.timing;
  const startedAt = r.startedAt ?? r.issuedAt;
  const waitEnd = startedAt + (r.phases.stalled ?? 0);
  const sendAt = t !== undefined && happened(t.sendStart) ? startedAt + t.sendStart : r.responseAt ?? waitEnd;
  const setup = setupOf(r);
  const bindAt = setup ? Math.min(setup.start, sendAt) : sendAt;
  const running = r.endedAt === undefined;
  const releaseAt = Math.max(bindAt, running ? Math.max(sessionEnd, r.responseAt ?? bindAt) : r.endedAt!);
  const use: SocketUse = {
    hopId: r.id,
    index: r.index,
    origin: r.origin,
    startedAt,
    waitEnd,
    bindAt,
    sendAt,
    releaseAt,
    running,
    nth: 0,
    concurrent: 1,
    idleBefore: 0,
    closedByServer: closedByServer(r),
  };
  if (r.responseAt !== undefined) use.responseAt = r.responseAt;
  const c: Carried = { req: r, pos, use };
  if (setup) use.setup = setup;
  else if (t !== undefined && happened(t.dnsStart) && happened(t.dnsEnd) && t.dnsEnd >= t.dnsStart) c.dnsOnlyMs = t.dnsEnd - t.dnsStart;
  return c;
}

/** `Connection: close` from the server, or HTTP/1.0 without keep-alive: the socket ends with this response. */
export function closedByServer(r: NetworkRequest): boolean {
  let connection: string | undefined;
  for (const h of r.responseHeaders) {
    // Length first: most names are not 10 characters long, and lower-casing allocates.
    if (h.name.length === 10 && h.name.toLowerCase() === 'connection') connection = (connection ? `${connection},` : '') + h.value.toLowerCase();
  }
  if (connection !== undefined && /(^|[\s,])close([\s,]|$)/.test(connection)) return true;
  return r.protocol?.toLowerCase() === 'http/1.0' && !(connection ?? '').includes('keep-alive');
}
