// What the server answered to a preflight or a CORS request, and whether it covers the request:
// the Access-Control-Allow-* headers read as Chromium reads them (services/network/cors:
// cors.cc CheckAccess and preflight_result.cc).
import type { NetworkRequest } from '../../records.ts';
import { allowList, value, values } from './headers.ts';
import { isSafelistedMethod } from './safelist.ts';

/** The CORS headers of one response, as received. */
export interface CorsAnswer {
  status?: number;
  /** Every Access-Control-Allow-Origin value (more than one is an error). */
  allowOrigin: string[];
  allowMethods?: string;
  allowHeaders?: string;
  allowCredentials?: string;
  maxAge?: string;
  exposeHeaders?: string;
}

export function answerOf(r: NetworkRequest): CorsAnswer {
  const h = r.responseHeaders;
  const out: CorsAnswer = { allowOrigin: values(h, 'access-control-allow-origin') };
  if (r.status !== undefined) out.status = r.status;
  const set = (k: Exclude<keyof CorsAnswer, 'allowOrigin' | 'status'>, name: string) => {
    const v = value(h, name);
    if (v !== undefined) out[k] = v;
  };
  set('allowMethods', 'access-control-allow-methods');
  set('allowHeaders', 'access-control-allow-headers');
  set('allowCredentials', 'access-control-allow-credentials');
  set('maxAge', 'access-control-max-age');
  set('exposeHeaders', 'access-control-expose-headers');
  return out;
}

/** Whether the Access-Control-Allow-Origin answer lets `origin` read it (the access check). */
export type OriginCheck = 'ok' | 'missing' | 'multiple' | 'mismatch' | 'wildcard-with-credentials' | 'credentials-not-allowed';

export function checkOrigin(a: CorsAnswer, origin: string | undefined, credentials: boolean): OriginCheck {
  if (a.allowOrigin.length === 0) return 'missing';
  if (a.allowOrigin.length > 1 || a.allowOrigin[0]!.includes(',')) return 'multiple';
  const v = a.allowOrigin[0]!;
  if (v === '*') return credentials ? 'wildcard-with-credentials' : 'ok';
  if (origin !== undefined && v !== origin) return 'mismatch';
  if (credentials && a.allowCredentials !== 'true') return 'credentials-not-allowed';
  return 'ok';
}

/** Seconds Chromium keeps a preflight answer: Access-Control-Max-Age capped at 7,200; 5 when absent or unreadable; 0 when negative. */
export const DEFAULT_MAX_AGE_S = 5;
export const MAX_MAX_AGE_S = 7200;

export interface MaxAge {
  seconds: number;
  /** How the header gave it. */
  how: 'given' | 'absent' | 'unreadable' | 'capped' | 'negative';
}

export function maxAgeOf(a: CorsAnswer): MaxAge {
  if (a.maxAge === undefined) return { seconds: DEFAULT_MAX_AGE_S, how: 'absent' };
  if (!/^-?\d+$/.test(a.maxAge.trim())) return { seconds: DEFAULT_MAX_AGE_S, how: 'unreadable' };
  const n = Number(a.maxAge.trim());
  if (n < 0) return { seconds: 0, how: 'negative' };
  if (n >= MAX_MAX_AGE_S) return { seconds: MAX_MAX_AGE_S, how: n > MAX_MAX_AGE_S ? 'capped' : 'given' };
  return { seconds: n, how: 'given' };
}

/** What a preflight answer allows, parsed as the preflight cache keeps it. */
export interface Allowance {
  methods: string[];
  /** Lower case. */
  headers: string[];
  /** The answer was for a credentialed request (a `*` is then a name, not a wildcard). */
  credentials: boolean;
  /** The lists that are not lists of tokens: Chromium refuses the whole answer (and reads the list as empty). */
  invalid?: ('methods' | 'headers')[];
}

export function allowanceOf(a: CorsAnswer, credentials: boolean): Allowance {
  const m = allowList(a.allowMethods);
  const h = allowList(a.allowHeaders);
  const out: Allowance = { methods: m.items, headers: h.items.map((x) => x.toLowerCase()), credentials };
  const invalid = [...(m.valid ? [] : ['methods' as const]), ...(h.valid ? [] : ['headers' as const])];
  if (invalid.length) out.invalid = invalid;
  return out;
}

/**
 * Whether an allowance covers a method. Chromium upper-cases the request's method and compares it
 * case-sensitively with the list as received: `put` does not allow PUT, and a `patch` the page
 * wrote in lower case (fetch normalises only DELETE, GET, HEAD, OPTIONS, POST, PUT) is allowed
 * only by `PATCH`.
 */
export function coversMethod(al: Allowance, method: string): boolean {
  const m = method.toUpperCase();
  if (isSafelistedMethod(m) || al.methods.includes(m)) return true;
  return !al.credentials && al.methods.includes('*');
}

/**
 * Whether an allowance covers a header name. The spec says `*` never covers Authorization; on
 * Chromium 156 it still does (with a deprecation issue), so `authorization-by-wildcard` is told
 * apart from a plain yes.
 */
export function coversHeader(al: Allowance, name: string): 'yes' | 'no' | 'authorization-by-wildcard' {
  const n = name.toLowerCase();
  if (al.headers.includes(n)) return 'yes';
  if (!al.credentials && al.headers.includes('*')) return n === 'authorization' ? 'authorization-by-wildcard' : 'yes';
  return 'no';
}
