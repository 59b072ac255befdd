// The CORS view's state. The CORS analysis lives in the analysis worker, which keeps it; the view
// is sent only what it draws (panel/workers/cors-window.ts): the counts, the groups by target
// origin with their totals and the rows each open group shows. Asked for while the view reads
// it, at once on a view choice (failures only, folding a group, showing all of one), and spaced
// out while a big session records live (see paced-analysis.ts).
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { PanelBackend } from '../backend/backend.ts';
import type { CorsQuery, CorsWindow } from '../workers/cors-window.ts';
import { pacedAnalysis } from './paced-analysis.ts';
import type { SessionLoader } from './session-loader.ts';

export interface CorsModel {
  /** The window the worker last sent; undefined until the first arrives. */
  window: ReadonlySignal<CorsWindow | undefined>;
  running: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
  /** Show only failed requests. */
  failuresOnly: Signal<boolean>;
  /** Folds or unfolds a target origin's group. */
  toggle(origin: string, folded: boolean): void;
  /** Shows every row of a group (up to the window's limit). */
  showAll(origin: string): void;
  /** No answer is outstanding (tests wait on it). */
  idle(): boolean;
}

const without = (list: readonly string[], x: string) => list.filter((y) => y !== x);

export function createCorsModel(backend: PanelBackend, version: ReadonlySignal<number>, loader: ReadonlySignal<SessionLoader | undefined>): CorsModel {
  const failuresOnly = signal(false);
  const opened = signal<readonly string[]>([]);
  const folded = signal<readonly string[]>([]);
  const all = signal<readonly string[]>([]);
  const query = computed<CorsQuery>(() => ({ failuresOnly: failuresOnly.value, opened: opened.value, folded: folded.value, all: all.value }));
  let shownSeq = 0;
  // Another session: its origins start as the defaults say.
  let lastLoader = loader.peek();
  loader.subscribe((l) => {
    if (l === lastLoader) return;
    lastLoader = l;
    opened.value = [];
    folded.value = [];
    all.value = [];
  });
  const paced = pacedAnalysis(
    version,
    loader,
    async (target, q: CorsQuery, moved) => {
      // A view choice alone is answered from the analysis the worker kept.
      const w = await backend.analysis().corsWindow(target.sessionId, moved ? target.lastSeq : Math.min(shownSeq, target.lastSeq), q);
      if (w) shownSeq = w.seq;
      return w;
    },
    { query },
  );
  return {
    window: paced.result,
    running: paced.running,
    error: paced.error,
    failuresOnly,
    toggle(origin, fold) {
      if (fold) {
        folded.value = [...without(folded.value, origin), origin];
        opened.value = without(opened.value, origin);
        all.value = without(all.value, origin);
      } else {
        folded.value = without(folded.value, origin);
        opened.value = [...without(opened.value, origin), origin];
      }
    },
    showAll(origin) {
      folded.value = without(folded.value, origin);
      all.value = [...without(all.value, origin), origin];
    },
    idle: paced.idle,
  };
}
