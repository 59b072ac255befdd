// HAR import: a HAR (from Chrome — old style with the socket id in `connection`, new style with
// the port there and the id in `_connectionId` —, Firefox, chrome-har, or Netlens) becomes the CDP
// events that would have produced it, so an imported file is a session like any other and the
// same recorder and analyses run on it. What a HAR cannot carry (raw headers as sent, priorities
// it did not record, frames' close) is left unknown, not invented.
import type { CdpEvent, Protocol } from '../cdp.ts';
import { ImportError, parseJson } from './errors.ts';
import { normaliseProtocol } from '../protocol-name.ts';
import { BODY_EVENT, bodyByteLength, isBodyReason } from '../bodies.ts';

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
  const creator = isObj(log.creator) ? `${text(log.creator.name, 'unknown').slice(0, 100)} ${text(log.creator.version).slice(0, 40)}`.trim() : 'unknown';
  const problems = new Problems();
  const events = new HarToCdp(connectionField, problems).convert(entries as Obj[], pages.filter(isObj));
  return { events, creator, entries: entries.length, pages: pages.length, connectionField, warnings: problems.sentences() };
}

function validateEntry(e: unknown, i: number): void {
  const where = (field: string) => `entry ${i + 1} (${field})`;
  if (!isObj(e)) throw new ImportError('A HAR entry must be an object.', `entry ${i + 1}`);
  if (!isObj(e.request)) throw new ImportError('The entry has no "request".', where('request'));
  if (!isObj(e.response)) throw new ImportError('The entry has no "response".', where('response'));
  if (typeof e.request.url !== 'string' || e.request.url === '') throw new ImportError('The request has no URL.', where('request.url'));
  if (!ABSOLUTE_URL.test(e.request.url)) throw new ImportError(`The request URL is not an absolute URL: ${preview(e.request.url)}.`, where('request.url'));
  if (e.startedDateTime === undefined) throw new ImportError('The entry has no "startedDateTime".', where('startedDateTime'));
  const started = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  if (Number.isNaN(started)) {
    throw new ImportError(`"startedDateTime" is not a date: ${preview(e.startedDateTime)}.`, where('startedDateTime'));
  }
  if (started < 0 || started > MAX_DATE) throw new ImportError(`"startedDateTime" is outside the years 1970 to 9999: ${preview(e.startedDateTime)}.`, where('startedDateTime'));
}

/**
 * Chrome used to write the socket id in `connection`; since 2023 it writes the remote port there
 * and the id in `_connectionId`. Firefox writes the port. chrome-har writes the id.
 */
function connectionMeaning(entries: Obj[]): HarImport['connectionField'] {
  const withConnection = entries.filter((e) => typeof e.connection === 'string' && e.connection !== '');
  if (withConnection.length === 0) return 'absent';
  if (entries.some((e) => e._connectionId !== undefined)) return 'port';
  const isPort = withConnection.every((e) => e.connection === portOf((e.request as Obj).url as string));
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
  const content = (e.response as Obj).content;
  const mime = text(isObj(content) ? content.mimeType : undefined).toLowerCase();
  if (Array.isArray(e._webSocketMessages) || /^wss?:/.test((e.request as Obj).url as string)) return 'WebSocket';
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

/**
 * HAR headers (a list of {name, value}; some tools write an object of name → value instead) as
 * CDP's Headers object. A value that is a number is read as text, a list of texts as repeated
 * fields; a header whose name or value cannot be read is left out and counted.
 */
function headers(list: unknown, problems?: Problems, where?: string): Protocol.Network.Headers {
  const out = Object.create(null) as Protocol.Network.Headers;
  let dropped = 0;
  const add = (name: unknown, raw: unknown) => {
    const value = headerText(raw);
    if ((typeof name !== 'string' && typeof name !== 'number') || value === undefined) {
      dropped++;
      return;
    }
    const key = String(name);
    // CDP joins repeated headers with a newline (Set-Cookie) — the recorder splits them back.
    out[key] = out[key] === undefined ? value : `${out[key]}\n${value}`;
  };
  if (Array.isArray(list)) {
    for (const h of list) {
      if (isObj(h)) add(h.name, h.value ?? '');
      else if (Array.isArray(h) && h.length === 2) add(h[0], h[1]);
      else dropped++;
    }
  } else if (isObj(list)) {
    problems?.note('headers written as an object of name → value (read as such)', where);
    for (const k of Object.keys(list)) add(k, list[k]);
  } else if (list !== undefined) problems?.note('headers that are neither a list nor an object (left out)', where);
  if (dropped) problems?.note('headers whose name or value is not text (left out)', where);
  return out;
}

function headerText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v.join('\n');
  return undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** A duration or size: a finite number ≥ 0 (a numeric text is read as one), else undefined. */
const amount = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' && v.length < 40 ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n < 1e15 ? n : undefined;
};
/** Text, or a number or boolean written for one; anything else is the fallback (never "[object Object]"). */
const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' ? String(v) : fallback);

