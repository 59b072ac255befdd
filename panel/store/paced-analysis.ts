// An analysis of the session that follows the recorder's version: at once while it is quick, and
// while a big session is being recorded live at most every 2× its own duration (up to 5 s), so a
// 100,000-request recording is not re-analysed on every batch of events. A new session is
// analysed at once. Shared by the pools and cache models.
import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';

/** An analysis that took less than this (ms) is redone at once on every change; a slower one is spaced out. */
export const IMMEDIATE_MS = 100;
const MAX_PAUSE_MS = 5000;

export function pacedAnalysis<L, T>(version: ReadonlySignal<number>, loader: ReadonlySignal<L | undefined>, analyse: (loader: L | undefined) => T, options: { immediateMs?: number } = {}): ReadonlySignal<T> {
  const immediateMs = options.immediateMs ?? IMMEDIATE_MS;
  const analysedVersion = signal(version.peek());
  let lastMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastLoader = loader.peek();
  effect(() => {
    const v = version.value;
    const current = loader.value;
    if (current !== lastLoader || lastMs < immediateMs) {
      lastLoader = current;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      analysedVersion.value = v;
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      analysedVersion.value = version.peek();
    }, Math.min(MAX_PAUSE_MS, lastMs * 2));
  });
  return computed(() => {
    void analysedVersion.value;
    const started = performance.now();
    const result = analyse(loader.value);
    lastMs = performance.now() - started;
    return result;
  });
}
