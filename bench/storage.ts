// Benchmark: Netlens's storage in real Chromium, in the extension's own service worker.
//  1. Replay: the stored 786,600-event session (bench/panel-open.ts's session: 600 copies of the
//     recorded fixtures, 100,800 requests) read back in pages of 5,000 through SessionStore.pages
//     (what the panel, the analysis worker and the export job read through): first page, all of it.
//     The same events in version 1's layout (one row per event) for comparison (--no-old skips it).
//  2. Delete: SessionStore.delete of that session, and navigator.storage.estimate before and after.
//  3. Write: a page the fixture server floods with WebSocket frames, recorded through the real
//     chrome.debugger path; the stored frame count against the server's, and events stored per second.
//  4. Killed worker: the same flood, the service worker closed halfway; frames the page had
//     received more than 250 ms before the kill, against the frames stored.
// The panel's own replay of the same session (fold and paint included) is bench/panel-open.ts.
// Run: npm run build && npx tsx bench/storage.ts [--copies 600] [--runs 3] [--frames 300000] [--no-old]
import type { WebWorker } from 'puppeteer-core';
import { control, startRig, tabIdOf, waitFor } from '../test/e2e/harness.ts';
import type { ControlResponse } from '../src/adapters/messaging.ts';
import { buildStoredSession } from './lib/stored-session.ts';
import { cpu, median, nproc } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const COPIES = arg('copies', 600);
const RUNS = arg('runs', 3);
const FRAMES = arg('frames', 300_000);
const OLD = !process.argv.includes('--no-old');

type Started = Extract<ControlResponse, { type: 'start' }>;
const MB = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

const rig = await startRig();
let worker: WebWorker = await rig.worker();
await worker.evaluate('globalThis.__name = (f) => f');
const usage = async () => (await worker.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0)) as number;

/** Reads a session through SessionStore.pages in the worker: ms to the first page, ms for all, events. */
const readAll = (id: string) =>
  worker.evaluate(async (id: string) => {
    const store = (globalThis as unknown as { netlensStore: { pages(id: string, size: number): AsyncIterable<unknown[]> } }).netlensStore;
    const t0 = performance.now();
    let first = 0;
    let events = 0;
    for await (const page of store.pages(id, 5000)) {
      if (events === 0) first = performance.now() - t0;
      events += page.length;
    }
    return { first, all: performance.now() - t0, events };
  }, id);

