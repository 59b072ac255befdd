// Capture through the service worker's control API, in real Chromium against the fixture
// server: what IndexedDB holds, replayed through the recorder, must equal what the server saw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { control, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { expectGapless } from './expect-stored.ts';
import { partition, serverView } from './cdp-oracle.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent, type StoredEvent } from '../../src/core/cdp.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { SessionInfo } from '../../src/core/session.ts';

let rig: Rig;
let worker: WebWorker;
beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
});
afterAll(async () => {
  await rig?.close();
});

type Started = Extract<ControlResponse, { type: 'start' }>;
type Stopped = Extract<ControlResponse, { type: 'stop' }>;

async function startRecording(page: Page): Promise<{ tabId: number; session: SessionInfo }> {
  const tabId = await tabIdOf(page, worker);
  const res = await control<Started>(worker, { type: 'start', tabId });
  expect(res.ok, JSON.stringify(res)).toBe(true);
  return { tabId, session: res.session };
}

describe('capture', () => {
  it('stores every event of a load in seq order, and the replayed requests equal the server log', async () => {
    const page = await rig.newPage();
    const { session } = await startRecording(page);
    expect(session.state).toBe('recording');
    const run = rig.newRun('capture');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}`), { waitUntil: 'load' });
    await waitFor('the server to answer all 30 requests of the pool page', () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt).length >= 31);
    // Let the last loadingFinished events arrive and be stored, then stop.
    await waitFor('the recorder to see every request finish', async () => {
      await control(worker, { type: 'flush', sessionId: session.id });
      const { events } = await storedSession(worker, session.id);
      const rec = NetworkRecorder.fromLog(events.map(toLogEvent));
      return rec.requests().length >= 31 && rec.requests().every((r) => r.finished);
    });
    const stopped = await control<Stopped>(worker, { type: 'stop', sessionId: session.id });
    expect(stopped.ok).toBe(true);

    const { session: row, events } = await storedSession(worker, session.id);
    expect(row?.state).toBe('stopped');
    expect(row?.endReason).toBe('stopped');
    expect(row?.url).toContain(`/pool?run=${run}`);
    expectGapless(events, session.id);
    expect(row?.eventCount).toBe(events.length);
    // Unchanged protocol events: the methods a load produces, with their params as sent.
    const methods = new Set(events.map((e) => e.method));
    for (const m of ['Network.requestWillBeSent', 'Network.responseReceived', 'Network.loadingFinished', 'Page.frameNavigated']) expect(methods).toContain(m);

    const requests = NetworkRecorder.fromLog(events.map(toLogEvent)).requests().filter((r) => r.url.includes(run));
    const server = serverView(rig.server.log, run);
    expect(requests.map((r) => `${r.method} ${r.url}`).sort()).toEqual(server.map((s) => s.key).sort());
    expect(partition(requests, (r) => `${r.method} ${r.url}`, (r) => r.connectionId)).toEqual(partition(server, (s) => s.key, (s) => s.socketId));
    await page.close();
  });

  it('records cross-process iframes and workers through auto-attached child targets', async () => {
    const page = await rig.newPage();
    const { session } = await startRecording(page);
    const run = rig.newRun('child');
    await page.goto(rig.server.urls.http('a.test', `/child-targets?run=${run}`), { waitUntil: 'load' });
    await waitFor('the worker to report', () => page.$eval('#out', (e) => /worker \d+ bytes/.test(e.textContent ?? '')));
    await waitFor('the frame images and the worker fetch at the server', () =>
      rig.server.log.requestsMatching(run).filter((r) => r.finishedAt && /frame-\d|from-worker/.test(r.url)).length >= 4,
    );
    await control(worker, { type: 'stop', sessionId: session.id });
    const { events } = await storedSession(worker, session.id);
    expectGapless(events, session.id);
    const childEvents = events.filter((e) => e.target !== undefined);
    expect(childEvents.length).toBeGreaterThan(0);
    expect(events.some((e) => e.method === 'Target.attachedToTarget')).toBe(true);
    // Every request the server saw for this run is in the stored log, the child targets' included.
    const urls = new Set(events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url));
    for (const r of rig.server.log.requestsMatching(run)) expect(urls, r.url).toContain(r.url);
    const frameRequests = childEvents.filter((e) => e.method === 'Network.requestWillBeSent' && /frame-\d/.test((e.params as { request: { url: string } }).request.url));
    expect(frameRequests.length).toBe(3);
    await page.close();
  });

  it('ends with target_closed when the tab closes, keeping every event', async () => {
    const page = await rig.newPage();
    const { session } = await startRecording(page);
    const run = rig.newRun('close');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=6&other=0&delay=0`), { waitUntil: 'load' });
    await page.close();
    const row = await waitFor('the session to end', async () => {
      const { session: s } = await storedSession(worker, session.id);
      return s?.state === 'stopped' ? s : undefined;
    });
    expect(row.endReason).toBe('target_closed');
    const { events } = await storedSession(worker, session.id);
    expectGapless(events, session.id);
    expect(row.eventCount).toBe(events.length);
    const status = await control<Extract<ControlResponse, { type: 'status' }>>(worker, { type: 'status' });
    expect(status.recordings.some((r) => r.session.id === session.id)).toBe(false);
  });

  it('keeps two tabs recorded at the same time apart, and badges only the recording tabs', async () => {
    const pageA = await rig.newPage();
    const pageB = await rig.newPage();
    const idle = await rig.newPage();
    const a = await startRecording(pageA);
    const b = await startRecording(pageB);
    expect(a.session.id).not.toBe(b.session.id);
    const idleTab = await tabIdOf(idle, worker);
    const badge = (tabId: number) => worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    expect(await badge(a.tabId)).toBe('REC');
    expect(await badge(b.tabId)).toBe('REC');
    expect(await badge(idleTab)).toBe('');

    const runA = rig.newRun('tabA');
    const runB = rig.newRun('tabB');
    await Promise.all([
      pageA.goto(rig.server.urls.http('a.test', `/pool?run=${runA}&n=8&other=0&delay=30`), { waitUntil: 'load' }),
      pageB.goto(rig.server.urls.h2('h2.test', `/h2page?run=${runB}&n=8&other=0&delay=30`), { waitUntil: 'load' }),
    ]);
    await control(worker, { type: 'stop', sessionId: a.session.id });
    await control(worker, { type: 'stop', sessionId: b.session.id });
    expect(await badge(a.tabId)).toBe('');

    const urlsOf = (events: StoredEvent[]) =>
      events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url);
    const storedA = await storedSession(worker, a.session.id);
    const storedB = await storedSession(worker, b.session.id);
    expectGapless(storedA.events, a.session.id);
    expectGapless(storedB.events, b.session.id);
    expect(urlsOf(storedA.events).filter((u) => u.includes(runA)).length).toBe(9);
    expect(urlsOf(storedA.events).some((u) => u.includes(runB))).toBe(false);
    expect(urlsOf(storedB.events).filter((u) => u.includes(runB)).length).toBe(9);
    expect(urlsOf(storedB.events).some((u) => u.includes(runA))).toBe(false);
    await Promise.all([pageA.close(), pageB.close(), idle.close()]);
  });

  it('joins a tab that is already recording instead of attaching twice', async () => {
    const page = await rig.newPage();
    const first = await startRecording(page);
    const again = await control<Started>(worker, { type: 'start', tabId: first.tabId });
    expect(again.ok).toBe(true);
    expect(again.joined).toBe(true);
    expect(again.session.id).toBe(first.session.id);
    await control(worker, { type: 'stop', sessionId: first.session.id });
    await page.close();
  });

  it('refuses chrome:// pages and tabs another debugger holds, with a clear message', async () => {
    const internal = await rig.newPage();
    await internal.goto('chrome://version');
    const refused = await control<ControlResponse>(worker, { type: 'start', tabId: await tabIdOf(internal, worker) });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/does not allow debugging this page|internal pages/);

    const held = await rig.newPage();
    const heldTab = await tabIdOf(held, worker);
    await worker.evaluate((tabId) => chrome.debugger.attach({ tabId }, '1.3'), heldTab);
    const busy = await control<ControlResponse>(worker, { type: 'start', tabId: heldTab });
    expect(busy.ok).toBe(false);
    expect(!busy.ok && busy.error).toMatch(/Another debugger is already attached/);
    await worker.evaluate((tabId) => chrome.debugger.detach({ tabId }), heldTab);
    // No session row was left behind for either refusal.
    const sessions = await worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<{ tabId?: number }[]> } }).netlensStore.list());
    expect(sessions.some((s) => s.tabId === heldTab)).toBe(false);
    await Promise.all([internal.close(), held.close()]);
  });

  it('recording continues across navigations and ends target_closed when the tab goes to a chrome:// page', async () => {
    const page = await rig.newPage();
    const { session } = await startRecording(page);
    const run1 = rig.newRun('nav1');
    const run2 = rig.newRun('nav2');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run1}&n=3&other=0&delay=0`), { waitUntil: 'load' });
    await page.goto(rig.server.urls.h2('h2.test', `/h2page?run=${run2}&n=3&other=0&delay=0`), { waitUntil: 'load' });
    await page.goto('chrome://version').catch(() => undefined);
    const row = await waitFor('the session to end', async () => {
      const { session: s } = await storedSession(worker, session.id);
      return s?.state === 'stopped' ? s : undefined;
    });
    expect(row.endReason).toBe('target_closed');
    const { events } = await storedSession(worker, session.id);
    expectGapless(events, session.id);
    const urls = events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url);
    expect(urls.filter((u) => u.includes(run1)).length).toBe(4);
    expect(urls.filter((u) => u.includes(run2)).length).toBe(4);
    await page.close();
  });
});

describe('a killed service worker', () => {
  it('leaves the session interrupted (worker_restart) with every flushed event kept', async () => {
    const page = await rig.newPage();
    const { session } = await startRecording(page);
    const run = rig.newRun('killed');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=4&other=0&delay=0`), { waitUntil: 'load' });
    const flushed = await control<Extract<ControlResponse, { type: 'flush' }>>(worker, { type: 'flush', sessionId: session.id });
    expect(flushed.eventCount).toBeGreaterThan(0);
    // Kill the worker without a chance to flush or mark anything: reload the extension from
    // chrome://extensions (chrome.runtime.reload() unloads a command-line extension instead).
    const old = rig.browser.targets().find((t) => t.type() === 'service_worker' && t.url().includes(rig.extensionId));
    const restarted = rig.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes(rig.extensionId) && t !== old);
    const extensionsPage = await rig.newPage();
    await extensionsPage.goto(`chrome://extensions/?id=${rig.extensionId}`);
    await extensionsPage.evaluate(async (id) => {
      const dp = (globalThis as unknown as { chrome: { developerPrivate: { reload(id: string, o: object): Promise<void>; updateProfileConfiguration(o: object): Promise<void> } } }).chrome.developerPrivate;
      await dp.updateProfileConfiguration({ inDeveloperMode: true });
      await dp.reload(id, { failQuietly: true });
    }, rig.extensionId);
    const next = await (await restarted).worker();
    if (!next) throw new Error('no worker after restart');
    worker = next;
    await waitFor('the new worker to start', () => worker.evaluate(() => (globalThis as { netlensReady?: boolean }).netlensReady));
    const row = await waitFor('the session to be marked interrupted', async () => {
      const { session: s } = await storedSession(worker, session.id);
      return s?.state === 'interrupted' ? s : undefined;
    });
    expect(row.endReason).toBe('worker_restart');
    const { events } = await storedSession(worker, session.id);
    // The detail gives the number of events IndexedDB really holds for the session.
    expect(row.endDetail).toContain(`${events.length} events were stored`);
    expectGapless(events, session.id);
    expect(events.length).toBeGreaterThanOrEqual(flushed.eventCount);
    await Promise.all([page.close().catch(() => undefined), extensionsPage.close()]);
  });
});

describe('the toolbar popup', () => {
  it('lists the recording tabs and stops one without DevTools', async () => {
    const page = await rig.newPage();
    const { session } = await startRecording(page);
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${rig.newRun('popup')}&n=3&other=0&delay=0`), { waitUntil: 'load' });
    const popup = await rig.newPage();
    await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/popup.html`);
    const item = await popup.waitForSelector('ul[aria-label="Recordings"] li');
    // Named by the recorded page's title, with its URL in the tooltip.
    expect(await item!.evaluate((li) => li.textContent)).toContain('HTTP/1.1 socket pool');
    expect(await item!.$eval('.label', (l) => l.getAttribute('title'))).toContain('/pool?run=');
    const stop = await item!.$('button');
    await stop!.click();
    await popup.waitForSelector('ul[aria-label="Recordings"]', { hidden: true });
    expect(await popup.$eval('main', (m) => m.textContent)).toContain('No tab is being recorded');
    const { session: row } = await storedSession(worker, session.id);
    expect(row?.state).toBe('stopped');
    expect(row?.endReason).toBe('stopped');
    await Promise.all([popup.close(), page.close()]);
  });
});
