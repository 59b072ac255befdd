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
}

export interface AsyncAnalysis<T> {
  /** The latest result for the open session; undefined until the first arrives. Reading it asks for a fresh one. */
  result: ReadonlySignal<T | undefined>;
  /** An analysis is in flight (the view shows progress). */
  running: ReadonlySignal<boolean>;
  /** The last error, in words. */
  error: ReadonlySignal<string | undefined>;
}

export function pacedAnalysis<L extends AnalysisTarget, T>(
  version: ReadonlySignal<number>,
  loader: ReadonlySignal<L | undefined>,
  run: (target: L) => Promise<T | undefined>,
  options: { immediateMs?: number } = {},
): AsyncAnalysis<T> {
  const immediateMs = options.immediateMs ?? IMMEDIATE_MS;
  const shown = signal<{ loader: L; value: T } | undefined>(undefined);
  const running = signal(false);
  const error = signal<string | undefined>(undefined);
  let inFlight = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastMs = 0;
  // The request wanted next, and the one last answered.
  let wanted: { loader: L; version: number } | undefined;
  let served: { loader: L; version: number } | undefined;

  const upToDate = (w: { loader: L; version: number }) => served !== undefined && served.loader === w.loader && served.version === w.version;

  const start = () => {
    const w = wanted;
    if (!w || inFlight || upToDate(w)) return;
    inFlight = true;
    running.value = true;
    const started = performance.now();
    run(w.loader).then(
      (value) => {
        lastMs = performance.now() - started;
        served = w;
        error.value = undefined;
        if (value !== undefined && loader.peek() === w.loader) shown.value = { loader: w.loader, value };
      },
      (err: unknown) => {
        lastMs = performance.now() - started;
        served = w;
        error.value = err instanceof Error ? err.message : String(err);
      },
    ).finally(() => {
      inFlight = false;
      running.value = false;
      if (wanted && wanted.loader === loader.peek()) want(wanted.loader, wanted.version);
    });
  };

  const want = (l: L, v: number) => {
    const w = { loader: l, version: v };
    wanted = w;
    if (upToDate(w) || inFlight) return;
    const newSession = served?.loader !== l;
    if (newSession || lastMs < immediateMs) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      start();
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      start();
    }, Math.min(MAX_PAUSE_MS, lastMs * 2));
  };

  const result = computed(() => {
    const v = version.value;
    const l = loader.value;
    const s = shown.value;
    // Signals may not be written while a computed runs: ask on the next microtask.
    if (l) queueMicrotask(() => want(l, v));
    return s && s.loader === l ? s.value : undefined;
  });
  return { result, running, error };
}
