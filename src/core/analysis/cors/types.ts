// The CORS analysis's model: plain data (ids, numbers, strings), keyed by NetworkRequest.id (hop id).
import type { CorsPairing, UnpairedPreflight } from './pairing.ts';
import type { PreflightCause } from './safelist.ts';
import type { CorsAnswer, MaxAge, OriginCheck } from './answer.ts';
import type { FailureWords } from './errors.ts';
import type { LocalNetworkVerdict } from './local-network.ts';

/**
 * - `same-origin`: the page's own origin; CORS does not apply.
 * - `simple`: cross-origin, no preflight needed (safelisted method, headers and content type).
 * - `preflighted`: cross-origin and needed a preflight (sent, or served from the preflight cache).
 * - `no-cors`: cross-origin in no-cors mode (an `<img>`, a `mode: 'no-cors'` fetch): an opaque response.
 * - `failed`: blocked by a CORS check (its failure says which).
 * - `navigation`: a document load; CORS does not apply.
 */
export type CorsClass = 'same-origin' | 'simple' | 'preflighted' | 'no-cors' | 'failed' | 'navigation';

/** Why a request that paid a preflight could not use the one sent before. */
export type MissReason =
  /** The cache is per URL: another path of the same server. */
  | 'other-url'
  /** The cache is per URL, query included: same path, another query. */
  | 'other-query'
  /** The cached answer did not allow this method. */
  | 'method'
  /** The cached answer did not allow one of this request's headers. */
  | 'header'
  /** The cached answer was for a request without credentials; this one had credentials. */
  | 'credentials'
  /** Access-Control-Max-Age: 0 (or negative): the answer is never kept. */
  | 'max-age-0'
  /** No Access-Control-Max-Age: kept 5 s, and more than 5 s had passed. */
  | 'expired-default'
  /** The answer's max-age had run out. */
  | 'expired'
  /** Max-age over 7,200 s was capped to 7,200 s, which had run out. */
  | 'expired-capped'
  /** The earlier preflight's answer was refused (status, origin, a list that is not a list), so nothing was cached. */
  | 'refused'
  /** A preflight with the same key was sent, and nothing visible says why it was not reused. */
  | 'unexplained';

export type CacheVerdict =
  /** Needed a preflight and had none: the preflight cache answered. */
  | { kind: 'hit'; filledBy?: string; filledAt?: number; leftS?: number; beforeRecording?: boolean }
  /** Paid a preflight although one had been sent for this origin before. */
  | { kind: 'miss'; reason: MissReason; previous: string; detail?: string }
  /** The first preflight of this key in the recording. */
  | { kind: 'first' };

export interface CorsTime {
  /** The preflight's own duration (issued → finished), ms. */
  preflightMs?: number;
  /** How long it delayed its request (the request's queueing while the preflight ran), ms. */
  delayMs?: number;
  /** delayMs as a share of the request's total, 0–1. */
  share?: number;
  /** The preflight's phases (ms): DNS, connect, wait, … as the protocol timed them. */
  phases?: Record<string, number>;
}

export interface CorsRequest {
  /** NetworkRequest.id of the hop. */
  id: string;
  class: CorsClass;
  /** The request's origin (the server). */
  target: string;
  /** The page's origin as the request carried it (Origin), else the document's. */
  initiator?: string;
  /** The request's Origin was `null` (after a redirect to another origin). */
  originNull?: boolean;
  /** Sec-Fetch-Mode when sent (secure targets only). */
  mode?: string;
  /** Whether it went with credentials: `include` when a Cookie was sent or the failure proves it. */
  credentials: 'include' | 'unknown';
  /** The preflight(s) that guarded this hop (the one pairing). */
  preflightIds: string[];
  /** Why a preflight was (or would have been) needed; for a simple request, empty. */
  causes: PreflightCause[];
  /** For a simple request: the page's safelisted headers it sent (names, lower case). */
  safelisted?: string[];
  /** The server's answer to the preflight, with what it covers. */
  preflightAnswer?: CorsAnswer & { maxAge_: MaxAge; covers: Coverage; /** Lists Chromium refused as not lists of tokens. */ invalidList?: ('methods' | 'headers')[] };
  /** The server's answer to the request itself. */
  answer?: CorsAnswer & { origin_: OriginCheck };
  cache?: CacheVerdict;
  failure?: FailureWords;
  time?: CorsTime;
  /** Local Network Access: the request reached (or asked for) a more private address space. */
  localNetwork?: LocalNetworkVerdict;
  /** What Chromium's Audits CORS issue for it added: whether it was only a warning, and the script line that made it. */
  issue?: { error?: string; isWarning: boolean; initiatorOrigin?: string; location?: { url: string; lineNumber: number; columnNumber: number } };
}

/** An Audits CORS issue that names no request: a fetch refused in the renderer, with no Network event at all. */
export interface CorsIssueWithoutRequest {
  url?: string;
  initiator?: string;
  location?: { url: string; lineNumber: number; columnNumber: number };
  failure?: FailureWords;
}

export interface Coverage {
  origin: OriginCheck;
  method: { name: string; covered: boolean };
  headers: { name: string; covered: 'yes' | 'no' | 'authorization-by-wildcard' }[];
}

export interface CorsOriginTotals {
  /** Target origin. */
  origin: string;
  requests: number;
  preflights: number;
  /** Preflight round trips' summed duration, ms. */
  preflightMs: number;
  /** Summed delay the preflights caused, ms. */
  delayMs: number;
  hits: number;
  misses: number;
  failures: number;
  /** What a longer Access-Control-Max-Age (7,200 s) would have saved in this recording. */
  saving: { preflights: number; ms: number };
  /** Largest max-age the origin answered, s (undefined when it answered none). */
  maxAgeS?: number;
}

export interface CorsData {
  pairing: CorsPairing;
  /** Every request hop but preflights, in creation order. */
  requests: CorsRequest[];
  /** Index into `requests` by hop id (null prototype). */
  byId: Record<string, number>;
  /** Cross-origin requests' totals per target origin, failures first, then by preflights. */
  origins: CorsOriginTotals[];
  unpaired: UnpairedPreflight[];
  /** Audits CORS issues that name no request (only when the caller passed them). */
  withoutRequest?: CorsIssueWithoutRequest[];
}
