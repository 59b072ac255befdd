// @vitest-environment happy-dom
// The Streams view on the recorded event-streams lab (test/fixtures/event-streams), rendered with
// an in-memory backend (the analysis service runs in-process behind the same interface): the
// channel list, the message list fed by the worker's window, the filters (text, regular
// expression, event type, size, hidden indexes) and the selected message in full, all held against
// what the fixture server logged it sent (event-streams.truth.json).
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, settle } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const log = loadLog('event-streams');
const truth = loadTruth('event-streams');
const base: SessionInfo = { id: 'es', tabId: 9, url: 'http://a.test/', title: 'Event streams', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };
const streamRequests = truth.requests.filter((r) => /^\/(es-lab|ai-stream|ndjson-stream|held-stream|hold-stream)/.test(r.path));
const sentOn = (path: string) => {
  const req = truth.requests.find((r) => r.path.startsWith(path))!;
  return truth.messages.filter((m) => m.requestId === req.id && m.retry === undefined && m.comment === undefined);
};

let root: HTMLElement;
let store: Store;
const click = (el: Element) => act(async () => void (el as HTMLElement).click());
const tab = (label: string) => [...root.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.trim() === label) as HTMLElement;
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await settle();
  expect(check(), what).toBe(true);
}
const rows = () => [...root.querySelectorAll('.stream-row:not(.placeholder)')];
const channel = (path: string) => [...root.querySelectorAll('.stream-channel')].find((c) => c.getAttribute('title')?.includes(path))!;

beforeEach(async () => {
  root = createRoot();
  const backend = new MemoryBackend();
  backend.addSession(base, rowsFromLog('es', log));
  store = await renderPanel(root, backend);
  await act(() => store.actions.openSession('es'));
  await click(tab('Streams'));
  await until('the channel list', () => root.querySelectorAll('.stream-channel').length > 0);
});
afterEach(() => removeRoot(root));

describe('Streams view', () => {
  it('lists every channel the server streamed, with kind, counts and badges, and the sockets the streams held', () => {
    const list = [...root.querySelectorAll('.stream-channel')];
    expect(list).toHaveLength(streamRequests.length);
    const ai = channel('/ai-stream');
    expect(ai.querySelector('.stream-kind')!.textContent).toBe('SSE (fetch)');
    expect(ai.querySelector('.stream-counts')!.textContent).toContain(`${sentOn('/ai-stream').length} messages`);
    expect([...channel('/held-stream').querySelectorAll('.badge')].map((b) => b.textContent)).toContain('buffered');
    expect(root.querySelector('.stream-holds')!.textContent).toMatch(/^6 of 6 sockets to http:\/\/hold\.test:\d+ were held by 6 EventSource streams/);
  });

  it('shows a channel’s messages, filters them, and the selected one in full', async () => {
    await click(channel('/ai-stream'));
    const want = sentOn('/ai-stream');
    await until('the token rows', () => rows().length === want.length && rows()[0]!.querySelector('.c-text')!.textContent === want[0]!.data);
    expect(rows().map((r) => r.querySelector('.c-text')!.textContent)).toEqual(want.map((m) => m.data));
    expect(root.querySelector('.stream-stats')!.textContent).toContain('first token');
    // Text filter.
    const input = root.querySelector('input[aria-label="Filter messages"]') as HTMLInputElement;
    await act(async () => {
      input.value = 'NA\u00efVE';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await until('one row for the text', () => rows().length === 1);
    expect(root.querySelector('.stream-count')!.textContent).toBe(`1 of ${want.length} messages`);
    // A regular expression, and one that does not compile.
    await act(() => void (store.streams.filter.value = { text: 'tok-1\\d', regex: true }));
    await until('the regex rows', () => rows().length === want.filter((m) => /tok-1\d/i.test(m.data)).length);
    await act(() => void (store.streams.filter.value = { text: '(', regex: true }));
    await until('the regex error', () => root.querySelector('.stream-filters .error') !== null);
    // Size, and hidden indexes (what the WebSocket heartbeat detection fills).
    await act(() => void (store.streams.filter.value = { minSize: 34 }));
    await until('the size rows', () => rows().length === want.filter((m) => Buffer.byteLength(m.data) >= 34).length);
    await act(() => {
      store.streams.filter.value = {};
      store.streams.hidden.value = [0, 1, 2];
    });
    await until('three hidden', () => rows().length === want.length - 3);
    expect(rows()[0]!.querySelector('.c-text')!.textContent).toBe(want[3]!.data);
    await act(() => void (store.streams.hidden.value = []));
    await until('all back', () => rows().length === want.length);
    // Select a message: the detail pane has it whole, as a JSON tree.
    await click(rows()[7]!);
    await until('the detail', () => root.querySelector('.stream-detail .json-tree') !== null);
    expect(root.querySelector('.stream-detail')!.textContent).toContain('na\u00efve');
  });

  it('the event type filter on the EventSource with named events', async () => {
    await click(channel('/es-lab'));
    await until('the lab rows', () => rows().length === sentOn('/es-lab').length);
    const select = root.querySelector('select[aria-label="Event type"]') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'message', 'update']);
    await act(() => void (store.streams.filter.value = { type: 'update' }));
    await until('the update row', () => rows().length === 1);
    expect(rows()[0]!.querySelector('.c-type')!.textContent).toBe('update');
    // Two controls changed before the view draws again (as a fast user or an autofill does): both hold.
    await act(() => void (store.streams.filter.value = {}));
    await until('the lab rows again', () => rows().length === sentOn('/es-lab').length);
    const text = root.querySelector('input[aria-label="Filter messages"]') as HTMLInputElement;
    const type = root.querySelector('select[aria-label="Event type"]') as HTMLSelectElement;
    await act(() => {
      type.value = 'message';
      type.dispatchEvent(new Event('change', { bubbles: true }));
      text.value = 'x';
      text.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(store.streams.filter.value).toEqual({ type: 'message', text: 'x' });
  });
});
