// Faults a browser inflicts on an extension, each ending in a stored session that says what
// happened, with every event received up to the fault: the tab's page crashes (it arrives as
// `Inspector.targetCrashed`, not as a detach), and the browser restarts in the middle of a
// recording. (A closed tab, a chrome:// navigation and a killed service worker are in
// capture.test.ts.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { control, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import type { StoredEvent } from '../../src/core/cdp.ts';

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

function expectGapless(events: StoredEvent[], sessionId: string): void {
  expect(events.length).toBeGreaterThan(0);
  events.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.sessionId).toBe(sessionId);
  });
}

describe('faults', () => {
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

  it('the browser restarts mid-recording: on the next start the session shows as interrupted, with its data', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'netlens-restart-'));
    dirs.push(profile);
    const first = await startRig({ userDataDir: profile });
    rigs.push(first);
    let worker = await first.worker();
    const page = await first.newPage();
    const session = await record(first, worker, page);
    const run = first.newRun('restart');
    await page.goto(first.server.urls.http('a.test', `/pool?run=${run}&n=4&other=0&delay=0`), { waitUntil: 'load' });
    await waitFor('the server to answer the page', () => first.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 5);
    const flushed = await control<Flushed>(worker, { type: 'flush', sessionId: session.id });
    expect(flushed.eventCount).toBeGreaterThan(0);
    // The browser goes away with the recording still on: no Stop, no end written.
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
    const sent = new Set(events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url));
    for (const r of first.server.log.requestsMatching(run)) expect(sent.has(r.url), r.url).toBe(true);
    await second.close();
  });
});
