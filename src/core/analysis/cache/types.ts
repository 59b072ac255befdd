// The cache analysis's results: one verdict per request (where its response came from and why),
// one row per URL (its verdict on every load), totals, and the comparison of two sessions.
// Sentences are plain English with code spans between backticks (`max-age=600`).
import type { ResponseSource } from '../../records.ts';
import type { Age, Lifetime } from './freshness.ts';
import type { LoadKind } from './loads.ts';
import type { Storability } from './storability.ts';

/** Why the response came from where it came from. */
export type CacheReason =
  // A cache answered without asking the server.
  /** The stored response was fresh. */
  | 'fresh'
  /** A memory-cache hit of a stale response within the document that loaded it (Blink reuses it). */
  | 'same-document'
  /** A cache hit of a response that was stale by its headers (the arithmetic says it should have been checked). */
  | 'stale-hit'
  /** A cache hit whose stored response's age cannot be told (no receive time anywhere). */
  | 'hit-unknown-age'
  // A conditional request answered 304.
  /** `Cache-Control: no-cache` requires a check before every use. */
  | 'no-cache'
  /** The stored response had expired (its age reached its lifetime). */
  | 'expired'
  /** A normal reload revalidates the main document (`Cache-Control: max-age=0`). */
  | 'reload-main-document'
  /** The request itself asked for revalidation (`Cache-Control: max-age=0`). */
  | 'request-validate'
  /** Revalidated, but the stored response is unknown or was fresh by its headers. */
  | 'revalidated-unknown'
  // A full response from the server.
  /** A conditional request the server answered with a full response: the resource changed. */
  | 'changed'
  /** Nothing stored for this URL earlier in the session. */
  | 'first-load'
  /** The previous response of this URL could not be stored (`no-store`…). */
  | 'not-stored'
  /** A hard reload, or the request asked to bypass the cache (`Cache-Control: no-cache`). */
  | 'bypass'
  /** The stored copy had expired and had no validator to revalidate with. */
  | 'stale-no-validator'
  /** The stored copy was for other values of a header named in `Vary`. */
  | 'vary-mismatch'
  /** A stored copy looked usable, yet the browser fetched it in full (evicted, partitioned…). */
  | 'unexplained'
  /** Not a GET or HEAD: not served from a cache. */
  | 'not-cacheable-method'
  // Other sources.
  | 'service-worker'
  | 'cache-storage'
  | 'prefetch'
  | 'early-hints'
  | 'pending'
  | 'failed'
  /** data:, blob:, WebSocket…: no HTTP cache involved. */
  | 'not-http';

export type AdviceCode = 'hashed-short-lifetime' | 'large-no-validator' | 'no-store-static' | 'vary-defeats-cache' | 'always-revalidated';

export interface Advice {
  code: AdviceCode;
  text: string;
}

/** What a response's headers say about caching it (the stored response for a hit or a 304). */
export interface ResponseFacts {
  status: number;
  cacheControl?: string;
  storability: Storability;
  lifetime: Lifetime;
  noCache: boolean;
  noStore: boolean;
  mustRevalidate: boolean;
  /** It came over TLS with a certificate error, which Chrome's HTTP cache never stores. */
  certificateError?: boolean;
  /** `immutable` is present (Chromium ignores it; Firefox and Safari honour it). */
  immutable: boolean;
  etag?: string;
  lastModified?: string;
  /** Header names in Vary, lower case. */
  vary: string[];
  /** Body bytes as delivered to the page. */
  decodedBytes?: number;
}

/** A conditional header the request sent. */
export interface Conditional {
  name: 'If-None-Match' | 'If-Modified-Since';
  value: string;
}

/** Where the stored response's facts (receive time, request) come from. */
export type StoredLink =
  /** The full response that stored it is earlier in this session. */
  | 'session'
  /** It is in the session compared against (an earlier recording). */
  | 'prior-session'
  /** Not in the session; its receive time comes from the replayed response (`responseTime`). */
  | 'response-time'
  /** Not in the session and its receive time is unknown. */
  | 'none';

