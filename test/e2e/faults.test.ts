// Faults a browser inflicts on an extension, each ending in a stored session that says what
// happened, with every event received up to the fault: the tab's page crashes (it arrives as
// `Inspector.targetCrashed`, not as a detach), the service worker is stopped mid-recording (with
// DevTools open, and closed), and the browser restarts in the middle of a recording. (A closed
// tab, a chrome:// navigation and an extension reload are in capture.test.ts.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { expectGapless } from './expect-stored.ts';
import type { Target } from 'puppeteer-core';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { SessionInfo } from '../../src/core/session.ts';

type Started = Extract<ControlResponse, { type: 'start' }>;
type Flushed = Extract<ControlResponse, { type: 'flush' }>;

const rigs: Rig[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function record(rig: Rig, worker: WebWorker, page: Page): Promise<SessionInfo> {
  const res = await control<Started>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
  expect(res.ok, JSON.stringify(res)).toBe(true);
  return res.session;
}

/**
 * Stops the extension's service worker the way a user (or Chrome, when idle) does, from
 * chrome://serviceworker-internals, and waits until its target is gone. Nothing of the test may be
 * attached to the worker: an attached DevTools client keeps it running.
 */
async function stopServiceWorker(rig: Rig): Promise<Target> {
  const ours = () => rig.browser.targets().filter((t) => t.type() === 'service_worker' && t.url().includes(rig.extensionId));
  const old = await waitFor('the service worker', () => ours()[0]);
  const gone = new Promise<void>((resolve) => rig.browser.on('targetdestroyed', (t) => t === old && resolve()));
  const internals = await rig.newPage();
  await internals.goto('chrome://serviceworker-internals/');
  await (await internals.waitForSelector(`::-p-xpath(//div[contains(., "${rig.extensionId}")]//cr-button[@data-command="stop"])`))!.click();
  await gone;
  await internals.close();
  return old;
}

/** The restarted worker: a new target (the stopped one is gone), with its module run. */
async function restartedWorker(rig: Rig, old: Target): Promise<WebWorker> {
  const target = await waitFor('the service worker to start again', () =>
    rig.browser.targets().find((t) => t.type() === 'service_worker' && t.url().includes(rig.extensionId) && t !== old),
  );
  const worker = (await target.worker())!;
  await waitFor('its module to run', () => worker.evaluate(() => (globalThis as { netlensReady?: boolean }).netlensReady));
  return worker;
}

describe('faults', () => {
  for (const devtoolsOpen of [true, false]) {
    it(`the service worker is stopped mid-recording, DevTools ${devtoolsOpen ? 'open' : 'closed'}: it restarts, and the session ends interrupted with every stored event${devtoolsOpen ? ', shown in the panel' : ''}`, async () => {
      const rig = await startRig();
      rigs.push(rig);
      const page = await rig.newPage();
      await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('sw-index')}`));
      // Recorded through the panel's Record button: the test never attaches to the worker.
      const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
      await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
      await panel.waitForSelector('button[aria-label="Stop recording"]');
      const run = rig.newRun('sw-stop');
      await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=4&other=0&delay=0`), { waitUntil: 'load' });
      await waitFor('the server to answer the page', () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 5);
      // The panel shows the page's requests: they were flushed and published.
      await waitFor('the panel to list the page', async () => /\/ [5-9]\d* requests|\/ \d{2,} requests/.test(await panel.$eval('.filter-bar .count', (e) => e.textContent ?? '')));
      if (!devtoolsOpen) await devtools.close();
      const old = await stopServiceWorker(rig);
      // The tab's next events wake the worker (chrome.debugger's onEvent is a waking event).
      const after = rig.newRun('sw-after');
      await page.goto(rig.server.urls.http('a.test', `/pool?run=${after}&n=2&other=0&delay=0`), { waitUntil: 'load' });
      const worker = await restartedWorker(rig, old);
      const sessions = (await worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<SessionInfo[]> } }).netlensStore.list())) as SessionInfo[];
      const live = sessions.filter((s) => s.source === 'live');
      expect(live.length).toBe(1);
      const row = await waitFor('the session to end', async () => {
        const { session: s } = await storedSession(worker, live[0]!.id);
        return s && s.state !== 'recording' ? s : undefined;
      });
      expect(row.state).toBe('interrupted');
      expect(row.endReason).toBe('worker_restart');
      const { events } = await storedSession(worker, row.id);
      expectGapless(events, row.id);
      expect(row.endDetail).toContain(`${events.length} events were stored`);
      const sent = new Set(events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url));
      for (const r of rig.server.log.requestsMatching(run)) expect(sent.has(r.url), r.url).toBe(true);
      // The tab was let go: it can be recorded again.
      const status = await control<Extract<ControlResponse, { type: 'status' }>>(worker, { type: 'status' });
      expect(status.recordings).toEqual([]);
      if (devtoolsOpen) {
        await waitFor('the panel to say the recording was interrupted', async () => /Interrupted/.test(await panel.$eval('.status-bar', (e) => e.textContent ?? '')));
        expect(await panel.$('button[aria-label="Record"]')).not.toBeNull();
      } else {
        const again = await openNetlensPanel(page, rig.extensionId);
        await (await again.panel.waitForSelector('::-p-xpath(//nav[@aria-label="Views"]/button[normalize-space()="Sessions"])'))!.click();
        await waitFor('the Sessions list to say it was interrupted', async () => /restarted while recording/.test(await again.panel.$eval('.sessions-view', (e) => e.textContent ?? '')));
      }
      await rig.close();
    });
  }

  it('the tab crashes: the session ends target_crashed, interrupted, with the crash and every request before it stored', async () => {
    const rig = await startRig();
    rigs.push(rig);
    const worker = await rig.worker();
    const page = await rig.newPage();
    const session = await record(rig, worker, page);
    const run = rig.newRun('crash');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=6&other=0&delay=0`), { waitUntil: 'load' });
    await waitFor('the server to answer the page', () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 7);
    // Crash the renderer the way DevTools' Page.crash does (the test's own CDP client).
    const cdp = await page.createCDPSession();
    // (Its answer never comes: the page is gone.)
    void cdp.send('Page.crash').catch(() => undefined);
    const row = await waitFor('the session to end', async () => {
      const { session: s } = await storedSession(worker, session.id);
      return s && s.state !== 'recording' ? s : undefined;
    }, 30_000);
    expect(row.state).toBe('interrupted');
    expect(row.endReason).toBe('target_crashed');
    const { events } = await storedSession(worker, session.id);
    expectGapless(events, session.id);
    expect(row.eventCount).toBe(events.length);
    expect(events.some((e) => e.method === 'Inspector.targetCrashed')).toBe(true);
    // Every request the server answered for the page is in the stored events.
    const sent = new Set(events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url));
    for (const r of rig.server.log.requestsMatching(run)) expect(sent.has(r.url), r.url).toBe(true);
    // The tab is no longer held: it can be recorded again once reloaded.
    const status = await control<Extract<ControlResponse, { type: 'status' }>>(worker, { type: 'status' });
    expect(status.recordings.some((r) => r.session.id === session.id)).toBe(false);
    await rig.close();
  });

  it('the browser restarts mid-recording: on the next start the session shows as interrupted, with its data, and retention deletes what is too old', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'netlens-restart-'));
    dirs.push(profile);
    const first = await startRig({ userDataDir: profile });
    rigs.push(first);
    let worker = await first.worker();
    // A session that ended 40 days ago: the retention rules (30 days by default) delete it when the
    // worker starts again, before anything asks.
    const oldPage = await first.newPage();
    const old = await record(first, worker, oldPage);
    await oldPage.goto(first.server.urls.http('a.test', `/?run=${first.newRun('old')}`), { waitUntil: 'load' });
    const stopping = Date.now();
    await control(worker, { type: 'stop', sessionId: old.id });
    await oldPage.close();
    expect((await storedSession(worker, old.id)).events.length).toBeGreaterThan(0);
    // The stop starts a retention run of its own; it must be over before the session is aged, or it
    // deletes the aged session before the restart (seen once in CI) and the start-up run is not tested.
    await waitFor('the retention run after the stop', async () => {
      const r = await control<Extract<ControlResponse, { type: 'retention' }>>(worker, { type: 'retention' });
      return r.ok && (r.last?.at ?? 0) >= stopping;
    });
    await worker.evaluate((id, at) => (globalThis as unknown as { netlensStore: { update(id: string, c: object): Promise<void> } }).netlensStore.update(id, { endedAt: at }), old.id, Date.now() - 40 * 86_400_000);
    expect((await storedSession(worker, old.id)).session?.endedAt).toBeLessThan(Date.now() - 39 * 86_400_000);
    const page = await first.newPage();
    const session = await record(first, worker, page);
    const run = first.newRun('restart');
    await page.goto(first.server.urls.http('a.test', `/pool?run=${run}&n=4&other=0&delay=0`), { waitUntil: 'load' });
    await waitFor('the server to answer the page', () => first.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 5);
    const flushed = await control<Flushed>(worker, { type: 'flush', sessionId: session.id });
    expect(flushed.eventCount).toBeGreaterThan(0);
    // The browser dies with the recording on (killed, as a crash or a power cut would): no Stop,
    // no tab-closed event, no end written. (Closed normally, Chromium closes the tab first and
    // the session ends `target_closed`.)
    const killed = new Promise((r) => first.browser.process()!.once('exit', r));
    first.browser.process()!.kill('SIGKILL');
    await killed;
    await first.close();

    const second = await startRig({ userDataDir: profile });
    rigs.push(second);
    worker = await second.worker();
    const row = await waitFor('the session to be marked interrupted', async () => {
      const { session: s } = await storedSession(worker, session.id);
      return s?.state === 'interrupted' ? s : undefined;
    });
    expect(row.endReason).toBe('worker_restart');
    const { events } = await storedSession(worker, session.id);
    expectGapless(events, session.id);
    expect(events.length).toBeGreaterThanOrEqual(flushed.eventCount);
    expect(row.endDetail).toContain(`${events.length} events were stored`);
    // Start-up retention ran: the 40-day-old session is gone, rows and all; the interrupted one stays.
    await waitFor('start-up retention to delete the old session', async () => (await storedSession(worker, old.id)).session === undefined);
    expect((await storedSession(worker, old.id)).events.length).toBe(0);
    const sent = new Set(events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url));
    for (const r of first.server.log.requestsMatching(run)) expect(sent.has(r.url), r.url).toBe(true);
    await second.close();
  });
});
