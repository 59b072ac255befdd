// Socket pools against ground truth, end to end: real Chromium records each scenario through
// Netlens's own capture (the service worker's control API, as the panel records), the stored log
// is folded and analysed, and the reconstruction is held against the fixture server's socket log:
// which socket carried which request, in which order, new or reused, queued or not. Loopback
// set-up times are near zero, so only structure is asserted, never the size of DNS / TCP / TLS.
// Waits are on conditions (the server's log, the stored events), never fixed sleeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page, WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, screenshot, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { partition } from './cdp-oracle.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import { analysePools, explainRequest, type PoolAnalysis } from '../../src/core/analysis/pools/index.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { NetworkRequest } from '../../src/core/records.ts';
import type { TruthRequest, TruthSocket } from '../server/truth-log.ts';
import { pairWithTruth, type Pair } from '../unit/recorder/fixtures.ts';

let rig: Rig;
let worker: WebWorker;
beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
}, 120_000);
afterAll(async () => {
  await rig?.close();
});

type Started = Extract<ControlResponse, { type: 'start' }>;

interface Recorded {
  run: string;
  rec: NetworkRecorder;
  a: PoolAnalysis;
  truth: TruthRequest[];
  sockets: TruthSocket[];
  pairs: Pair[];
  byId(id: string): NetworkRequest | undefined;
  say(r: NetworkRequest): string;
}

/** Waits until the server has answered `count` requests of the run (what the page asks for, counted from the page). */
const serverAnswered = (run: string, count: number) =>
  waitFor(`the server to answer ${count} requests of ${run}`, () => {
    const seen = rig.server.log.requestsMatching(run);
    return seen.length >= count && seen.every((r) => r.finishedAt);
  }, 30_000);
const host = (origin: string) => origin.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '');

/** Records one scenario in a fresh tab and returns the folded, analysed session with the server's log of it. */
async function record(label: string, count: number, drive: (page: Page, run: string) => Promise<void>): Promise<Recorded> {
  const page = await rig.newPage();
  const tabId = await tabIdOf(page, worker);
  const started = await control<Started>(worker, { type: 'start', tabId });
  expect(started.ok, JSON.stringify(started)).toBe(true);
  const sessionId = started.session.id;
  const run = rig.newRun(label);
  await drive(page, run);
  await serverAnswered(run, count);
  expect(rig.server.log.requestsMatching(run).length, `${label}: requests at the server`).toBe(count);
  // Every request the server answered is in the stored log, finished.
  let rec: NetworkRecorder | undefined;
  await waitFor(`${label}: the stored log to hold every request, finished`, async () => {
    await control(worker, { type: 'flush', sessionId });
    const { events } = await storedSession(worker, sessionId);
    rec = NetworkRecorder.fromLog(events.map(toLogEvent));
    const ours = rec.requests().filter((r) => r.url.includes(run));
    return ours.length >= rig.server.log.requestsMatching(run).length && ours.every((r) => r.finished);
  }, 30_000);
  await control(worker, { type: 'stop', sessionId });
  await page.close();
  const truth = rig.server.log.requestsMatching(run);
  const sockets = rig.server.log.socketsOf(truth);
  const requests = rec!.requests().filter((r) => r.url.includes(run));
  const { pairs, unmatchedTruth } = pairWithTruth({ run, requests: truth, sockets, messages: [] }, requests);
  expect(unmatchedTruth.map((t) => t.url)).toEqual([]);
  const a = analysePools(rec!.requests());
  const byId = (id: string) => rec!.request(id);
  return { run, rec: rec!, a, truth, sockets, pairs, byId, say: (r) => explainRequest(a, r, byId).map((s) => s.text).join('\n') };
}

/** For each server socket, its requests in the order the server received them. */
function bySocket(pairs: readonly Pair[]): Map<number, Pair[]> {
  const out = new Map<number, Pair[]>();
  for (const p of pairs) {
    const list = out.get(p.truth.socketId) ?? [];
    list.push(p);
    out.set(p.truth.socketId, list);
  }
  for (const list of out.values()) list.sort((x, y) => x.truth.receivedAt - y.truth.receivedAt || x.truth.id - y.truth.id);
  return out;
}

