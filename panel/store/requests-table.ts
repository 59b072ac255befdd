// The Requests table's state: its filter and sort are applied in the analysis worker
// (panel/workers/requests-window.ts), which sends the ids of the rows in view, the counts and the
// selection's place, with the records of those rows, which the table draws. Asked
// for while the table reads it, at once on a keystroke, a sort, a scroll or a selection, and
// spaced out while a big session records live (see paced-analysis.ts).
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { AnalysisService } from '../workers/analysis-service.ts';
import type { PlainRequestFilter, RequestsQuery, RequestsWindow } from '../workers/requests-window.ts';
import { pacedAnalysis, type AnalysisTarget } from './paced-analysis.ts';
import type { RecordCache } from './record-cache.ts';
import type { RequestFilter, SortSpec } from './requests-model.ts';

/** Rows asked for around those in view, and the step their edges move by. */
const MARGIN = 60;
const STEP = 40;

export interface RequestsTableModel {
  /** What the worker last sent; undefined until the first answer for the open session. */
  window: ReadonlySignal<RequestsWindow | undefined>;
  /** The worker is filtering (or catching up with the session). */
  running: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
  /** The rows in sight (first, last exclusive), from the virtual list. */
  inView(first: number, last: number): void;
  /** Selects the row at `index` of the filtered list (keyboard), asking the worker when it is outside the window. */
  selectIndex(index: number, select: (id: string) => void): void;
  /** No answer is outstanding (tests wait on it). */
  idle(): boolean;
  /** Resolves once no window is in flight. */
  settled(): Promise<void>;
}

export function plainFilter(f: RequestFilter): PlainRequestFilter {
  return { text: f.text, types: [...f.types], statuses: [...f.statuses], origin: f.origin, newConnections: f.newConnections === true, queued: f.queued === true };
}

export function createRequestsTable(
  version: ReadonlySignal<number>,
  loader: ReadonlySignal<AnalysisTarget | undefined>,
  service: () => AnalysisService,
  filter: ReadonlySignal<RequestFilter>,
  sort: ReadonlySignal<SortSpec>,
  selectedId: ReadonlySignal<string | undefined>,
  records?: RecordCache,
): RequestsTableModel {
  const range: Signal<{ from: number; to: number }> = signal({ from: 0, to: STEP + MARGIN });
  const query = computed<RequestsQuery>(() => ({ filter: plainFilter(filter.value), sort: sort.value, ...range.value, selectedId: selectedId.value }));
  let shownSeq = 0;
  const paced = pacedAnalysis(
    version,
    loader,
    async (target, q: RequestsQuery, moved) => {
      const w = await service().requestsWindow(target.sessionId, moved ? target.lastSeq : Math.min(shownSeq, target.lastSeq), q);
      if (w) {
        shownSeq = w.seq;
        // The rows' records serve the detail pane too (a click on a row finds its record here).
        records?.put(target, w.seq, w.records);
      }
      return w;
    },
    { query },
  );
  const window = paced.result;

  const inView = (first: number, last: number) => {
    const from = Math.max(0, Math.floor((first - MARGIN) / STEP) * STEP);
    const to = Math.ceil((last + MARGIN) / STEP) * STEP;
    const r = range.peek();
    if (r.from !== from || r.to !== to) range.value = { from, to };
  };

  let ask = 0;
  const selectIndex = (index: number, select: (id: string) => void) => {
    const w = window.peek();
    const l = loader.peek();
    if (!w || !l || w.count === 0) return;
    const i = Math.max(0, Math.min(w.count - 1, index));
    const id = w.ids[i - w.from];
    if (id !== undefined) {
      select(id);
      return;
    }
    const mine = ++ask;
    const q = query.peek();
    void service()
      .requestIdAt(l.sessionId, w.seq, { filter: q.filter, sort: q.sort }, i)
      .then((found) => {
        if (found !== undefined && mine === ask && loader.peek() === l) select(found);
      })
      .catch(() => undefined);
  };

  return { window, running: paced.running, error: paced.error, inView, selectIndex, idle: paced.idle, settled: paced.settled };
}
