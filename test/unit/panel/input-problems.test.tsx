// @vitest-environment happy-dom
// What the recorder repaired or left out of a session's log is shown in the panel: a short line in
// the status bar (the sentences on opening it) and the list in the Sessions view's details.
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, workerIdle } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { SessionInfo } from '../../../src/core/session.ts';
import { loadLog } from '../../fixtures/load.ts';

const base: SessionInfo = { id: 'x', tabId: 9, url: 'http://a.test/', title: 'Fixture', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };
let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;

beforeEach(() => {
  root = createRoot();
  backend = new MemoryBackend();
});
afterEach(() => removeRoot(root));

type Params = Record<string, unknown> & { response?: Record<string, unknown> };

describe('input problems in the panel', () => {
  it('says in the status bar and the session details how many connection ids were repaired, and one that was not readable', async () => {
    const log = loadLog('pool');
    const responses = log.filter((e) => e.method === 'Network.responseReceived' && typeof (e.params as Params).response?.connectionId === 'number').length;
    const bad: CdpEvent[] = log.map((e) => {
      const p = e.params as Params;
      if (e.method !== 'Network.responseReceived' || typeof p.response?.connectionId !== 'number') return e;
      return { ...e, params: { ...p, response: { ...p.response, connectionId: String(p.response.connectionId) } } };
    });
    bad.push({ method: 'Network.loadingFinished', params: { requestId: 'x', timestamp: 'later', encodedDataLength: 1 } });
    backend.addSession({ ...base, id: 'bad' }, rowsFromLog('bad', bad));
    store = await renderPanel(root, backend);
    await act(() => store.actions.openSession('bad'));
    // The status bar's line comes with the analysis worker's summary (in-process here).
    await act(() => workerIdle(store));
    const summary = root.querySelector('.status-bar .input-problems summary')?.textContent ?? '';
    expect(responses).toBeGreaterThan(10);
    expect(summary).toBe(`⚠ 1 event left out, ${responses} fields repaired`);
    const items = [...root.querySelectorAll('.status-bar .input-problems li')].map((li) => li.textContent);
    expect(items).toContain('Left out 1 Network.loadingFinished event that could not be read (first: event ' + (bad.length) + ': timestamp is text, not a finite number ("later")).');
    expect(items.some((t) => t?.startsWith(`Repaired ${responses} × Network.responseReceived response.connectionId: text read as a number`))).toBe(true);
    await act(() => {
      store.view.value = 'sessions';
    });
    const details = root.querySelector('.session-details')?.textContent ?? '';
    expect(details).toContain(`Repaired ${responses} × Network.responseReceived response.connectionId`);
  });

  it('shows nothing when every event was read as it was', async () => {
    backend.addSession({ ...base, id: 'ok' }, rowsFromLog('ok', loadLog('redirect')));
    store = await renderPanel(root, backend);
    await act(() => store.actions.openSession('ok'));
    await act(() => workerIdle(store));
    expect(root.querySelector('.input-problems')).toBeNull();
    await act(() => {
      store.view.value = 'sessions';
    });
    expect(root.querySelector('.session-details')?.textContent).toContain('Every event was read as it was.');
  });
});
