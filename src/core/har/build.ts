// The HAR builder: records in, plain HAR objects out, one entry per request hop (a redirect chain
// is one entry per hop, as in Chrome's own export), with Chrome's custom fields so DevTools can
// import the file, and Netlens's verdicts under `_netlens…`. The creator and any bodies or
// verdicts are passed in; nothing is read from globals.
import type { BodyStream, Header, NetworkRequest, PageRecord, SseChannel, WsChannel } from '../records.ts';
import type { HarCookie, HarCreator, HarEntry, HarNameValue, HarPage, HarPostData, HarTimings, HarWebSocketMessage, Har } from './types.ts';
import { pairOfPreflight, pairPreflights, preflightsOf, type CorsPairing } from '../analysis/cors/pairing.ts';
import type { StreamBodyMark } from '../stream-body.ts';
import { withStreamBodies } from './stream-body.ts';

/**
 * A body as HAR writes it: `truncated` when only its first bytes were kept (`size` then the whole
 * body's), `stream` when it was rebuilt from an event stream's messages (src/core/har/stream-body.ts).
 */
export interface HarBodyText {
  text: string;
  base64Encoded: boolean;
  size?: number;
  truncated?: { kept: number; size: number; limit: 'body' | 'session'; text: string };
  stream?: StreamBodyMark;
}

/** What the builder reads: a NetworkRecorder fits. */
export interface HarSource {
  requests(): readonly NetworkRequest[];
  pages(): readonly PageRecord[];
  webSockets(): readonly WsChannel[];
  eventSources(): readonly SseChannel[];
  /** Streamed bodies (a recorder has them; issue 17): a fetch-read event stream's messages go in `_eventSourceMessages`. */
  bodyStreams?(): readonly BodyStream[];
}

export interface HarBuildContext {
  creator: HarCreator;
  browser?: HarCreator;
  /**
   * The response body of a request, when the session stored it (`size`: its decoded bytes), or
   * the reason it has none (written as `content._netlensBodyReason`; see src/core/bodies.ts).
   */
  body?(r: NetworkRequest): HarBodyText | { reason: string; detail?: string; words: string; text?: undefined } | undefined;
  /** Netlens's verdicts for a request (from the analyses), as `_netlens…` fields. */
  verdicts?(r: NetworkRequest): Record<string, unknown> | undefined;
  /** The session's CORS pairing (pairPreflights of `requests()`) when the caller made it already. */
  pairing?: CorsPairing;
  /** A comment for the log (e.g. what redaction removed). */
  comment?: string;
  /** What the recording was made under (an experiment's set-up), as `log._netlensConditions`. */
  conditions?: Record<string, unknown>;
}

/** DevTools' names for the protocol's resource types, as its HAR writes `_resourceType`. */
const RESOURCE_TYPE_NAMES: Record<string, string> = {
  Document: 'document',
  Stylesheet: 'stylesheet',
  Image: 'image',
  Media: 'media',
  Font: 'font',
  Script: 'script',
  TextTrack: 'texttrack',
  XHR: 'xhr',
  Fetch: 'fetch',
  Prefetch: 'prefetch',
  EventSource: 'eventsource',
  WebSocket: 'websocket',
  Manifest: 'manifest',
  SignedExchange: 'signed-exchange',
  Ping: 'ping',
  CSPViolationReport: 'csp-violation-report',
  Preflight: 'preflight',
  FedCM: 'fedcm',
  Other: 'other',
};

export function harResourceType(type: string | undefined): string {
  return type === undefined ? 'other' : RESOURCE_TYPE_NAMES[type] ?? type.toLowerCase();
}

/** HAR's httpVersion for the protocol Chrome reported (DevTools writes h2 as http/2.0). */
export function harHttpVersion(protocol: string | undefined): string {
  if (protocol === undefined || protocol === '') return '';
  if (protocol === 'h2') return 'http/2.0';
  if (protocol === 'h3' || protocol.startsWith('h3-')) return 'h3';
  return protocol;
}

/** HAR dates run from 1970 to 9999; a time outside (or not a number) is written at the nearest end. */
const MAX_DATE = 253_402_300_799_999;
export function harDate(ms: number | undefined): string {
  const t = typeof ms === 'number' && Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_DATE) : 0;
  return new Date(t).toISOString();
}

