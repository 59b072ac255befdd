// Compare sessions, made in the analysis worker: the two sessions are folded there, diffed
// (src/core/diff: what changed in meaning, largest effect first, each change with its requests on
// both sides) and compared for the cache (src/core/analysis/cache/compare.ts, the cache section).
// Only what the view draws crosses back: the diff (plain data), the two cache summaries, the
// totals avoided, the URLs that still went to the server with their verdicts and sentences, and
// the URLs loaded on one side only. The analyses behind it (and the cache entries they end with,
// which hold http-cache-semantics policies) stay here.
import { compareSessions, type CacheVerdict, type SideSummary } from '../../src/core/analysis/cache/index.ts';
import type { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { diffRecordings, type DiffResult, type DiffSide, type OriginPair } from '../../src/core/diff/index.ts';
import type { WordedVerdict } from './cache-window.ts';

export interface ComparedPair {
  key: string;
  url: string;
  before: WordedVerdict;
  after: WordedVerdict;
  bytesAvoided: number;
  timeAvoidedMs: number;
}

export interface ComparisonData {
  beforeId: string;
  afterId: string;
  before: SideSummary;
  after: SideSummary;
  /** Loads of the same URL in both sessions, paired in order. */
  pairs: number;
  requestsAvoided: number;
  bodiesAvoided: number;
  bytesAvoided: number;
  timeAvoidedMs: number;
  /** Second loads that still reached the server, with the verdict that says why. */
  notFromCache: ComparedPair[];
  onlyBefore: string[];
  onlyAfter: string[];
  /** The semantic diff of the two sessions (its requests' `a` ids are in the before session, `b` ids in the after one). */
  diff: DiffResult;
}

/** What the panel knows of a session beyond its events: the browser that recorded it and its recording conditions, when stored. */
export type CompareContext = Pick<DiffSide, 'label' | 'browser' | 'conditions'>;

function sideOf(id: string, rec: NetworkRecorder, context: CompareContext | undefined): DiffSide {
  return { label: context?.label ?? id, requests: rec.requests(), pages: rec.pages(), webSockets: rec.webSockets(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), ...(context?.browser ? { browser: context.browser } : {}), ...(context?.conditions ? { conditions: context.conditions } : {}) };
}

/** Compares two folded sessions; the result is plain data. */
export function compareData(beforeId: string, a: NetworkRecorder, afterId: string, b: NetworkRecorder, context: { before?: CompareContext; after?: CompareContext; sameOrigins?: OriginPair[] } = {}): ComparisonData {
  const c = compareSessions({ requests: a.requests(), pages: a.pages() }, { requests: b.requests(), pages: b.pages() });
  // The verdicts' sentences are getters written on first read: spreading reads them into strings.
  const plain = (v: CacheVerdict): WordedVerdict => ({ ...v, headline: v.headline, why: [...v.why] });
  return {
    beforeId,
    afterId,
    before: c.before,
    after: c.after,
    pairs: c.pairs.length,
    requestsAvoided: c.requestsAvoided,
    bodiesAvoided: c.bodiesAvoided,
    bytesAvoided: c.bytesAvoided,
    timeAvoidedMs: c.timeAvoidedMs,
    notFromCache: c.notFromCache.map((p) => ({ key: p.key, url: p.url, before: plain(p.before), after: plain(p.after), bytesAvoided: p.bytesAvoided, timeAvoidedMs: p.timeAvoidedMs })),
    onlyBefore: c.onlyBefore,
    onlyAfter: c.onlyAfter,
    diff: diffRecordings(sideOf(beforeId, a, context.before), sideOf(afterId, b, context.after), context.sameOrigins?.length ? { sameOrigins: context.sameOrigins } : {}),
  };
}
