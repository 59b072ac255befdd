// @vitest-environment happy-dom
// The Connections view and the connection filters on recorded fixtures, rendered with the
// in-memory backend: one block per origin pool, one lane per socket, HTTP/2 streams on rows that
// never overlap, the waiting requests, selection shared with the Requests view, the keyboard,
// and a large session that keeps only the visible rows in the DOM.
import { render } from 'preact';
import { act as preactAct } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, pressKey, removeRoot, renderPanel, workerIdle, sessionRecords } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import { MAX_SLOTS } from '../../../panel/store/pools.ts';
import { NetworkRecorder } from '../../../src/core/recorder/network-recorder.ts';
import { analysePools } from '../../../src/core/analysis/pools/index.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { SessionInfo } from '../../../src/core/session.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

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

async function open(name: string, log: CdpEvent[] = loadLog(name)): Promise<void> {
  backend.addSession({ ...base, id: name }, rowsFromLog(name, log));
  store = await renderPanel(root, backend);
  await act(() => store.actions.openSession(name));
}
/** Shows a view, and waits for the analysis worker's answer (the in-process service in these tests). */
const showView = async (label: string) => {
  await act(async () => ([...root.querySelectorAll('.view-tabs [role="tab"]')].find((t) => t.textContent === label) as HTMLElement).click());
  await analysed();
};
const analysed = () => act(async () => vi.waitFor(() => expect(store.pools.waiting.value || store.pools.running.value).toBe(false)));
/** The pool analysis of a fixture, made here from the log (the view is sent only its rows). */
const poolsOf = (log: CdpEvent[]) => analysePools(NetworkRecorder.fromLog(log).requests());
/** Presses a key, and waits until the selection is `id` (the worker finds where a move goes) and the worker's rows for it are drawn. */
const keyTo = async (list: Element, k: string, id: string | undefined) => {
  await key(list, k);
  await act(async () => vi.waitFor(() => expect(store.selectedId.value).toBe(id)));
  await analysed();
};
const laneBars = () => [...root.querySelectorAll('.cv-lane .cv-bar')] as HTMLElement[];
const queueBars = () => [...root.querySelectorAll('.cv-queue .cv-bar')] as HTMLElement[];
const poolNames = () => [...root.querySelectorAll('.cv-pool-name')].map((e) => e.textContent?.replace(/^[▸▾]\s*/, '') ?? '');
const key = async (target: Element, k: string) => {
  await pressKey(target, k);
  await workerIdle(store);
};

/**
 * The a.test images of the recorded pool page that the server received only after one of them
 * had finished: they waited for one of the 6 sockets (18 on this recording).
 */
function lateAtServer(): string[] {
  const images = loadTruth('pool').requests.filter((t) => t.host.startsWith('a.test') && t.url.includes('/res/'));
  const firstDone = Math.min(...images.map((t) => t.finishedAt!));
  return images.filter((t) => t.receivedAt >= firstDone).map((t) => t.url);
}
/** A bar's left edge, in percent of the track, as drawn (happy-dom drops the width's max()). */
function leftOf(bar: Element): number {
  return Number(/left:\s*(-?[\d.]+)%/.exec(bar.getAttribute('style') ?? '')![1]);
}

beforeEach(() => {
  root = createRoot();
  backend = new MemoryBackend();
});
afterEach(() => removeRoot(root));

