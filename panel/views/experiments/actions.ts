// What the Experiments menu does, through the control API (the service worker's `experiment` and
// `start {experiment}` messages, src/background/experiments.ts): record cold vs warm and open
// Compare sessions on the two sessions; record with network conditions or the cache disabled.
import { signal } from '@preact/signals';
import type { ExperimentRun, ExperimentSetup } from '../../../src/core/experiments.ts';
import type { Store } from '../../store/store.ts';

/** The second load of cold vs warm. */
export type SecondLoad = 'navigate' | 'reload' | 'hardReload';

export const SECOND_LOADS: { id: SecondLoad; label: string; name: string; title: string }[] = [
  { id: 'navigate', label: 'Warm (navigate again)', name: 'warm', title: 'Load the page again by navigating to it, as a visitor coming back would' },
  { id: 'reload', label: 'Reload', name: 'reload', title: 'A normal reload: Chrome revalidates the main document and reuses fresh subresources' },
  { id: 'hardReload', label: 'Hard reload', name: 'hard reload', title: 'A reload that bypasses the cache: every request goes to the server' },
];

/** The state of an experiment being run, for the menu's button. */
export const running = signal<string | undefined>(undefined);

/** Empties the cache, records a load ("cold"), records the second load, and opens the comparison. */
export async function runColdWarm(store: Store, second: SecondLoad): Promise<void> {
  const tabId = store.backend.inspectedTabId;
  if (tabId === undefined) {
    store.error.value = 'There is no inspected tab to run the experiment on.';
    return;
  }
  const secondName = SECOND_LOADS.find((s) => s.id === second)!.name;
  const runs: ExperimentRun[] = [
    { setup: { name: 'cold', clearCache: true }, load: second === 'navigate' ? 'navigate' : 'reload' },
    { setup: { name: secondName }, load: second },
  ];
  running.value = `Recording cold, then ${secondName}…`;
  store.error.value = undefined;
  try {
    const res = await store.backend.control({ type: 'experiment', tabId, runs });
    if (!res.ok) throw new Error(res.error);
    if (res.type !== 'experiment') return;
    const [cold, warm] = res.sessions;
    if (res.notes.length) store.notice.value = res.notes.join(' ');
    if (!cold || !warm) throw new Error(`The experiment recorded ${res.sessions.length} session(s) instead of two. ${res.notes.join(' ')}`);
    // The existing Compare sessions, on the two sessions.
    const compare = store.cache.compare;
    compare.beforeId.value = cold.id;
    compare.afterId.value = warm.id;
    store.cache.mode.value = 'compare';
    store.view.value = 'cache';
    await store.cache.runCompare();
  } catch (err) {
    store.error.value = err instanceof Error ? err.message : String(err);
  } finally {
    running.value = undefined;
  }
}

/** Starts recording with a set-up (network conditions, the cache disabled), opens the session and reloads the page. It records until Stop. */
export async function recordWith(store: Store, setup: ExperimentSetup): Promise<void> {
  const tabId = store.backend.inspectedTabId;
  if (tabId === undefined) {
    store.error.value = 'There is no inspected tab to record.';
    return;
  }
  if (store.recordingHere.value) {
    store.error.value = 'This tab is being recorded: stop the recording first (the set-up applies from the start of a recording).';
    return;
  }
  store.error.value = undefined;
  try {
    const res = await store.backend.control({ type: 'start', tabId, experiment: { ...setup, load: 'reload' } });
    if (!res.ok) throw new Error(res.error);
    if (res.type !== 'start') return;
    store.view.value = 'requests';
    await store.actions.openSession(res.session.id);
    await store.backend.reloadInspected({ ignoreCache: false });
  } catch (err) {
    store.error.value = err instanceof Error ? err.message : String(err);
  }
}
