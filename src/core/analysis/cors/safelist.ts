// The Fetch standard's CORS-safelists, as Chromium applies them: which methods and request headers
// a cross-origin request may carry without a preflight, and why a preflight fired.
// https://fetch.spec.whatwg.org/#cors-safelisted-method and #cors-safelisted-request-header.
import type { Header, NetworkRequest } from '../../records.ts';
import { tokens, value } from './headers.ts';

export const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'] as const;
/** The three Content-Type values (essence) a request may send without a preflight. */
export const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'] as const;
/** A safelisted header's value longer than this makes it unsafe (Fetch: 128 bytes). */
export const SAFELISTED_VALUE_LIMIT = 128;

const SAFELISTED_NAMES = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range']);
/**
 * Headers the page cannot set (Fetch's forbidden request-header names), which the browser adds
 * itself, plus those Chromium adds on its own (User-Agent, client hints and Sec-Fetch-* under
 * `sec-`, Priority): none of them ever triggers a preflight.
 */
const BROWSER_ADDED = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method', 'connection',
  'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer',
  'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via', 'user-agent', 'priority', 'upgrade-insecure-requests',
  // The HTTP cache adds these itself (DevTools' "Disable cache", a revalidation); Chromium leaves
  // them out of the CORS check when it revalidates. A page that sets one itself is judged by the
  // preflight's Access-Control-Request-Headers instead.
  'cache-control', 'pragma', 'if-none-match', 'if-modified-since',
]);

export function isSafelistedMethod(method: string): boolean {
  return (SAFELISTED_METHODS as readonly string[]).includes(method.toUpperCase());
}

/** A header the browser adds (or the page may not set): never the page's doing, never a preflight's cause. */
export function isBrowserAdded(name: string): boolean {
  const n = name.toLowerCase();
  return BROWSER_ADDED.has(n) || n.startsWith('sec-') || n.startsWith('proxy-') || n.startsWith(':');
}

export function isSafelistedName(name: string): boolean {
  return SAFELISTED_NAMES.has(name.toLowerCase());
}

/** Why a safelisted header's value is not safe, or undefined when it is. */
export type UnsafeValue = 'content-type' | 'too-long' | 'unsafe-bytes' | 'range';

const utf8 = new TextEncoder();

export function unsafeValue(name: string, v: string): UnsafeValue | undefined {
  const n = name.toLowerCase();
  if (v.length > SAFELISTED_VALUE_LIMIT / 3 && utf8.encode(v).length > SAFELISTED_VALUE_LIMIT) return 'too-long';
  // CORS-unsafe request-header bytes (Fetch): control characters but tab, and "():<>?@[\]{}, DEL.
  const unsafeBytes = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;
  if (n === 'accept' && unsafeBytes.test(v)) return 'unsafe-bytes';
  if ((n === 'accept-language' || n === 'content-language') && !/^[0-9A-Za-z *,\-.;=]*$/.test(v)) return 'unsafe-bytes';
  if (n === 'content-type') {
    if (unsafeBytes.test(v.replace(/"[^"]*"/g, ''))) return 'unsafe-bytes';
    const essence = v.split(';')[0]!.trim().toLowerCase();
    if (!(SIMPLE_CONTENT_TYPES as readonly string[]).includes(essence)) return 'content-type';
  }
  if (n === 'range' && !/^bytes=\d+-\d*$/.test(v.trim())) return 'range';
  return undefined;
}

/** One cause of a preflight, from the preflight's own Access-Control-Request-* tied to the real request. */
export type PreflightCause =
  | { kind: 'method'; method: string }
  | { kind: 'header'; name: string; value?: string }
  | { kind: 'header-value'; name: string; value?: string; why: UnsafeValue | 'unknown' }
  /** Nothing in the protocol explains it (upload listeners, a streamed body, a Local Network Access check). */
  | { kind: 'not-visible' };

/**
 * Why a preflight fired: the method it asked for when not GET/HEAD/POST, and each header it named
 * (Access-Control-Request-Headers lists exactly the unsafe ones, lower case, sorted), with the real
 * request's value when the name is safelisted and only the value made it unsafe.
 */
export function preflightCauses(preflight: NetworkRequest, real: NetworkRequest | undefined): PreflightCause[] {
  const out: PreflightCause[] = [];
  const method = value(preflight.requestHeaders, 'access-control-request-method') ?? real?.method;
  if (method !== undefined && !isSafelistedMethod(method)) out.push({ kind: 'method', method });
  for (const name of tokens(value(preflight.requestHeaders, 'access-control-request-headers'))) {
    const v = real ? value(real.requestHeaders, name) : undefined;
    if (isSafelistedName(name)) out.push({ kind: 'header-value', name, ...(v !== undefined ? { value: v } : {}), why: (v !== undefined && unsafeValue(name, v)) || 'unknown' });
    else out.push({ kind: 'header', name, ...(v !== undefined ? { value: v } : {}) });
  }
  if (out.length === 0) out.push({ kind: 'not-visible' });
  return out;
}

/**
 * What a request carries that would need a preflight, judged from its own method and the headers
 * the page set (browser-added ones left out); empty when it is CORS-simple. Used where no preflight
 * was paired (a preflight-cache hit, or a simple request).
 */
export function unsafeParts(r: NetworkRequest): PreflightCause[] {
  const out: PreflightCause[] = [];
  if (!isSafelistedMethod(r.method)) out.push({ kind: 'method', method: r.method });
  for (const h of pageHeaders(r.requestHeaders)) {
    if (!isSafelistedName(h.name)) out.push({ kind: 'header', name: h.name.toLowerCase(), value: h.value });
    else {
      const why = unsafeValue(h.name, h.value);
      if (why) out.push({ kind: 'header-value', name: h.name.toLowerCase(), value: h.value, why });
    }
  }
  return out;
}

/** The request headers the page could have set (what is left once the browser's own are removed). */
export function pageHeaders(list: readonly Header[]): Header[] {
  return list.filter((h) => !isBrowserAdded(h.name));
}
