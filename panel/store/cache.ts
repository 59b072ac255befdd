// The Cache view's state: the cache analysis of the open session, memoised per recorder version
// (and, for a large session being recorded live, recomputed at most about twice as often as it
// takes), the selected URL, the filter, and the comparison of two stored sessions.
//
// One model per store (a WeakMap), so the Cache view and the Explain tab of the detail pane share
// the same analysis.
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { analyzeCache, compareSessions, type CacheAnalysisResult, type CacheUrlRow, type SessionComparison } from '../../src/core/analysis/cache/index.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { useStore, type Store } from './store.ts';
import { pacedAnalysis } from './paced-analysis.ts';

export type CacheMode = 'urls' | 'compare';

export interface CompareState {
  beforeId: Signal<string | undefined>;
  afterId: Signal<string | undefined>;
  result: Signal<(SessionComparison & { beforeId: string; afterId: string }) | undefined>;
  busy: Signal<boolean>;
  error: Signal<string | undefined>;
}

export interface CacheModel {
  analysis: ReadonlySignal<CacheAnalysisResult | undefined>;
  /** Rows after the filter. */
  rows: ReadonlySignal<CacheUrlRow[]>;
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

const models = new WeakMap<Store, CacheModel>();

export function cacheModel(store: Store): CacheModel {
  let model = models.get(store);
  if (!model) {
    model = createCacheModel(store);
    models.set(store, model);
  }
  return model;
}

export function useCacheModel(): CacheModel {
  return cacheModel(useStore());
}

function createCacheModel(store: Store): CacheModel {
  const analysis = pacedAnalysis(store.version, store.loader, (loader) => {
    const rec = loader?.recorder;
    return rec ? analyzeCache(rec.requests(), rec.pages()) : undefined;
  });

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
    const loader = store.loader.peek();
    if (loader && loader.sessionId === id) return loader.recorder;
    const rec = new NetworkRecorder();
    for await (const page of store.backend.eventPages(id, 1, 5000)) for (const row of page) rec.dispatch(toLogEvent(row));
    return rec;
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

  return { analysis, rows, mode: signal<CacheMode>('urls'), filter, adviceOnly, selectedKey: signal(undefined), compare, runCompare };
}
