// Response bodies (issue 19): what a stored body is, the limits a recording keeps bodies under,
// why a body is absent, and how bodies travel in a log or a HAR. Pure: the background capture
// (src/background/body-capture.ts) decides with these functions, the storage adapter keeps
// `BodyEntry` rows, the panel, HAR and the CLI read them.
//
// A body belongs to one hop of one request: session id + CDP request id + hop (0 for the request
// as the page made it, N after N redirects; the record's id is `hopId(requestId, hop)`). Only the
// last hop of a chain can have a body: Chromium keeps none for a redirect.
import type { CdpEvent } from './cdp.ts';
import type { NetworkRequest } from './records.ts';

export interface BodyLimits {
  /** Bodies larger than this (decoded bytes) are not kept. */
  perBodyBytes: number;
  /** Once a session's kept bodies add up to this, no more are kept. */
  perSessionBytes: number;
}

/** The defaults the panel shows: 1 MB a body, 50 MB a session. */
export const DEFAULT_BODY_LIMITS: BodyLimits = { perBodyBytes: 1_048_576, perSessionBytes: 52_428_800 };

/** Why a body is absent. */
export type BodyReason =
  | 'over-limit'
  | 'binary-over-limit'
  | 'evicted'
  | 'redirect'
  | 'cache-gone'
  | 'session-limit'
  | 'failed'
  | 'event-stream'
  | 'not-recorded'
  | 'no-body';

/**
 * One body as stored and carried: either the body (`body`, base64 when `base64Encoded`) or the
 * reason it is absent (`reason`, with `detail` in words when there is more to say). `size` is
 * the body's length in bytes (decoded), as far as it is known.
 */
export interface BodyEntry {
  requestId: string;
  /** The hop in the chain (0 first); absent on rows stored before it was kept: the chain's last hop. */
  hop?: number;
  body?: string;
  base64Encoded?: boolean;
  size?: number;
  reason?: BodyReason;
  detail?: string;
  /** Only the first `truncated.kept` bytes of the body (of `size`) are in `body`. */
  truncated?: BodyTruncation;
}

/**
 * How many bodies a recording kept (`truncated` of them only in part) and skipped, each skipped
 * one with its reason in its row. The capture writes it to the session row as `bodyCounts`; the
 * Sessions view reads it with `bodyCountsOf`.
 */
export interface BodyCounts {
  kept: number;
  truncated: number;
  skipped: number;
}

/** The body counts a session row carries (written by the capture), if it has valid ones. */
export function bodyCountsOf(session: object): BodyCounts | undefined {
  const c = (session as { bodyCounts?: Partial<Record<keyof BodyCounts, unknown>> }).bodyCounts;
  if (!c || typeof c !== 'object') return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const kept = n(c.kept);
  const truncated = n(c.truncated);
  const skipped = n(c.skipped);
  return kept === undefined || truncated === undefined || skipped === undefined ? undefined : { kept, truncated, skipped };
}

/** The method of the log item that carries a body (Netlens's own; the recorder never sees it). */
export const BODY_EVENT = 'Netlens.responseBody';

const REASON_WORDS: Record<BodyReason, string> = {
  'over-limit': 'over the limit per body',
  'binary-over-limit': 'binary, over the limit per body',
  evicted: 'evicted: Chromium no longer held it when Netlens asked',
  redirect: 'a redirect: Chromium keeps no body for it',
  'cache-gone': 'a cached response Chromium no longer holds',
  'session-limit': 'the session limit was reached',
  failed: 'the request failed',
  'event-stream': 'event stream: see the Streams view',
  'not-recorded': 'bodies were not recorded in this session (turn on Bodies before recording)',
  'no-body': 'the response had no body',
};

/** The reason in words, with its detail. */
export function bodyReasonText(reason: BodyReason, detail?: string): string {
  return detail ? `${REASON_WORDS[reason]} (${detail})` : REASON_WORDS[reason];
}

export function isBodyReason(v: unknown): v is BodyReason {
  return typeof v === 'string' && Object.hasOwn(REASON_WORDS, v);
}

const EVENT_STREAM = /^(text\/event-stream|application\/(x-)?ndjson|application\/jsonl|application\/x-jsonlines)\b/i;
const TEXT = /^(text\/|application\/(json|javascript|x-javascript|ecmascript|xml|x-www-form-urlencoded|graphql|manifest\+json|ld\+json|problem\+json|soap\+xml)\b|[^;]*\+(json|xml)\b|image\/svg\+xml)/i;

/** Server-Sent Events and NDJSON streams: the streams work shows them, not the Body tab. */
export function isEventStreamMime(mimeType: string | undefined): boolean {
  return EVENT_STREAM.test(mimeType ?? '');
}