/** A scheme, then no control character or line break (a space is kept: some tools write URLs unencoded). */
const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u001f\u007f]+$/;

/** A value for a sentence: short, and never "[object Object]". */
function preview(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

/** An HTTP status: a whole number from 0 to 999 (a numeric text is read as one), else 0. */
function statusOf(v: unknown): number {
  const n = amount(v);
  return n !== undefined && Number.isInteger(n) && n <= 999 ? n : 0;
}

/** The latest date a HAR can hold (9999-12-31), in epoch ms. */
const MAX_DATE = 253_402_300_799_999;

/** Problems found while reading entries, by kind, with the first place each was seen. */
class Problems {
  private readonly kinds = new Map<string, { count: number; first?: string }>();
  note(kind: string, where?: string): void {
    const k = this.kinds.get(kind);
    if (k) k.count++;
    else this.kinds.set(kind, { count: 1, ...(where ? { first: where } : {}) });
  }
  sentences(): string[] {
    return [...this.kinds].map(([kind, { count, first }]) => `${count.toLocaleString('en-US')} × ${kind}${first ? `, first at ${first}` : ''}.`);
  }
}

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
  if (!isObj(t)) return undefined;
  const ms = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_DATE ? v : undefined);
  const issued = ms(t.issued);
  if (issued === undefined) return undefined;
  const out: ExactTimes = { issued };
  // Each later time must be a time at or after the issue; anything else is left unknown.
  for (const k of ['started', 'response', 'ended'] as const) {
    const v = ms(t[k]);
    if (v !== undefined && v >= issued) out[k] = v;
  }
  if (isObj(t.timing) && ms(t.timing.requestTime) !== undefined) out.timing = t.timing as unknown as Protocol.Network.ResourceTiming;
  return out;
}

/** When the entry's request was issued, in epoch seconds. */
function startedSeconds(e: Obj): number {
  return (exactTimes(e)?.issued ?? Date.parse(e.startedDateTime as string)) / 1000;
}
const phase = (v: unknown): number => amount(v) ?? -1;

/**
 * The protocol of an entry: HAR's httpVersion ("http/2.0" is how Chrome writes h2, "1.1" how
 * WebPageTest writes HTTP/1.1), or WebPageTest's `_protocol` ("HTTP/2", "QUIC") when the version
 * is missing, in the recorder's names.
 */
function protocolOf(e: Obj): string | undefined {
  return normaliseProtocol((e.response as Obj).httpVersion) ?? normaliseProtocol((e.request as Obj).httpVersion) ?? normaliseProtocol(e._protocol);
}

class HarToCdp {
  private readonly out: { event: CdpEvent; at: number }[] = [];
  private lastAt = -Infinity;
  private counter = 0;

  constructor(
    private readonly connectionField: HarImport['connectionField'],
    private readonly problems: Problems,
  ) {}

