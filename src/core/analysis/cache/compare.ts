// Comparing two sessions, typically a cold load and a warm one: what the cache saved the second
// time (requests, bytes, time), and which URLs still went to the server and why. The second
// session is analysed against the cache the first one left behind, so its first loads link to the
// responses that stored them ("stored during the earlier session").
import type { NetworkRequest, PageRecord } from '../../records.ts';
import { analyseCache, cacheKey, type CacheAnalysisResult } from './analyse.ts';
import type { CacheVerdict } from './types.ts';

export interface SessionSide {
  requests: readonly NetworkRequest[];
  pages: readonly PageRecord[];
}

export interface SideSummary {
  /** HTTP requests. */
  requests: number;
  /** Requests that reached the server (full responses and 304s). */
  toServer: number;
  fromCache: number;
  revalidated: number;
  /** Bytes over the wire, headers included. */
  transferred: number;
  /** First page's load event after its start (ms), when recorded. */
  loadMs?: number;
}

export interface UrlPair {
  key: string;
  url: string;
  before: CacheVerdict;
  after: CacheVerdict;
  /** Bytes and milliseconds the second load spared (never negative). */
  bytesAvoided: number;
  timeAvoidedMs: number;
}

export interface SessionComparison {
  before: SideSummary;
  after: SideSummary;
  /** Loads of the same URL in both sessions, paired in order (the k-th with the k-th). */
  pairs: UrlPair[];
  /** Second loads answered without a request to the server. */
  requestsAvoided: number;
  /** Second loads answered 304: a request, but no body. */
  bodiesAvoided: number;
  bytesAvoided: number;
  timeAvoidedMs: number;
  /** Second loads that still reached the server, with the verdict that says why. */
  notFromCache: UrlPair[];
  /** URLs loaded in only one of the sessions. */
  onlyBefore: string[];
  onlyAfter: string[];
  beforeAnalysis: CacheAnalysisResult;
  /** The second session, analysed against the cache the first one left. */
  afterAnalysis: CacheAnalysisResult;
}

function summary(side: SessionSide, analysis: CacheAnalysisResult): SideSummary {
  const t = analysis.totals;
  let transferred = 0;
  for (const r of side.requests) if (cacheKey(r) !== undefined) transferred += r.transferSize ?? 0;
  const first = side.pages[0];
  const loadMs = first?.loadAt !== undefined && first.startedAt !== undefined ? first.loadAt - first.startedAt : undefined;
  return {
    requests: t.requests,
    toServer: t.network.requests + t.revalidated.requests,
    fromCache: t.fromCache.requests,
    revalidated: t.revalidated.requests,
    transferred,
    ...(loadMs !== undefined ? { loadMs } : {}),
  };
}

function byKey(side: SessionSide, analysis: CacheAnalysisResult): Map<string, { r: NetworkRequest; v: CacheVerdict }[]> {
  const out = new Map<string, { r: NetworkRequest; v: CacheVerdict }[]>();
  for (const r of side.requests) {
    const v = analysis.verdicts.get(r.id);
    if (!v || v.reason === 'not-http') continue;
    let list = out.get(v.key);
    if (!list) out.set(v.key, (list = []));
    list.push({ r, v });
  }
  return out;
}

export function compareSessions(before: SessionSide, after: SessionSide): SessionComparison {
  const beforeAnalysis = analyseCache(before.requests, before.pages);
  const afterAnalysis = analyseCache(after.requests, after.pages, { prior: beforeAnalysis.entries });
  const a = byKey(before, beforeAnalysis);
  const b = byKey(after, afterAnalysis);
  const pairs: UrlPair[] = [];
  const onlyBefore: string[] = [];
  const onlyAfter: string[] = [];
  for (const [key, list] of a) {
    const other = b.get(key);
    if (!other) {
      onlyBefore.push(list[0]!.v.url);
      continue;
    }
    const n = Math.min(list.length, other.length);
    for (let i = 0; i < n; i++) {
      const x = list[i]!;
      const y = other[i]!;
      pairs.push({
        key,
        url: x.v.url,
        before: x.v,
        after: y.v,
        bytesAvoided: Math.max(0, (x.r.transferSize ?? 0) - (y.r.transferSize ?? 0)),
        timeAvoidedMs: Math.max(0, (x.r.phases.total ?? 0) - (y.r.phases.total ?? 0)),
      });
    }
  }
  for (const [key, list] of b) if (!a.has(key)) onlyAfter.push(list[0]!.v.url);
  let requestsAvoided = 0;
  let bodiesAvoided = 0;
  let bytesAvoided = 0;
  let timeAvoidedMs = 0;
  const notFromCache: UrlPair[] = [];
  for (const p of pairs) {
    const s = p.after.source;
    if (s === 'memory-cache' || s === 'disk-cache' || s === 'prefetch-cache' || p.after.reason === 'cache-storage') requestsAvoided++;
    else if (s === 'revalidated') bodiesAvoided++;
    if (s === 'revalidated' || s === 'network') notFromCache.push(p);
    bytesAvoided += p.bytesAvoided;
    timeAvoidedMs += p.timeAvoidedMs;
  }
  return {
    before: summary(before, beforeAnalysis),
    after: summary(after, afterAnalysis),
    pairs,
    requestsAvoided,
    bodiesAvoided,
    bytesAvoided,
    timeAvoidedMs,
    notFromCache,
    onlyBefore,
    onlyAfter,
    beforeAnalysis,
    afterAnalysis,
  };
}