/** A MIME type whose body is text (Chromium then answers getResponseBody in text, not base64). */
export function isTextMime(mimeType: string | undefined): boolean {
  return TEXT.test(mimeType ?? '');
}

/** Checks limits read from storage or typed by the user; a sentence when they are wrong. */
export function checkBodyLimits(v: unknown): BodyLimits | string {
  const o = v as Partial<Record<keyof BodyLimits, unknown>> | null;
  if (!o || typeof o !== 'object') return 'Body limits must be an object with perBodyBytes and perSessionBytes.';
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 2 ** 31;
  if (!ok(o.perBodyBytes)) return 'The limit per body must be a whole number of bytes from 1 to 2 GB.';
  if (!ok(o.perSessionBytes)) return 'The limit per session must be a whole number of bytes from 1 to 2 GB.';
  if ((o.perSessionBytes as number) < (o.perBodyBytes as number)) return 'The limit per session must be at least the limit per body.';
  return { perBodyBytes: o.perBodyBytes as number, perSessionBytes: o.perSessionBytes as number };
}

/**
 * Network.enable's buffers for these limits: Chromium drops a resource's content over
 * maxResourceBufferSize, and the oldest contents once the total is over maxTotalBufferSize, so
 * both must hold what Netlens will ask for. The total is the session limit capped at 512 MB of
 * the renderer's memory (bodies wait in it only until loadingFinished's getResponseBody), but
 * room for at least four bodies; Chromium's own defaults (10 MB and 100 MB) are the floor.
 */
export function bufferSizes(limits: BodyLimits): { maxResourceBufferSize: number; maxTotalBufferSize: number } {
  const resource = Math.max(limits.perBodyBytes + 1024, 10_000_000);
  const total = Math.max(resource * 4, Math.min(limits.perSessionBytes, 512 * 1_048_576), 100_000_000);
  return { maxResourceBufferSize: resource, maxTotalBufferSize: total };
}

/** What the capture knows about a response when it has finished loading. */
export interface FinishedResponse {
  mimeType: string;
  /** Decoded bytes (the sum of dataReceived's dataLength, else the encoded length). */
  size: number;
  /** Served from the memory or disk cache, a service worker or a prefetch. */
  fromCache: boolean;
  status: number;
}

/**
 * Whether to ask Chromium for a body, or the reason not to. `used` = bytes kept so far in the
 * session. A text body is fetched even when it is over a limit: its first `keep` bytes are kept
 * (`fitBody`). A binary one over the limit per body, or over what the session has left, is
 * skipped whole (a cut image or archive is of no use).
 */
export function planBody(r: FinishedResponse, used: number, limits: BodyLimits): { fetch: true; keep: number } | { reason: BodyReason; detail?: string } {
  if (isEventStreamMime(r.mimeType)) return { reason: 'event-stream' };
  if (r.status === 204 || r.status === 304 || (r.status >= 100 && r.status < 200)) return { reason: 'no-body' };
  // Nothing arrived from the network (a preflight, an empty 200): no round trip for it. A cached
  // response reports no bytes, so it is asked for all the same.
  if (r.size === 0 && !r.fromCache) return { reason: 'no-body' };
  const room = limits.perSessionBytes - used;
  if (!isTextMime(r.mimeType)) {
    if (r.size > limits.perBodyBytes) return { reason: 'binary-over-limit', detail: `${r.size} bytes; the limit is ${limits.perBodyBytes}` };
    if (r.size > room) return { reason: 'session-limit', detail: `${used} of ${limits.perSessionBytes} bytes kept` };
    return { fetch: true, keep: limits.perBodyBytes };
  }
  if (room <= 0) return { reason: 'session-limit', detail: `${used} of ${limits.perSessionBytes} bytes kept` };
  return { fetch: true, keep: Math.min(limits.perBodyBytes, room) };
}

/** What is kept of a fetched body: the whole body, its first bytes (text over a limit), or the reason nothing is. */
export type FittedBody =
  | { body: string; base64Encoded: boolean; size: number; truncated?: BodyTruncation }
  | { reason: BodyReason; detail: string; size: number };

/** Only the body's first `kept` bytes were kept, because of the limit per body or what the session had left. */
export interface BodyTruncation {
  kept: number;
  limit: 'body' | 'session';
}

/**
 * After the fetch: the body's real size decides again (the estimate may be short). A text body
 * over the limit per body, or over what the session has left, keeps its first bytes (cut on a
 * UTF-8 character boundary); a binary one is skipped.
 */