/** A HAR duration: -1 stays "did not happen"; anything else is a finite number ≥ 0. */
function duration(v: number): number {
  if (v === -1) return -1;
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/** HAR's serverIPAddress is an IPv4 or IPv6 address; anything else is not written. */
const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)$/;
const isIpAddress = (s: string) => s.length <= 45 && IP_ADDRESS.test(s);

/** UTF-8 length of a string, as TextEncoder would encode it (a lone surrogate as U+FFFD, 3 bytes), without encoding it. */
export function byteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 4 bytes for its two code units.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

function toHarHeaders(headers: readonly Header[]): HarNameValue[] {
  return headers.map((h) => ({ name: h.name, value: h.value }));
}

function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/** The Cookie request header as HAR cookies. */
export function requestCookies(headers: readonly Header[]): HarCookie[] {
  const out: HarCookie[] = [];
  for (const h of headers) {
    // Lower-casing keeps the length of any name that could become "cookie": no copy of every other name.
    if (h.name.length !== 6 || h.name.toLowerCase() !== 'cookie') continue;
    for (const part of h.value.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      out.push({ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
    }
  }
  return out;
}

/** Set-Cookie response headers (one per header, or newline-joined as CDP reports them) as HAR cookies. */
export function responseCookies(headers: readonly Header[]): HarCookie[] {
  const out: HarCookie[] = [];
  for (const h of headers) {
    if (h.name.length !== 10 || h.name.toLowerCase() !== 'set-cookie') continue;
    for (const line of h.value.split('\n')) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const cookie: HarCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
      for (const attr of attrs) {
        const [k, ...v] = attr.split('=');
        const key = k?.trim().toLowerCase();
        const value = v.join('=').trim();
        if (key === 'path') cookie.path = value;
        else if (key === 'domain') cookie.domain = value;
        else if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = harDate(Date.parse(value));
        else if (key === 'httponly') cookie.httpOnly = true;
        else if (key === 'secure') cookie.secure = true;
        else if (key === 'samesite') cookie.sameSite = value;
      }
      out.push(cookie);
    }
  }
  return out;
}

function queryString(url: string): HarNameValue[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  const search = new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash));
  return [...search].map(([name, value]) => ({ name, value }));
}

function postData(r: NetworkRequest): HarPostData | undefined {
  if (r.postData === undefined) return undefined;
  const mimeType = headerValue(r.requestHeaders, 'content-type') ?? '';
  const data: HarPostData = { mimeType, text: r.postData };
  if (mimeType.startsWith('application/x-www-form-urlencoded')) {
    data.params = [...new URLSearchParams(r.postData)].map(([name, value]) => ({ name, value }));
  }
  return data;
}

/**
 * HAR timings as Chrome's own HAR export computes them from the raw timing, so that their sum is
 * the whole time from issue to last byte: `blocked` is queueing plus everything before the first
 * of DNS / connect / send; `send` starts where set-up ended (an HTTP/1.1 request that waited on
 * an open socket counts that wait as send); `connect` includes `ssl`. A phase that did not happen
 * is -1; send, wait and receive never are. The entry's `time` is their sum.
 */