describe('Connections view', () => {
  it('draws one block per origin pool, one lane per connection, and a bar for every request a socket carried', async () => {
    await open('pool');
    await showView('Connections');
    const rec = NetworkRecorder.fromLog(loadLog('pool'));
    const a = analysePools(rec.requests());
    expect(poolNames()).toEqual(a.pools.map((p) => p.origin));
    expect(poolNames().length).toBe(2);
    for (const pool of a.pools) {
      for (const id of pool.connectionIds) expect(root.querySelectorAll(`.cv-lane[data-connection-id="${id}"]`).length, `connection ${id}`).toBe(1);
    }
    const onSockets = rec.requests().filter((r) => (r.connectionId ?? 0) > 0).map((r) => r.id).sort();
    expect(laneBars().map((b) => b.getAttribute('data-request-id')).sort()).toEqual(onSockets);
    // The pool header shows the 6-per-host limit reached and how many requests queued (the server's count).
    const aHeader = root.querySelector('.cv-pool') as HTMLElement;
    expect(aHeader.textContent).toContain('max 6 of 6 busy');
    expect(lateAtServer().length).toBe(18);
    expect(aHeader.textContent).toContain('18 queued');
    // New connections have their DNS and TCP set-up drawn on their lane.
    expect(root.querySelectorAll('.cv-setup.cv-connect').length).toBe(a.connections.filter((c) => c.setup).length);
  });

  it('shows the requests that waited for a socket, folded into one row until opened', async () => {
    await open('pool');
    await showView('Connections');
    const queued = poolsOf(loadLog('pool')).pools[0]!.queued;
    // The requests that waited, as the server saw them: the 18 images it received late.
    const late = lateAtServer();
    const byId = new Map((await sessionRecords(store)).map((r) => [r.id, r]));
    expect(queued.map((id) => byId.get(id)!.url).sort()).toEqual([...late].sort());
    const label = root.querySelector('.cv-queue-label') as HTMLButtonElement;
    expect(label.textContent).toContain(`Waiting for a socket (${late.length})`);
    expect(label.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelectorAll('.cv-queue').length).toBe(1);
    await act(async () => label.click());
    await analysed();
    expect(root.querySelectorAll('.cv-queue').length).toBeGreaterThan(1);
    expect(queueBars().map((b) => b.getAttribute('data-request-id')).sort()).toEqual([...queued].sort());
  });

  it('stacks overlapping HTTP/2 streams on rows where no two bars overlap', async () => {
    // h2 fixture: 30 streams at once, more rows than are drawn (they then share rows); the
    // coalescing fixture: 12 at once, one row each.
    for (const name of ['h2', 'pools-coalesce']) {
      render(null, root);
      await open(name);
      await showView('Connections');
      const conn = poolsOf(loadLog(name)).connections.find((c) => c.family === 'h2' && c.maxConcurrent > 1)!;
      const lanes = [...root.querySelectorAll(`.cv-lane[data-connection-id="${conn.id}"][data-origin="${conn.primaryOrigin}"]`)] as HTMLElement[];
      expect(lanes.length, name).toBe(Math.min(MAX_SLOTS, conn.maxConcurrent));
      const uses = new Map(conn.uses.map((u) => [u.hopId, u]));
      /** Streams in flight at `t` (bound at or before it, not yet released). */
      const inFlight = (t: number) => conn.uses.filter((u) => u.bindAt <= t && u.releaseAt > t).length;
      let bars = 0;
      let shared = 0;
      for (const lane of lanes) {
        const onRow = [...lane.querySelectorAll('.cv-bar')].map((b) => uses.get(b.getAttribute('data-request-id')!)!).sort((x, y) => x.bindAt - y.bindAt);
        bars += onRow.length;
        for (let i = 1; i < onRow.length; i++) {
          if (onRow[i]!.bindAt >= onRow[i - 1]!.releaseAt - 1) continue;
          // Two bars overlap on a row only when every drawn row was busy at that moment.
          shared++;
          expect(inFlight(onRow[i]!.bindAt), `${name}: bar ${onRow[i]!.hopId} overlaps on a row while a row was free`).toBeGreaterThan(MAX_SLOTS);
        }
      }
      // The h2 fixture asks for more streams at once than there are rows, so some must share.
      if (name === 'h2') expect(shared).toBeGreaterThan(0);
      else expect(shared, name).toBe(0);
      // Every stream the pool's own connection carried is drawn once.
      expect(bars, name).toBe(conn.uses.length);
      expect(root.querySelector('.cv-pool')?.textContent).toBeDefined();
    }
    expect([...root.querySelectorAll('.cv-pool')].some((h) => /\d+ streams at once/.test(h.textContent ?? ''))).toBe(true);
  });

  it('marks a coalesced connection in the pool that borrowed it', async () => {
    await open('pools-coalesce');
    await showView('Connections');
    const a = poolsOf(loadLog('pools-coalesce'));
    const h2b = a.pools.find((p) => p.origin.includes('h2b.test'))!;
    expect(h2b.borrowed.length).toBe(1);
    const headers = [...root.querySelectorAll('.cv-pool')] as HTMLElement[];
    expect(headers.filter((h) => h.querySelector('.cv-badge-coalesced')).length).toBe(2);
    const labels = [...root.querySelectorAll(`.cv-lane[data-connection-id="${h2b.borrowed[0]}"] .cv-kind`)].map((e) => e.textContent);
    expect(labels).toContainEqual(expect.stringMatching(/^coalesced from h2\.test/));
    // The lane counts what it draws: every request of the connection where it was opened, the
    // borrowing origin's own where it was borrowed.
    const conn = a.connection(h2b.borrowed[0]!)!;
    const own = conn.uses.filter((u) => u.origin === h2b.origin).length;
    const label = (origin: string) => root.querySelector(`.cv-lane.cv-first-slot[data-connection-id="${conn.id}"][data-origin="${origin}"] .cv-label`)?.textContent ?? '';
    expect(label(conn.primaryOrigin)).toContain(`${conn.uses.length} req (${own} coalesced)`);
    expect(label(h2b.origin)).toContain(`${own} req`);
  });

  it('shows an HTTP/3 connection as such, with its QUIC set-up', async () => {
    const S = (ms: number) => ms / 1000;
    const timing = (start: number, connect: boolean) => ({
      requestTime: S(start), proxyStart: -1, proxyEnd: -1, dnsStart: connect ? 0 : -1, dnsEnd: connect ? 2 : -1, connectStart: connect ? 2 : -1, connectEnd: connect ? 20 : -1,
      sslStart: connect ? 2 : -1, sslEnd: connect ? 20 : -1, workerStart: -1, workerReady: -1, workerFetchStart: -1, workerRespondWithSettled: -1,
      sendStart: connect ? 21 : 0, sendEnd: connect ? 21.1 : 0.1, pushStart: 0, pushEnd: 0, receiveHeadersStart: 40, receiveHeadersEnd: 41,
    });
    const log: CdpEvent[] = [];
    const add = (id: string, url: string, at: number, conn: number, reused: boolean, protocol: string, headers: Record<string, string> = {}) => {
      log.push({ method: 'Network.requestWillBeSent', params: { requestId: id, loaderId: 'L', documentURL: url, request: { url, method: 'GET', headers: {} }, timestamp: S(at), wallTime: 1_700_000_000 + S(at), initiator: { type: 'other' }, type: 'Image', frameId: 'F' } });
      log.push({ method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: S(at + 41), type: 'Image', frameId: 'F', response: { url, status: 200, statusText: '', headers, mimeType: 'image/png', connectionReused: reused, connectionId: conn, remoteIPAddress: '10.0.0.9', remotePort: 443, encodedDataLength: 50, protocol, securityState: 'secure', timing: timing(at, !reused) } } });
      log.push({ method: 'Network.loadingFinished', params: { requestId: id, timestamp: S(at + 45), encodedDataLength: 500 } });
    };
    add('1', 'https://q.test/', 0, 1, false, 'h2', { 'alt-svc': 'h3=":443"' });
    add('2', 'https://q.test/a.png', 100, 2, false, 'h3');
    add('3', 'https://q.test/b.png', 110, 2, true, 'h3');
    await open('h3', log);
    await showView('Connections');
    const header = root.querySelector('.cv-pool') as HTMLElement;
    expect(header.querySelector('.cv-tag')?.textContent).toBe('HTTP/3 (QUIC)');
    expect(header.querySelector('.cv-badge-h3-upgrade')?.getAttribute('title')).toMatch(/switched to HTTP\/3 \(QUIC\).*Alt-Svc/);
    const setup = root.querySelector('.cv-lane[data-connection-id="2"] .cv-setup.cv-connect, .cv-lane[data-connection-id="2"] .cv-setup.cv-tls') as HTMLElement;
    expect(root.querySelector('.cv-lane[data-connection-id="2"] .cv-setup.cv-tls')?.getAttribute('title')).toMatch(/TLS handshake/);
    expect(setup).not.toBeNull();
  });

  it('selects a request everywhere from a bar, explains it, and moves along its connection with the keyboard', async () => {
    await open('pool');
    await showView('Connections');
    const a = poolsOf(loadLog('pool'));
    const conn = a.connections.find((c) => c.uses.length >= 3 && c.openerId !== undefined)!;
    const second = conn.uses[1]!;
    const bar = root.querySelector(`.cv-lane .cv-bar[data-request-id="${second.hopId}"]`) as HTMLButtonElement;
    await act(async () => bar.click());
    expect(store.selectedId.value).toBe(second.hopId);
    await analysed();
    expect(root.querySelector(`.cv-lane .cv-bar[data-request-id="${second.hopId}"]`)!.getAttribute('aria-pressed')).toBe('true');
    // The explanation is written by the analysis worker (in-process here) for this request alone.
    await act(async () => vi.waitFor(() => expect(store.explanation.result.value?.hopId).toBe(second.hopId)));
    const explain = root.querySelector('.connection-explain') as HTMLElement;
    expect(explain.textContent).toContain(`Reused connection #${conn.id}`);
    expect(explain.textContent).toContain(`request 2 of ${conn.uses.length} on it`);

    const list = root.querySelector('.cv-rows') as HTMLElement;
    await keyTo(list, 'ArrowRight', conn.uses[2]!.hopId);
    await keyTo(list, 'ArrowLeft', conn.uses[1]!.hopId);
    await keyTo(list, 'ArrowLeft', conn.uses[0]!.hopId);

    await showView('Requests');
    const row = root.querySelector(`.request-row[data-request-id="${conn.uses[0]!.hopId}"]`) as HTMLElement;
    expect(row.getAttribute('aria-selected')).toBe('true');
  });

  it('moves to the lane above or below with the arrow keys, to the request nearest in time', async () => {
    await open('pool');
    await showView('Connections');
    const lanes = () => [...root.querySelectorAll('.cv-lane')].filter((l) => l.querySelector('.cv-bar'));
    const selectedBar = () => root.querySelector('.cv-lane .cv-bar[aria-pressed="true"]') as HTMLElement;
    const laneOf = (bar: Element) => lanes().indexOf(bar.closest('.cv-lane')!);
    // Start on the second lane's last request.
    const start = [...lanes()[1]!.querySelectorAll('.cv-bar')].at(-1) as HTMLButtonElement;
    await act(async () => start.click());
    await analysed();
    const list = root.querySelector('.cv-rows') as HTMLElement;
    /** The bar on lane `i` whose left edge is nearest the currently selected bar's, as drawn. */
    const nearestOn = (i: number) => {
      const at = leftOf(selectedBar());
      return [...lanes()[i]!.querySelectorAll('.cv-bar')].reduce((best, b) => (Math.abs(leftOf(b) - at) < Math.abs(leftOf(best) - at) ? b : best));
    };
    const below = nearestOn(2).getAttribute('data-request-id')!;
    await keyTo(list, 'ArrowDown', below);
    expect(laneOf(selectedBar())).toBe(2);
    const above = nearestOn(1).getAttribute('data-request-id')!;
    await keyTo(list, 'ArrowUp', above);
    expect(laneOf(selectedBar())).toBe(1);
    await keyTo(list, 'ArrowUp', nearestOn(0).getAttribute('data-request-id')!);
    expect(laneOf(selectedBar())).toBe(0);
    // Along the lane: the next bar to the right.
    const onLane = [...lanes()[0]!.querySelectorAll('.cv-bar')].map((b) => b.getAttribute('data-request-id'));
    const i = onLane.indexOf(store.selectedId.value!);
    await keyTo(list, i + 1 < onLane.length ? 'ArrowRight' : 'ArrowLeft', onLane[i + 1 < onLane.length ? i + 1 : i - 1]!);
  });

  it('zooms the time axis with + and −, and 0 fits the whole session again', async () => {
    await open('pool');
    await showView('Connections');
    const list = root.querySelector('.cv-rows') as HTMLElement;
    // A bar near the middle of the session stays in view when zooming in on the middle.
    const lefts = () => new Map(laneBars().map((b) => [b.getAttribute('data-request-id')!, leftOf(b)]));
    const [id, left] = [...lefts()].find(([, x]) => x > 42 && x < 58)!;
    const fitButton = () => [...root.querySelectorAll('.cv-toolbar button')].find((b) => b.textContent?.trim() === 'Fit') as HTMLButtonElement;
    expect(fitButton().disabled).toBe(true);
    // + shows half the time span around the middle (25%..75% of it), so a point at x% moves to (x − 25) × 2.
    // The worker draws the bars for the new window: each key waits for its answer.
    const zoomKey = async (k: string) => {
      await key(list, k);
      await analysed();
    };
    await zoomKey('+');
    expect(lefts().get(id)).toBeCloseTo((left - 25) * 2, 2);
    expect(fitButton().disabled).toBe(false);
    // Again: 37.5%..62.5% of the session.
    await zoomKey('+');
    expect(lefts().get(id)).toBeCloseTo((left - 37.5) * 4, 2);
    // − doubles the span back.
    await zoomKey('-');
    expect(lefts().get(id)).toBeCloseTo((left - 25) * 2, 2);
    await zoomKey('0');
    expect(lefts().get(id)).toBe(left);
    expect(fitButton().disabled).toBe(true);
  });

  it('keeps only the visible rows in the DOM for a large session', async () => {
    const log = loadLog('pool');
    const big: CdpEvent[] = [];
    for (let copy = 0; copy < 200; copy++) {
      for (const e of log) {
        const p = e.params as { requestId?: string; response?: { connectionId?: number } };
        if (!p.requestId) {
          big.push(e);
          continue;
        }
        const response = p.response && p.response.connectionId ? { ...p.response, connectionId: p.response.connectionId + copy * 1000 } : p.response;
        big.push({ ...e, params: { ...p, requestId: `${p.requestId}-c${copy}`, ...(response ? { response } : {}) } });
      }
    }
    await open('big', big);
    await showView('Connections');
    const total = store.pools.window.value!.count;
    expect(total).toBeGreaterThan(2000);
    const rendered = root.querySelectorAll('.cv-row').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    // Within a row, bars are drawn at most one per pixel of the track.
    const maxBars = Math.max(...[...root.querySelectorAll('.cv-row')].map((r) => r.querySelectorAll('.cv-bar').length));
    expect(maxBars).toBeLessThan(1200);
  }, 30_000);
});

