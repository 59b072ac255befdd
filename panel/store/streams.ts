// The Streams view's state (issue 17). The streams analysis and every message stay in the analysis
// worker; the view is sent the channel list, the selected channel's figures and the message rows
// in view after its filter (panel/workers/streams-window.ts). Asked for while the view reads it,
// at once on a scroll, a filter or a selection, spaced out while a big session records live.
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { pacedAnalysis, type AnalysisTarget } from './paced-analysis.ts';
import type { AnalysisService } from '../workers/analysis-service.ts';
import type { StreamsFilter, StreamsQuery, StreamsWindow } from '../workers/streams-window.ts';

/** Rows asked for around those in view, and the step their edges move by. */
const MARGIN = 60;
const STEP = 60;

export interface StreamsModel {
  window: ReadonlySignal<StreamsWindow | undefined>;
  running: ReadonlySignal<boolean>;
  waiting: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
  /** The channel shown (undefined: the first). */
  channelId: Signal<string | undefined>;
  filter: Signal<StreamsFilter>;
  /**
   * Message indexes to hide, set from outside the view's own filter (the WebSocket heartbeat
   * detection, issue 18, fills it for "hide heartbeats"); joined to `filter.hidden`.
   */
  hidden: Signal<readonly number[]>;
  /** The selected message's index in the channel. */
  selected: Signal<number | undefined>;
  inView(first: number, last: number): void;
  idle(): boolean;
}

/** How soon the window is asked again while a WebSocket analysis is pending. */
const POLL_MS = 250;

export function createStreamsModel(
  version: ReadonlySignal<number>,
  loader: ReadonlySignal<AnalysisTarget | undefined>,
  service: () => AnalysisService,
  options: { immediateMs?: number } = {},
): StreamsModel {
  const channelId = signal<string | undefined>(undefined);
  const filter = signal<StreamsFilter>({});
  const hidden = signal<readonly number[]>([]);
  const selected = signal<number | undefined>(undefined);
  const range = signal({ from: 0, to: STEP + MARGIN });
  /** Asks the worker again while it makes a channel's WebSocket analysis in the background. */
  const poll = signal(0);
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  const query = computed<StreamsQuery>(() => {
    const f = filter.value;
    const h = hidden.value;
    const q: StreamsQuery = { ...range.value, filter: h.length > 0 ? { ...f, hidden: [...(f.hidden ?? []), ...h] } : f };
    if (channelId.value !== undefined) q.channelId = channelId.value;
    if (selected.value !== undefined) q.selected = selected.value;
    if (poll.value > 0) q.poll = poll.value;
    return q;
  });
  let shownSeq = 0;
  const paced = pacedAnalysis(
    version,
    loader,
    async (target, q: StreamsQuery, moved) => {
      const w = await service().streamsWindow(target.sessionId, moved ? target.lastSeq : Math.min(shownSeq, target.lastSeq), q);
      if (w) shownSeq = w.seq;
      if (w?.websocketPending && pollTimer === undefined) {
        pollTimer = setTimeout(() => {
          pollTimer = undefined;
          poll.value++;
        }, POLL_MS);
      }
      return w;
    },
    { ...(options.immediateMs !== undefined ? { immediateMs: options.immediateMs } : {}), query },
  );
  const window = paced.result;
  const waiting = computed(() => loader.value !== undefined && window.value === undefined);
  const inView = (first: number, last: number) => {
    const from = Math.max(0, Math.floor((first - MARGIN) / STEP) * STEP);
    const to = Math.ceil((last + MARGIN) / STEP) * STEP;
    const r = range.peek();
    if (r.from !== from || r.to !== to) range.value = { from, to };
  };
  return { window, running: paced.running, waiting, error: paced.error, channelId, filter, hidden, selected, inView, idle: paced.idle };
}
