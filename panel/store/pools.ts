// The Connections view's state. The socket-pool analysis and the view's layout live in the
// analysis worker, which keeps them; the view is sent only the rows in view, each with the bars
// inside the time window it draws (panel/workers/connections-window.ts). Asked for while the view
// reads it, at once on a scroll, a zoom, a fold or a selection (the worker answers from what it
// kept), and spaced out while a big session records live (see paced-analysis.ts). The Requests
// table's connection chips are applied in the worker too (requests-window.ts).
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { pacedAnalysis, type AnalysisTarget } from './paced-analysis.ts';
import type { AnalysisService } from '../workers/analysis-service.ts';
import type { ConnectionsQuery, ConnectionsWindow, StepKey, TimeWindow } from '../workers/connections-window.ts';

export { MAX_SLOTS, OPEN_QUEUE_ROWS, buildLayout, packSlots } from '../workers/connections-layout.ts';

/** Rows asked for around those in view, and the step their edges move by. */
const MARGIN = 40;
const STEP = 40;

export interface PoolsModel {
  /** The rows in view and the counts, as the worker last sent them; undefined until the first arrives. */
  window: ReadonlySignal<ConnectionsWindow | undefined>;
  /** The worker is analysing or drawing. */
  running: ReadonlySignal<boolean>;
  /** No answer for the open session has arrived yet. */
  waiting: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
  /** Origins whose block is folded in the Connections view. */
  collapsed: Signal<ReadonlySet<string>>;
  /** Origins whose waiting requests the user opened (true) or folded (false) into one row. */
  queues: Signal<ReadonlyMap<string, boolean>>;
  /** The time window drawn (undefined: the whole session). */
  zoom: Signal<TimeWindow | undefined>;
  /** Width of the time track in pixels. */
  width: Signal<number>;
  /** The view's rows in sight (first, last exclusive), from the virtual list. */
  inView(first: number, last: number): void;
  /** The request a keyboard move goes to from the selection (asked of the worker). */
  step(key: StepKey): Promise<string | undefined>;
  /** No answer is outstanding (tests wait on it). */
  idle(): boolean;
}

export function createPoolsModel(
  version: ReadonlySignal<number>,
  loader: ReadonlySignal<AnalysisTarget | undefined>,
  service: () => AnalysisService,
  options: { immediateMs?: number; selectedId?: ReadonlySignal<string | undefined> } = {},
): PoolsModel {
  const collapsed = signal<ReadonlySet<string>>(new Set());
  const queues = signal<ReadonlyMap<string, boolean>>(new Map());
  const zoom = signal<TimeWindow | undefined>(undefined);
  const width = signal(800);
  const range = signal({ from: 0, to: STEP + MARGIN });
  const selectedId = options.selectedId ?? signal<string | undefined>(undefined);
  const query = computed<ConnectionsQuery>(() => ({
    ...range.value,
    win: zoom.value,
    width: width.value,
    collapsed: [...collapsed.value],
    queues: [...queues.value],
    selectedId: selectedId.value,
  }));
  let shownSeq = 0;
  const paced = pacedAnalysis(
    version,
    loader,
    async (target, q: ConnectionsQuery, moved) => {
      const w = await service().connectionsWindow(target.sessionId, moved ? target.lastSeq : Math.min(shownSeq, target.lastSeq), q);
      if (w) shownSeq = w.seq;
      return w;
    },
    { ...(options.immediateMs !== undefined ? { immediateMs: options.immediateMs } : {}), query },
  );
  const window = paced.result;
  const waiting = computed(() => loader.value !== undefined && window.value === undefined);

  const running = paced.running;

  const inView = (first: number, last: number) => {
    const from = Math.max(0, Math.floor((first - MARGIN) / STEP) * STEP);
    const to = Math.ceil((last + MARGIN) / STEP) * STEP;
    const r = range.peek();
    if (r.from !== from || r.to !== to) range.value = { from, to };
  };

  const step = async (key: StepKey) => {
    const l = loader.peek();
    const w = window.peek();
    if (!l || !w) return undefined;
    const q = query.peek();
    const id = await service().connectionsStep(l.sessionId, w.seq, { collapsed: q.collapsed, queues: q.queues }, selectedId.peek(), key);
    return loader.peek() === l ? id : undefined;
  };

  return { window, running, waiting, error: paced.error, collapsed, queues, zoom, width, inView, step, idle: paced.idle };
}
