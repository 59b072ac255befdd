// @vitest-environment happy-dom
// Typing a filter key by key, without waiting for each answer: the Requests table ends on the
// answer for the last text (the analysis worker is asked again while it answers the first keys).
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, workerIdle } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { SessionInfo } from '../../../src/core/session.ts';
import { loadLog } from '../../fixtures/load.ts';

const base: SessionInfo = { id: 'demo', tabId: 9, url: 'http://a.test/', title: 'Fixture', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };
let root: HTMLElement;
let store: Store;
beforeEach(() => {
  root = createRoot();
});
afterEach(() => removeRoot(root));

describe('Requests table', () => {
  it('shows the rows of the last text typed when keys come faster than the answers', async () => {
    const log = loadLog('demo');
    const backend = new MemoryBackend();
    backend.addSession(base, rowsFromLog('demo', log));
    store = await renderPanel(root, backend);
    await act(() => store.actions.openSession('demo'));
    await workerIdle(store);
    const input = root.querySelector('input.filter-text') as HTMLInputElement;
    const typed = 'domain:b.test';
    for (let i = 1; i <= typed.length; i++) {
      await act(async () => {
        input.value = typed.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
    await workerIdle(store, 5000);
    // The recorded demo load: 7 requests to b.test (the server's log, see panel.test.tsx).
    expect(root.querySelector('.count')?.textContent).toBe('7 / 54 requests');
  });
});
