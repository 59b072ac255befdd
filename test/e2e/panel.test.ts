// The real DevTools panel in real Chromium: Record, load a scenario, and read the table from the
// panel's DOM — every request the server logged, with connection ids and sources that match the
// recorder's fold of what IndexedDB stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page, WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, screenshot, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';

let rig: Rig;
let worker: WebWorker;
beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
});
afterAll(async () => {
  await rig?.close();
});

interface Row {
  id: string;
  index: number;
  url: string;
  status: string;
  connection: string;
  source: string;
}

/** Reads every row of the virtualised table by scrolling it from top to bottom. */
async function readAllRows(panel: Frame): Promise<Row[]> {
  const seen = new Map<string, Row>();
  await panel.$eval('.virtual-list', (el) => (el.scrollTop = 0));
  for (let guard = 0; guard < 1000; guard++) {
    // Rows in view arrive from the analysis worker a moment after the count: wait for them (a row
    // not sent yet is an empty placeholder).
    await panel.waitForFunction(() => !document.querySelector('.virtual-list .request-row-pending'), { timeout: 15_000 });
    const { rows, atEnd } = await panel.$eval('.virtual-list', (el) => {
      const rows = [...el.querySelectorAll('.request-row')].map((r) => ({
        id: r.getAttribute('data-request-id') ?? '',
        index: Number(r.getAttribute('aria-rowindex')),
        url: r.querySelector('.col-url')?.getAttribute('title') ?? '',
        status: r.querySelector('.col-status')?.textContent ?? '',
        connection: r.querySelector('.col-connection')?.textContent ?? '',
        source: r.querySelector('.col-source')?.textContent ?? '',
      }));
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      el.scrollTop += Math.max(20, el.clientHeight - 40);
      return { rows, atEnd };
    });
    for (const r of rows) seen.set(r.id, r);
    if (atEnd) break;
    // The list re-renders on the scroll event: wait until the rendered rows cover the viewport.
    await panel.waitForFunction(() => {
      const el = document.querySelector('.virtual-list') as HTMLElement;
      const indexes = [...el.querySelectorAll('.request-row')].map((r) => Number(r.getAttribute('aria-rowindex')));
      const firstVisible = Math.floor(el.scrollTop / 20) + 1;
      return indexes.includes(firstVisible);
    }, { timeout: 5000 });
  }
  return [...seen.values()].sort((a, b) => a.index - b.index);
}

async function countText(panel: Frame): Promise<string> {
  return panel.$eval('.filter-bar .count', (e) => e.textContent ?? '');
}

async function click(panel: Frame, selector: string): Promise<void> {
  const el = await panel.waitForSelector(selector, { timeout: 15_000 });
  await el!.click();
}

async function sessionIdOnTab(tabId: number): Promise<string> {
  const status = await control<Extract<ControlResponse, { type: 'status' }>>(worker, { type: 'status' });
  const rec = status.recordings.find((r) => r.session.tabId === tabId);
  if (!rec) throw new Error(`tab ${tabId} is not recording`);
  return rec.session.id;
}

/** Folds what IndexedDB stored for a session, as the ground for the table's columns. */
async function foldStored(sessionId: string): Promise<NetworkRecorder> {
  await control(worker, { type: 'flush', sessionId });
  const { events } = await storedSession(worker, sessionId);
  return NetworkRecorder.fromLog(events.map(toLogEvent));
}