/**
 * One request's cache verdict as plain data: ids, numbers, strings and plain objects, no
 * functions, no class instances, no references into the records, so it crosses to a worker and
 * back unchanged. Its sentences are written on demand by `cacheWords(verdict, request)`.
 */
export interface CacheVerdictData {
  id: string;
  url: string;
  /** Method and URL without fragment: the cache key as far as the session shows it. */
  key: string;
  method: string;
  source: ResponseSource;
  reason: CacheReason;
  load: {
    pageIndex: number;
    pageId?: string;
    kind: LoadKind;
    isMainDocument: boolean;
    bypass: boolean;
  };
  /** For a hit or a 304: the stored response; for a full response: this response (as it will be stored). */
  response?: ResponseFacts;
  /** For a hit or a 304: the stored response's age when used (or requested). */
  age?: Age;
  fresh?: boolean;
  link: StoredLink;
  /** The request whose full response filled the cache, and the last 304 that refreshed it. */
  storedBy?: string;
  refreshedBy?: string;
  /** When the stored response was received (epoch ms). */
  storedWall?: number;
  conditionals: Conditional[];
  /** What the validator matched, e.g. the stored `ETag: "v7"` (for a 304). */
  matched?: string;
  /** Bytes not downloaded thanks to the cache: the full response for a hit, the body for a 304. */
  bytesSaved?: number;
  /** The saving was estimated from the body delivered (the full download is not in the session). */
  bytesSavedEstimated: boolean;
  advice: Advice[];
  /** For a full response: the stored copy it did not use, and its age and freshness then (for the sentences). */
  previous?: { facts: ResponseFacts; age?: Age; fresh?: boolean };
  /** For a Vary miss: the header, and its value when stored and now (for the sentences). */
  varyMismatch?: { name: string; stored: string | undefined; now: string | undefined };
}

/** A verdict with its sentences, written when first read (for callers that hold the records). */
export interface CacheVerdict extends CacheVerdictData {
  /** First sentence: the outcome with its main reason. */
  readonly headline: string;
  /** The reasoning, one point per sentence. */
  readonly why: string[];
}

export interface CacheUrlRow<V extends CacheVerdictData = CacheVerdict> {
  key: string;
  url: string;
  method: string;
  /** Every load of the URL, in order. */
  loads: V[];
  /** The latest response headers known for the URL (stored or full). */
  response?: ResponseFacts;
  /** Age when the URL was last served from a cache or revalidated. */
  lastAge?: number;
  advice: Advice[];
  fromCache: number;
  revalidated: number;
  network: number;
}

export interface SourceTotal {
  requests: number;
  /** Bytes: transferred for network and 304, body delivered for cache sources. */
  bytes: number;
}

export interface CacheTotals {
  /** HTTP(S) requests (data:, WebSocket… left out). */
  requests: number;
  bySource: Record<ResponseSource, SourceTotal>;
  /** Memory, disk and prefetch cache, and Cache Storage: no request reached the server. */
  fromCache: SourceTotal;
  /** 304s: a request, but the body came from the cache. */
  revalidated: SourceTotal & { bodyBytes: number };
  network: SourceTotal;
  /** Sum of every verdict's bytesSaved. */
  bytesSaved: number;
}

export interface CachePage {
  index: number;
  id: string;
  url: string;
  kind: LoadKind;
}

export interface CacheAnalysis<V extends CacheVerdictData = CacheVerdict> {
  verdicts: ReadonlyMap<string, V>;
  /** One row per URL (HTTP only), in order of first load. */
  rows: CacheUrlRow<V>[];
  totals: CacheTotals;
  pages: CachePage[];
}

/** The cache analysis as plain data (structured-cloneable); see CacheVerdictData. */
export type CacheAnalysisData = CacheAnalysis<CacheVerdictData>;
