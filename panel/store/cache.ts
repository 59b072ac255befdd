// The Cache view's state: the cache analysis of the open session (run by the analysis worker,
// following the recorder's version while a view reads it, spaced out while a big session records
// live), the sentences of the verdicts on screen (written on demand from the plain data and the
// panel's own records), the selected URL, the filter, and the comparison of two stored sessions.
// One model per store (a Store field), so the Cache view and the Explain tab share the analysis.
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { cacheWords, compareSessions, type CacheAnalysisData, type CacheUrlRow, type CacheVerdictData, type SessionComparison } from '../../src/core/analysis/cache/index.ts';
import { foldStoredSession } from '../../src/core/fold-session.ts';
import type { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import type { PanelBackend } from '../backend/backend.ts';
import { pacedAnalysis } from './paced-analysis.ts';
import type { SessionLoader } from './session-loader.ts';

export type CacheMode = 'urls' | 'compare';

export interface CompareState {
  beforeId: Signal<string | undefined>;
  afterId: Signal<string | undefined>;
  result: Signal<(SessionComparison & { beforeId: string; afterId: string }) | undefined>;
  busy: Signal<boolean>;
  error: Signal<string | undefined>;
}

export interface CacheModel {
  /** The analysis the worker last sent (plain data); undefined until the first arrives. */
  analysis: ReadonlySignal<CacheAnalysisData | undefined>;
  /** The worker is analysing. */
  running: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
  /** A verdict's sentences (memoised per verdict; from the open session's records). */
  words(v: CacheVerdictData): { headline: string; why: string[] };
  /** Rows after the filter. */
  rows: ReadonlySignal<CacheUrlRow<CacheVerdictData>[]>;
  mode: Signal<CacheMode>;
  /** Text the URL must contain. */
  filter: Signal<string>;
  /** Show only URLs with advice. */
  adviceOnly: Signal<boolean>;
  selectedKey: Signal<string | undefined>;
  compare: CompareState;
  /** Folds the two chosen sessions and compares them. */
  runCompare(): Promise<void>;
}

export interface CacheModelDeps {
  backend: PanelBackend;
  version: ReadonlySignal<number>;
  loader: ReadonlySignal<SessionLoader | undefined>;
}

export function createCacheModel({ backend, version, loader }: CacheModelDeps): CacheModel {
  const paced = pacedAnalysis(version, loader, async (target) => (await backend.analysis().cache(target.sessionId, target.lastSeq))?.data);
  const analysis = paced.result;

  let wordsOf = new WeakMap<CacheVerdictData, { headline: string; why: string[] }>();
  let wordsLoader: SessionLoader | undefined;
  const words = (v: CacheVerdictData) => {
    const l = loader.peek();
    if (l !== wordsLoader) {
      wordsLoader = l;
      wordsOf = new WeakMap();
    }
    let w = wordsOf.get(v);
    if (w === undefined) {
      // A Compare verdict already carries its words (it was analysed here, with its records).
      const own = v as Partial<{ headline: string; why: string[] }>;
      const r = l?.recorder.request(v.id);
      w = own.headline !== undefined && own.why !== undefined ? { headline: own.headline, why: own.why } : r ? cacheWords(v, r) : { headline: '', why: [] };
      wordsOf.set(v, w);
    }
    return w;
  };
  const filter = signal('');
  const adviceOnly = signal(false);
  const rows = computed(() => {
    const all = analysis.value?.rows ?? [];
    const text = filter.value.trim().toLowerCase();
    const onlyAdvice = adviceOnly.value;
    if (!text && !onlyAdvice) return all;
    return all.filter((r) => (!text || r.url.toLowerCase().includes(text)) && (!onlyAdvice || r.advice.length > 0));
  });

  const compare: CompareState = {
    beforeId: signal(undefined),
    afterId: signal(undefined),
    result: signal(undefined),
    busy: signal(false),
    error: signal(undefined),
  };

  /** A session's records: the open session's recorder, or a fold of its stored events. */
  const fold = async (id: string): Promise<NetworkRecorder> => {
    const open = loader.peek();
    if (open && open.sessionId === id) return open.recorder;
    return (await foldStoredSession(backend.eventPages(id, 1, 5000))).recorder;
  };

  const runCompare = async () => {
    const beforeId = compare.beforeId.peek();
    const afterId = compare.afterId.peek();
    if (!beforeId || !afterId) {
      compare.error.value = 'Choose two sessions to compare.';
      return;
    }
    batch(() => {
      compare.busy.value = true;
      compare.error.value = undefined;
    });
    try {
      const [a, b] = [await fold(beforeId), await fold(afterId)];
      const result = compareSessions({ requests: a.requests(), pages: a.pages() }, { requests: b.requests(), pages: b.pages() });
      compare.result.value = { ...result, beforeId, afterId };
    } catch (err) {
      compare.error.value = err instanceof Error ? err.message : String(err);
    } finally {
      compare.busy.value = false;
    }
  };

  return { analysis, running: paced.running, error: paced.error, words, rows, mode: signal<CacheMode>('urls'), filter, adviceOnly, selectedKey: signal(undefined), compare, runCompare };
}