/** Most requests the server held open at once on these sockets (received → finished). */
function serverConcurrency(truth: readonly TruthRequest[]): number {
  const edges = truth.flatMap((t) => [[t.receivedAt, 1] as const, [t.finishedAt ?? Number.POSITIVE_INFINITY, -1] as const]);
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let open = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (open += d));
  return most;
}

describe('socket pools, against the server\'s socket log', () => {
  it('HTTP/1.1: one connection per server socket, each request on its socket in order, at most 6 at once, the late ones queued', async () => {
    const s = await record('pool', 31, async (page, run) => {
      await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=24&other=6&delay=300`), { waitUntil: 'load' });
    });
    const aPairs = s.pairs.filter((p) => host(p.req.origin) === 'a.test');
    expect(aPairs.length).toBe(25);
    const pool = s.a.pools.find((p) => host(p.origin) === 'a.test')!;

    // The connections of the origin map one-to-one onto the sockets the server received its requests on.
    const sockets = bySocket(aPairs);
    expect(pool.connectionIds.length).toBe(sockets.size);
    expect(partition(aPairs, (p) => p.req.id, (p) => s.a.use(p.req.id)?.connection.id)).toEqual(partition(aPairs, (p) => p.req.id, (p) => p.truth.socketId));
    // Each request took its socket in the order the server received them on it.
    for (const list of sockets.values()) {
      const conn = s.a.use(list[0]!.req.id)!.connection;
      expect(conn.uses.map((u) => u.hopId)).toEqual(list.map((p) => p.req.id));
    }

    // At most 6 at once, by our reconstruction and by the server's own clock; and the pool did fill up.
    expect(pool.limit).toBe(6);
    expect(pool.maxBusy).toBe(6);
    expect(serverConcurrency(aPairs.map((p) => p.truth))).toBeLessThanOrEqual(6);

    // Queued: exactly the images the server received after one of them had finished (they waited
    // for a socket), each blamed on the 6-per-host limit with the six requests it waited behind.
    const images = aPairs.filter((p) => p.req.resourceType === 'Image');
    const firstDone = Math.min(...images.map((p) => p.truth.finishedAt!));
    const late = images.filter((p) => p.truth.receivedAt >= firstDone).map((p) => p.req.id).sort();
    expect(late.length).toBeGreaterThanOrEqual(18);
    expect([...pool.queued].sort()).toEqual(late);
    for (const id of late) {
      const q = s.a.queue(id)!;
      expect(q.cause).toBe('pool-full');
      expect(new Set(q.busyWith.map((b) => s.a.use(b)!.connection.id)).size).toBe(6);
      expect(s.say(s.byId(id)!)).toMatch(/Waited [\d.]+ (ms|s) for a socket: all 6 connections to http:\/\/a\.test:\d+ were busy with requests #/);
    }
    // The other origin's six images each had a socket at once.
    const bPool = s.a.pools.find((p) => host(p.origin) === 'b.test')!;
    expect(bPool.queued).toEqual([]);
    expect(bPool.connectionIds.length).toBe(new Set(s.pairs.filter((p) => host(p.req.origin) === 'b.test').map((p) => p.truth.socketId)).size);
  });

  it('HTTP/2: one connection for the origin, carrying many streams at once', async () => {
    const s = await record('h2', 31, async (page, run) => {
      await page.goto(rig.server.urls.h2('h2.test', `/h2page?run=${run}&n=30&other=0&delay=100`), { waitUntil: 'load' });
    });
    expect(s.sockets.length).toBe(1);
    expect(s.sockets[0]!.protocol).toBe('h2');
    const pool = s.a.pools.find((p) => host(p.origin) === 'h2.test')!;
    expect(pool.connectionIds.length).toBe(1);
    const conn = s.a.connection(pool.connectionIds[0]!)!;
    expect(conn.family).toBe('h2');
    expect(conn.uses.length).toBe(s.truth.length);
    expect(conn.maxConcurrent).toBeGreaterThan(1);
    expect(serverConcurrency(s.truth)).toBeGreaterThan(1);
    expect(new Set(s.truth.map((t) => t.streamId)).size).toBe(s.truth.length);
    expect(pool.limit).toBeUndefined();
    for (const p of s.pairs) expect(['pool-full', 'pool-busy']).not.toContain(s.a.queue(p.req.id)?.cause);
    // Multiplexing, by the server's clock: a request that arrived while others of the connection
    // were still open at the server was sent while they were in flight. Each such request must
    // say it was multiplexed. (Netlens counts the streams in flight by the browser's send times,
    // which can order near-simultaneous streams differently from the wire, so its number may be
    // below the server's: the count itself is not compared.)
    let overlapped = 0;
    for (const p of s.pairs) {
      const t = p.truth;
      const k = s.truth.filter((o) => o.id < t.id && o.socketId === t.socketId && (o.finishedAt ?? Number.POSITIVE_INFINITY) > t.receivedAt).length;
      if (k === 0) continue;
      overlapped++;
      expect(s.say(p.req), `${p.req.url}: ${k} other requests open at the server when it arrived`).toMatch(/multiplexed with \d+ other streams? in flight/);
    }
    // 30 images of 100 ms asked for at once: nearly all arrived while others were open.
    expect(overlapped).toBeGreaterThanOrEqual(20);
  });

  it('HTTP/2 coalescing: h2.test and h2b.test (one certificate, one address) share one connection, shown as coalesced', async () => {
    const s = await record('coalesce', 14, async (page, run) => {
      await page.goto(rig.server.urls.http('a.test', `/pools/coalesce?run=${run}`), { waitUntil: 'load' });
      await waitFor('the coalescing page to load every image', () => page.$eval('#out', (e) => e.textContent === 'coalesce done'), 30_000);
    });
    const shared = s.sockets.filter((k) => k.hosts.some((h) => h.startsWith('h2b.test')));
    expect(shared.length).toBe(1);
    expect(shared[0]!.hosts.map((h) => h.replace(/:\d+$/, '')).sort()).toEqual(['h2.test', 'h2b.test']);
    const onShared = s.pairs.filter((p) => p.truth.socketId === shared[0]!.id);
    const connIds = new Set(onShared.map((p) => s.a.use(p.req.id)?.connection.id));
    expect(connIds.size).toBe(1);
    const conn = s.a.connection([...connIds][0]!)!;
    expect(conn.coalesced).toBe(true);
    expect(host(conn.primaryOrigin)).toBe('h2.test');
    expect(s.a.patterns).toContainEqual(expect.objectContaining({ kind: 'coalesced', connectionId: conn.id }));
    expect(s.a.pools.find((p) => host(p.origin) === 'h2b.test')!.borrowed).toEqual([conn.id]);
    for (const p of onShared.filter((x) => host(x.req.origin) === 'h2b.test')) {
      const v = s.a.verdict(p.req.id)!;
      expect(v.kind).toBe('reused');
      expect(v.kind === 'reused' && host(v.coalescedFrom ?? '')).toBe('h2.test');
      expect(s.say(p.req)).toContain('connection coalescing');
    }
  });

  it('Connection: close: one socket per request, as the server saw, and flagged', async () => {
    const s = await record('close', 11, async (page, run) => {
      await page.goto(rig.server.urls.http('a.test', `/pools/close?run=${run}&n=10`), { waitUntil: 'load' });
    });
    const closeReqs = s.pairs.filter((p) => host(p.req.origin) === 'close.test');
    expect(closeReqs.length).toBe(10);
    // The server received each on a socket of its own, and so do we.
    expect(new Set(closeReqs.map((p) => p.truth.socketId)).size).toBe(10);
    expect(new Set(closeReqs.map((p) => s.a.use(p.req.id)?.connection.id)).size).toBe(10);
    for (const p of closeReqs) {
      const placed = s.a.use(p.req.id)!;
      expect(placed.connection.uses.length).toBe(1);
      expect(placed.use.closedByServer).toBe(true);
      expect(s.a.verdict(p.req.id)!.kind).not.toBe('reused');
      expect(s.say(p.req)).toContain('Connection: close');
    }
    const f = s.a.patterns.find((x) => x.kind === 'connection-close');
    expect(f && f.kind === 'connection-close' && [...f.requests].sort()).toEqual(closeReqs.map((p) => p.req.id).sort());
    expect(s.a.pools.find((p) => host(p.origin) === 'close.test')!.maxBusy).toBeLessThanOrEqual(6);
  });

  it('domain sharding: shard1.test and shard2.test on one address, each with its own sockets, flagged', async () => {
    const s = await record('shard', 17, async (page, run) => {
      await page.goto(rig.server.urls.http('shard1.test', `/shard-page?run=${run}`), { waitUntil: 'load' });
    });
    // The server never saw the two names on one socket, and neither do we.
    expect(s.sockets.every((k) => k.hosts.length === 1)).toBe(true);
    for (const c of s.a.connections) expect(c.origins.length).toBe(1);
    const f = s.a.patterns.filter((x) => x.kind === 'sharding');
    expect(f.length).toBe(1);
    if (f[0]!.kind !== 'sharding') return;
    expect(f[0]!.origins.map(host)).toEqual(['shard1.test', 'shard2.test']);
    expect(f[0]!.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(f[0]!.connections).toBe(new Set(s.pairs.map((p) => p.truth.socketId)).size);
    const shardImage = s.pairs.find((p) => host(p.req.origin) === 'shard2.test')!;
    expect(s.say(shardImage.req)).toMatch(/Domain sharding: shard1\.test and shard2\.test resolve to the same address/);
  });

  it('reload: the second load reuses the warm sockets the first load opened, and says so', async () => {
    // A host no other test loads, so the first load finds no warm socket and opens its own.
    const s = await record('reload', 14, async (page, run) => {
      await page.goto(rig.server.urls.http('warm.test', `/pools/warm?run=${run}`), { waitUntil: 'load' });
      await serverAnswered(run, 7);
      await page.reload({ waitUntil: 'load' });
    });
    const loaders = [...new Set(s.pairs.map((p) => p.req.loaderId))];
    expect(loaders.length).toBe(2);
    const first = s.pairs.filter((p) => p.req.loaderId === loaders[0]);
    const second = s.pairs.filter((p) => p.req.loaderId === loaders[1]);
    const firstSockets = new Set(first.map((p) => p.truth.socketId));
    const warm = second.filter((p) => firstSockets.has(p.truth.socketId));
    expect(warm.length).toBeGreaterThan(0);
    // A socket the first load opened (the server accepted it during that load) and the second reused.
    const openedByFirst = warm.filter((p) => first.some((f) => f.truth.socketId === p.truth.socketId && s.a.verdict(f.req.id)?.kind === 'new'));
    expect(openedByFirst.length).toBeGreaterThan(0);
    for (const p of warm) {
      const v = s.a.verdict(p.req.id)!;
      expect(v.kind).toBe('reused');
      if (v.kind !== 'reused') continue;
      // The same connection as the first load's requests on that socket.
      const earlier = first.find((f) => f.truth.socketId === p.truth.socketId)!;
      expect(s.a.use(p.req.id)!.connection.id).toBe(s.a.use(earlier.req.id)!.connection.id);
    }
    for (const p of openedByFirst) {
      const v = s.a.verdict(p.req.id)!;
      expect(v.kind === 'reused' && v.openedByEarlierPage).toBe(true);
      expect(s.say(p.req)).toMatch(/Reused connection #\d+ to http:\/\/warm\.test:\d+ \(opened \d[\d.]* (ms|s) earlier by #\d+ \/\S+ during an earlier page load; request \d+ of \d+ on it\): no DNS, TCP or TLS cost\./);
    }
  });
});

describe('the Connections view in the real panel', () => {
  /** Lanes of one pool as the panel draws them: connection id → request ids on its bars. */
  async function lanesOf(panel: Frame, originHost: string): Promise<Map<string, string[]>> {
    return new Map(
      await panel.$$eval(
        '.cv-lane',
        (els, h) =>
          els
            .filter((el) => (el.getAttribute('data-origin') ?? '').includes(`//${h}:`))
            .map((el) => [el.getAttribute('data-connection-id') ?? '', [...el.querySelectorAll('.cv-bar')].map((b) => b.getAttribute('data-request-id') ?? '')] as [string, string[]]),
        originHost,
      ),
    );
  }

  it('draws a lane per socket of the pool with the requests the server saw on it, and selecting a bar selects the request', async () => {
    const page = await rig.newPage();
    await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('start')}`));
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    const run = rig.newRun('panel-pool');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=12&other=0&delay=200`), { waitUntil: 'load' });
    await waitFor('the server to finish the page', () => rig.server.log.requestsMatching(run).length === 13 && rig.server.log.requestsMatching(run).every((r) => r.finishedAt), 30_000);
    await (await panel.waitForSelector('.view-tabs [role="tab"][title^="Socket pools"]'))!.click();
    const truth = () => rig.server.log.requestsMatching(run);
    // The URLs of these hops, as the panel's analysis worker folded them (the panel holds no fold).
    type PanelHook = { netlensPanel: { loader: { value?: { sessionId: string; lastSeq: number } }; backend: { analysis(): { records(s: string, seq: number, ids: string[]): Promise<{ records: { id: string; url: string }[] } | undefined> } } } };
    const urlsOf = (ids: string[]) =>
      panel.evaluate(async (ids) => {
        const p = (globalThis as unknown as PanelHook).netlensPanel;
        const l = p.loader.value;
        if (!l) return ids.map(() => '');
        const answer = await p.backend.analysis().records(l.sessionId, l.lastSeq, ids);
        const url = new Map((answer?.records ?? []).map((r) => [r.id, r.url]));
        return ids.map((id) => url.get(id) ?? '');
      }, ids);
    // Live: the lanes fill in as batches arrive; wait until every request the server saw has its bar.
    let lanes = new Map<string, string[]>();
    let urls: string[] = [];
    try {
      await waitFor('every request on a lane', async () => {
        lanes = await lanesOf(panel, 'a.test');
        urls = await urlsOf([...lanes.values()].flat());
        return truth().every((t) => urls.includes(t.url));
      }, 30_000);
    } catch (err) {
      await screenshot(devtools, 'pools-connections-view-failed');
      throw new Error(`${String(err)}\nlanes: ${JSON.stringify([...lanes])}\nurls: ${urls.join(' ')}\nserver: ${truth().map((t) => t.url).join(' ')}`);
    }
    // The lanes partition the page's requests as the server's sockets do.
    const laneIds = [...lanes.values()].flat();
    const laneUrls = await urlsOf(laneIds);
    const urlOf = new Map(laneIds.map((id, i) => [id, laneUrls[i]!]));
    const ours = [...lanes.values()].map((ids) => ids.map((id) => urlOf.get(id)!).filter((u) => u.includes(run)).sort().join('\n')).filter(Boolean).sort();
    expect(ours).toEqual(partition(truth(), (t) => t.url, (t) => t.socketId));
    // The pool header names the limit; some requests waited.
    const header = await panel.$$eval('.cv-pool', (els) => els.map((e) => e.textContent ?? '').find((t) => t.includes('a.test')) ?? '');
    expect(header).toContain('max 6 of 6 busy');
    // Queued, by the server's clock: the images it received only after one of them had finished.
    const images = truth().filter((t) => /\/res\/pool-\d+/.test(t.url));
    const firstDone = Math.min(...images.map((t) => t.finishedAt!));
    const late = images.filter((t) => t.receivedAt >= firstDone).length;
    expect(late).toBeGreaterThanOrEqual(6);
    expect(header).toContain(`${late} queued`);

    // Clicking a bar selects the request in the store and opens its explanation.
    const id = [...lanes.values()].flat().find((i) => urlOf.get(i)!.includes('pool-11'))!;
    await (await panel.waitForSelector(`.cv-lane .cv-bar[data-request-id="${id}"]`))!.click();
    await waitFor('the selection', () => panel.evaluate(() => (globalThis as unknown as { netlensPanel: { selectedId: { value?: string } } }).netlensPanel.selectedId.value));
    expect(await panel.evaluate(() => (globalThis as unknown as { netlensPanel: { selectedId: { value?: string } } }).netlensPanel.selectedId.value)).toBe(id);
    const explain = await (await panel.waitForSelector('.connection-explain'))!.evaluate((e) => e.textContent ?? '');
    expect(explain).toMatch(/Reused connection #\d+ to http:\/\/a\.test:\d+/);
    expect(explain).toMatch(/Waited [\d.]+ (ms|s) for a socket: all 6 connections/);
    await screenshot(devtools, 'pools-connections-view');
    await (await panel.waitForSelector('button[aria-label="Stop recording"]'))!.click();
    await devtools.close();
    await page.close();
  });
});