export function fitBody(res: { body: string; base64Encoded: boolean }, mimeType: string, used: number, limits: BodyLimits): FittedBody {
  const size = bodyByteLength(res.body, res.base64Encoded);
  const room = limits.perSessionBytes - used;
  if (!isTextMime(mimeType)) {
    if (size > limits.perBodyBytes) return { reason: 'binary-over-limit', detail: `${size} bytes; the limit is ${limits.perBodyBytes}`, size };
    if (size > room) return { reason: 'session-limit', detail: `${used} of ${limits.perSessionBytes} bytes kept`, size };
    return { body: res.body, base64Encoded: res.base64Encoded, size };
  }
  const keep = Math.min(limits.perBodyBytes, room);
  if (size <= keep) return { body: res.body, base64Encoded: res.base64Encoded, size };
  if (keep <= 0) return { reason: 'session-limit', detail: `${used} of ${limits.perSessionBytes} bytes kept`, size };
  const cut = truncateBody(res.body, res.base64Encoded, keep);
  return { body: cut.body, base64Encoded: res.base64Encoded, size, truncated: { kept: cut.kept, limit: keep < limits.perBodyBytes ? 'session' : 'body' } };
}

/**
 * The first bytes of a body, at most `maxBytes`, never ending inside a UTF-8 character: a text
 * body by its characters, a base64 one by its decoded bytes (then a cut that would split a UTF-8
 * sequence moves back to its lead byte). Linear.
 */
export function truncateBody(body: string, base64Encoded: boolean, maxBytes: number): { body: string; kept: number } {
  if (!base64Encoded) {
    let n = 0;
    let i = 0;
    for (; i < body.length; i++) {
      const c = body.charCodeAt(i);
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < body.length && (body.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      const w = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      if (n + w > maxBytes) break;
      n += w;
      if (pair) i++;
    }
    return { body: body.slice(0, i), kept: n };
  }
  let bin: string;
  try {
    bin = atob(body.replace(/\s+/g, ''));
  } catch {
    return { body: '', kept: 0 };
  }
  let end = Math.min(bin.length, maxBytes);
  if (end < bin.length && (bin.charCodeAt(end) & 0xc0) === 0x80) {
    // The byte after the cut continues a UTF-8 sequence: cut before that sequence's lead byte.
    let k = end - 1;
    while (k > 0 && k > end - 4 && (bin.charCodeAt(k) & 0xc0) === 0x80) k--;
    if (bin.charCodeAt(k) >= 0xc0) end = k;
  }
  return { body: btoa(bin.slice(0, end)), kept: end };
}

/** "kept the first 65,536 of 100,000 bytes (the limit per body)": a truncated body in words. */
export function truncationText(t: BodyTruncation, size: number): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `kept the first ${n(t.kept)} of ${n(size)} bytes (${t.limit === 'body' ? 'the limit per body' : 'the session limit was reached'})`;
}

/** getResponseBody's error in Netlens's words. */
export function reasonOfFetchError(message: string, fromCache: boolean): { reason: BodyReason; detail: string } {
  return { reason: fromCache ? 'cache-gone' : 'evicted', detail: message.slice(0, 200) };
}