describe('Requests table: connection filters', () => {
  /** The chips' ids come from the analysis worker (in-process here). */
  const factsIn = async () => {
    await workerIdle(store);
    await analysed();
  };
  it('shows only new connections, or only queued requests, as the analysis counts them', async () => {
    await open('pool');
    const a = analysePools(NetworkRecorder.fromLog(loadLog('pool')).requests());
    const all = await sessionRecords(store);
    const chip = (label: string) => [...root.querySelectorAll('.chip')].find((b) => b.textContent === label) as HTMLButtonElement;
    const count = () => root.querySelector('.count')?.textContent ?? '';

    await act(async () => chip('New connections').click());
    await factsIn();
    const fresh = all.filter((r) => a.verdict(r.id)?.kind === 'new');
    expect(fresh.length).toBe(10);
    expect(count()).toBe(`${fresh.length} / ${all.length} requests`);
    expect(tableRows().every((r) => r.connectionReused === false)).toBe(true);
    await act(async () => chip('New connections').click());
    await analysed();

    await act(async () => chip('Queued').click());
    await analysed();
    // The 18 images the server received late.
    const late = lateAtServer();
    expect(count()).toBe(`${late.length} / ${all.length} requests`);
    expect(tableRows().map((r) => r.url).sort()).toEqual([...late].sort());
    expect(chip('Queued').getAttribute('aria-pressed')).toBe('true');
    // Both together: queued requests that opened a connection (none on this page: they took freed sockets).
    await act(async () => chip('New connections').click());
    await analysed();
    expect(count()).toBe(`0 / ${all.length} requests`);
  });
});

