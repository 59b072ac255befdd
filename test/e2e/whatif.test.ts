// What-if estimates against real loads (issue 23): the fixture page recorded through Netlens's own
// capture over HTTP/1.1 and HTTP/2, each at two real round-trip times through the delaying
// loopback proxy (each direction delayed, so TLS set-up round trips are too), and every recording
// estimated from the others. The real load (first request issued → last byte) of the target
// recording is the truth; the model must come within its error bound. The protocols are checked
// against the server's log, so a load that did not use the protocol it claims fails the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorker } from 'puppeteer-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, openNetlensPanel, startRig, waitFor, type Rig } from './harness.ts';
import { realLoadMs } from './whatif-real-load.ts';
import { compare, compareMean, comparisonTable, noiseFloor, noiseTable, PAGE_REQUESTS, recordColdWarm, recordLoad, warmUp, WARM_SERVER_REQUESTS, type Recording } from './whatif-validation.ts';
import { ERROR_BOUND, SCENARIOS } from '../../src/core/whatif/index.ts';
import { startProxyProcess, type ProxyProcess } from '../server/delay-proxy-process.ts';

/** Delay the proxy adds to each direction (ms): round trips of 80 and 160 ms. */
const DELAYS = [40, 80];
/**
 * The bandwidth pair: the page with every image padded to 40 kB (20 images, 800 kB of bodies)
 * at 8 and 4 Mbit/s each way through the proxy's shared link, at +10 ms each way, so that the
 * transfer (0.8 s and 1.6 s at least) outweighs the chain of round trips.
 */
const BANDWIDTHS = [8e6, 4e6];
const BW_DELAY = 10;
const BW_IMAGE_BYTES = 40_000;
const BW_IMAGES = 10 + 6 + 4;

let rig: Rig;
let worker: WebWorker;
let proxies: ProxyProcess;
/** Two rounds of the four loads: estimates within a round, and the rig's own noise across rounds. */
const ROUNDS = 2;
const rounds: Recording[][] = [];
const recs: Recording[] = [];
/**
 * A load recorded under the conditions it stands for. On this shared machine a load now and then
 * falls in a slow spell: its round trip, as Chromium timed it, comes out far above the one the
 * proxy adds (seen: 140 ms for a real 80 ms), and every estimate made from it scales that error
 * (RTT × 2 doubles it). Such a load is recorded again, at most twice, and said so; the check below
 * that each load's round trip is near the proxy's still holds every load kept.
 */
async function recordSteady(p: 'http/1.1' | 'h2', delay: number): Promise<Recording> {
  let r = await recordLoad(rig, worker, proxies, p, delay);
  for (let again = 0; again < 2 && r.data.network.rttMs > 1.25 * 2 * delay + 20; again++) {
    console.log(`${r.run}: round trip ${Math.round(r.data.network.rttMs)} ms for ${2 * delay} ms added: recorded again`);
    r = await recordLoad(rig, worker, proxies, p, delay);
  }
  return r;
}

beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
  proxies = await startProxyProcess();
  // A first load through the proxy, not measured: Chromium's and the server's first TLS handshakes
  // and page loads are slower than the rest (seen: a first TLS handshake of 560 ms on a 40 ms RTT).
  await warmUp(rig, proxies, 0);
  for (let i = 0; i < ROUNDS; i++) {
    const round: Recording[] = [];
    for (const delay of DELAYS) for (const p of ['http/1.1', 'h2'] as const) round.push(await recordSteady(p, delay));
    for (const bitsPerSecond of BANDWIDTHS) round.push(await recordLoad(rig, worker, proxies, 'http/1.1', BW_DELAY, { bitsPerSecond, size: BW_IMAGE_BYTES }));
    const { cold, warm } = await recordColdWarm(rig, worker, proxies, 'http/1.1', DELAYS[0]!);
    round.push(cold, warm);
    rounds.push(round);
    recs.push(...round);
  }
}, 240_000);
afterAll(async () => {
  await proxies?.close();
  await rig?.close();
  // Keep the recordings, to study a failure (test-results/ is not committed).
  await mkdir(join(ARTIFACTS, 'whatif'), { recursive: true });
  // Named as the fixtures are (test/fixtures/whatif-*), so one can be copied there as it is.
  for (const r of recs) {
    const name = `${r.run}${r.visit ? `-${r.visit}` : ''}`;
    await writeFile(join(ARTIFACTS, 'whatif', `${name}.cdp.json`), JSON.stringify(r.events));
    await writeFile(join(ARTIFACTS, 'whatif', `${name}.truth.json`), JSON.stringify({ run: r.run, requests: r.truth }));
  }
});