/** Decoded length in bytes of a body as getResponseBody gives it. */
export function bodyByteLength(body: string, base64Encoded: boolean): number {
  if (base64Encoded) {
    const clean = body.replace(/\s+/g, '');
    const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
    return Math.max(0, Math.floor((clean.length * 3) / 4) - pad);
  }
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < body.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The body entry a log item carries, if it is one (a `Netlens.responseBody` item). */
export function bodyOfEvent(e: CdpEvent): BodyEntry | undefined {
  if (e.method !== BODY_EVENT) return undefined;
  const p = e.params as Record<string, unknown> | null;
  if (!p || typeof p !== 'object' || typeof p.requestId !== 'string' || p.requestId === '') return undefined;
  const out: BodyEntry = { requestId: p.requestId };
  if (typeof p.hop === 'number' && Number.isInteger(p.hop) && p.hop >= 0) out.hop = p.hop;
  if (typeof p.body === 'string') {
    out.body = p.body;
    out.base64Encoded = p.base64Encoded === true;
    out.size = typeof p.size === 'number' ? p.size : bodyByteLength(p.body, out.base64Encoded);
    const t = p.truncated as Partial<BodyTruncation> | undefined;
    if (t && typeof t === 'object' && typeof t.kept === 'number' && t.kept >= 0 && (t.limit === 'body' || t.limit === 'session')) out.truncated = { kept: t.kept, limit: t.limit };
  } else if (isBodyReason(p.reason)) {
    out.reason = p.reason;
    if (typeof p.detail === 'string') out.detail = p.detail.slice(0, 500);
    if (typeof p.size === 'number') out.size = p.size;
  } else return undefined;
  return out;
}

/** A body as a log item. */
export function bodyEvent(b: BodyEntry): CdpEvent {
  return { method: BODY_EVENT, params: { ...b } };
}

/**
 * The body a chrome-har style log carries: `response.body` set on Network.responseReceived by the
 * tool that wrote it (text only; chrome-har's `includeTextFromResponseBody`).
 */
export function bodyOfResponseReceived(e: CdpEvent): BodyEntry | undefined {
  if (e.method !== 'Network.responseReceived') return undefined;
  const p = e.params as { requestId?: unknown; response?: { body?: unknown } } | null;
  const body = p?.response?.body;
  if (typeof body !== 'string' || typeof p?.requestId !== 'string') return undefined;
  return { requestId: p.requestId, body, base64Encoded: false, size: bodyByteLength(body, false) };
}

/**
 * Takes the bodies out of a log: the events the recorder folds, and the bodies by request id.
 * Linear. A later item for the same request replaces an earlier one.
 */
export class BodyCollector {
  readonly bodies = new Map<string, BodyEntry>();

  /** True when the item was a body item (and must not reach the recorder). */
  take(e: CdpEvent): boolean {
    const own = bodyOfEvent(e);
    if (own) {
      this.bodies.set(own.requestId, own);
      return true;
    }
    if (e.method === BODY_EVENT) return true; // a malformed body item: dropped, not folded
    const har = bodyOfResponseReceived(e);
    if (har && !this.bodies.has(har.requestId)) this.bodies.set(har.requestId, har);
    return false;
  }

  /** The events without the body items; the bodies are collected. */
  split(events: readonly CdpEvent[]): CdpEvent[] {
    const out: CdpEvent[] = [];
    for (const e of events) if (!this.take(e)) out.push(e);
    return out;
  }
}

/** The hop index of a record's id (`<requestId>:N` → N). */
export function hopOf(r: Pick<NetworkRequest, 'id' | 'requestId'>): number {
  if (r.id === r.requestId) return 0;
  const n = Number(r.id.slice(r.requestId.length + 1));
  return Number.isInteger(n) ? n : 0;
}

/** What to show or export for one record: its body, or the reason there is none. */
export type BodyView = { kind: 'body'; entry: BodyEntry & { body: string } } | { kind: 'none'; reason: BodyReason; detail?: string };

/**
 * The body of a record, from the entry stored under its CDP request id (or none). `recorded` says
 * whether the session asked for bodies. A redirect hop never has one; an entry for another hop
 * of the chain does not count.
 */
export function bodyForRecord(r: NetworkRequest, entry: BodyEntry | undefined, recorded: boolean): BodyView {
  if (r.redirectTo) return { kind: 'none', reason: 'redirect' };
  if (entry && (entry.hop === undefined || entry.hop === hopOf(r))) {
    if (entry.body !== undefined) return { kind: 'body', entry: entry as BodyEntry & { body: string } };
    if (entry.reason) return { kind: 'none', reason: entry.reason, ...(entry.detail ? { detail: entry.detail } : {}) };
  }
  if (isEventStreamMime(r.mimeType) || r.resourceType === 'WebSocket') return { kind: 'none', reason: 'event-stream' };
  if (r.source === 'failed') return { kind: 'none', reason: 'failed' };
  const status = r.status ?? 0;
  if (status === 204 || status === 304 || (status >= 100 && status < 200) || r.resourceType === 'Preflight') return { kind: 'none', reason: 'no-body' };
  return recorded ? { kind: 'none', reason: 'evicted', detail: 'no body was stored for this request' } : { kind: 'none', reason: 'not-recorded' };
}

/**
 * HAR's body look-up for a session's bodies (`HarBuildContext.body`): the body, or the reason
 * there is none. Only for sessions that recorded bodies (others write no reason at all).
 */
export function harBodies(
  bodies: ReadonlyMap<string, BodyEntry>,
): (r: NetworkRequest) => { text: string; base64Encoded: boolean; size?: number; truncated?: { kept: number; size: number; limit: 'body' | 'session'; text: string } } | { reason: BodyReason; detail?: string; words: string } {
  return (r) => {
    const v = bodyForRecord(r, bodies.get(r.requestId), true);
    if (v.kind === 'body') {
      const e = v.entry;
      const out: { text: string; base64Encoded: boolean; size?: number; truncated?: { kept: number; size: number; limit: 'body' | 'session'; text: string } } = { text: e.body, base64Encoded: e.base64Encoded === true };
      if (e.size !== undefined) out.size = e.size;
      // A body cut at a limit: HAR's content.size stays the whole body's, `_netlensTruncated` says what is in text.
      if (e.truncated && e.size !== undefined) out.truncated = { kept: e.truncated.kept, size: e.size, limit: e.truncated.limit, text: truncationText(e.truncated, e.size) };
      return out;
    }
    return { reason: v.reason, ...(v.detail ? { detail: v.detail } : {}), words: bodyReasonText(v.reason, v.detail) };
  };
}
