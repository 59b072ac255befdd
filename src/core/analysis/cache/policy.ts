// The RFC 9111 rules come from http-cache-semantics (kornelski's library, used by got, make-fetch-
// happen and cacheable-request), not from hand-written code. Two things are adapted to a
// *recording*:
//
// - Its clock. The library reads `Date.now()` through an overridable `now()` — when it creates a
//   policy (the response's receive time) and when it judges age and staleness. Here time is the
//   recorded wall clock of the events, so `now()` returns a time set just before each call.
// - Chrome's choices. A browser cache is private (`shared: false`: `private` responses may be
//   stored, `s-maxage` ignored); the heuristic lifetime is 10% of the time since Last-Modified, as
//   in Chromium; and Chromium does not implement `immutable`, so the library's minimum lifetime for
//   immutable responses (24 hours by default) is turned off.
import CachePolicy from 'http-cache-semantics';
import type { HeaderMap } from './headers.ts';

/** The time every RecordedPolicy reads as "now" (epoch ms); set by `at()` before each use. */
let clockMs = 0;

class RecordedPolicy extends CachePolicy {
  now(): number {
    return clockMs;
  }
}

export const POLICY_OPTIONS: CachePolicy.Options = { shared: false, cacheHeuristic: 0.1, immutableMinTimeToLive: 0 };

export type Policy = CachePolicy;

/** Runs `fn` with the policies' clock at `ms` (epoch). Synchronous, so nothing else sees that time. */
export function at<T>(ms: number, fn: () => T): T {
  clockMs = ms;
  return fn();
}

/** A policy for a response received at `receivedWall` (epoch ms) to a request. */
export function policyFor(url: string, method: string, requestHeaders: HeaderMap, status: number, responseHeaders: HeaderMap, receivedWall: number): Policy {
  const req = { url, method, headers: withHost(url, requestHeaders) };
  return at(receivedWall, () => new RecordedPolicy(req, { status, headers: responseHeaders }, POLICY_OPTIONS));
}

/**
 * The stored policy after a 304 at `receivedWall`: the library merges the 304's header fields into
 * the stored ones (RFC 9111 §4.3.4) and says whether the 304's validator matched the stored one.
 */
export function revalidated(stored: Policy, url: string, method: string, requestHeaders: HeaderMap, responseHeaders: HeaderMap, receivedWall: number): { policy: Policy; matches: boolean } {
  const req = { url, method, headers: withHost(url, requestHeaders) };
  return at(receivedWall, () => {
    const r = stored.revalidatedPolicy(req, { status: 304, headers: responseHeaders });
    return { policy: r.policy, matches: r.matches };
  });
}

/** Whether the stored response could answer `requestHeaders` at `useWall` without asking the server. */
export function satisfiesAt(stored: Policy, url: string, method: string, requestHeaders: HeaderMap, useWall: number): boolean {
  const req = { url, method, headers: withHost(url, requestHeaders) };
  return at(useWall, () => stored.satisfiesWithoutRevalidation(req));
}

/**
 * The library compares the Host header of the stored and the new request; HTTP/2 requests carry
 * `:authority` instead (dropped from the map), and provisional headers none, so the URL's host is
 * used for both.
 */
function withHost(url: string, headers: HeaderMap): HeaderMap {
  let host = '';
  const start = url.indexOf('//');
  if (start >= 0) {
    const end = url.indexOf('/', start + 2);
    host = url.slice(start + 2, end < 0 ? undefined : end);
  }
  return { ...headers, host };
}

/**
 * True when the library's `storable()` is certainly false for this request and response, read
 * without building a policy: a `no-store` in the request's or the response's Cache-Control, or a
 * method other than GET, HEAD and POST. The directives are read exactly as the library's
 * parseCacheControl reads them (names as written, not lower-cased; the last of a repeated name
 * wins; a quoted empty value is false), so the answer is the library's. Anything else (POST with
 * or without a lifetime, statuses, private, authorization…) is left to the library. Most
 * responses of a session that is not cached at all are of this kind, and a policy each was the
 * largest part of the cache analysis of a HAR export.
 */
export function certainlyUnstorable(method: string, requestHeaders: HeaderMap, responseHeaders: HeaderMap): boolean {
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return true;
  return libraryDirectiveSet(requestHeaders['cache-control'], 'no-store') || libraryDirectiveSet(responseHeaders['cache-control'], 'no-store');
}

/** Whether http-cache-semantics' parseCacheControl(header)[name] is truthy (its code, read for one name). */
function libraryDirectiveSet(header: string | undefined, name: string): boolean {
  if (!header || !header.includes(name)) return false;
  let value: string | boolean | undefined;
  for (const part of header.trim().split(/,/)) {
    const [k, v] = part.split(/=/, 2) as [string, string | undefined];
    if (k.trim() === name) value = v === undefined ? true : v.trim().replace(/^"|"$/g, '');
  }
  return !!value;
}
