// Storage through the real chrome.debugger path, in real Chromium: a page the fixture server
// floods with WebSocket frames; every frame the server counted must be stored (one event each,
// gapless seq), and deleting the session must free its rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorker } from 'puppeteer-core';
import { control, startRig, tabIdOf, waitFor, type Rig } from './harness.ts';
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

type Started = Extract<ControlResponse, { type: 'start' }>;
type Stopped = Extract<ControlResponse, { type: 'stop' }>;

/** What the service worker's store holds for a session: its rows and how many frames of `run` it stored. */
async function stored(sessionId: string, run: string): Promise<{ rows: number; oldRows: number; events: number; frames: number; gapless: boolean; eventCount?: number }> {
  return worker.evaluate(async (id, run) => {
    type Store = {
      get(id: string): Promise<{ eventCount: number } | undefined>;
      pages(id: string, size: number): AsyncIterable<{ seq: number; method: string; params: { response?: { payloadData?: string } } }[]>;
      db: { batches: { where(k: string): { between(a: unknown, b: unknown): { count(): Promise<number> } } }; events: { where(k: string): { between(a: unknown, b: unknown): { count(): Promise<number> } } } };
    };
    const store = (globalThis as unknown as { netlensStore: Store }).netlensStore;
    let events = 0;
    let frames = 0;
    let gapless = true;
    for await (const page of store.pages(id, 5000)) {
      for (const e of page) {
        if (e.seq !== ++events) gapless = false;
        if (e.method === 'Network.webSocketFrameReceived' && e.params.response?.payloadData?.split(' ')[1] === run) frames++;
      }
    }
    const rows = await store.db.batches.where('[sessionId+lastSeq]').between([id, -Infinity], [id, [[]]]).count();
    const oldRows = await store.db.events.where('[sessionId+seq]').between([id, -Infinity], [id, [[]]]).count();
    return { rows, oldRows, events, frames, gapless, eventCount: (await store.get(id))?.eventCount };
  }, sessionId, run);
}

describe('storage under a WebSocket flood', () => {
  it('stores every frame the server sent, and deleting the session frees its rows', async () => {
    const FRAMES = 5000;
    const page = await rig.newPage();
    const tabId = await tabIdOf(page, worker);
    const started = await control<Started>(worker, { type: 'start', tabId });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const id = started.session.id;
    const run = rig.newRun('flood');
    await page.goto(rig.server.urls.http('a.test', `/ws-flood-page?run=${run}&frames=${FRAMES}&size=80`), { waitUntil: 'load' });
    const flood = await waitFor('the server to send the whole flood', () => rig.server.log.floods.find((f) => f.run === run && f.done), 60_000);
    expect(flood.sent).toBe(FRAMES);
    await waitFor('the page to receive every frame', () => page.evaluate(() => document.title === 'flood done'), 60_000);
    // Events still in flight from the browser to the worker: wait until the stored count stops short of nothing.
    await waitFor('every frame to be stored', async () => {
      await control(worker, { type: 'flush', sessionId: id });
      return (await stored(id, run)).frames >= flood.sent;
    }, 60_000, 100);
    const stopped = await control<Stopped>(worker, { type: 'stop', sessionId: id });
    expect(stopped.ok).toBe(true);

    const s = await stored(id, run);
    // Exactly the server's count: none lost, none doubled.
    expect(s.frames).toBe(flood.sent);
    expect(s.gapless).toBe(true);
    expect(s.events).toBe(s.eventCount);
    // One row per flush batch, not one per event; nothing in the old per-event table.
    expect(s.rows).toBeGreaterThan(0);
    expect(s.rows).toBeLessThan(s.events / 10);
    expect(s.oldRows).toBe(0);

    const deleted = await worker.evaluate((id) => (globalThis as unknown as { netlensStore: { delete(id: string): Promise<void> } }).netlensStore.delete(id), id);
    expect(deleted).toBeUndefined();
    const after = await stored(id, run);
    expect(after).toMatchObject({ rows: 0, oldRows: 0, events: 0, frames: 0 });
    expect(after.eventCount).toBeUndefined();
    await page.close();
  }, 180_000);
});
