// The Cache view's state. The cache analysis lives in the analysis worker, which keeps it; the
// view is sent only what it draws (panel/workers/cache-window.ts): the window of URL rows in view
// after the filter, the counts for the scrollbar, the totals, the page loads, and the selected URL
// with every load, every verdict with its sentences. Asked for while the view reads it, at once on
// a scroll, a keystroke or a selection (the worker answers from the analysis it kept), and spaced
// out while a big session records live (see paced-analysis.ts). Compare sessions runs in the
// worker too. One model per store (a Store field).
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { CacheVerdictData } from '../../src/core/analysis/cache/index.ts';
import type { PanelBackend } from '../backend/backend.ts';
import type { CacheQuery, CacheWindow } from '../workers/cache-window.ts';
import type { ComparisonData } from '../workers/compare-data.ts';
import type { OriginPair } from '../../src/core/diff/index.ts';
import { sessionLabel, type SessionInfo } from '../../src/core/session.ts';
import { experimentConditions } from '../../src/core/experiments.ts';
import { pacedAnalysis } from './paced-analysis.ts';
import type { SessionLoader } from './session-loader.ts';

export type CacheMode = 'urls' | 'compare';

export interface CompareState {
  beforeId: Signal<string | undefined>;
  afterId: Signal<string | undefined>;
  result: Signal<ComparisonData | undefined>;
  busy: Signal<boolean>;
  error: Signal<string | undefined>;
}

/** Rows asked for around those in view, so a small scroll or a keyboard move needs no new window. */
const MARGIN = 60;
/** Window edges move in steps of this many rows (a scroll of a few rows asks for nothing). */
const STEP = 40;

export interface CacheModel {
  /** The window the worker last sent; undefined until the first arrives. */
  window: ReadonlySignal<CacheWindow | undefined>;
  /** The worker is analysing or building a window. */
  running: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
  /** A verdict's sentences (the worker sends them with every verdict). */
  words(v: CacheVerdictData): { headline: string; why: string[] };
  /** The view's rows in sight (first, last exclusive), from the virtual list. */
  inView(first: number, last: number): void;
  /** Selects the row at `index` of the filtered list (keyboard), asking the worker when it is outside the window. */
  selectIndex(index: number): void;
  mode: Signal<CacheMode>;
  /** Text the URL must contain. */
  filter: Signal<string>;
  /** Show only URLs with advice. */
  adviceOnly: Signal<boolean>;
  selectedKey: Signal<string | undefined>;
  compare: CompareState;
  /** Compares the two chosen sessions (in the analysis worker), with origins of the first compared as the second's (`--same-origin`) when given. */
  runCompare(sameOrigins?: OriginPair[]): Promise<void>;
  /** No answer is outstanding (tests wait on it). */
  idle(): boolean;
}

export interface CacheModelDeps {
  backend: PanelBackend;
  version: ReadonlySignal<number>;
  loader: ReadonlySignal<SessionLoader | undefined>;
}

export function createCacheModel({ backend, version, loader }: CacheModelDeps): CacheModel {
  const filter = signal('');
  const adviceOnly = signal(false);
  const selectedKey = signal<string | undefined>(undefined);
  const range = signal({ from: 0, to: STEP + MARGIN });
  const query = computed<CacheQuery>(() => ({ filter: filter.value, adviceOnly: adviceOnly.value, ...range.value, selectedKey: selectedKey.value }));
  let shownSeq = 0;
  const paced = pacedAnalysis(
    version,
    loader,
    async (target, q: CacheQuery, moved) => {
      // A query alone (a scroll, a keystroke) is answered from the analysis the worker kept.
      const w = await backend.analysis().cacheWindow(target.sessionId, moved ? target.lastSeq : Math.min(shownSeq, target.lastSeq), q);
      if (w) shownSeq = w.seq;
      return w;
    },
    { query },
  );
  const window = paced.result;

  const words = (v: CacheVerdictData) => {
    const own = v as Partial<{ headline: string; why: string[] }>;
    return own.headline !== undefined && own.why !== undefined ? { headline: own.headline, why: own.why } : { headline: '', why: [] };
  };

  const inView = (first: number, last: number) => {
    const from = Math.max(0, Math.floor((first - MARGIN) / STEP) * STEP);
    const to = Math.ceil((last + MARGIN) / STEP) * STEP;
    const r = range.peek();
    if (r.from !== from || r.to !== to) range.value = { from, to };
  };

  let keyAsk = 0;
  const selectIndex = (index: number) => {
    const w = window.peek();
    const l = loader.peek();
    if (!w || !l || w.count === 0) return;
    const i = Math.max(0, Math.min(w.count - 1, index));
    const row = w.rows[i - w.from];
    if (row) {
      selectedKey.value = row.key;
      return;
    }
    const ask = ++keyAsk;
    void backend
      .analysis()
      .cacheKeyAt(l.sessionId, w.seq, { filter: filter.peek(), adviceOnly: adviceOnly.peek() }, i)
      .then((key) => {
        if (key !== undefined && ask === keyAsk && loader.peek() === l) selectedKey.value = key;
      })
      .catch(() => undefined);
  };

  const compare: CompareState = {
    beforeId: signal(undefined),
    afterId: signal(undefined),
    result: signal(undefined),
    busy: signal(false),
    error: signal(undefined),
  };

  const runCompare = async (sameOrigins?: OriginPair[]) => {
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
      // The sessions' browser and recording conditions (a `conditions` field when the session has one) go with them, for the diff's warnings.
      const context = async (id: string) => {
        const s = (await backend.getSession(id)) as (SessionInfo & { conditions?: Record<string, unknown> }) | undefined;
        return s ? { label: sessionLabel(s), ...(s.browserVersion ? { browser: s.browserVersion } : {}), ...(s.experiment ? { conditions: experimentConditions(s.experiment)! } : s.conditions && typeof s.conditions === 'object' ? { conditions: s.conditions } : {}) } : undefined;
      };
      const [before, after] = await Promise.all([context(beforeId), context(afterId)]);
      compare.result.value = await backend.analysis().compare(beforeId, afterId, { ...(before ? { before } : {}), ...(after ? { after } : {}), ...(sameOrigins?.length ? { sameOrigins } : {}) });
    } catch (err) {
      compare.error.value = err instanceof Error ? err.message : String(err);
    } finally {
      compare.busy.value = false;
    }
  };

  return { window, running: paced.running, error: paced.error, words, inView, selectIndex, mode: signal<CacheMode>('urls'), filter, adviceOnly, selectedKey, compare, runCompare, idle: paced.idle };
}