  convert(entries: Obj[], pages: Obj[]): CdpEvent[] {
    entries.forEach((e, i) => this.numbers.set(e, i + 1));
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
      this.hop(e, requestId, n > 0 ? chain[n - 1] : undefined, n === chain.length - 1, n);
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
        const url = (e.request as Obj).url as string;
        const waiting = pending.get(url);
        if (waiting?.length) {
          const prev = waiting.shift()!;
          next.set(prev, e);
          taken.add(e);
        }
        const res = e.response as Obj;
        const status = statusOf(res.status);
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

  private readonly usedIds = new Set<string>();
  private readonly numbers = new Map<Obj, number>();

  /** An entry's place in the file (1-based), for the sentences that say where. */
  private entryNumber(e: Obj): number {
    return this.numbers.get(e) ?? 0;
  }

  /** The request id of a chain: the file's own when it has one nobody else took, else a new one. */
  private requestIdOf(e: Obj): string {
    const id = typeof e._netlensId === 'string' && e._netlensId ? e._netlensId : typeof e._requestId === 'string' && e._requestId ? e._requestId : undefined;
    if (id !== undefined && !this.usedIds.has(id) && !id.startsWith('har-')) {
      this.usedIds.add(id);
      return id;
    }
    if (id !== undefined) this.problems.note('entries whose request id another entry already has (given a new one)', `entry ${this.entryNumber(e)}`);
    let fresh: string;
    do fresh = `har-${++this.counter}`;
    while (this.usedIds.has(fresh));
    this.usedIds.add(fresh);
    return fresh;
  }

  private method(v: unknown, where: string): string {
    if (typeof v === 'string' && /^[A-Za-z!#$%&'*+.^_`|~0-9-]{1,40}$/.test(v)) return v;
    this.problems.note('request methods that are not a method name (read as GET)', `${where} (request.method)`);
    return 'GET';
  }

  /** Adds an event; one without a timestamp of its own takes the time of the event before it. */
  private push(method: string, params: object): void {
    const t = (params as { timestamp?: unknown }).timestamp;
    const at = typeof t === 'number' ? t : this.lastAt;
    this.lastAt = at;
    this.out.push({ event: { method, params }, at });
  }

  private hop(e: Obj, requestId: string, previous: Obj | undefined, last: boolean, n = 0): void {
    const req = e.request as Obj;
    const res = e.response as Obj;
    const started = startedSeconds(e);
    const type = resourceType(e);
    const url = req.url as string;
    const where = `entry ${this.entryNumber(e)}`;
    if (type === 'WebSocket') return this.webSocket(e, requestId, started);
    const postData = isObj(req.postData) && typeof req.postData.text === 'string' ? req.postData.text : undefined;
    const request: Protocol.Network.Request = {
      url,
      method: this.method(req.method, where),
      headers: headers(req.headers, this.problems, `${where} (request.headers)`),
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
    // A request Netlens saw throttled keeps the emulation rule that applied to it (the protocol
    // says it on requestWillBeSentExtraInfo only; the headers are the ones the entry lists).
    const conditions = e._netlensNetworkConditionsId;
    if (typeof conditions === 'string' && conditions) {
      this.push('Network.requestWillBeSentExtraInfo', { requestId, associatedCookies: [], headers: request.headers, appliedNetworkConditionsId: conditions });
    }
    if (!last) return; // the next hop's requestWillBeSent carries this hop's response

    const fromCache = e._fromCache;
    if (fromCache === 'memory') this.push('Network.requestServedFromCache', { requestId });
    const { response, endTime, failed } = this.response(e, started);
    const status = statusOf(res.status);
    if (failed && status === 0) {
      this.push('Network.loadingFailed', {
        requestId,
        timestamp: endTime,
        type,
        errorText: typeof res._error === 'string' && res._error ? res._error : 'net::ERR_FAILED',
        canceled: /ERR_ABORTED|canceled/i.test(text(res._error)),
        ...corsErrorOf(e),
      });
      return;
    }
    const exact = exactTimes(e);
    const responseAt = exact?.response !== undefined ? exact.response / 1000 : response.timing ? response.timing.requestTime + response.timing.receiveHeadersEnd / 1000 : started;
    // A HAR has no raw headers, so no ExtraInfo; except for a throttled request, whose rule only
    // ExtraInfo carries: then both ExtraInfo events are given, with the headers the entry lists.
    const throttled = typeof conditions === 'string' && conditions !== '';
    this.push('Network.responseReceived', { requestId, loaderId: requestId, timestamp: responseAt, type, response, hasExtraInfo: throttled });
    if (throttled) this.push('Network.responseReceivedExtraInfo', { requestId, blockedCookies: [], headers: response.headers, statusCode: response.status });
    const size = amount((res.content as Obj | undefined)?.size);
    if (size && size > 0) this.push('Network.dataReceived', { requestId, timestamp: responseAt, dataLength: size, encodedDataLength: 0 });
    const sseMessages = Array.isArray(e._eventSourceMessages) ? (e._eventSourceMessages as Obj[]) : [];
    // A text/event-stream read by fetch or XHR (issue 17): its messages come back as the stream
    // they were read from (the capture's pseudo-event, then one chunk per message at its time),
    // so the fold parses them as it parsed the recording; an EventSource's as the browser's events.
    if (type !== 'EventSource' && sseMessages.length > 0 && /^text\/event-stream/i.test(response.mimeType)) {
      this.push('Netlens.streamResourceContent', { requestId, bufferedData: '' });
      // Messages with the same time go in one chunk (two equal chunks at one time would read as a repeat).
      for (let i = 0; i < sseMessages.length; ) {
        const at = num(sseMessages[i]!.time) ?? responseAt;
        let text = '';
        for (; i < sseMessages.length && (num(sseMessages[i]!.time) ?? responseAt) === at; i++) text += sseText(sseMessages[i]!);
        this.push('Network.dataReceived', { requestId, timestamp: at, dataLength: 0, encodedDataLength: 0, data: utf8Base64(text) });
      }
    }
    for (const m of type === 'EventSource' || !/^text\/event-stream/i.test(response.mimeType) ? sseMessages : []) {
      this.push('Network.eventSourceMessageReceived', {
        requestId,
        timestamp: num(m.time) ?? responseAt,
        eventName: text(m.eventName, 'message'),
        eventId: text(m.eventId),
        data: text(m.data),
      });
    }
    const transfer = amount(res._transferSize) ?? Math.max(0, (amount(res.headersSize) ?? 0) + Math.max(0, amount(res.bodySize) ?? 0));
    if (failed) {
      this.push('Network.loadingFailed', { requestId, timestamp: endTime, type, errorText: text(res._error, 'net::ERR_FAILED'), canceled: false, ...corsErrorOf(e) });
    } else {
      this.push('Network.loadingFinished', { requestId, timestamp: endTime, encodedDataLength: fromCache ? 0 : transfer });
    }
    this.body(res.content, requestId, n);
  }

  /** The body a HAR entry carries (content.text), or Netlens's reason it has none, as a body item. */
  private body(content: unknown, requestId: string, hop: number): void {
    if (!isObj(content)) return;
    if (typeof content.text === 'string') {
      const base64Encoded = content.encoding === 'base64';
      const kept = bodyByteLength(content.text, base64Encoded);
      // Netlens's own export of a body kept only in part: the full size and the limit come back with it.
      const t = content._netlensTruncated;
      const cut = isObj(t) && typeof t.kept === 'number' && t.kept === kept && typeof t.size === 'number' && t.size > kept && (t.limit === 'body' || t.limit === 'session') ? { size: t.size, truncated: { kept, limit: t.limit } } : undefined;
      this.push(BODY_EVENT, { requestId, hop, body: content.text, base64Encoded, size: cut?.size ?? kept, ...(cut ? { truncated: cut.truncated } : {}) });
    } else if (isObj(content._netlensBodyReason) && isBodyReason(content._netlensBodyReason.reason)) {
      const r = content._netlensBodyReason;
      this.push(BODY_EVENT, { requestId, hop, reason: r.reason, ...(typeof r.detail === 'string' ? { detail: r.detail.slice(0, 500) } : {}) });
    }
  }

  /** A HAR entry's response as CDP's Response, with timing rebuilt as DevTools' importer does. */
  private response(e: Obj, started: number): { response: Protocol.Network.Response; endTime: number; failed: boolean } {
    const res = e.response as Obj;
    const t = (isObj(e.timings) ? e.timings : {}) as Obj;
    const connectionId = this.connectionId(e);
    const fromCache = e._fromCache === 'memory' || e._fromCache === 'disk';
    const queueing = amount(t._blocked_queueing) ?? -1;
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
    const sendEnd = mark(Math.max(0, amount(t.send) ?? 0));
    const receiveHeadersEnd = mark(Math.max(0, amount(t.wait) ?? 0));
    const requestTime = started + (queueing > 0 ? queueing : 0) / 1000;
    const endTime = exactTimes(e)?.ended !== undefined ? exactTimes(e)!.ended! / 1000 : Math.max(started + (amount(e.time) ?? 0) / 1000, requestTime + (receiveHeadersEnd + Math.max(0, amount(t.receive) ?? 0)) / 1000);
    const exact = exactTimes(e);
    const hasTiming = exact ? exact.timing !== undefined : !fromCache && (blocked >= 0 || connect >= 0 || (amount(t.wait) ?? 0) > 0 || (amount(t.send) ?? 0) > 0);
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
    // HAR's serverIPAddress; WebPageTest also writes `_ip_addr`.
    const ip = [e.serverIPAddress, e._ip_addr].find((v) => typeof v === 'string' && v !== '' && v.length <= 47) as string | undefined;
    const written = this.connectionField === 'port' && typeof e.connection === 'string' ? amount(e.connection) : undefined;
    const port = written !== undefined && Number.isInteger(written) && written <= 65535 ? written : Number(portOf((e.request as Obj).url as string)) || undefined;
    const response: Protocol.Network.Response = {
      url: (e.request as Obj).url as string,
      status: statusOf(res.status),
      statusText: text(res.statusText),
      headers: headers(res.headers, this.problems, `entry ${this.entryNumber(e)} (response.headers)`),
      mimeType: text(content.mimeType).split(';')[0]!.trim() || 'x-unknown',
      charset: '',
      // A socket that needed no connect time was already open (HAR has no reused flag).
      connectionReused: connectionId > 0 && connect < 0,
      connectionId,
      encodedDataLength: Math.max(0, amount(res.headersSize) ?? 0),
      securityState: 'unknown',
      ...(ip ? { remoteIPAddress: ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip } : {}),
      ...(ip && port ? { remotePort: port } : {}),
      ...(e._fromCache === 'disk' ? { fromDiskCache: true } : {}),
      ...(res._fetchedViaServiceWorker ? { fromServiceWorker: true } : {}),
      ...(typeof res._serviceWorkerResponseSource === 'string' ? { serviceWorkerResponseSource: res._serviceWorkerResponseSource as Protocol.Network.ServiceWorkerResponseSource } : {}),
      ...(typeof res._responseCacheStorageCacheName === 'string' ? { cacheStorageCacheName: res._responseCacheStorageCacheName } : {}),
      ...(hasTiming ? { timing } : {}),
    };
    const protocol = protocolOf(e);
    if (protocol) response.protocol = protocol;
    const failed = typeof res._error === 'string' && res._error !== '';
    return { response, endTime, failed };
  }

  private connectionId(e: Obj): number {
    // Chrome's `_connectionId`, WebPageTest's `_socket`, or Chrome's old socket id in `connection`.
    const written = e._connectionId ?? e._socket ?? (this.connectionField === 'socket id' ? e.connection : undefined);
    if (written === undefined || written === '') return 0;
    const id = amount(written);
    if (id === undefined || !Number.isInteger(id)) {
      this.problems.note('connection ids that are not whole numbers (left unknown)', `entry ${this.entryNumber(e)}`);
      return 0;
    }
    return id;
  }

  private webSocket(e: Obj, requestId: string, started: number): void {
    const req = e.request as Obj;
    const res = e.response as Obj;
    const url = req.url as string;
    const exact = exactTimes(e);
    const status = statusOf(res.status) || 101;
    const version = protocolOf(e) === 'h2' ? 'HTTP/2' : 'HTTP/1.1';
    this.push('Network.webSocketCreated', { requestId, url, initiator: isObj(e._initiator) ? e._initiator : { type: 'other' } });
    this.push('Network.webSocketWillSendHandshakeRequest', { requestId, timestamp: started, wallTime: started, request: { headers: headers(req.headers, this.problems, `entry ${this.entryNumber(e)} (request.headers)`) } });
    const responseHeaders = headers(res.headers, this.problems, `entry ${this.entryNumber(e)} (response.headers)`);
    this.push('Network.webSocketHandshakeResponseReceived', {
      requestId,
      timestamp: exact?.response !== undefined ? exact.response / 1000 : started + Math.max(0, amount(e.time) ?? 0) / 1000,
      response: {
        status,
        statusText: text(res.statusText),
        headers: responseHeaders,
        // The status line says which HTTP carried the handshake.
        headersText: `${version} ${status} ${text(res.statusText).replace(/[\r\n]/g, ' ')}\r\n${Object.entries(responseHeaders).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`,
      },
    });
    for (const m of Array.isArray(e._webSocketMessages) ? (e._webSocketMessages as Obj[]) : []) {
      // Chrome writes a frame error as a message of type "error" (opcode -1, the error as data).
      if (m.type === 'error') {
        this.push('Network.webSocketFrameError', { requestId, timestamp: num(m.time) ?? started, errorMessage: text(m.data) });
        continue;
      }
      const opcode = num(m.opcode) ?? 1;
      this.push(m.type === 'send' ? 'Network.webSocketFrameSent' : 'Network.webSocketFrameReceived', {
        requestId,
        timestamp: num(m.time) ?? started,
        response: { opcode, mask: m.type === 'send', payloadData: text(m.data) },
      });
    }
    // A HAR does not say when a WebSocket closed; Netlens's own files do.
    if (exact?.ended !== undefined) this.push('Network.webSocketClosed', { requestId, timestamp: exact.ended / 1000 });
  }

  /** Pages as main-frame navigations with their DOMContentLoaded and load times. */
  private pages(pages: Obj[], documentOf: Map<string, string>, entries: Obj[]): void {
    for (const p of pages) {
      const id = text(p.id);
      const startMs = typeof p.startedDateTime === 'string' ? Date.parse(p.startedDateTime) : NaN;
      const start = startMs / 1000;
      if (Number.isNaN(startMs) || startMs < 0 || startMs > MAX_DATE) {
        this.problems.note('pages with no valid startedDateTime (left out)', `page ${preview(id)}`);
        continue;
      }
      const loaderId = documentOf.get(id) ?? `har-page-${id}`;
      const doc = entries.find((e) => e.pageref === id && resourceType(e) === 'Document');
      const url = doc ? ((doc.request as Obj).url as string) : text(p.title);
      this.push('Page.frameNavigated', { frame: { id: 'har-main-frame', loaderId, url, domainAndRegistry: '', securityOrigin: '', mimeType: 'text/html', secureContextType: 'Secure', crossOriginIsolatedContextType: 'NotIsolated', gatedAPIFeatures: [] }, type: 'Navigation', timestamp: start });
      const timings = (isObj(p.pageTimings) ? p.pageTimings : {}) as Obj;
      const dcl = amount(timings.onContentLoad);
      const load = amount(timings.onLoad);
      if (dcl !== undefined && dcl >= 0) this.push('Page.domContentEventFired', { timestamp: start + dcl / 1000 });
      if (load !== undefined && load >= 0) this.push('Page.loadEventFired', { timestamp: start + load / 1000 });
    }
  }
}

/**
 * The CORS error Netlens wrote under `_netlensCors.failure` (a HAR has no field for the protocol's
 * corsErrorStatus), as the loadingFailed field; nothing when absent or not a CorsError's shape.
 */
function corsErrorOf(e: Obj): { corsErrorStatus?: Protocol.Network.CorsErrorStatus } {
  const cors = e._netlensCors;
  const failure = isObj(cors) ? cors.failure : undefined;
  if (!isObj(failure) || typeof failure.error !== 'string' || !/^[A-Za-z]{1,64}$/.test(failure.error)) return {};
  const parameter = typeof failure.parameter === 'string' ? failure.parameter.slice(0, 2048) : '';
  return { corsErrorStatus: { corsError: failure.error as Protocol.Network.CorsError, failedParameter: parameter } };
}

/** One SSE message written back as the event-stream text it was parsed from. */
function sseText(m: Obj): string {
  let out = '';
  const name = text(m.eventName);
  if (name !== '' && name !== 'message') out += `event: ${name.replace(/[\r\n]/g, ' ')}\n`;
  const id = text(m.eventId);
  if (id !== '') out += `id: ${id.replace(/[\r\n]/g, ' ')}\n`;
  for (const line of text(m.data).split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

function utf8Base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin);
}