const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};
try {
  say(`# Storage — ${new Date().toISOString()}`);
  say(`machine: ${nproc} cores, ${cpu}, node ${process.version}, ${await rig.browser.version()}`);
  say(`command: npx tsx bench/storage.ts --copies ${COPIES} --runs ${RUNS} --frames ${FRAMES}${OLD ? '' : ' --no-old'}\n`);

  // 1. Replay.
  const usage0 = await usage();
  const id = `bench-${Date.now().toString(36)}`;
  const b0 = Date.now();
  const events = await buildStoredSession(worker, id, COPIES, 5000);
  const buildS = (Date.now() - b0) / 1000;
  const usage1 = await usage();
  const rows = (await worker.evaluate((id: string) => (globalThis as unknown as { netlensStore: { db: { batches: { where(k: string): { between(a: unknown, b: unknown): { count(): Promise<number> } } } } } }).netlensStore.db.batches.where('[sessionId+lastSeq]').between([id, -Infinity], [id, [[]]]).count(), id)) as number;
  say(`session: ${events.toLocaleString('en-US')} events in ${rows} rows, stored in ${buildS.toFixed(1)} s (${Math.round(events / buildS).toLocaleString('en-US')} events/s through SessionStore.append, re-keying included); storage used ${MB(usage0)} → ${MB(usage1)}\n`);
  const reads = [];
  for (let r = 0; r < RUNS; r++) reads.push(await readAll(id));
  say('| replay (SessionStore.pages, pages of 5,000, in the service worker) | median | runs |');
  say('| --- | ---: | --- |');
  say(`| batch rows: first page | ${median(reads.map((r) => r.first)).toFixed(0)} ms | ${reads.map((r) => r.first.toFixed(0)).join(', ')} |`);
  say(`| batch rows: all ${reads[0]!.events.toLocaleString('en-US')} events | ${median(reads.map((r) => r.all)).toFixed(0)} ms | ${reads.map((r) => r.all.toFixed(0)).join(', ')} |`);

  if (OLD) {
    // The same events as version 1 wrote them: one row per event, under another session id.
    const oldId = `${id}-v1`;
    const o0 = Date.now();
    for (let from = 1; from <= events; from += 50_000) {
      await worker.evaluate(async (id: string, oldId: string, from: number) => {
        type Db = { sessions: { put(s: object): Promise<unknown>; get(id: string): Promise<object> }; events: { bulkAdd(rows: object[]): Promise<unknown> } };
        const store = (globalThis as unknown as { netlensStore: { db: Db; events(id: string, from: number, to: number): Promise<{ sessionId: string }[]> } }).netlensStore;
        if (from === 1) await store.db.sessions.put({ ...(await store.db.sessions.get(id)), id: oldId });
        for (let f = from; f < from + 50_000; f += 10_000) await store.db.events.bulkAdd((await store.events(id, f, f + 9_999)).map((e) => ({ ...e, sessionId: oldId })));
      }, id, oldId, from);
    }
    say(`| (version 1 layout written in ${((Date.now() - o0) / 1000).toFixed(0)} s) | | |`);
    const old = [];
    for (let r = 0; r < RUNS; r++) old.push(await readAll(oldId));
    say(`| version 1 rows (one per event): first page | ${median(old.map((r) => r.first)).toFixed(0)} ms | ${old.map((r) => r.first.toFixed(0)).join(', ')} |`);
    say(`| version 1 rows (one per event): all ${old[0]!.events.toLocaleString('en-US')} events | ${median(old.map((r) => r.all)).toFixed(0)} ms | ${old.map((r) => r.all.toFixed(0)).join(', ')} |`);
    const oldDelete = (await worker.evaluate(async (id: string) => {
      const t0 = performance.now();
      await (globalThis as unknown as { netlensStore: { delete(id: string): Promise<void> } }).netlensStore.delete(id);
      return performance.now() - t0;
    }, oldId)) as number;
    say(`| version 1 rows: delete | ${oldDelete.toFixed(0)} ms | |`);
  }

  // 2. Delete.
  const usageBefore = await usage();
  const deleteMs = (await worker.evaluate(async (id: string) => {
    const t0 = performance.now();
    await (globalThis as unknown as { netlensStore: { delete(id: string): Promise<void> } }).netlensStore.delete(id);
    return performance.now() - t0;
  }, id)) as number;
  const left = (await worker.evaluate((id: string) => (globalThis as unknown as { netlensStore: { countEvents(id: string): Promise<number> } }).netlensStore.countEvents(id), id)) as number;
  // The estimate follows the database files; give it up to 30 s to drop.
  const e0 = Date.now();
  let usageAfter = await usage();
  while (usageAfter > usageBefore - (usage1 - usage0) / 2 && Date.now() - e0 < 30_000) {
    await new Promise((r) => setTimeout(r, 250));
    usageAfter = await usage();
  }
  say(`| delete the session (SessionStore.delete) | ${deleteMs.toFixed(0)} ms | events left: ${left}; storage used ${MB(usageBefore)} → ${MB(usageAfter)} (${((Date.now() - e0) / 1000).toFixed(1)} s after) |`);

  // 3a. The write path alone: WebSocket frame events made in the worker, appended in batches of
  // 5,000 (what one flush writes at 50,000 events/s), JSON text and IndexedDB included.
  const capacity = (await worker.evaluate(async (n: number) => {
    const store = (globalThis as unknown as { netlensStore: { create(s: object): Promise<void>; append(id: string, e: object[]): Promise<void>; delete(id: string): Promise<void> } }).netlensStore;
    const id = `capacity-${Date.now()}`;
    await store.create({ id, url: '', title: '', startedAt: Date.now(), state: 'stopped', eventCount: 0, source: 'live', options: {} });
    let busy = 0;
    for (let seq = 1; seq <= n; seq += 5000) {
      const batch = [];
      for (let i = 0; i < 5000 && seq + i <= n; i++) batch.push({ sessionId: id, seq: seq + i, t: Date.now(), method: 'Network.webSocketFrameReceived', params: { requestId: '1.1', timestamp: (seq + i) / 1e4, response: { opcode: 1, mask: false, payloadData: `${seq + i} run xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` } } });
      const t0 = performance.now();
      await store.append(id, batch);
      busy += performance.now() - t0;
    }
    await store.delete(id);
    return busy;
  }, 200_000)) as number;
  say(`| write path alone: 200,000 frame events appended in batches of 5,000 (encode + one row each) | ${Math.round(200_000 / (capacity / 1000)).toLocaleString('en-US')} events/s | ${capacity.toFixed(0)} ms in SessionStore.append |`);

  // 3b. A WebSocket flood through chrome.debugger; puppeteer's own CDP session on the page counts
  // the same events, to tell the browser's delivery rate from Netlens's.
  const flood = async (kill: boolean) => {
    const page = await rig.newPage();
    const tabId = await tabIdOf(page, worker);
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const peer = { n: 0, first: 0, last: 0 };
    cdp.on('Network.webSocketFrameReceived', () => {
      const now = Date.now();
      peer.first ||= now;
      peer.last = now;
      peer.n++;
    });
    const started = await control<Started>(worker, { type: 'start', tabId });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const sid = started.session.id;
    const run = rig.newRun(kill ? 'kill' : 'flood');
    await page.goto(rig.server.urls.http('a.test', `/ws-flood-page?run=${run}&frames=${FRAMES}&size=64`), { waitUntil: 'load' });
    const truth = await waitFor('the flood to start', () => rig.server.log.floods.find((f) => f.run === run), 30_000);
    // What the worker had received (stored + pending) over time, from its status.
    const received: { at: number; n: number; stored: number }[] = [];
    let killAt = 0;
    const sample = async () => {
      const st = (await control(worker, { type: 'status' })) as Extract<ControlResponse, { type: 'status' }>;
      const r = st.recordings.find((x) => x.session.id === sid);
      if (r) received.push({ at: Date.now(), n: r.session.eventCount + r.pending, stored: r.session.eventCount });
      return r;
    };
    if (kill) {
      await waitFor('half the flood in the worker', async () => {
        const r = await sample();
        return r && r.session.eventCount + r.pending >= FRAMES / 2;
      }, 300_000, 20);
      killAt = Date.now();
      const closing = worker.close();
      // Closing takes a moment: keep asking until the worker no longer answers; its last answer
      // bounds what it had received before it stopped.
      for (const t0 = Date.now(); Date.now() - t0 < 20_000; ) {
        const alive = await Promise.race([sample().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
        if (!alive) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await closing.catch(() => undefined);
    }
    await waitFor('the page to receive the whole flood', () => page.evaluate(() => document.title === 'flood done'), 600_000, 100);
    if (kill) {
      // Wake the worker again: the toolbar popup asks it for the recordings.
      const popup = await rig.newPage();
      await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/popup.html`);
      worker = await rig.worker();
      await popup.close();
      await worker.evaluate('globalThis.__name = (f) => f');
    }
    const count = () =>
      worker.evaluate(async (id: string, run: string) => {
        const store = (globalThis as unknown as { netlensStore: { pages(id: string, size: number): AsyncIterable<{ method: string; t: number; params: { response?: { payloadData?: string } } }[]>; get(id: string): Promise<{ eventCount: number; state: string; endReason?: string }> } }).netlensStore;
        let frames = 0;
        let first = 0;
        let last = 0;
        let events = 0;
        for await (const p of store.pages(id, 5000))
          for (const e of p) {
            events++;
            if (e.method === 'Network.webSocketFrameReceived' && e.params.response?.payloadData?.split(' ')[1] === run) {
              frames++;
              if (!first) first = e.t;
              last = e.t;
            }
          }
        const s = await store.get(id);
        return { frames, first, last, events, eventCount: s.eventCount, state: s.state, endReason: s.endReason };
      }, sid, run);
    let got = await count();
    if (!kill) {
      const storedBy = await waitFor('every frame stored', async () => {
        await control(worker, { type: 'flush', sessionId: sid });
        got = await count();
        return got.frames >= truth.sent ? Date.now() : 0;
      }, 600_000, 250);
      await control(worker, { type: 'stop', sessionId: sid });
      got = await count();
      const seconds = (got.last - got.first) / 1000;
      const peerSeconds = (peer.last - peer.first) / 1000;
      say(`| flood: server sent ${truth.sent.toLocaleString('en-US')} frames in ${((truth.lastAt - truth.startedAt) / 1000).toFixed(1)} s; Netlens stored ${got.frames.toLocaleString('en-US')} (server's count: ${got.frames === truth.sent ? 'equal' : 'NOT equal'}) | ${Math.round(got.frames / seconds).toLocaleString('en-US')} events/s | frame events reached the worker over ${seconds.toFixed(1)} s, all stored ${((storedBy - truth.startedAt) / 1000).toFixed(1)} s after the server began; puppeteer's own CDP session got ${peer.n.toLocaleString('en-US')} over ${peerSeconds.toFixed(1)} s (${Math.round(peer.n / peerSeconds).toLocaleString('en-US')}/s) |`);
    } else {
      const lastAlive = received[received.length - 1]!;
      const before = [...received].reverse().find((x) => x.at <= lastAlive.at - 250) ?? { at: 0, n: 0, stored: 0 };
      const beyond = before.n - got.eventCount;
      say(`| killed worker (closed ${((lastAlive.at - killAt) / 1000).toFixed(1)} s after asked): its last answer said ${lastAlive.n.toLocaleString('en-US')} events received, ${lastAlive.stored.toLocaleString('en-US')} stored; 250 ms before that ${before.n.toLocaleString('en-US')} received; ${got.eventCount.toLocaleString('en-US')} stored after the restart (${got.frames.toLocaleString('en-US')} of the flood's frames) | ${beyond > 0 ? `${beyond.toLocaleString('en-US')} lost beyond 250 ms` : 'none lost beyond 250 ms'} | session ${got.state} / ${got.endReason ?? ''}; gapless seq 1..${got.events.toLocaleString('en-US')}, eventCount ${got.eventCount.toLocaleString('en-US')} |`);
    }
    await cdp.detach().catch(() => undefined);
    await page.close();
  };
  await flood(false);
  await flood(true);
} finally {
  await rig.close();
}
