// @vitest-environment happy-dom
// The panel's views on a fixture session, rendered with an in-memory backend: the table is
// virtualised, filters and sorting work, the keyboard moves the selection, the detail pane
// shows raw headers, and sessions can be renamed and deleted.
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { render } from 'preact';
import { act as preactAct } from 'preact/test-utils';
import { makeCurlStub } from '../export/curl-stub.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, pressKey, removeRoot, renderPanel, settle as settleRender, workerIdle, sessionRecords } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const fixture = loadLog;
const base: SessionInfo = { id: 'x', tabId: 9, url: 'http://a.test/', title: 'Fixture', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };

let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;
/** act(), then waits for the analysis worker (in-process here) to answer what the views asked for: the table's rows come from it. */
const act = async (fn: () => unknown): Promise<void> => {
  await preactAct(fn as () => void);
  if (store) await workerIdle(store);
};
/** The Requests table's rows as the worker listed them (those in its window), as records. */
const tableRows = () => store.table.window.value?.records ?? [];

async function mount(): Promise<void> {
  store = await renderPanel(root, backend);
}
const settle = settleRender;
const rows = () => [...root.querySelectorAll('.request-row')] as HTMLElement[];
const countText = () => root.querySelector('.count')?.textContent ?? '';
const key = async (target: Element, k: string) => {
  await pressKey(target, k);
  await workerIdle(store);
};

beforeEach(() => {
  root = createRoot();
  backend = new MemoryBackend();
});
afterEach(() => removeRoot(root));