export function harTimings(r: NetworkRequest): { timings: HarTimings; time: number } {
  const t: HarTimings = { blocked: -1, dns: -1, connect: -1, send: 0, wait: 0, receive: 0, ssl: -1, _blocked_queueing: -1 };
  const timing = r.timing;
  const start = r.startedAt ?? r.issuedAt;
  const queued = r.startedAt !== undefined && r.issuedAt < r.startedAt ? r.startedAt - r.issuedAt : -1;
  t.blocked = queued;
  t._blocked_queueing = queued;
  let highest = 0;
  if (timing) {
    const least = (...xs: number[]) => xs.reduce((best, x) => (x >= 0 && x < best ? x : best), Infinity);
    const blockedStart = least(timing.dnsStart, timing.connectStart, timing.sendStart);
    const before = blockedStart === Infinity ? 0 : blockedStart;
    t.blocked = Math.max(0, queued) + before;
    if (timing.proxyEnd >= 0) t._blocked_proxy = timing.proxyEnd - timing.proxyStart;
    const dnsEnd = timing.dnsEnd >= 0 ? timing.dnsEnd : -1;
    t.dns = dnsEnd >= 0 ? dnsEnd - before : -1;
    t.ssl = timing.sslEnd > 0 ? timing.sslEnd - timing.sslStart : -1;
    const connectEnd = timing.connectEnd >= 0 ? timing.connectEnd : -1;
    t.connect = connectEnd >= 0 ? connectEnd - least(dnsEnd, before) : -1;
    const sendStart = Math.max(connectEnd, dnsEnd, before);
    t.send = timing.sendEnd >= 0 ? Math.max(0, timing.sendEnd - sendStart) : 0;
    highest = Math.max(timing.sendEnd, connectEnd, timing.sslEnd, dnsEnd, before, 0);
    // A service worker's start-up and fetch handler are inside the wait, as in Chrome's export.
  } else if (r.responseAt === undefined) {
    // Nothing after queueing is known (failed early, or still pending): it was all blocked.
    t.blocked = r.endedAt !== undefined ? Math.max(0, r.endedAt - r.issuedAt) : -1;
    t._blocked_queueing = -1;
    return { timings: t, time: Math.max(0, t.blocked) };
  }
  const base = timing ? start : r.issuedAt;
  if (r.responseAt !== undefined) t.wait = Math.max(0, r.responseAt - base - highest);
  if (r.endedAt !== undefined && r.responseAt !== undefined) t.receive = Math.max(0, r.endedAt - r.responseAt);
  // Phases from offsets that contradict each other (a connect that ends before it starts) are 0,
  // never negative; -1 stays "did not happen".
  for (const k of ['blocked', 'dns', 'connect', 'ssl', '_blocked_queueing', '_blocked_proxy'] as const) if (t[k] !== undefined) t[k] = duration(t[k]);
  for (const k of ['send', 'wait', 'receive'] as const) t[k] = Math.max(0, duration(t[k]));
  const time = [t.blocked, t.dns, t.connect, t.send, t.wait, t.receive].reduce((sum, v) => sum + Math.max(0, v), 0);
  return { timings: t, time };
}

export function harPages(pages: readonly PageRecord[]): HarPage[] {
  return pages.map((p) => ({
    startedDateTime: harDate(p.startedWall),
    id: p.id,
    title: p.title || p.url,
    pageTimings: {
      // An event dated before its page started (a log out of order) is not a time of that page.
      onContentLoad: since(p.startedAt, p.domContentLoadedAt),
      onLoad: since(p.startedAt, p.loadAt),
    },
  }));
}

function since(start: number | undefined, at: number | undefined): number {
  return start !== undefined && at !== undefined && at >= start && Number.isFinite(at - start) ? at - start : -1;
}

/** Epoch seconds of a protocol time, through the request's own wall-clock offset. */
function wallSeconds(r: NetworkRequest, at: number): number {
  return (r.issuedWall - r.issuedAt + at) / 1000;
}

/**
 * `_webSocketMessages` as Chrome DevTools writes them (models/har/Log.ts over NetworkRequest.frames()):
 * `type` send / receive, `time` in seconds since the epoch, `opcode`, `data` (binary as base64), and
 * each frame error in time order as `{type: "error", opcode: -1, data: <the error message>}`.
 */
function harWebSocketMessages(r: NetworkRequest, ws: WsChannel): HarWebSocketMessage[] {
  const out: HarWebSocketMessage[] = [];
  const errors = ws.errors;
  let e = 0;
  for (const f of ws.frames) {
    for (; e < errors.length && errors[e]!.at < f.at; e++) out.push({ type: 'error', time: wallSeconds(r, errors[e]!.at), opcode: -1, data: errors[e]!.message });
    out.push({ type: f.direction === 'sent' ? 'send' : 'receive', time: wallSeconds(r, f.at), opcode: f.opcode, data: f.payload });
  }
  for (; e < errors.length; e++) out.push({ type: 'error', time: wallSeconds(r, errors[e]!.at), opcode: -1, data: errors[e]!.message });
  return out;
}