async function openPage(): Promise<{ page: Page; tabId: number }> {
  const page = await rig.newPage();
  await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('start')}`));
  return { page, tabId: await tabIdOf(page, worker) };
}

describe('the Netlens panel', () => {
  it('records a load from the Record button and shows every request the server saw, with connections and sources', async () => {
    const { page, tabId } = await openPage();
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await click(panel, 'button[aria-label="Record"]');
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    const run = rig.newRun('panel');
    await page.goto(rig.server.urls.http('a.test', `/demo?run=${run}`), { waitUntil: 'load' });
    const truth = () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt);
    // The demo page makes 54 requests (documents, images, scripts, redirect hops).
    await waitFor('the server to finish the demo page', () => truth().length === 54);
    const sessionId = await sessionIdOnTab(tabId);
    // The panel's count reaches what the server saw (live batches arrive every ~100 ms).
    await waitFor('the panel to list every request', async () => {
      const m = /(\d+) \/ (\d+) requests/.exec(await countText(panel));
      return m && Number(m[2]) >= truth().length;
    });
    await waitFor('every request in view to arrive and finish in the panel', () =>
      panel.evaluate(() => !document.querySelector('.request-row-pending') && [...document.querySelectorAll('.request-row .col-status')].every((e) => e.textContent !== '(pending)')),
    );
    // The table is live: a row updated by a late batch (a redirect's last hop, say) may be read
    // between two renders, so read it again until it holds the server's requests or time runs out.
    const serverUrls = truth().map((r) => r.url).sort();
    let rows: Row[] = [];
    await waitFor('the table to hold every request the server saw', async () => {
      rows = (await readAllRows(panel)).filter((r) => r.url.includes(run));
      return JSON.stringify(rows.map((r) => r.url).sort()) === JSON.stringify(serverUrls);
    }, 10_000).catch(() => undefined);
    expect(rows.map((r) => r.url).sort()).toEqual(serverUrls);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);

    // Each row's source and connection columns, against the server: every request of this cold
    // load reached it, so each came from the network (or is a 304 the server answered); a
    // request that was not the first on its socket at the server rode a reused connection, and
    // only the first one on a socket can have opened it (the first may also say reused: Chromium
    // opens sockets ahead of time, and the server cannot tell a preconnect from a late request).
    const byUrl = new Map(truth().map((t) => [t.url, t]));
    const firstOnSocket = new Map<number, number>();
    // (Over every request the server saw: a socket may have carried an earlier page's requests.)
    for (const t of rig.server.log.requests) if (!firstOnSocket.has(t.socketId) || t.id < firstOnSocket.get(t.socketId)!) firstOnSocket.set(t.socketId, t.id);
    for (const row of rows) {
      const t = byUrl.get(row.url)!;
      expect(row.source, row.url).toBe(t.status === 304 ? '304' : 'network');
      const m = /^#(\d+) (new|reused)$/.exec(row.connection);
      expect(m, `${row.url}: ${row.connection}`).not.toBeNull();
      if (firstOnSocket.get(t.socketId) !== t.id) expect(m![2], `${row.url} (server socket ${t.socketId})`).toBe('reused');
    }
    const opened = rows.filter((r) => r.connection.endsWith(' new'));
    expect(opened.length).toBeGreaterThan(0);
    for (const row of opened) expect(firstOnSocket.get(byUrl.get(row.url)!.socketId), row.url).toBe(byUrl.get(row.url)!.id);
    // The stored log holds the same requests the table shows.
    const rec = await foldStored(sessionId);
    for (const row of rows) expect(rec.request(row.id)?.url, row.url).toBe(row.url);
    // And the connections match the server's sockets: same requests share a connection id.
    const byConn = new Map<string, string[]>();
    for (const row of rows) if (row.connection) byConn.set(row.connection.split(' ')[0]!, [...(byConn.get(row.connection.split(' ')[0]!) ?? []), row.url]);
    const bySocket = new Map<number, string[]>();
    for (const t of truth()) bySocket.set(t.socketId, [...(bySocket.get(t.socketId) ?? []), t.url]);
    const norm = (m: Map<unknown, string[]>) => [...m.values()].map((l) => l.sort().join(' ')).sort();
    expect(norm(byConn)).toEqual(norm(bySocket));

    await screenshot(devtools, 'panel-demo');
    await click(panel, 'button[aria-label="Stop recording"]');
    await panel.waitForSelector('button[aria-label="Record"]');
    await devtools.close();
    await page.close();
  });

  it('keeps recording with DevTools closed; reopened, the panel joins and shows the whole session once', async () => {
    const { page, tabId } = await openPage();
    let { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await click(panel, 'button[aria-label="Record"]');
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    const run1 = rig.newRun('before-close');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run1}&n=10&other=0&delay=20`), { waitUntil: 'load' });
    await devtools.close();
    const run2 = rig.newRun('while-closed');
    await page.goto(rig.server.urls.h2('h2.test', `/h2page?run=${run2}&n=12&other=3&delay=20`), { waitUntil: 'load' });
    await waitFor('the server to see the second page', () => rig.server.log.requestsMatching(run2).filter((r) => r.finishedAt).length >= 16);
    const sessionId = await sessionIdOnTab(tabId);

    ({ devtools, panel } = await openNetlensPanel(page, rig.extensionId));
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    const expected = rig.server.log.requestsMatching(run1).length + rig.server.log.requestsMatching(run2).length;
    await waitFor('the rejoined panel to list both pages', async () => {
      const rows = await readAllRows(panel);
      return rows.filter((r) => r.url.includes(run1) || r.url.includes(run2)).length >= expected;
    });
    // One more page while the reopened panel is live.
    const run3 = rig.newRun('after-reopen');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run3}&n=5&other=0&delay=0`), { waitUntil: 'load' });
    await waitFor('the third page in the panel', async () => (await readAllRows(panel)).filter((r) => r.url.includes(run3)).length >= 6);
    const rows = await readAllRows(panel);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const run of [run1, run2, run3]) {
      expect(rows.filter((r) => r.url.includes(run)).map((r) => r.url).sort(), run).toEqual(rig.server.log.requestsMatching(run).map((r) => r.url).sort());
    }
    // The panel applied exactly the stored events, each once.
    await control(worker, { type: 'flush', sessionId });
    const stored = (await storedSession(worker, sessionId)).events.length;
    await waitFor('the panel to apply every stored event', () =>
      panel.evaluate((n) => (globalThis as unknown as { netlensPanel: { appliedEvents: { value: number } } }).netlensPanel.appliedEvents.value >= n, stored),
    );
    const total = Number(/\/ (\d+) requests/.exec(await countText(panel))?.[1]);
    expect(total).toBe(rows.length);
    await click(panel, 'button[aria-label="Stop recording"]');
    await devtools.close();
    await page.close();
  });

  it('Record and reload captures the navigation request of the page', async () => {
    const run = rig.newRun('reload');
    const page = await rig.newPage();
    const url = rig.server.urls.http('a.test', `/pool?run=${run}&n=3&other=0&delay=0`);
    await page.goto(url, { waitUntil: 'load' });
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await click(panel, 'button[aria-label="Record and reload"]');
    await waitFor('the reloaded document in the table', async () => (await readAllRows(panel)).some((r) => r.url === url));
    const rows = await readAllRows(panel);
    const doc = rows.find((r) => r.url === url)!;
    expect(doc.index).toBe(1);
    expect(doc.status).toBe('200');
    // The server saw the page twice: the first load and the reload Netlens recorded.
    expect(rig.server.log.requestsMatching(run).filter((r) => r.url === url).length).toBe(2);
    await click(panel, 'button[aria-label="Stop recording"]');
    await devtools.close();
    await page.close();
  });

  it('Clear ends the recording and starts a fresh one on the tab; the old session keeps its requests', async () => {
    const { page, tabId } = await openPage();
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await click(panel, 'button[aria-label="Record"]');
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    const first = await sessionIdOnTab(tabId);
    const run1 = rig.newRun('before-clear');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run1}&n=3&other=0&delay=0`), { waitUntil: 'load' });
    // The page and its 3 images.
    await waitFor('the server to answer the first page', () => rig.server.log.requestsMatching(run1).filter((r) => r.finishedAt).length === 4);
    await waitFor('the first page in the table', async () => (await readAllRows(panel)).filter((r) => r.url.includes(run1)).length === 4);

    await click(panel, 'button[aria-label="Clear"]');
    const second = await waitFor('a fresh recording on the tab', async () => {
      const id = await sessionIdOnTab(tabId).catch(() => undefined);
      return id !== undefined && id !== first ? id : undefined;
    });
    await waitFor('the table to be empty', async () => (await countText(panel)).startsWith('0 / 0 requests'));
    expect(await panel.$('button[aria-label="Stop recording"]')).not.toBeNull();
    const run2 = rig.newRun('after-clear');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run2}&n=2&other=0&delay=0`), { waitUntil: 'load' });
    await waitFor('the server to answer the second page', () => rig.server.log.requestsMatching(run2).filter((r) => r.finishedAt).length === 3);
    await waitFor('the second page in the table', async () => (await readAllRows(panel)).filter((r) => r.url.includes(run2)).length === 3);
    expect((await readAllRows(panel)).some((r) => r.url.includes(run1))).toBe(false);

    // What IndexedDB holds: the old session ended with exactly the first page, the new one has the second.
    await control(worker, { type: 'flush', sessionId: second });
    const urlsOf = (events: { method: string; params: unknown }[]) =>
      events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url);
    const old = await storedSession(worker, first);
    expect(old.session?.state).toBe('stopped');
    expect(urlsOf(old.events).filter((u) => u.includes(run1)).sort()).toEqual(rig.server.log.requestsMatching(run1).map((t) => t.url).sort());
    expect(urlsOf(old.events).some((u) => u.includes(run2))).toBe(false);
    const fresh = await storedSession(worker, second);
    expect(fresh.session?.state).toBe('recording');
    expect(urlsOf(fresh.events).filter((u) => u.includes(run2)).sort()).toEqual(rig.server.log.requestsMatching(run2).map((t) => t.url).sort());
    expect(urlsOf(fresh.events).some((u) => u.includes(run1))).toBe(false);
    await click(panel, 'button[aria-label="Stop recording"]');
    await devtools.close();
    await page.close();
  });

  it('deletes a session and its events from IndexedDB from the Sessions view', async () => {
    const { page, tabId } = await openPage();
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await click(panel, 'button[aria-label="Record"]');
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    const sessionId = await sessionIdOnTab(tabId);
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${rig.newRun('delete')}&n=3&other=0&delay=0`), { waitUntil: 'load' });
    await click(panel, 'button[aria-label="Stop recording"]');
    await panel.waitForSelector('button[aria-label="Record"]');
    const before = await storedSession(worker, sessionId);
    expect(before.events.length).toBeGreaterThan(0);

    const sessionsTab = await panel.waitForSelector('::-p-xpath(//button[@role="tab"][normalize-space()="Sessions"])');
    await sessionsTab!.click();
    const row = await panel.waitForSelector(`tr[data-session-id="${sessionId}"]`);
    expect(await row!.$eval('.state', (e) => e.textContent)).toBe('Stopped');
    const del = await row!.$('::-p-xpath(.//button[normalize-space()="Delete"])');
    await del!.click();
    await panel.waitForSelector(`tr[data-session-id="${sessionId}"]`, { hidden: true });
    const after = await storedSession(worker, sessionId);
    expect(after.session).toBeUndefined();
    expect(after.events).toEqual([]);
    await devtools.close();
    await page.close();
  });
});