describe('Requests view', () => {
  it('lists every request of an opened session, with connection and source columns', async () => {
    const log = fixture('cache');
    backend.addSession({ ...base, id: 'cache' }, rowsFromLog('cache', log));
    await mount();
    await act(() => store.actions.openSession('cache'));
    // The recording: 28 requests, of which the server answered 19 (3 of them 304); the other 9
    // were served from the memory cache.
    const truth = loadTruth('cache');
    expect(log.filter((e) => e.method === 'Network.requestWillBeSent').length).toBe(28);
    expect(countText()).toBe('28 / 28 requests');
    expect(rows().length).toBe(28);
    const sources = rows().map((r) => r.querySelector('.col-source')?.textContent);
    expect(sources.filter((s) => s === '304').length).toBe(truth.requests.filter((t) => t.status === 304).length);
    expect(sources.filter((s) => s === '304').length).toBe(3);
    expect(sources.filter((s) => s === 'memory').length).toBe(28 - truth.requests.length);
    expect(sources.filter((s) => s === 'network').length).toBe(16);
    const conn = rows()[0]!.querySelector('.col-connection')?.textContent ?? '';
    expect(conn).toMatch(/^#\d+ (new|reused)$/);
  });

  it('keeps only the visible rows in the DOM for a large session', async () => {
    // 6,000 requests: the pool fixture's events repeated with fresh request ids.
    const log = fixture('pool');
    const big: CdpEvent[] = [];
    for (let copy = 0; copy < 200; copy++) {
      for (const e of log) {
        const p = e.params as { requestId?: string };
        big.push(p.requestId ? { ...e, params: { ...p, requestId: `${p.requestId}-c${copy}` } } : e);
      }
    }
    backend.addSession({ ...base, id: 'big' }, rowsFromLog('big', big));
    await mount();
    await act(() => store.actions.openSession('big'));
    const total = store.requestCount.value;
    expect(total).toBeGreaterThan(6000);
    expect(countText()).toBe(`${total.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} requests`);
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(60);
    // Scrolling moves the window of rows rather than adding to it.
    const list = root.querySelector('.virtual-list') as HTMLElement;
    await act(async () => {
      list.scrollTop = 20 * 3000;
      list.dispatchEvent(new Event('scroll'));
    });
    const indexes = rows().map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(Math.min(...indexes)).toBeGreaterThan(2900);
    expect(rows().length).toBeLessThan(60);
  }, 30_000);

  it('filters by text keys, type chips, status chips and origin, and counts shown / total', async () => {
    const log = fixture('demo');
    backend.addSession({ ...base, id: 'demo' }, rowsFromLog('demo', log));
    await mount();
    await act(() => store.actions.openSession('demo'));
    const all = await sessionRecords(store);
    const input = root.querySelector('input.filter-text') as HTMLInputElement;
    const type = async (text: string) =>
      act(async () => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });

    // The server's log of the recorded demo load: 54 requests, 4 to h2b.test, 7 to b.test, and
    // the two redirect hops (301, 302) on a.test. domain: is the host exactly, as in DevTools
    // (domain:b.test is not h2b.test); `*` is a wildcard.
    const truth = loadTruth('demo');
    const hostOf = (host: string) => host.replace(/:\d+$/, '');
    expect(all.length).toBe(54);
    expect(truth.requests.filter((t) => hostOf(t.host) === 'h2b.test').length).toBe(4);
    expect(truth.requests.filter((t) => hostOf(t.host) === 'b.test').length).toBe(7);
    await type('domain:h2b.test');
    expect(rows().length).toBe(4);
    expect(countText()).toBe('4 / 54 requests');
    await type('domain:b.test');
    expect(countText()).toBe('7 / 54 requests');
    await type('domain:*b.test');
    expect(countText()).toBe('11 / 54 requests');

    await type('-domain:b.test status:30');
    expect(rows().map((r) => r.querySelector('.col-status')?.textContent).sort()).toEqual(['301', '302']);

    await type('');
    const imgChip = [...root.querySelectorAll('.chip')].find((b) => b.textContent === 'Img') as HTMLButtonElement;
    await act(async () => imgChip.click());
    const images = all.filter((r) => r.resourceType === 'Image').length;
    expect(countText()).toBe(`${images} / ${all.length} requests`);
    expect(tableRows().every((r) => r.resourceType === 'Image')).toBe(true);
    expect(images).toBeLessThan(all.length);
    await act(async () => imgChip.click());

    const select = root.querySelector('select[aria-label="Origin"]') as HTMLSelectElement;
    const origin = all.find((r) => r.origin.startsWith('https://'))!.origin;
    await act(async () => {
      select.value = origin;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(rows().length).toBe(all.filter((r) => r.origin === origin).length);
  });

  it('sorts by a column and back, keeping request order for ties', async () => {
    backend.addSession({ ...base, id: 'pool' }, rowsFromLog('pool', fixture('pool')));
    await mount();
    await act(() => store.actions.openSession('pool'));
    const header = [...root.querySelectorAll('[role="columnheader"]')].find((h) => h.textContent?.startsWith('Time')) as HTMLElement;
    await act(async () => header.click());
    await act(async () => header.click());
    expect(header.getAttribute('aria-sort')).toBe('descending');
    const times = tableRows().map((r) => r.phases.total ?? -1);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBeGreaterThan(times[times.length - 1]!);
  });

  it('moves the selection with the keyboard and shows raw headers and timing in the detail pane', async () => {
    backend.addSession({ ...base, id: 'cache' }, rowsFromLog('cache', fixture('cache')));
    await mount();
    await act(() => store.actions.openSession('cache'));
    const list = root.querySelector('.virtual-list') as HTMLElement;
    await key(list, 'ArrowDown');
    await key(list, 'ArrowDown');
    expect(store.selectedId.value).toBe(tableRows()[1]!.id);
    expect(root.querySelector('.request-row.selected')?.getAttribute('aria-rowindex')).toBe('2');
    await key(list, 'End');
    expect(store.selectedId.value).toBe(tableRows().at(-1)!.id);
    // Select a revalidated request: its raw response headers say 304.
    const revalidated = tableRows().find((r) => r.source === 'revalidated')!;
    await act(async () => store.actions.select(revalidated.id));
    const detail = root.querySelector('.detail') as HTMLElement;
    // The Explain tab opens first; it names the revalidation.
    expect(detail.textContent).toContain('Revalidated');
    const headersTab = [...detail.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Headers') as HTMLElement;
    await act(async () => headersTab.click());
    expect(detail.textContent).toContain('(raw, as received)');
    expect(detail.textContent).toContain('304');
    expect(detail.textContent).toMatch(/if-none-match/i);
    const timingTab = [...detail.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Timing') as HTMLElement;
    await act(async () => timingTab.click());
    expect(root.querySelector('.timing-table')?.textContent).toContain('Waiting for server response');
    const copy = [...detail.querySelectorAll('button')].find((b) => b.textContent === 'Copy as cURL') as HTMLElement;
    await act(async () => copy.click());
    await settle();
    expect(backend.copied[0]).toContain(`curl '${revalidated.url}'`);
    await key(list, 'Escape');
    expect(root.querySelector('.detail')).toBeNull();
  });

  it('filters by the source:, conn: and -method: keys, as the recorded log counts them', async () => {
    // Expected counts come from the raw CDP events of the recorded fixture, not from Netlens.
    const log = fixture('cache');
    const served = new Set(log.filter((e) => e.method === 'Network.requestServedFromCache').map((e) => (e.params as { requestId: string }).requestId));
    const responses = log.filter((e) => e.method === 'Network.responseReceived').map((e) => e.params as { requestId: string; response: { connectionId?: number } });
    const requestsSent = log.filter((e) => e.method === 'Network.requestWillBeSent').length;
    const answered304 = log.filter((e) => e.method === 'Network.responseReceivedExtraInfo' && (e.params as { statusCode?: number }).statusCode === 304).length;
    // Requests that went over connection 86 (a memory cache hit names the connection of the copy it reused, but used none).
    const onConn86 = responses.filter((r) => r.response.connectionId === 86 && !served.has(r.requestId)).length;
    expect([requestsSent, served.size, answered304, onConn86]).toEqual([28, 9, 3, 10]);
    backend.addSession({ ...base, id: 'cache' }, rowsFromLog('cache', log));
    await mount();
    await act(() => store.actions.openSession('cache'));
    const input = root.querySelector('input.filter-text') as HTMLInputElement;
    const type = async (text: string) =>
      act(async () => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    const shown = () => rows().map((r) => r.getAttribute('data-request-id')!);
    await type('source:memory');
    expect(countText()).toBe(`9 / 28 requests`);
    expect(new Set(shown())).toEqual(served);
    await type('-source:memory');
    expect(countText()).toBe('19 / 28 requests');
    await type('source:304');
    expect(countText()).toBe('3 / 28 requests');
    await type('conn:86');
    expect(countText()).toBe(`${onConn86} / 28 requests`);
    expect(rows().every((r) => r.querySelector('.col-connection')?.textContent?.startsWith('#86 '))).toBe(true);
    await type('conn:#86 -source:network');
    // Of the ten, the one the log shows revalidated (304) on that connection.
    expect(rows().map((r) => r.querySelector('.col-source')?.textContent)).toEqual(['304']);

    // -method: on the preflight fixture: an OPTIONS preflight, the PUT it guarded, and the page (GET).
    render(null, root);
    backend.addSession({ ...base, id: 'preflight' }, rowsFromLog('preflight', fixture('pools-preflight')));
    await mount();
    await act(() => store.actions.openSession('preflight'));
    const input2 = root.querySelector('input.filter-text') as HTMLInputElement;
    await act(async () => {
      input2.value = '-method:GET';
      input2.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(countText()).toBe('2 / 3 requests');
    expect(rows().map((r) => r.querySelector('.col-method')?.textContent).sort()).toEqual(['OPTIONS', 'PUT']);
  });

  it('/ focuses the filter, Enter reopens the detail pane, Page Up / Down move a page', async () => {
    backend.addSession({ ...base, id: 'cache' }, rowsFromLog('cache', fixture('cache')));
    await mount();
    await act(() => store.actions.openSession('cache'));
    const input = root.querySelector('input.filter-text') as HTMLInputElement;
    expect(document.activeElement).not.toBe(input);
    await key(document.body, '/');
    expect(document.activeElement).toBe(input);
    // Typed into the filter, "/" is text, not a shortcut.
    const typed = new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true });
    input.dispatchEvent(typed);
    expect(typed.defaultPrevented).toBe(false);

    const list = root.querySelector('.virtual-list') as HTMLElement;
    const selectedRow = () => Number(root.querySelector('.request-row.selected')?.getAttribute('aria-rowindex'));
    await key(list, 'ArrowDown');
    expect(selectedRow()).toBe(1);
    // happy-dom lays nothing out, so the list has its 400 px default: 20 rows of 20 px, and a
    // page keeps one row in view, so Page Down moves 19 rows (28 in this session).
    await key(list, 'PageDown');
    expect(selectedRow()).toBe(20);
    await key(list, 'PageDown');
    expect(selectedRow()).toBe(28);
    await key(list, 'PageUp');
    expect(selectedRow()).toBe(9);
    await key(list, 'PageUp');
    expect(selectedRow()).toBe(1);

    // Esc closes the detail pane but keeps the selection; Enter opens it again on the same request.
    expect(root.querySelector('.detail')).not.toBeNull();
    await key(list, 'Escape');
    expect(root.querySelector('.detail')).toBeNull();
    expect(selectedRow()).toBe(1);
    await key(list, 'Enter');
    expect(root.querySelector('.detail')).not.toBeNull();
    expect(selectedRow()).toBe(1);
  });

  it('Copy URL copies the URL, and Copy as cURL a command bash runs with exactly the recorded values', async () => {
    const url = "http://a.test/q?x='$(touch $MARKER)'&y=`touch $MARKER`";
    const body = "name='a'\n$(touch $MARKER)\n`touch $MARKER` end";
    const log: CdpEvent[] = [
      { method: 'Network.requestWillBeSent', params: { requestId: 'c1', loaderId: 'l', documentURL: url, request: { url, method: 'POST', headers: { 'X-Note': "it's $(touch $MARKER)", 'Content-Type': 'text/plain' }, postData: body, initialPriority: 'High', referrerPolicy: 'no-referrer' }, timestamp: 1, wallTime: 1, initiator: { type: 'other' }, redirectHasExtraInfo: false, type: 'Fetch' } },
    ];
    backend.addSession({ ...base, id: 'copy' }, rowsFromLog('copy', log));
    await mount();
    await act(() => store.actions.openSession('copy'));
    await act(async () => store.actions.select('c1'));
    const button = (label: string) => [...root.querySelectorAll('.detail button')].find((b) => b.textContent?.trim() === label) as HTMLElement;
    await act(async () => button('Copy URL').click());
    await settle();
    expect(backend.copied).toEqual([url]);
    await act(async () => button('Copy as cURL').click());
    await settle();
    const stub = makeCurlStub();
    try {
      const argv = stub.run(backend.copied[1]!);
      expect(stub.markerMade()).toBe(false);
      expect(argv).toEqual([url, '-H', "X-Note: it's $(touch $MARKER)", '-H', 'Content-Type: text/plain', '--data-raw', body]);
    } finally {
      stub.remove();
    }
  });

  it('renders recorded text inert: markup in URLs and headers stays text', async () => {
    const evil = 'http://a.test/<img src=x onerror=alert(1)>';
    const log: CdpEvent[] = [
      { method: 'Network.requestWillBeSent', params: { requestId: 'e1', loaderId: 'l', documentURL: evil, request: { url: evil, method: 'GET', headers: { 'X-Evil': '<script>alert(1)</script>' }, initialPriority: 'High', referrerPolicy: 'no-referrer' }, timestamp: 1, wallTime: 1, initiator: { type: 'other' }, redirectHasExtraInfo: false, type: 'Document' } },
    ];
    backend.addSession({ ...base, id: 'evil' }, rowsFromLog('evil', log));
    await mount();
    await act(() => store.actions.openSession('evil'));
    await act(async () => store.actions.select('e1'));
    const headersTab = [...root.querySelectorAll('.detail [role="tab"]')].find((t) => t.textContent === 'Headers') as HTMLElement;
    await act(async () => headersTab.click());
    expect(root.querySelector('img[src="x"]')).toBeNull();
    expect(root.querySelector('script')).toBeNull();
    expect(root.textContent).toContain('<script>alert(1)</script>');
  });
});

describe('Theme', () => {
  it('follows DevTools: dark at start when DevTools is dark, and switches live', async () => {
    backend.theme = 'dark';
    await mount();
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
    await act(async () => backend.switchTheme('light'));
    expect(document.documentElement.classList.contains('theme-dark')).toBe(false);
    await act(async () => backend.switchTheme('dark'));
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
  });
});

describe('Record controls and sessions', () => {
  it('joins the inspected tab’s recording on open, and Stop ends it', async () => {
    const log = fixture('pool');
    backend.addSession({ ...base, id: 'live', state: 'recording', tabId: 1, endReason: undefined, endedAt: undefined }, rowsFromLog('live', log).slice(0, 50));
    await mount();
    await vi.waitFor(() => expect(store.current.value?.id === 'live' && store.progress.value === undefined).toBe(true), { timeout: 10_000 });
    expect(root.querySelector('button[aria-label="Stop recording"]')).not.toBeNull();
    backend.store('live', rowsFromLog('live', log).slice(50));
    backend.post('live', rowsFromLog('live', log).slice(50));
    await act(() => store.loader.value!.settled());
    expect(store.appliedEvents.value).toBe(log.length);
    await act(async () => (root.querySelector('button[aria-label="Stop recording"]') as HTMLElement).click());
    await settle();
    expect(backend.controlLog.some((r) => r.type === 'stop')).toBe(true);
    expect(root.querySelector('button[aria-label="Record"]')).not.toBeNull();
  });

  it('Stop works while the recording’s session is still being opened (its replay is not a busy action)', async () => {
    const log = fixture('pool');
    backend.addSession({ ...base, id: 'live', state: 'recording', tabId: 1, endReason: undefined, endedAt: undefined }, rowsFromLog('live', log));
    // The analysis worker (in-process here) is held at its first replay step.
    const analysis = backend.analysis();
    const advance = analysis.advance.bind(analysis);
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    analysis.advance = async (...args) => {
      await gate;
      return advance(...args);
    };
    await mount();
    await vi.waitFor(() => expect(store.current.value?.id).toBe('live'));
    expect(store.progress.value).toBeDefined();
    const stop = root.querySelector('button[aria-label="Stop recording"]') as HTMLButtonElement;
    expect(stop.disabled).toBe(false);
    await act(async () => stop.click());
    await vi.waitFor(() => expect(backend.controlLog.some((r) => r.type === 'stop')).toBe(true));
    release();
    await vi.waitFor(() => expect(store.progress.value).toBeUndefined());
    expect(root.querySelector('button[aria-label="Record"]')).not.toBeNull();
  });

  it('Record and reload starts a recording, then reloads the inspected page', async () => {
    await mount();
    await act(async () => (root.querySelector('button[aria-label="Record and reload"]') as HTMLElement).click());
    await settle();
    const start = backend.controlLog.find((r) => r.type === 'start');
    expect(start).toMatchObject({ type: 'start', tabId: 1 });
    expect(backend.reloads).toBe(1);
    expect(store.current.value?.state).toBe('recording');
  });

  it('shows an attach refusal in words', async () => {
    backend.onControl = async (req) => (req.type === 'start' ? { ok: false, error: 'Another debugger is already attached to this tab.' } : { ok: true, type: 'status', recordings: [] });
    await mount();
    await act(async () => (root.querySelector('button[aria-label="Record"]') as HTMLElement).click());
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Another debugger is already attached');
  });

  it('lists sessions with how they ended, renames and deletes them', async () => {
    backend.addSession({ ...base, id: 'a', startedAt: 2000, url: 'http://a.test/one' }, rowsFromLog('a', fixture('redirect')));
    backend.addSession({ ...base, id: 'b', startedAt: 3000, state: 'interrupted', endReason: 'worker_restart', url: 'http://a.test/two' });
    await mount();
    await act(async () => ([...root.querySelectorAll('.view-tabs [role="tab"]')].find((t) => t.textContent === 'Sessions') as HTMLElement).click());
    const table = () => root.querySelector('.sessions-table') as HTMLElement;
    expect(table().querySelectorAll('tbody tr').length).toBe(2);
    expect(table().querySelector('tr[data-session-id="b"] .state')?.textContent).toMatch(/Interrupted.*restarted while recording/);

    const row = () => table().querySelector('tr[data-session-id="a"]') as HTMLElement;
    await act(async () => ([...row().querySelectorAll('button')].find((b) => b.textContent === 'Rename') as HTMLElement).click());
    const input = row().querySelector('input') as HTMLInputElement;
    await act(async () => {
      input.value = 'Cold load';
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    await settle();
    expect(backend.sessions.get('a')?.name).toBe('Cold load');
    expect(row().querySelector('.name')?.textContent).toBe('Cold load');

    await act(async () => ([...row().querySelectorAll('button')].find((b) => b.textContent === 'Delete') as HTMLElement).click());
    await settle();
    expect(backend.sessions.has('a')).toBe(false);
    expect(backend.events.has('a')).toBe(false);
    expect(table().querySelectorAll('tbody tr').length).toBe(1);
  });
});