export function harEntry(r: NetworkRequest, ctx: HarBuildContext, extra: { page?: PageRecord; ws?: WsChannel; sse?: SseChannel; body?: BodyStream }): HarEntry {
  const { timings, time } = harTimings(r);
  const cached = r.source === 'memory-cache' || r.source === 'disk-cache' || r.source === 'prefetch-cache';
  const notModified = r.status === 304;
  const bodySize = cached || notModified ? 0 : r.encodedBodySize ?? -1;
  const version = harHttpVersion(r.protocol);
  const mimeType = r.mimeType || headerValue(r.responseHeaders, 'content-type') || 'x-unknown';
  const content: HarEntry['response']['content'] = { size: r.decodedBodySize, mimeType };
  if (bodySize >= 0 && !cached && !notModified && r.status !== 206) content.compression = r.decodedBodySize - bodySize;
  const body = ctx.body?.(r);
  if (body && body.text !== undefined) {
    content.text = body.text;
    if (body.base64Encoded) content.encoding = 'base64';
    // The body's own length when the protocol reported no decoded size (a cached replay).
    if (content.size <= 0 && body.size !== undefined && body.size > 0) {
      content.size = body.size;
      if (content.compression !== undefined && bodySize >= 0) content.compression = body.size - bodySize;
    }
    if (body.truncated) content._netlensTruncated = body.truncated;
    if (body.stream) content._netlensStreamBody = body.stream;
  } else if (body) content._netlensBodyReason = { reason: body.reason, ...(body.detail ? { detail: body.detail } : {}), text: body.words };
  const url = r.url.split('#', 1)[0]!;
  const entry: HarEntry = {
    startedDateTime: harDate(r.issuedWall),
    time,
    request: {
      method: r.method,
      url,
      httpVersion: version,
      cookies: requestCookies(r.requestHeaders),
      headers: toHarHeaders(r.requestHeaders),
      queryString: queryString(url),
      headersSize: r.requestHeadersText !== undefined ? byteLength(r.requestHeadersText) : -1,
      bodySize: r.postData !== undefined ? byteLength(r.postData) : 0,
    },
    response: {
      status: r.status ?? 0,
      statusText: r.statusText ?? '',
      httpVersion: version,
      cookies: responseCookies(r.responseHeaders),
      headers: toHarHeaders(r.responseHeaders),
      content,
      redirectURL: headerValue(r.responseHeaders, 'location') ?? '',
      headersSize: r.responseHeadersSize ?? -1,
      bodySize,
      _transferSize: r.transferSize ?? 0,
      _error: r.failure ? r.failure.errorText : null,
    },
    cache: {},
    timings,
  };
  const pd = postData(r);
  if (pd) entry.request.postData = pd;
  if (extra.page) entry.pageref = extra.page.id;
  const ip = r.remoteIPAddress?.replace(/^\[|\]$/g, '');
  if (ip && isIpAddress(ip)) entry.serverIPAddress = ip;
  if (r.remotePort !== undefined) entry.connection = String(r.remotePort);
  if (r.connectionId) entry._connectionId = String(r.connectionId);
  if (r.source === 'memory-cache') entry._fromCache = 'memory';
  else if (r.source === 'disk-cache' || r.source === 'prefetch-cache') entry._fromCache = 'disk';
  if (r.initiator) entry._initiator = r.initiator;
  if (r.priority) entry._priority = r.priority;
  entry._resourceType = harResourceType(r.resourceType);
  if (r.fromServiceWorker) {
    entry.response._fetchedViaServiceWorker = true;
    if (r.serviceWorkerResponseSource) entry.response._serviceWorkerResponseSource = r.serviceWorkerResponseSource;
    if (r.cacheStorageCacheName) entry.response._responseCacheStorageCacheName = r.cacheStorageCacheName;
  }
  if (extra.ws) entry._webSocketMessages = harWebSocketMessages(r, extra.ws);
  if (extra.sse) {
    entry._eventSourceMessages = extra.sse.messages.map((m) => ({ time: wallSeconds(r, m.at), eventName: m.eventName, eventId: m.eventId, data: m.data }));
  } else if (extra.body) {
    // A text/event-stream read by fetch or XHR, in Chrome's shape (eventId: the last id seen, as EventSource keeps it).
    let lastId = '';
    entry._eventSourceMessages = extra.body.messages.map((m) => {
      if (m.eventId !== undefined) lastId = m.eventId;
      return { time: wallSeconds(r, m.at), eventName: m.eventName ?? 'message', eventId: lastId, data: m.data };
    });
  }
  // Netlens's own reading of the request, under names no other tool uses.
  entry._netlensId = r.id;
  entry._netlensSource = r.source;
  if (r.connectionId) entry._netlensConnectionReused = Boolean(r.connectionReused);
  if (r.redirectFrom) entry._netlensRedirectFrom = r.redirectFrom;
  // Throttled by emulated network conditions (issue 21): the rule's id, as requestWillBeSentExtraInfo gave it.
  if (r.appliedNetworkConditionsId !== undefined) entry._netlensNetworkConditionsId = r.appliedNetworkConditionsId;
  // The exact times and raw timing (HAR dates have millisecond resolution and its timings lose
  // gaps between phases), so that Netlens reads its own files back exactly. Wall-clock ms.
  const toWall = r.issuedWall - r.issuedAt;
  // Filled field by field (no object per optional field to spread).
  const times: Record<string, unknown> = { issued: r.issuedWall };
  if (r.startedAt !== undefined) times.started = r.startedAt + toWall;
  if (r.responseAt !== undefined) times.response = r.responseAt + toWall;
  if (r.endedAt !== undefined) times.ended = r.endedAt + toWall;
  if (r.timing) times.timing = { ...r.timing, requestTime: (r.timing.requestTime * 1000 + toWall) / 1000 };
  entry._netlensTimes = times as HarEntry['_netlensTimes'];
  const verdicts = ctx.verdicts?.(r);
  if (verdicts) {
    for (const k of Object.keys(verdicts)) if (k.startsWith('_netlens')) entry[k as `_netlens${string}`] = verdicts[k];
  }
  return entry;
}

