// @vitest-environment happy-dom
// Compare sessions as the semantic diff (panel/views/CompareDiff.tsx, computed in the analysis
// worker, in-process here): two stored sessions made from a recorded fixture (test/fixtures/pool)
// and the same log with one response answered 500 instead; the change is listed with its request
// on both sides, and a link opens that request in the session it belongs to.
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, settle } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const log = loadLog('pool');
const truth = loadTruth('pool');
const target = truth.requests.find((t) => t.path.startsWith('/res/pool-3.png'))!;
const base: SessionInfo = { id: 'x', tabId: 9, url: 'http://a.test/', title: 'Pool', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };

/** The log with the response of `target` answered 500 (its raw status too); and the request id. */
function withServerError(): { events: typeof log; requestId: string } {
  const events = structuredClone(log);
  let requestId = '';
  for (const e of events) {
    const p = e.params as { response?: { url: string; status: number }; requestId?: string; statusCode?: number };
    if (e.method === 'Network.responseReceived' && p.response?.url === target.url) {
      p.response.status = 500;
      requestId = p.requestId!;
    }
  }
  for (const e of events) {
    const p = e.params as { requestId?: string; statusCode?: number };
    if (e.method === 'Network.responseReceivedExtraInfo' && p.requestId === requestId) p.statusCode = 500;
  }
  return { events, requestId };
}

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

describe('Compare sessions: the diff', () => {
  it('lists the one change with its request on both sides, and a link opens it in its session', async () => {
    const { events, requestId } = withServerError();
    backend.addSession({ ...base, id: 'good', title: 'Before the deploy', startedAt: 1000 }, rowsFromLog('good', log));
    backend.addSession({ ...base, id: 'bad', title: 'After the deploy', startedAt: 2000 }, rowsFromLog('bad', events));
    await compare('good', 'bad');
    const items = [...root.querySelectorAll('.diff-changes .diff-change')] as HTMLElement[];
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['status']);
    expect(items[0]!.textContent).toContain('answered 200 before and 500 now.');
    expect(root.querySelector('.compare-diff h3')!.textContent).toBe('What changed (1)');
    expect(root.querySelector('.diff-totals tbody')!.textContent).toContain('Before: Before the deploy');
    // The cache comparison is still there, as its own section.
    expect([...root.querySelectorAll('.compare-heading')].map((h) => h.textContent)).toContain('What the cache saved');
    // Links: the request in each session, by its hop id.
    const links = [...items[0]!.querySelectorAll('.diff-link')] as HTMLElement[];
    expect(links.map((l) => [l.textContent, l.getAttribute('data-session'), l.getAttribute('data-hop')])).toEqual([
      ['before', 'good', requestId],
      ['after', 'bad', requestId],
    ]);
    await click(links[0]!);
    await act(async () => vi.waitFor(() => expect(store.selectedId.value).toBe(requestId)));
    expect(store.current.value?.id).toBe('good');
    expect(store.view.value).toBe('requests');
  });

  it('says there is no change between a session and a copy of it', async () => {
    backend.addSession({ ...base, id: 'one', startedAt: 1000 }, rowsFromLog('one', log));
    backend.addSession({ ...base, id: 'two', startedAt: 2000 }, rowsFromLog('two', log));
    await compare('one', 'two');
    expect(root.querySelectorAll('.diff-changes .diff-change').length).toBe(0);
    expect(root.querySelector('.diff-none')!.textContent).toMatch(/^No change in meaning: 31 requests matched/);
    expect(truth.requests.length).toBe(31);
  });
});