describe('what-if estimates against real loads through a delaying proxy', () => {
  it('records each load whole, over the protocol it claims, at the latency it claims', () => {
    for (const r of recs) {
      expect(r.serverRequests, r.run).toBe(r.visit === 'warm' ? WARM_SERVER_REQUESTS(10, 6) : PAGE_REQUESTS(10, 6));
      expect(r.data.requests, r.run).toBe(PAGE_REQUESTS(10, 6));
      expect(r.protocols, r.run).toEqual([r.protocol]);
      // The server's log says the same: every request of the load came over that protocol.
      expect([...new Set(r.truth.map((t) => t.protocol))], r.run).toEqual([r.protocol]);
      // The round trip the model estimates is about the one the proxy added (2 × the delay), not
      // much below it. Not exactly at least it: Chromium's own timings of a load through the proxy
      // come out shorter now and then (seen in CI at +40 ms each way: an HTTP/2 stylesheet's wait of
      // 66.8 ms and a TLS 1.3 set-up of 73.8 ms; at +80 ms an estimate of 138 ms), so the bound is
      // three quarters of it.
      expect(r.data.network.rttMs, r.run).toBeGreaterThanOrEqual(0.75 * 2 * r.delayMs);
      // …and not far above it: the estimate is at most the quickest time to first byte, which
      // still carries the server's 20 ms for the stylesheet and the busy machine's time (seen: 120 ms
      // at +40 ms each way, 238 ms at +80 ms with six other test runs on the two cores): at most
      // half as much again as the added round trip, plus 40 ms.
      // Not on a limited link: there the handshakes queue behind each other on the shared up link
      // (a dozen ClientHellos of about 1.9 kB at 4 Mbit/s take some 46 ms; seen: 80 ms at +10 ms each way).
      if (!r.bitsPerSecond) expect(r.data.network.rttMs, r.run).toBeLessThan(3 * r.delayMs + 40);
    }
  });

  it('limits the bandwidth the proxy was asked to: the images take at least their bytes over the rate', () => {
    const bw = recs.filter((r) => r.bitsPerSecond);
    expect(bw.length).toBe(BANDWIDTHS.length * ROUNDS);
    for (const r of bw) {
      const floorMs = ((BW_IMAGES * BW_IMAGE_BYTES * 8) / r.bitsPerSecond!) * 1000;
      const real = realLoadMs(r.events, r.run);
      expect(real, r.run).toBeGreaterThanOrEqual(floorMs);
      // …and not far above it: the link is the bottleneck, not the rest of the load (seen: 1.1–1.4 × the floor).
      expect(real, r.run).toBeLessThan(2 * floorMs);
    }
  });

  it('serves the warm visit from the cache: the fresh images never reach the server, the rest are revalidated', () => {
    for (const r of recs.filter((x) => x.visit === 'warm')) {
      const paths = r.truth.map((t) => new URL(t.url).pathname);
      expect(paths.filter((p) => p.startsWith('/res/wi-img-') || p.startsWith('/res/wi-late-')), r.run).toEqual([]);
      expect(r.truth.filter((t) => t.status === 304).map((t) => new URL(t.url).pathname).sort(), r.run).toEqual(['/res/wi-b-0.png', '/res/wi-b-1.png', '/res/wi-b-2.png', '/res/wi-b-3.png', '/res/wi-b-4.png', '/res/wi-b-5.png', '/res/wi-style.css']);
    }
  });

  it(`replays each load within ${ERROR_BOUND * 100}% of the real load (the baseline: the model's first check)`, () => {
    const rows = rounds.flatMap((r) => compare(r)).filter((r) => r.scenario === 'baseline');
    console.log(`Baselines:\n${comparisonTable(rows)}`);
    expect(rows.length).toBe(8 * ROUNDS);
    for (const r of rows) expect(Math.abs(r.error), `${r.from}: ${Math.round(r.estimateMs)} ms replayed, ${Math.round(r.realMs)} ms real`).toBeLessThanOrEqual(ERROR_BOUND);
  });

  it(`estimates each load from the others within ${ERROR_BOUND * 100}% beyond the rig's own noise: HTTP/1.1 ↔ HTTP/2, RTT × 2 and ÷ 2, bandwidth ÷ 2 and × 2, warm from cold`, () => {
    // The rig's noise: two real loads of one configuration differ by this much (on this shared
    // 2-core machine up to 16% with the proxy in its own process). Each estimate is the mean of
    // the estimates from both rounds, held against the mean of both real loads, within the bound
    // plus half the larger spread of the two configurations it joins (a mean of two loads is at
    // most that far from either); on a quiet machine that is the bound itself.
    const noise = noiseFloor(recs);
    console.log(`Noise:\n${noiseTable(noise)}`);
    console.log(`Estimates, round by round:\n${comparisonTable(rounds.flatMap((r) => compare(r)).filter((r) => r.scenario !== 'baseline'))}`);
    const rows = compareMean(rounds).filter((r) => r.scenario !== 'baseline');
    console.log(`Estimates, mean of ${ROUNDS} rounds:\n${comparisonTable(rows)}`);
    expect(rows.map((r) => r.scenario).sort()).toEqual(['bandwidth-half', 'bandwidth-x2', 'http1', 'http1', 'http2', 'http2', 'rtt-half', 'rtt-half', 'rtt-x2', 'rtt-x2', 'warm-cache']);
    for (const r of rows) {
      const allowed = ERROR_BOUND + Math.max(noise.get(r.from)!, noise.get(r.to)!) / 2;
      expect(Math.abs(r.error), `${r.scenario}: ${r.from} → ${r.to}: ${Math.round(r.estimateMs)} ms estimated, ${Math.round(r.realMs)} ms real (allowed ±${(allowed * 100).toFixed(0)}%)`).toBeLessThanOrEqual(allowed);
    }
    // The scenarios offered are exactly the ones this test validates.
    const validated = new Set<string>(rows.map((r) => r.scenario));
    for (const s of SCENARIOS) expect(s.validated, s.id).toBe(validated.has(s.id));
  });

  it('models the HTTP/2 load on fewer connections than the HTTP/1.1 one, as the browser did', () => {
    const h1 = recs.find((r) => r.protocol === 'http/1.1' && r.delayMs === DELAYS[0] && !r.visit)!;
    const h2 = recs.find((r) => r.protocol === 'h2' && r.delayMs === DELAYS[0])!;
    const sockets = (r: Recording) => new Set(rig.server.log.requestsMatching(r.run).map((t) => t.socketId)).size;
    expect(h2.data.baseline.connections).toBe(sockets(h2));
    expect(h1.data.baseline.connections).toBe(sockets(h1));
    expect(h1.data.scenarios.find((s) => s.scenario.id === 'http2')!.connections).toBe(sockets(h2));
  });

  it("draws the estimate in the panel's What-if tab, computed in the analysis worker", async () => {
    // The panel records a load of the page (HTTP/2 at +40 ms each way) and shows its estimate.
    const proxy = await proxies.open(rig.server.ports.h2, DELAYS[0]!);
    const page = await rig.newPage();
    try {
      const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
      await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
      await panel.waitForSelector('button[aria-label="Stop recording"]');
      const run = rig.newRun('whatif-panel');
      await page.goto(`https://a.test:${proxy.port}/whatif/page?run=${run}`, { waitUntil: 'load' });
      await waitFor('the server to answer the whole load', () => rig.server.log.requestsMatching(run).length >= PAGE_REQUESTS(10, 6) && rig.server.log.requestsMatching(run).every((t) => t.finishedAt), 30_000);
      // The page says so once the late images have loaded: their loadingFinished came before that.
      await page.waitForFunction(() => document.getElementById('out')?.textContent === 'whatif done', { timeout: 30_000 });
      await (await panel.waitForSelector('button[aria-label="Stop recording"]'))!.click();
      await panel.waitForSelector('button[aria-label="Record"]');
      await (await panel.waitForSelector('::-p-xpath(//button[@role="tab"][normalize-space()="What-if"])'))!.click();
      await panel.waitForSelector('.whatif-scenarios table', { timeout: 30_000 });
      const view = await panel.$eval('.whatif-view', (e) => e.textContent ?? '');
      expect(view).toContain('Estimates, not measurements');
      expect(view).toContain(`${PAGE_REQUESTS(10, 6)} requests`);
      const firsts = await panel.$$eval('.whatif-scenarios tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
      // Every validated scenario that applies: not the warm cache, since every response of this page is no-store.
      expect(firsts.slice(2).map((t) => t.replace(/\s*\(.*$/, ''))).toEqual(['HTTP/1.1 everywhere', 'Round-trip time × 2', 'Round-trip time ÷ 2', 'Bandwidth ÷ 2']);
      const path = await panel.$$eval('.whatif-step-label', (ls) => ls.map((l) => (l.textContent ?? '').replace(/^#\d+ /, '').split(' ')[0]!.replace(/-\d+\.png$/, '')));
      // The path runs from the document to the late images, through requests of this load. Which
      // ones lie between depends on this load's timing (seen: app.js and its data, or neither, when
      // the late image's request came right after the document's response).
      expect(path[0]).toBe('/whatif/page');
      expect(path[path.length - 1]).toBe('/res/wi-late');
      const served = new Set(rig.server.log.requestsMatching(run).map((t) => new URL(t.url).pathname.replace(/-\d+\.png$/, '')));
      for (const step of path) expect(served, step).toContain(step);
      // Every step draws at least its request and its download; the document's also its connection set-up.
      const bars = await panel.$$eval('.whatif-step', (steps) => steps.map((st) => [...st.querySelectorAll('.whatif-bar')].map((b) => b.classList[1])));
      expect(bars.length).toBe(path.length);
      for (const b of bars) expect(b).toEqual(expect.arrayContaining(['request', 'download']));
      expect(bars[0]).toContain('setup');
      await devtools.close();
    } finally {
      await page.close();
      await proxy.close();
    }
  }, 90_000);
});
