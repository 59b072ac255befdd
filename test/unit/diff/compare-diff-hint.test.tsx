// @vitest-environment happy-dom
// The panel's Compare sessions (panel/views/CompareDiff.tsx) on two stored sessions of one
// recorded fixture (test/fixtures/pool), the second with every port changed (the same server
// started on other ports): every request moved, and the view says the two look like one server
// under two names, naming the pairs from the server's log and the command that compares them as one.
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, settle } from '../panel/render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const log = loadLog('pool');
const truth = loadTruth('pool');
const base: SessionInfo = { id: 'x', tabId: 9, url: 'http://a.test/', title: 'Pool', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };
const hosts = [...new Set(truth.requests.map((t) => t.host))].sort();
const onPort1 = (h: string) => h.replace(/:\d+$/, ':1');

let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;
const click = (el: Element) => act(async () => void (el as HTMLElement).click());
const tab = (label: string) => [...root.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.trim() === label) as HTMLElement;

beforeEach(() => {
  root = createRoot();
  backend = new MemoryBackend();
});
afterEach(() => removeRoot(root));

async function compare(beforeId: string, afterId: string): Promise<void> {
  store = await renderPanel(root, backend);
  await act(() => store.actions.openSession(afterId));
  await click(tab('Cache'));
  await click(tab('Compare sessions'));
  await settle();
  const [before, after] = [...root.querySelectorAll('.compare-pick select')] as HTMLSelectElement[];
  await act(async () => {
    before!.value = beforeId;
    before!.dispatchEvent(new Event('change'));
    after!.value = afterId;
    after!.dispatchEvent(new Event('change'));
  });
  await click([...root.querySelectorAll('.compare-toolbar button')].find((b) => b.textContent === 'Compare')!);
  await act(async () => vi.waitFor(() => expect(store.cache.compare.result.value?.afterId).toBe(afterId)));
  await settle();
}

it('two sessions of one server on other ports: every request moved, and a note names the origin pairs', async () => {
  let text = JSON.stringify(log);
  for (const h of hosts) text = text.replaceAll(h, onPort1(h));
  backend.addSession({ ...base, id: 'here', startedAt: 1000 }, rowsFromLog('here', log));
  backend.addSession({ ...base, id: 'there', startedAt: 2000 }, rowsFromLog('there', JSON.parse(text) as CdpEvent[]));
  await compare('here', 'there');
  const note = root.querySelector('.compare-diff .diff-origin-hint')!;
  expect(note.textContent).toMatch(/^No request matched on its origin: every matched request moved, because the origins differ\. These look like one server under two names/);
  for (const h of hosts) expect(note.textContent).toContain(`--same-origin http://${h}=http://${onPort1(h)}`);
  expect(root.querySelectorAll('.diff-changes .diff-change[data-kind="moved"]').length).toBe(hosts.length);
  // "Compare them as one": the same two sessions again, each origin counted as its counterpart:
  // nothing moved, nothing changed (they are the same load), and the view says which were joined.
  await click(note.querySelector('.diff-same-origin')!);
  await act(async () => vi.waitFor(() => expect(store.cache.compare.result.value?.diff.sameOrigins?.length).toBe(hosts.length)));
  await settle();
  expect(root.querySelector('.diff-origin-hint')).toBeNull();
  expect(root.querySelectorAll('.diff-change[data-kind="moved"]').length).toBe(0);
  expect(root.querySelector('.diff-none')).not.toBeNull();
  const joined = root.querySelector('.diff-same-origins')!.textContent!;
  for (const h of hosts) expect(joined).toContain(`http://${h} (before) = http://${onPort1(h)} (after)`);
});

it('no note between a session and a copy of it', async () => {
  backend.addSession({ ...base, id: 'one', startedAt: 1000 }, rowsFromLog('one', log));
  backend.addSession({ ...base, id: 'two', startedAt: 2000 }, rowsFromLog('two', log));
  await compare('one', 'two');
  expect(root.querySelector('.diff-none')).not.toBeNull();
  expect(root.querySelector('.diff-origin-hint')).toBeNull();
});
