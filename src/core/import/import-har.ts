// HAR import: a HAR (from Chrome — old style with the socket id in `connection`, new style with
// the port there and the id in `_connectionId` —, Firefox, chrome-har, or Netlens) becomes the CDP
// events that would have produced it, so an imported file is a session like any other and the
// same recorder and analyses run on it. What a HAR cannot carry (raw headers as sent, priorities
// it did not record, frames' close) is left unknown, not invented.
import type { CdpEvent, Protocol } from '../cdp.ts';
import { ImportError, parseJson } from './errors.ts';

export interface HarImport {
  events: CdpEvent[];
  creator: string;
  entries: number;
  pages: number;
  /** How the `connection` field was read. */
  connectionField: 'port' | 'socket id' | 'absent';
  warnings: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates a HAR text (see importHar). */
export function importHarText(text: string): HarImport {
  return importHar(parseJson(text, 'HAR file'));
}

export function importHar(data: unknown): HarImport {
  if (!isObj(data)) throw new ImportError('A HAR file is a JSON object with a "log".');
  const log = data.log;
  if (!isObj(log)) throw new ImportError(Array.isArray(data) ? 'This is a JSON array (a CDP event log?), not a HAR file.' : 'This JSON has no "log" object, so it is not a HAR file.');
  if (!Array.isArray(log.entries)) throw new ImportError('The HAR has no "log.entries" array.');
  const entries = log.entries as unknown[];
  const pages = Array.isArray(log.pages) ? (log.pages as unknown[]) : [];
  entries.forEach((e, i) => validateEntry(e, i));
  const connectionField = connectionMeaning(entries as Obj[]);
  const creator = isObj(log.creator) ? `${String(log.creator.name ?? 'unknown')} ${String(log.creator.version ?? '')}`.trim() : 'unknown';
  const warnings: string[] = [];
  const events = new HarToCdp(connectionField, warnings).convert(entries as Obj[], pages.filter(isObj));
  return { events, creator, entries: entries.length, pages: pages.length, connectionField, warnings };
}

function validateEntry(e: unknown, i: number): void {
  const where = (field: string) => `entry ${i + 1} (${field})`;
  if (!isObj(e)) throw new ImportError('A HAR entry must be an object.', `entry ${i + 1}`);
  if (!isObj(e.request)) throw new ImportError('The entry has no "request".', where('request'));
  if (!isObj(e.response)) throw new ImportError('The entry has no "response".', where('response'));
  if (typeof e.request.url !== 'string' || e.request.url === '') throw new ImportError('The request has no URL.', where('request.url'));
  if (typeof e.startedDateTime !== 'string' || Number.isNaN(Date.parse(e.startedDateTime))) {
    throw new ImportError(`"startedDateTime" is not a date: ${JSON.stringify(e.startedDateTime)}.`, where('startedDateTime'));
  }
  if (e.time !== undefined && typeof e.time !== 'number') throw new ImportError('"time" must be a number of milliseconds.', where('time'));
}

/**
 * Chrome used to write the socket id in `connection`; since 2023 it writes the remote port there
 * and the id in `_connectionId`. Firefox writes the port. chrome-har writes the id.
 */
function connectionMeaning(entries: Obj[]): HarImport['connectionField'] {
  const withConnection = entries.filter((e) => typeof e.connection === 'string' && e.connection !== '');
  if (withConnection.length === 0) return 'absent';
  if (entries.some((e) => e._connectionId !== undefined)) return 'port';
  const isPort = withConnection.every((e) => String(e.connection) === portOf(String((e.request as Obj).url)));
  return isPort ? 'port' : 'socket id';
}

function portOf(url: string): string {
  try {
    const u = new URL(url);
    return u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80');
  } catch {
    return '';
  }
}

const RESOURCE_TYPES: Record<string, Protocol.Network.ResourceType> = {
  document: 'Document',
  stylesheet: 'Stylesheet',
  image: 'Image',
  media: 'Media',
  font: 'Font',
  script: 'Script',
  texttrack: 'TextTrack',
  xhr: 'XHR',
  fetch: 'Fetch',
  prefetch: 'Prefetch',
  eventsource: 'EventSource',
  websocket: 'WebSocket',
  manifest: 'Manifest',
  'signed-exchange': 'SignedExchange',
  ping: 'Ping',
  'csp-violation-report': 'CSPViolationReport',
  preflight: 'Preflight',
  other: 'Other',
};

function resourceType(e: Obj): Protocol.Network.ResourceType {
  const custom = typeof e._resourceType === 'string' ? RESOURCE_TYPES[e._resourceType.toLowerCase()] : undefined;
  if (custom) return custom;
  const mime = String((((e.response as Obj).content as Obj | undefined)?.mimeType as string | undefined) ?? '').toLowerCase();
  if (Array.isArray(e._webSocketMessages) || /^wss?:/.test(String((e.request as Obj).url))) return 'WebSocket';
  if (mime.startsWith('text/html')) return 'Document';
  if (mime.startsWith('text/css')) return 'Stylesheet';
  if (mime.includes('javascript') || mime.includes('ecmascript')) return 'Script';
  if (mime.startsWith('image/')) return 'Image';
  if (mime.startsWith('font/') || mime.includes('font')) return 'Font';
  if (mime.startsWith('audio/') || mime.startsWith('video/')) return 'Media';
  if (mime.startsWith('text/event-stream')) return 'EventSource';
  if (mime.includes('json')) return 'Fetch';
  return 'Other';
}

function headers(list: unknown): Protocol.Network.Headers {
  const out: Protocol.Network.Headers = {};
  if (!Array.isArray(list)) return out;
  for (const h of list) {
    if (!isObj(h) || typeof h.name !== 'string') continue;
    const value = String(h.value ?? '');
    // CDP joins repeated headers with a newline (Set-Cookie) — the recorder splits them back.
    out[h.name] = out[h.name] === undefined ? value : `${out[h.name]}\n${value}`;
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Netlens's exact times of an entry (wall-clock ms), when the file is one of its own. */
interface ExactTimes {
  issued: number;
  started?: number;
  response?: number;
  ended?: number;
  timing?: Protocol.Network.ResourceTiming;
}
function exactTimes(e: Obj): ExactTimes | undefined {
  const t = e._netlensTimes;
  return isObj(t) && typeof t.issued === 'number' ? (t as unknown as ExactTimes) : undefined;
}

/** When the entry's request was issued, in epoch seconds. */
function startedSeconds(e: Obj): number {
  return (exactTimes(e)?.issued ?? Date.parse(e.startedDateTime as string)) / 1000;
}
const phase = (v: unknown): number => (typeof v === 'number' && v >= 0 ? v : -1);

/** Protocol names for HAR's httpVersion ("http/2.0" is how Chrome writes h2). */
function protocolOf(version: unknown): string | undefined {
  const v = String(version ?? '').toLowerCase();
  if (!v) return undefined;
  if (v === 'http/2.0' || v === 'http/2' || v === 'h2') return 'h2';
  if (v === 'http/3' || v === 'http/3.0' || v === 'h3') return 'h3';
  if (v === 'http/1.0' || v === 'http/1.1') return v;
  return v;
}

class HarToCdp {
  private readonly out: { event: CdpEvent; at: number }[] = [];
  private lastAt = -Infinity;
  private counter = 0;

  constructor(
    private readonly connectionField: HarImport['connectionField'],
    private readonly warnings: string[],
  ) {}

  convert(entries: Obj[], pages: Obj[]): CdpEvent[] {
    // Netlens's own files list entries in the order the requests were made and carry exact times:
    // keep that order. Other files are sorted by start time, as DevTools' importer does.
    const own = entries.length > 0 && entries.every((e) => typeof e._netlensId === 'string');
    const sorted = entries.map((e, i) => ({ e, i, t: Date.parse(e.startedDateTime as string) }));
    if (!own) sorted.sort((a, b) => a.t - b.t || a.i - b.i);
    const chains = this.chains(sorted.map((s) => s.e));
    // Each hop in its own place in the order, under its chain's request id.
    const placeOf = new Map<Obj, { chain: Obj[]; n: number; requestId: string }>();
    for (const [first, chain] of chains) {
      const requestId = this.requestIdOf(first);
      chain.forEach((hop, n) => placeOf.set(hop, { chain, n, requestId }));
    }
    const documentOf = new Map<string, string>();
    for (const { e } of sorted) {
      const place = placeOf.get(e) ?? { chain: [e], n: 0, requestId: this.requestIdOf(e) };
      const { chain, n, requestId } = place;
      this.hop(e, requestId, n > 0 ? chain[n - 1] : undefined, n === chain.length - 1);
      const pageref = typeof e.pageref === 'string' ? e.pageref : undefined;
      if (pageref && !documentOf.has(pageref) && n === chain.length - 1 && resourceType(e) === 'Document') documentOf.set(pageref, requestId);
    }
    this.pages(pages, documentOf, sorted.map((s) => s.e));
    // In time order, as the protocol would have sent them (a stable sort keeps each request's
    // events in the order they were made when they share a time) — except for Netlens's own
    // files, whose entries are already in the order the protocol reported the requests.
    if (!own) this.out.sort((a, b) => a.at - b.at);
    return this.out.map((o) => o.event);
  }

  /**
   * Redirect chains: Netlens's own files link hops by id; for others, a 3xx entry is followed by
   * the entry that requests its Location soonest after it.
   */
  private chains(entries: Obj[]): Map<Obj, Obj[]> {
    const byNetlensId = new Map<string, Obj>();
    for (const e of entries) if (typeof e._netlensId === 'string') byNetlensId.set(e._netlensId, e);
    const next = new Map<Obj, Obj>();
    const taken = new Set<Obj>();
    for (const e of entries) {
      if (typeof e._netlensRedirectFrom === 'string') {
        const prev = byNetlensId.get(e._netlensRedirectFrom);
        if (prev) {
          next.set(prev, e);
          taken.add(e);
        }
      }
    }
    if (byNetlensId.size === 0) {
      const pending = new Map<string, Obj[]>();
      for (const e of entries) {
        const url = String((e.request as Obj).url);
        const waiting = pending.get(url);
        if (waiting?.length) {
          const prev = waiting.shift()!;
          next.set(prev, e);
          taken.add(e);
        }
        const res = e.response as Obj;
        const status = Number(res.status);
        const location = typeof res.redirectURL === 'string' && res.redirectURL ? res.redirectURL : undefined;
        if (status >= 300 && status < 400 && location) {
          let target = location;
          try {
            target = new URL(location, url).href;
          } catch {
            // keep as written
          }
          pending.set(target, [...(pending.get(target) ?? []), e]);
        }
      }
    }
    const chains = new Map<Obj, Obj[]>();
    for (const e of entries) {
      if (taken.has(e)) continue;
      const chain = [e];
      for (let n = next.get(e); n && chain.length < 50; n = next.get(n)) chain.push(n);
      chains.set(e, chain);
    }
    return chains;
  }

  private requestIdOf(e: Obj): string {
    const id = typeof e._netlensId === 'string' ? e._netlensId : typeof e._requestId === 'string' ? e._requestId : undefined;
    return id ?? `har-${++this.counter}`;
  }

  /** Adds an event; one without a timestamp of its own takes the time of the event before it. */
  private push(method: string, params: object): void {
    const t = (params as { timestamp?: unknown }).timestamp;
    const at = typeof t === 'number' ? t : this.lastAt;
    this.lastAt = at;
    this.out.push({ event: { method, params }, at });
  }

  private hop(e: Obj, requestId: string, previous: Obj | undefined, last: boolean): void {
    const req = e.request as Obj;
    const res = e.response as Obj;
    const started = startedSeconds(e);
    const type = resourceType(e);
    const url = String(req.url);
    if (type === 'WebSocket') return this.webSocket(e, requestId, started);
    const postData = isObj(req.postData) && typeof req.postData.text === 'string' ? req.postData.text : undefined;
    const request: Protocol.Network.Request = {
      url,
      method: String(req.method ?? 'GET'),
      headers: headers(req.headers),
      initialPriority: (typeof e._priority === 'string' ? e._priority : 'Medium') as Protocol.Network.ResourcePriority,
      referrerPolicy: 'strict-origin-when-cross-origin',
      ...(postData !== undefined ? { postData, hasPostData: true } : {}),
    };
    const rwbs: Protocol.Network.RequestWillBeSentEvent = {
      requestId,
      loaderId: requestId,
      documentURL: url,
      request,
      timestamp: started,
      wallTime: started,
      initiator: (isObj(e._initiator) ? e._initiator : { type: 'other' }) as unknown as Protocol.Network.Initiator,
      redirectHasExtraInfo: false,
      type,
    };
    if (previous) rwbs.redirectResponse = this.response(previous, startedSeconds(previous)).response;
    this.push('Network.requestWillBeSent', rwbs);
    if (!last) return; // the next hop's requestWillBeSent carries this hop's response

    const fromCache = e._fromCache;
    if (fromCache === 'memory') this.push('Network.requestServedFromCache', { requestId });
    const { response, endTime, failed } = this.response(e, started);
    const status = Number(res.status);
    if (failed && status === 0) {
      this.push('Network.loadingFailed', {
        requestId,
        timestamp: endTime,
        type,
        errorText: typeof res._error === 'string' && res._error ? res._error : 'net::ERR_FAILED',
        canceled: /ERR_ABORTED|canceled/i.test(String(res._error ?? '')),
      });
      return;
    }
    const exact = exactTimes(e);
    const responseAt = exact?.response !== undefined ? exact.response / 1000 : response.timing ? response.timing.requestTime + response.timing.receiveHeadersEnd / 1000 : started;
    this.push('Network.responseReceived', { requestId, loaderId: requestId, timestamp: responseAt, type, response, hasExtraInfo: false });
    const size = num((res.content as Obj | undefined)?.size);
    if (size && size > 0) this.push('Network.dataReceived', { requestId, timestamp: responseAt, dataLength: size, encodedDataLength: 0 });
    for (const m of Array.isArray(e._eventSourceMessages) ? (e._eventSourceMessages as Obj[]) : []) {
      this.push('Network.eventSourceMessageReceived', {
        requestId,
        timestamp: num(m.time) ?? responseAt,
        eventName: String(m.eventName ?? 'message'),
        eventId: String(m.eventId ?? ''),
        data: String(m.data ?? ''),
      });
    }
    const transfer = num(res._transferSize) ?? Math.max(0, (num(res.headersSize) ?? 0) + Math.max(0, num(res.bodySize) ?? 0));
    if (failed) {
      this.push('Network.loadingFailed', { requestId, timestamp: endTime, type, errorText: String(res._error), canceled: false });
    } else {
      this.push('Network.loadingFinished', { requestId, timestamp: endTime, encodedDataLength: fromCache ? 0 : transfer });
    }
  }

  /** A HAR entry's response as CDP's Response, with timing rebuilt as DevTools' importer does. */
  private response(e: Obj, started: number): { response: Protocol.Network.Response; endTime: number; failed: boolean } {
    const res = e.response as Obj;
    const t = (isObj(e.timings) ? e.timings : {}) as Obj;
    const connectionId = this.connectionId(e);
    const fromCache = e._fromCache === 'memory' || e._fromCache === 'disk';
    const queueing = num(t._blocked_queueing) ?? -1;
    const blocked = phase(t.blocked);
    const ssl = phase(t.ssl);
    const connect = phase(t.connect);
    // Offsets in ms from requestTime (the end of queueing), as CDP's ResourceTiming counts them.
    let at = blocked >= 0 ? blocked - (queueing > 0 ? queueing : 0) : 0;
    const mark = (d: number) => {
      if (d < 0) return -1;
      at += d;
      return at;
    };
    const dnsStart = phase(t.dns) >= 0 ? at : -1;
    const dnsEnd = mark(phase(t.dns));
    const connectStart = connect >= 0 ? at : -1;
    const connectEnd = connect >= 0 ? mark(connect) : -1;
    const sslStart = ssl >= 0 && connectEnd >= 0 ? connectEnd - ssl : -1;
    const sslEnd = ssl >= 0 && connectEnd >= 0 ? connectEnd : -1;
    const sendStart = at;
    const sendEnd = mark(Math.max(0, num(t.send) ?? 0));
    const receiveHeadersEnd = mark(Math.max(0, num(t.wait) ?? 0));
    const requestTime = started + (queueing > 0 ? queueing : 0) / 1000;
    const endTime = exactTimes(e)?.ended !== undefined ? exactTimes(e)!.ended! / 1000 : Math.max(started + (num(e.time) ?? 0) / 1000, requestTime + (receiveHeadersEnd + Math.max(0, num(t.receive) ?? 0)) / 1000);
    const exact = exactTimes(e);
    const hasTiming = exact ? exact.timing !== undefined : !fromCache && (blocked >= 0 || connect >= 0 || (num(t.wait) ?? 0) > 0 || (num(t.send) ?? 0) > 0);
    const timing: Protocol.Network.ResourceTiming = exact?.timing ?? {
      requestTime,
      proxyStart: -1,
      proxyEnd: -1,
      dnsStart,
      dnsEnd,
      connectStart,
      connectEnd,
      sslStart,
      sslEnd,
      workerStart: -1,
      workerReady: -1,
      workerFetchStart: -1,
      workerRespondWithSettled: -1,
      sendStart,
      sendEnd,
      pushStart: 0,
      pushEnd: 0,
      receiveHeadersStart: -1,
      receiveHeadersEnd,
    };
    const content = (isObj(res.content) ? res.content : {}) as Obj;
    const ip = typeof e.serverIPAddress === 'string' && e.serverIPAddress ? e.serverIPAddress : undefined;
    const port = this.connectionField === 'port' && typeof e.connection === 'string' ? Number(e.connection) : Number(portOf(String((e.request as Obj).url))) || undefined;
    const response: Protocol.Network.Response = {
      url: String((e.request as Obj).url),
      status: Number(res.status) || 0,
      statusText: String(res.statusText ?? ''),
      headers: headers(res.headers),
      mimeType: String(content.mimeType ?? '').split(';')[0]!.trim() || 'x-unknown',
      charset: '',
      // A socket that needed no connect time was already open (HAR has no reused flag).
      connectionReused: connectionId > 0 && connect < 0,
      connectionId,
      encodedDataLength: Math.max(0, num(res.headersSize) ?? 0),
      securityState: 'unknown',
      ...(ip ? { remoteIPAddress: ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip } : {}),
      ...(ip && port ? { remotePort: port } : {}),
      ...(e._fromCache === 'disk' ? { fromDiskCache: true } : {}),
      ...(res._fetchedViaServiceWorker ? { fromServiceWorker: true } : {}),
      ...(typeof res._serviceWorkerResponseSource === 'string' ? { serviceWorkerResponseSource: res._serviceWorkerResponseSource as Protocol.Network.ServiceWorkerResponseSource } : {}),
      ...(typeof res._responseCacheStorageCacheName === 'string' ? { cacheStorageCacheName: res._responseCacheStorageCacheName } : {}),
      ...(hasTiming ? { timing } : {}),
    };
    const protocol = protocolOf(res.httpVersion);
    if (protocol) response.protocol = protocol;
    const failed = typeof res._error === 'string' && res._error !== '';
    return { response, endTime, failed };
  }

  private connectionId(e: Obj): number {
    if (e._connectionId !== undefined) return Number(e._connectionId) || 0;
    if (this.connectionField === 'socket id' && typeof e.connection === 'string') return Number(e.connection) || 0;
    return 0;
  }

  private webSocket(e: Obj, requestId: string, started: number): void {
    const req = e.request as Obj;
    const res = e.response as Obj;
    const url = String(req.url);
    const exact = exactTimes(e);
    const status = Number(res.status) || 101;
    const version = String(res.httpVersion || 'HTTP/1.1').toUpperCase();
    this.push('Network.webSocketCreated', { requestId, url, initiator: isObj(e._initiator) ? e._initiator : { type: 'other' } });
    this.push('Network.webSocketWillSendHandshakeRequest', { requestId, timestamp: started, wallTime: started, request: { headers: headers(req.headers) } });
    const responseHeaders = headers(res.headers);
    this.push('Network.webSocketHandshakeResponseReceived', {
      requestId,
      timestamp: exact?.response !== undefined ? exact.response / 1000 : started + Math.max(0, num(e.time) ?? 0) / 1000,
      response: {
        status,
        statusText: String(res.statusText ?? ''),
        headers: responseHeaders,
        // The status line says which HTTP carried the handshake.
        headersText: `${version} ${status} ${String(res.statusText ?? '')}\r\n${Object.entries(responseHeaders).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`,
      },
    });
    for (const m of Array.isArray(e._webSocketMessages) ? (e._webSocketMessages as Obj[]) : []) {
      const opcode = num(m.opcode) ?? 1;
      this.push(m.type === 'send' ? 'Network.webSocketFrameSent' : 'Network.webSocketFrameReceived', {
        requestId,
        timestamp: num(m.time) ?? started,
        response: { opcode, mask: m.type === 'send', payloadData: String(m.data ?? '') },
      });
    }
    // A HAR does not say when a WebSocket closed; Netlens's own files do.
    if (exact?.ended !== undefined) this.push('Network.webSocketClosed', { requestId, timestamp: exact.ended / 1000 });
  }

  /** Pages as main-frame navigations with their DOMContentLoaded and load times. */
  private pages(pages: Obj[], documentOf: Map<string, string>, entries: Obj[]): void {
    for (const p of pages) {
      const id = String(p.id ?? '');
      const start = Date.parse(String(p.startedDateTime)) / 1000;
      if (Number.isNaN(start)) {
        this.warnings.push(`page ${id} has no valid startedDateTime and was left out`);
        continue;
      }
      const loaderId = documentOf.get(id) ?? `har-page-${id}`;
      const doc = entries.find((e) => e.pageref === id && resourceType(e) === 'Document');
      const url = doc ? String((doc.request as Obj).url) : String(p.title ?? '');
      this.push('Page.frameNavigated', { frame: { id: 'har-main-frame', loaderId, url, domainAndRegistry: '', securityOrigin: '', mimeType: 'text/html', secureContextType: 'Secure', crossOriginIsolatedContextType: 'NotIsolated', gatedAPIFeatures: [] }, type: 'Navigation', timestamp: start });
      const timings = (isObj(p.pageTimings) ? p.pageTimings : {}) as Obj;
      const dcl = num(timings.onContentLoad);
      const load = num(timings.onLoad);
      if (dcl !== undefined && dcl >= 0) this.push('Page.domContentEventFired', { timestamp: start + dcl / 1000 });
      if (load !== undefined && load >= 0) this.push('Page.loadEventFired', { timestamp: start + load / 1000 });
    }
  }
}
