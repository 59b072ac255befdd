// An analysis of the open session, run by the analysis worker, that follows the recorder's
// version: asked for only while a view reads it, at once while it is quick, and while a big
// session is being recorded live at most every 2× its own round trip (up to 5 s), so a
// 100,000-request recording is not re-analysed on every batch of events. A new session is analysed
// at once. At most one request is in flight; the result shown is the latest that arrived for the
// open session. Shared by the pools and cache models.
import { computed, signal, type ReadonlySignal } from '@preact/signals';

/** A round trip shorter than this (ms) is redone at once on every change; a slower one is spaced out. */
export const IMMEDIATE_MS = 100;
const MAX_PAUSE_MS = 5000;

/** What an analysis is asked for: the open session and how far its fold has gone. */
export interface AnalysisTarget {
  readonly sessionId: string;
  readonly lastSeq: number;
  /** The stored events are all folded (the replay is over): the first ask after that is never spaced out. */
  readonly replayed?: boolean;
}

export interface AsyncAnalysis<T> {
  /** The latest result for the open session; undefined until the first arrives. Reading it asks for a fresh one. */
  result: ReadonlySignal<T | undefined>;
  /** An analysis is in flight (the view shows progress). */
  running: ReadonlySignal<boolean>;
  /** The last error, in words. */
  error: ReadonlySignal<string | undefined>;
  /** Nothing asked for is outstanding: the latest answer is for what was last wanted (tests wait on it). */
  idle(): boolean;
  /** Resolves once nothing is in flight (at once when nothing is). */
  settled(): Promise<void>;
}

/**
 * `query` (optional): what the view asks for besides the session (a window of rows, a filter). A
 * change of the query alone is asked for at once, never spaced out, and `run` is told the
 * recorder's version did not move (`moved: false`), so the worker can answer from what it kept.
 */
export function pacedAnalysis<L extends AnalysisTarget, T, Q = undefined>(
  version: ReadonlySignal<number>,
  loader: ReadonlySignal<L | undefined>,
  run: (target: L, query: Q, moved: boolean) => Promise<T | undefined>,
  options: { immediateMs?: number; query?: ReadonlySignal<Q> } = {},
): AsyncAnalysis<T> {
  const immediateMs = options.immediateMs ?? IMMEDIATE_MS;
  const querySignal = options.query;
  const shown = signal<{ loader: L; value: T } | undefined>(undefined);
  const running = signal(false);
  const error = signal<string | undefined>(undefined);
  let inFlight = false;
  const waiters: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastMs = 0;
  // The request wanted next, and the one last answered.
  interface Want {
    loader: L;
    version: number;
    query: Q;
    replayed: boolean;
  }
  let wanted: Want | undefined;
  let served: Want | undefined;

  const upToDate = (w: Want) => served !== undefined && served.loader === w.loader && served.version === w.version && served.query === w.query;

  /**
   * Asks for `wanted`. With `moved` false (the view's query changed, the recorder's version did
   * not, or it did but the fresh analysis is being spaced out), the version last served is kept,
   * so the spaced-out fresh request still follows.
   */
  const start = (moved: boolean) => {
    const w = wanted;
    if (!w || inFlight || upToDate(w)) return;
    inFlight = true;
    running.value = true;
    const started = performance.now();
    const asked: Want = moved || !served ? w : { ...w, version: served.version };
    run(w.loader, w.query, moved || !served).then(
      (value) => {
        // Only a fresh analysis sets the pace; a window from a kept one is quick by nature.
        if (asked === w) lastMs = performance.now() - started;
        served = asked;
        error.value = undefined;
        if (value !== undefined && loader.peek() === w.loader) shown.value = { loader: w.loader, value };
      },
      (err: unknown) => {
        if (asked === w) lastMs = performance.now() - started;
        served = asked;
        error.value = err instanceof Error ? err.message : String(err);
      },
    ).finally(() => {
      inFlight = false;
      running.value = false;
      for (const r of waiters.splice(0)) r();
      if (wanted && wanted.loader === loader.peek()) want(wanted.loader, wanted.version, wanted.query);
    });
  };

  const want = (l: L, v: number, q: Q) => {
    const w = { loader: l, version: v, query: q, replayed: l.replayed === true };
    wanted = w;
    if (upToDate(w) || inFlight) return;
    const newSession = served?.loader !== l;
    // The end of a replay is shown at once (the whole session's counts), whatever the pace was.
    const replayEnded = w.replayed && served?.replayed !== true;
    if (newSession || lastMs < immediateMs || replayEnded) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      start(true);
      return;
    }
    // The query changed (a scroll, a keystroke): answered at once from what the worker kept.
    if (served!.query !== q) {
      start(false);
      if (served!.version === v) return;
    }
    if (served!.version === v || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      start(true);
    }, Math.min(MAX_PAUSE_MS, lastMs * 2));
  };

  const result = computed(() => {
    const v = version.value;
    const l = loader.value;
    const q = querySignal ? querySignal.value : (undefined as Q);
    const s = shown.value;
    // Signals may not be written while a computed runs: ask on the next microtask.
    if (l) queueMicrotask(() => want(l, v, q));
    return s && s.loader === l ? s.value : undefined;
  });
  const idle = () => !inFlight && timer === undefined && (wanted === undefined || upToDate(wanted));
  const settled = () => (inFlight ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve());
  return { result, running, error, idle, settled };
}
