// Retention: sessions kept N days or N MB. Applied on request (the Sessions view's Apply), after
// each recording and at the service worker's start; a deleted session's rows are gone and the
// space is freed (navigator.storage.estimate). Real extension, real IndexedDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { SessionInfo } from '../../src/core/session.ts';

type Retained = Extract<ControlResponse, { type: 'retention' }>;
const DAY = 86_400_000;

let rig: Rig;
let worker: WebWorker;
beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
});
afterAll(async () => {
  await rig?.close();
});

/** Records the pool page (6 images) in a fresh tab, stops, and returns the stored session. */
async function recordOne(label: string): Promise<SessionInfo> {
  const page: Page = await rig.newPage();
  const started = await control<Extract<ControlResponse, { type: 'start' }>>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
  const run = rig.newRun(label);
  await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=6&other=0&delay=0`), { waitUntil: 'load' });
  await waitFor('the server to answer the page', () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 7);
  await control(worker, { type: 'stop', sessionId: started.session.id });
  await page.close();
  return (await storedSession(worker, started.session.id)).session!;
}

const list = () => worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<SessionInfo[]> } }).netlensStore.list());
const age = (id: string, days: number) =>
  worker.evaluate((i, at) => (globalThis as unknown as { netlensStore: { update(id: string, c: object): Promise<void> } }).netlensStore.update(i, { endedAt: at }), id, Date.now() - days * DAY);
const usage = () => worker.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

describe('retention', () => {
  it('shows the defaults in the Sessions view: 30 days, 1024 MB', async () => {
    const page = await rig.newPage();
    const { panel, devtools } = await openNetlensPanel(page, rig.extensionId);
    await (await panel.waitForSelector('::-p-xpath(//nav[@aria-label="Views"]/button[normalize-space()="Sessions"])'))!.click();
    await panel.waitForSelector('form.retention');
    await waitFor('the settings read from the service worker', async () =>
      (await panel.$eval('input[aria-label="Days to keep sessions"]', (e) => (e as HTMLInputElement).value)) === '30');
    expect(await panel.$eval('input[aria-label="Megabytes to keep"]', (e) => (e as HTMLInputElement).value)).toBe('1024');
    await devtools.close();
    await page.close();
  });

  it('deletes what ended more than N days ago, rows and all', async () => {
    const old = await recordOne('old');
    const kept = await recordOne('kept');
    expect(old.storedBytes).toBeGreaterThan(0);
    expect((await storedSession(worker, old.id)).events.length).toBe(old.eventCount);
    await age(old.id, 40);
    const before = await usage();
    const res = await control<Retained>(worker, { type: 'retention', settings: { maxDays: 30, maxMegabytes: null }, apply: true });
    expect(res.ok).toBe(true);
    expect(res.deleted).toBe(1);
    expect(res.last?.message).toBe('Deleted 1 session: 1 older than 30 days.');
    const ids = (await list()).map((s) => s.id);
    expect(ids).not.toContain(old.id);
    expect(ids).toContain(kept.id);
    expect((await storedSession(worker, old.id)).events).toEqual([]);
    // That SessionStore.delete frees the space on disk (navigator.storage.estimate) is measured in
    // storage.test.ts on a session large enough to show it; these few-kB sessions do not move
    // the estimate.
    expect(before).toBeGreaterThan(0);
  });

  it('keeps under N MB by deleting the sessions that ended longest ago', async () => {
    const a = await recordOne('size-a');
    const b = await recordOne('size-b');
    const all = await list();
    const total = all.reduce((n, s) => n + (s.storedBytes ?? 0), 0);
    // A limit just under the total: the oldest ended session goes, the newest stays.
    const limitMb = (total - 1) / 1_048_576;
    const res = await control<Retained>(worker, { type: 'retention', settings: { maxDays: null, maxMegabytes: limitMb }, apply: true });
    expect(res.deleted).toBeGreaterThanOrEqual(1);
    const ids = (await list()).map((s) => s.id);
    expect(ids).toContain(b.id);
    const oldestFirst = [...all].sort((x, y) => (x.endedAt ?? x.startedAt) - (y.endedAt ?? y.startedAt));
    expect(ids).not.toContain(oldestFirst[0]!.id);
    expect(a.storedBytes).toBeGreaterThan(0);
  });

  it('is applied after each recording, and refuses settings that are not positive numbers', async () => {
    await control<Retained>(worker, { type: 'retention', settings: { maxDays: 30, maxMegabytes: null } });
    const before = await recordOne('before');
    await age(before.id, 45);
    const after = await recordOne('after');
    await waitFor('the old session to be deleted once the next recording ended', async () => !(await list()).some((s) => s.id === before.id));
    expect((await list()).some((s) => s.id === after.id)).toBe(true);
    const bad = await control(worker, { type: 'retention', settings: { maxDays: -3, maxMegabytes: null } });
    expect(bad).toEqual({ ok: false, error: 'Days must be a positive number, or empty for no limit.' });
  });
});
