// Freshness lifetime and current age (RFC 9111 §4.2), in seconds.
//
// The lifetime is the library's (`maxAge()`: max-age, else Expires − Date, else 10% of Date −
// Last-Modified, 0 for no-cache / not storable / Vary: *); this file only says which of those rules
// gave it, to name it in a sentence.
//
// The age is RFC 9111 §4.2.3, the arithmetic Chromium's HttpResponseHeaders::GetCurrentAge does:
//   apparent_age          = max(0, response_time − date_value)
//   corrected_age_value   = age_value + (response_time − request_time)
//   corrected_initial_age = max(apparent_age, corrected_age_value)
//   current_age           = corrected_initial_age + (now − response_time)
// The library's `age()` is only age_value + (now − response_time): it leaves out the apparent
// age, which is what a server clock that runs *behind* the browser's adds (a response whose Date is
// 700 s in the past arrives 700 s old). A clock that runs *ahead* makes the apparent age negative,
// and the max(0, …) drops it: skew can age a response, never rejuvenate it. Expires − Date is a
// difference of two server-clock readings, so skew does not change that lifetime.
import type { Directives, HeaderMap } from './headers.ts';
import { directiveSeconds, directiveText, httpDate } from './headers.ts';
import { at, type Policy } from './policy.ts';

export type LifetimeBasis =
  /** Cache-Control: max-age. */
  | 'max-age'
  /** Expires − Date. */
  | 'expires'
  /** Expires that is not a date, or not after Date: already expired. */
  | 'expires-past'
  /** 10% of Date − Last-Modified (no max-age or Expires). */
  | 'heuristic'
  /** Nothing to compute a lifetime from: stale as soon as stored. */
  | 'none'
  /** Cache-Control: no-cache: stored, but every use must be revalidated. */
  | 'no-cache'
  /** Vary: * never matches a later request. */
  | 'vary-star'
  /** Not storable at all. */
  | 'not-storable';

export interface Lifetime {
  /** Freshness lifetime in seconds (0 when the basis allows no fresh use). */
  seconds: number;
  basis: LifetimeBasis;
  /** The header text behind it, e.g. "max-age=600", for a code span. */
  source?: string;
  /** For `expires` and `heuristic`: the interval the rule took a share of (s), from the server's clock. */
  intervalSeconds?: number;
}

/** Which rule gave the library's lifetime, in the library's order of precedence (the policy is read only when storable). */
export function lifetimeOf(policy: Policy | undefined, headers: HeaderMap, cc: Directives, storable: boolean): Lifetime {
  if (!storable || policy === undefined) return { seconds: 0, basis: 'not-storable' };
  const seconds = policy.maxAge();
  if (cc.has('no-cache')) return { seconds: 0, basis: 'no-cache', source: 'no-cache' };
  if ((headers.vary ?? '').trim() === '*') return { seconds: 0, basis: 'vary-star', source: 'Vary: *' };
  if (directiveSeconds(cc, 'max-age') !== undefined || cc.has('max-age')) return { seconds, basis: 'max-age', source: directiveText(cc, 'max-age') };
  const date = httpDate(headers.date);
  if (headers.expires !== undefined) {
    const expires = httpDate(headers.expires);
    if (expires === undefined || (date !== undefined && expires < date)) return { seconds: 0, basis: 'expires-past', source: `Expires: ${headers.expires}` };
    return { seconds, basis: 'expires', source: `Expires: ${headers.expires}`, ...(date !== undefined ? { intervalSeconds: (expires - date) / 1000 } : {}) };
  }
  const lastModified = httpDate(headers['last-modified']);
  if (lastModified !== undefined && seconds > 0) {
    return { seconds, basis: 'heuristic', source: `Last-Modified: ${headers['last-modified']}`, ...(date !== undefined ? { intervalSeconds: (date - lastModified) / 1000 } : {}) };
  }
  return { seconds, basis: 'none' };
}

export interface Age {
  /** The Age header (s), 0 when absent. */
  ageHeader: number;
  /** Receive time − Date (s): positive when the server's clock is behind the browser's; undefined without a Date. */
  dateSkew?: number;
  /** max(0, dateSkew) (s). */
  apparentAge: number;
  /** Receive time − request time of the load that stored it (s); 0 when that load is unknown. */
  responseDelay: number;
  /** max(apparentAge, ageHeader + responseDelay) (s): how old it was on arrival. */
  initialAge: number;
  /** Use time − receive time (s): how long it sat in the cache. */
  residentTime: number;
  /** initialAge + residentTime (s): how old it was when used. */
  currentAge: number;
  /** The library's own age() at the same moment (Age header + resident time), for comparison. */
  libraryAge: number;
}

/**
 * Age of a stored response at `useWall` (epoch ms). `receivedWall` is when it was received;
 * `requestWall` when the request that fetched it was sent (undefined when unknown).
 */
export function ageAt(policy: Policy, headers: HeaderMap, receivedWall: number, requestWall: number | undefined, useWall: number): Age {
  const ageHeader = Math.max(0, Number.parseInt(headers.age ?? '0', 10) || 0);
  const date = httpDate(headers.date);
  const dateSkew = date === undefined ? undefined : (receivedWall - date) / 1000;
  const apparentAge = Math.max(0, dateSkew ?? 0);
  const responseDelay = requestWall === undefined ? 0 : Math.max(0, (receivedWall - requestWall) / 1000);
  const initialAge = Math.max(apparentAge, ageHeader + responseDelay);
  // A use dated before the receipt (a log whose clocks disagree, or a wall time it lacks) is no time in the cache.
  const residentTime = Math.max(0, (useWall - receivedWall) / 1000);
  const libraryAge = at(useWall, () => policy.age());
  return {
    ageHeader,
    ...(dateSkew !== undefined ? { dateSkew } : {}),
    apparentAge,
    responseDelay,
    initialAge,
    residentTime,
    currentAge: initialAge + residentTime,
    libraryAge,
  };
}

/** Fresh when the lifetime exceeds the age (RFC 9111 §4.2: "fresh if freshness_lifetime > current_age"). */
export function isFresh(lifetime: Lifetime, age: Age): boolean {
  return lifetime.seconds > age.currentAge;
}

/** A server clock that differs from the browser's by more than this (s) is worth a sentence (Date has 1 s resolution). */
export const NOTABLE_SKEW_SECONDS = 2;