/** Every entry, in request order, built one at a time (the streaming writer serialises each as it comes). */
export function* harEntries(src: HarSource, context: HarBuildContext): Generator<HarEntry> {
  // An event stream's body, rebuilt from its messages (issue 19).
  const ctx = withStreamBodies(src, context);
  // Which page a request belongs to is the recorder's decision (NetworkRequest.pageId).
  const pages = new Map(src.pages().map((p) => [p.id, p]));
  // Each CORS preflight and the exact hop it guarded, both ways (the one pairing, analysis/cors).
  const pairing = ctx.pairing ?? pairPreflights(src.requests());
  const ws = new Map(src.webSockets().map((c) => [c.id, c]));
  const sse = new Map(src.eventSources().map((c) => [c.id, c]));
  const bodies = new Map((typeof src.bodyStreams === 'function' ? src.bodyStreams() : []).filter((b) => b.format === 'sse' && !b.eventSource).map((b) => [b.id, b]));
  for (const r of src.requests()) {
    const extra: { page?: PageRecord; ws?: WsChannel; sse?: SseChannel; body?: BodyStream } = {};
    const page = r.pageId === undefined ? undefined : pages.get(r.pageId);
    if (page) extra.page = page;
    const channel = ws.get(r.id);
    if (channel) extra.ws = channel;
    const stream = sse.get(r.id);
    if (stream) extra.sse = stream;
    const body = bodies.get(r.id);
    if (body) extra.body = body;
    const entry = harEntry(r, ctx, extra);
    const guarded = pairOfPreflight(pairing, r.id);
    if (guarded) entry._netlensPreflightFor = guarded.hopId;
    const preflights = preflightsOf(pairing, r.id);
    if (preflights.length > 0) entry._netlensPreflight = preflights.at(-1)!.preflightId;
    yield entry;
  }
}

/** The whole HAR as one object (for small sessions and tests; the writer streams instead). */
export function buildHar(src: HarSource, ctx: HarBuildContext): Har {
  return {
    log: {
      version: '1.2',
      creator: ctx.creator,
      ...(ctx.browser ? { browser: ctx.browser } : {}),
      pages: harPages(src.pages()),
      entries: [...harEntries(src, ctx)],
      ...(ctx.comment ? { comment: ctx.comment } : {}),
      ...(ctx.conditions ? { _netlensConditions: ctx.conditions } : {}),
    },
  };
}
