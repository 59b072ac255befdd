// @vitest-environment happy-dom
// The CORS view, the `cors:` filter key, the preflight marker and the CORS section of the Explain
// tab, on the recorded CORS lab (test/fixtures/cors), rendered with an in-memory backend; counts
// are held against the fixture server's log of the same run (cors.truth.json).
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, settle, workerIdle, sessionRecords } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import { EMPTY_FILTER } from '../../../panel/store/requests-model.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const log = loadLog('cors');
const truth = loadTruth('cors');
const base: SessionInfo = { id: 'cors', tabId: 9, url: 'http://a.test/', title: 'CORS lab', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };
const failedInLog = log.filter((e) => e.method === 'Network.loadingFailed' && (e.params as { corsErrorStatus?: unknown }).corsErrorStatus).length;

let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;
const click = (el: Element) => act(async () => void (el as HTMLElement).click());
const tab = (label: string) => [...root.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.trim() === label) as HTMLElement;

beforeEach(async () => {
  root = createRoot();
  backend = new MemoryBackend();
  backend.addSession(base, rowsFromLog('cors', log));
  store = await renderPanel(root, backend);
  await act(() => store.actions.openSession('cors'));
});
afterEach(() => removeRoot(root));

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await settle();
  expect(check(), what).toBe(true);
}

describe('CORS view', () => {
  it('groups cross-origin requests by target origin, failures first, with the totals the server log gives', async () => {
    await click(tab('CORS'));
    await until('the CORS groups', () => root.querySelectorAll('.cors-origin').length > 0);
    const groups = [...root.querySelectorAll('.cors-origin')];
    const hosts = groups.map((g) => new URL(g.getAttribute('aria-label')!).host);
    expect(new Set(hosts)).toEqual(new Set(truth.requests.filter((t) => t.method === 'OPTIONS').map((t) => t.host)));
    for (const g of groups) {
      const host = new URL(g.getAttribute('aria-label')!).host;
      const options = truth.requests.filter((t) => t.method === 'OPTIONS' && t.host === host).length;
      expect(g.querySelector('.cors-totals')!.textContent).toContain(`${options} preflight${options === 1 ? '' : 's'}`);
    }
    const b = groups[0]!;
    const rows = [...b.querySelectorAll('.cors-row')];
    const failed = rows.filter((r) => r.classList.contains('cors-failed'));
    expect(failed.length).toBe(failedInLog);
    // Failures first.
    expect(rows.slice(0, failed.length).every((r) => r.classList.contains('cors-failed'))).toBe(true);
    expect(failed.every((r) => r.querySelector('.cors-fix')?.textContent?.startsWith('Fix: '))).toBe(true);
    // The saving of a longer max-age, and the two cache hits.
    expect(b.querySelector('.cors-saving')?.textContent).toMatch(/would have saved 2 preflights/);
    expect(b.querySelectorAll('.cors-hit').length).toBe(2);
  });

  it('selects the request, or its preflight, everywhere', async () => {
    await click(tab('CORS'));
    await until('the CORS rows', () => root.querySelectorAll('.cors-row').length > 0);
    const row = [...root.querySelectorAll('.cors-row')].find((r) => r.querySelector('.cors-preflight'))!;
    await click(row.querySelector('.cors-main')!);
    const id = store.selectedId.value!;
    expect((await sessionRecords(store)).find((r) => r.id === id)?.method).not.toBe('OPTIONS');
    await click(row.querySelector('.cors-preflight')!);
    expect((await sessionRecords(store)).find((r) => r.id === store.selectedId.value)?.method).toBe('OPTIONS');
  });
});

describe('the cors: filter key and the preflight marker', () => {
  // The table's rows as the analysis worker sends them (the whole list fits the window here).
  const rowsFor = async (text: string) => {
    store.filter.value = { ...EMPTY_FILTER, text };
    await workerIdle(store);
    const w = store.table.window.value!;
    expect(w.ids.length).toBe(w.count);
    return w.records;
  };
  it('cors:hit, cors:miss, cors:failed and cors:preflighted keep what the server log says', async () => {
    await click(tab('Requests'));
    // Real requests the server received with no OPTIONS right before them, of calls that needed one.
    expect((await rowsFor('cors:hit')).map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect((await rowsFor('cors:failed')).filter((r) => r.method !== 'OPTIONS').length).toBe(failedInLog);
    const options = truth.requests.filter((t) => t.method === 'OPTIONS').length;
    expect((await rowsFor('cors:preflight')).length).toBe(options);
    expect((await rowsFor('-cors:preflight')).some((r) => r.method === 'OPTIONS')).toBe(false);
    expect((await rowsFor('cors:miss')).every((r) => r.url.includes('/cors/api'))).toBe(true);
  });
  it('puts a marker on both partners that selects the other', async () => {
    await click(tab('Requests'));
    await until('the markers', () => root.querySelectorAll('.preflight-marker').length > 0);
    const marker = root.querySelector('.preflight-marker.is-preflight') as HTMLElement;
    await click(marker);
    const guarded = (await sessionRecords(store)).find((r) => r.id === store.selectedId.value)!;
    expect(guarded.method).not.toBe('OPTIONS');
    const back = root.querySelector(`[data-request-id="${CSS.escape(guarded.id)}"] .preflight-marker`) as HTMLElement;
    await click(back);
    const preflight = (await sessionRecords(store)).find((r) => r.id === store.selectedId.value)!;
    expect(preflight.method).toBe('OPTIONS');
    // The detail pane's Initiator tab names the partner too (asked of the worker), and its button selects it.
    const initiator = () => [...root.querySelectorAll('.detail [role="tab"]')].find((t) => t.textContent?.trim() === 'Initiator & redirects')!;
    await until('the detail pane', () => initiator() !== undefined);
    await click(initiator());
    await until('the partner line', () => (root.querySelector('.detail .preflight-partner')?.textContent ?? '').startsWith('CORS preflight of #'));
    expect(root.querySelector('.detail .preflight-partner')!.textContent).toContain(`#${guarded.index + 1} ${guarded.method}`);
    await click(root.querySelector('.detail .preflight-partner button')!);
    expect(store.selectedId.value).toBe(guarded.id);
    await until('the detail pane', () => initiator() !== undefined);
    await click(initiator());
    await until('the partner line', () => (root.querySelector('.detail .preflight-partner')?.textContent ?? '').startsWith('Guarded by the CORS preflight #'));
    expect(root.querySelector('.detail .preflight-partner')!.textContent).toContain(`#${preflight.index + 1} OPTIONS`);
  });
  it('the Explain tab has a CORS section for the selected request', async () => {
    await click(tab('Requests'));
    const hit = (await rowsFor('cors:hit'))[0]!;
    await act(() => store.actions.select(hit.id));
    await until('the CORS section', () => root.querySelector('.cors-explain') !== null);
    expect(root.querySelector('.cors-explain')!.textContent).toContain('the preflight cache still held the answer');
  });
});
