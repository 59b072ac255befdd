// The cache analysis (pure): where every response came from and why, by the HTTP caching rules.
export { analyseCache, analyseCacheData, analyseCacheVerdicts, cacheKey, eachCacheVerdict, withWords, worded, type AnalyseOptions, type CacheAnalysisResult } from './analyse.ts';
export { cacheHeadline, cacheWords } from './explain.ts';
export type { StoredEntry } from './entries.ts';
export type { Age, Lifetime, LifetimeBasis } from './freshness.ts';
export type { LoadKind } from './loads.ts';
export type { Storability } from './storability.ts';
export type * from './types.ts';
export { compareSessions, type SessionComparison, type SessionSide, type SideSummary, type UrlPair } from './compare.ts';
