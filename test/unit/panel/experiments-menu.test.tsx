// @vitest-environment happy-dom
// The Experiments menu on the in-memory backend: what it sends through the control API, the
// dialog before the cache is emptied, and that cold vs warm opens Compare sessions on the two
// sessions the experiment recorded.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import { MemoryBackend } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, settle } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';

let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;
beforeEach(async () => {
  root = createRoot();
  backend = new MemoryBackend();
  store = await renderPanel(root, backend);
});
afterEach(() => removeRoot(root));

const button = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(text)) as HTMLButtonElement | undefined;
const click = (el: Element | null | undefined) =>
  act(async () => {
    if (!el) throw new Error('no such element');
    (el as HTMLElement).click();
  });
const change = (el: HTMLSelectElement | HTMLInputElement, value: string, type: 'change' | 'input') =>
  act(async () => {
    el.value = value;
    el.dispatchEvent(new Event(type, { bubbles: true }));
  });

it('cold vs warm: asks first, then records cold and warm and opens Compare sessions on them', async () => {
  await click(root.querySelector('button[aria-label="Experiments"]'));
  await change(root.querySelector('select[aria-label="Second load"]') as HTMLSelectElement, 'hardReload', 'change');
  await click(button('Cold vs warm…'));
  const dialog = root.querySelector('[role="dialog"][aria-label="Cold vs warm"]');
  expect(dialog?.textContent).toMatch(/This empties the browser's whole HTTP cache/);
  expect(dialog?.textContent).toMatch(/chrome\.browsingData/);
  // Nothing was sent before the user agrees.
  expect(backend.controlLog.filter((r) => r.type === 'experiment')).toEqual([]);
  await click(button('Empty the cache and record'));
  await settle();
  const sent = backend.controlLog.find((r) => r.type === 'experiment');
  expect(sent).toEqual({
    type: 'experiment',
    tabId: 1,
    runs: [
      { setup: { name: 'cold', clearCache: true }, load: 'reload' },
      { setup: { name: 'hard reload' }, load: 'hardReload' },
    ],
  });
  const names = (id: string | undefined) => store.sessions.value.find((s) => s.id === id)?.name;
  expect(store.view.value).toBe('cache');
  expect(store.cache.mode.value).toBe('compare');
  expect(names(store.cache.compare.beforeId.value)).toBe('cold');
  expect(names(store.cache.compare.afterId.value)).toBe('hard reload');
  expect(root.querySelector('.cold-warm-note')?.textContent).toMatch(/cold: HTTP cache emptied first/);
});

it('network conditions: a custom value that is wrong gets a sentence; a preset records with it and reloads', async () => {
  await click(root.querySelector('button[aria-label="Experiments"]'));
  const network = root.querySelector('select[aria-label="Network conditions"]') as HTMLSelectElement;
  await change(network, 'Custom', 'change');
  await change(root.querySelector('input[aria-label="Latency (ms)"]') as HTMLInputElement, '-5', 'input');
  expect(root.querySelector('.experiments-menu .error')?.textContent).toBe('The latency must be a number of milliseconds from 0 to 60,000.');
  expect(button('Record and reload with these conditions')?.disabled).toBe(true);
  await change(network, '3G', 'change');
  await click(button('Record and reload with these conditions'));
  await settle();
  const start = backend.controlLog.find((r) => r.type === 'start');
  expect(start).toEqual({ type: 'start', tabId: 1, experiment: { name: '3G', conditions: { label: '3G', latencyMs: 2000, downloadKbps: 400, uploadKbps: 400 }, load: 'reload' } });
  expect(backend.reloads).toBe(1);
});