describe('pools model', () => {
  /** Lets the in-process analysis service (promises only) run to the end. */
  const flush = async () => {
    for (let i = 0; i < 500; i++) await Promise.resolve();
  };

  it('asks the analysis worker at once while it is quick, spaces it out while it is slow, and at once for a new session', async () => {
    const { effect, signal } = await import('@preact/signals');
    const { createPoolsModel } = await import('../../../panel/store/pools.ts');
    const log = loadLog('pool');
    const half = Math.floor(log.length / 2);
    const connections = (events: CdpEvent[]) => analysePools(NetworkRecorder.fromLog(events).requests()).connections.length;
    const [halfCount, wholeCount] = [connections(log.slice(0, half)), connections(log)];
    expect(wholeCount).not.toBe(halfCount);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stops: (() => void)[] = [];
    try {
      const backend = new MemoryBackend();
      backend.addSession({ ...base, id: 's' }, rowsFromLog('s', log.slice(0, half)));
      backend.addSession({ ...base, id: 't' }, rowsFromLog('t', log.slice(0, half)));
      const version = signal(1);
      // As a SessionLoader: one object per opened session, its lastSeq growing as events are folded.
      const s1 = { sessionId: 's', lastSeq: half };
      const target = signal(s1);

      // Quick: every version is asked for as soon as a view reads the model. The worker reads the
      // events it was not sent from storage itself.
      const quick = createPoolsModel(version, target, () => backend.analysis());
      stops.push(effect(() => void quick.window.value));
      expect(quick.waiting.value).toBe(true);
      await flush();
      expect(quick.waiting.value).toBe(false);
      expect(quick.window.value!.connections).toBe(halfCount);
      backend.store('s', rowsFromLog('s', log).slice(half));
      s1.lastSeq = log.length;
      version.value = 2;
      await flush();
      expect(quick.window.value!.connections).toBe(wholeCount);

      // Slow (any round trip counts as slow here): a new version waits for the timer.
      const t1 = { sessionId: 't', lastSeq: half };
      const slowTarget = signal(t1);
      const slow = createPoolsModel(version, slowTarget, () => backend.analysis(), { immediateMs: -1 });
      stops.push(effect(() => void slow.window.value));
      await flush();
      expect(slow.window.value!.connections).toBe(halfCount);
      backend.store('t', rowsFromLog('t', log).slice(half));
      t1.lastSeq = log.length;
      version.value = 3;
      await flush();
      expect(slow.window.value!.connections).toBe(halfCount);
      expect(slow.running.value).toBe(false);
      await vi.advanceTimersByTimeAsync(5_001);
      await flush();
      expect(slow.window.value!.connections).toBe(wholeCount);

      // A new session is asked for at once, however slow the last round trip was (no timer runs).
      backend.addSession({ ...base, id: 'u' }, rowsFromLog('u', log.slice(0, half)));
      slowTarget.value = { sessionId: 'u', lastSeq: half };
      expect(slow.waiting.value).toBe(true);
      await flush();
      expect(slow.window.value!.connections).toBe(halfCount);
    } finally {
      for (const stop of stops) stop();
      vi.useRealTimers();
    }
  });
});
