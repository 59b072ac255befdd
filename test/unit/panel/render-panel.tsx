// Shared by the panel's component tests: render the whole panel on a backend into a fresh root,
// take it down again, and drive it (keys, settling) inside preact's act().
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { PanelBackend } from '../../../panel/backend/backend.ts';
import { createStore, StoreContext, type Store } from '../../../panel/store/store.ts';
import { App } from '../../../panel/views/App.tsx';
import type { NetworkRequest } from '../../../src/core/records.ts';

export function createRoot(): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  return root;
}

export function removeRoot(root: HTMLElement): void {
  render(null, root);
  root.remove();
}

/** A new store on `backend`, with the panel rendered into `root`. */
export async function renderPanel(root: HTMLElement, backend: PanelBackend): Promise<Store> {
  const store = createStore(backend);
  await act(async () => {
    render(
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>,
      root,
    );
  });
  return store;
}

export const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));
export const pressKey = (target: Element, k: string) => act(async () => void target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

/**
 * Settles, then waits until the analysis worker (in-process in these tests) has answered
 * everything the views asked for, and the answers are drawn: the Requests table, the
 * Connections and Cache views are sent their rows by the worker.
 */
export async function workerIdle(store: Store, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await settle();
    if (store.table.idle() && store.pools.idle() && store.cache.idle() && store.records.idle() && store.summary.idle()) {
      await settle();
      if (store.table.idle() && store.pools.idle() && store.cache.idle() && store.records.idle() && store.summary.idle()) return;
    }
  }
  throw new Error('The analysis worker did not answer.');
}

/**
 * Every request of the open session, as the analysis worker folded it (the panel itself holds
 * only the rows in view): for tests that need to look through the whole session.
 */
export async function sessionRecords(store: Store): Promise<NetworkRequest[]> {
  const l = store.loader.peek();
  if (!l) return [];
  const w = await store.backend.analysis().requestsWindow(l.sessionId, l.lastSeq, {
    filter: { text: '', types: [], statuses: [], origin: '', newConnections: false, queued: false },
    sort: { column: 'index', descending: false },
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
  });
  return w?.records ?? [];
}
