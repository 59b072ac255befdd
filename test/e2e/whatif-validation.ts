// The what-if validation, shared by test/e2e/whatif.test.ts and bench/whatif.ts: records the
// fixture what-if page through Netlens's own capture (the service worker's control API) over
// HTTP/1.1 and over HTTP/2, each at two real round-trip times through the delaying proxy, then
// estimates every recording from the others and says how far each estimate is from the real load.
import type { Page, WebWorker } from 'puppeteer-core';
import { control, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import type { ProxyProcess } from '../server/delay-proxy-process.ts';
import type { TraceEntry } from '../server/delay-proxy.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import { analyseWhatIf, simulate, type ScenarioId, type WhatIfData } from '../../src/core/whatif/index.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import { realLoadMs } from './whatif-real-load.ts';
import type { TruthRequest } from '../server/truth-log.ts';

export { realLoadMs };

export type Proto = 'http/1.1' | 'h2';

export interface Recording {
  protocol: Proto;
  /** Delay the proxy added to each direction (ms). */
  delayMs: number;
  /** Throughput the proxy allowed each direction (bits per second), when it limited it. */
  bitsPerSecond?: number;
  /** The proxy's chunk log, when asked for. */
  trace?: TraceEntry[];
  /** A visit of the cold/warm pair. */
  visit?: 'cold' | 'warm';
  run: string;
  /** Requests the server answered for this load. */
  serverRequests: number;
  /** Protocols Chromium reported for the load's requests. */
  protocols: string[];
  data: WhatIfData;
  /** The server's log of the load's requests. */
  truth: TruthRequest[];
  /** The load's CDP events as stored (for a benchmark to keep). */
  events: ReturnType<typeof toLogEvent>[];
}

/** A scenario Netlens offers, or twice the bandwidth (the validation's way back from bandwidth ÷ 2). */
export type Scenario = ScenarioId | 'bandwidth-x2';

export interface Comparison {
  from: string;
  to: string;
  scenario: Scenario;
  estimateMs: number;
  realMs: number;
  /** estimate / real − 1. */
  error: number;
}

/** Requests of one load of the page: document, stylesheet, script, fetch, n + other images, 4 late ones. */
export const PAGE_REQUESTS = (n: number, other: number) => 4 + n + other + 4;

type Started = Extract<ControlResponse, { type: 'start' }>;

/** Loads the page once through a proxy without recording, so the measured loads find a warm browser and server. */
export async function warmUp(rig: Rig, proxies: ProxyProcess, delayMs: number): Promise<void> {
  for (const target of [rig.server.ports.https, rig.server.ports.h2]) {
    const proxy = await proxies.open(target, delayMs);
    const page = await rig.newPage();
    try {
      await page.goto(`https://a.test:${proxy.port}/whatif/page?run=${rig.newRun('whatif-warm-up')}`, { waitUntil: 'load' });
    } finally {
      await page.close();
      await proxy.close();
    }
  }
}

export interface LoadOptions {
  /** Images from the page's origin (10) and from b.test (6). */
  n?: number;
  other?: number;
  /** Throughput of each direction of the proxy's link (bits per second); none: unlimited. */
  bitsPerSecond?: number;
  /** Every image padded to this many bytes (a page heavy enough for bandwidth to matter). */
  size?: number;
  /** Keep the proxy's chunk log in the recording (to study where a load's time went). */
  trace?: boolean;
}

const pageQuery = (run: string, n: number, other: number, size: number, cache: boolean) =>
  `run=${run}&n=${n}&other=${other}${size > 0 ? `&size=${size}` : ''}${cache ? '&cache=1' : ''}`;

/**
 * Records one navigation of `page` in a session of its own: waits for the page to say it is done
 * (its late images loaded) and for the stored log to hold `count` finished requests of the run.
 */
async function recordNavigation(rig: Rig, worker: WebWorker, page: Page, url: string, run: string, count: number, serverCount: number) {
  const tabId = await tabIdOf(page, worker);
  const started = await control<Started>(worker, { type: 'start', tabId });
  if (!started.ok) throw new Error(`could not start recording: ${JSON.stringify(started)}`);
  const sessionId = started.session.id;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('out')?.textContent === 'whatif done', { timeout: 30_000 });
  await waitFor(`the server to answer the ${serverCount} requests of ${run}`, () => {
    const seen = rig.server.log.requestsMatching(run);
    return seen.length >= serverCount && seen.every((r) => r.finishedAt);
  }, 30_000);
  let rec: NetworkRecorder | undefined;
  let log: ReturnType<typeof toLogEvent>[] = [];
  await waitFor(`${run}: the stored log to hold every request, finished`, async () => {
    await control(worker, { type: 'flush', sessionId });
    const { events } = await storedSession(worker, sessionId);
    log = events.map(toLogEvent);
    rec = NetworkRecorder.fromLog(log);
    const ours = rec.requests().filter((r) => r.url.includes(run));
    return ours.length >= count && ours.every((r) => r.finished);
  }, 30_000);
  await control(worker, { type: 'stop', sessionId });
  const requests = rec!.requests().filter((r) => r.url.includes(run));
  const data = analyseWhatIf(requests, rec!.pages(), { allScenarios: true });
  if (!data) throw new Error(`${run}: nothing to estimate`);
  return { data, events: log, protocols: [...new Set(requests.map((r) => r.protocol ?? ''))] };
}

export async function recordLoad(rig: Rig, worker: WebWorker, proxies: ProxyProcess, protocol: Proto, delayMs: number, options: LoadOptions = {}): Promise<Recording> {
  const { n = 10, other = 6, bitsPerSecond, size = 0, trace = false } = options;
  const target = protocol === 'h2' ? rig.server.ports.h2 : rig.server.ports.https;
  // A new proxy (a new port) for each load: no socket of an earlier load can be reused.
  const proxy = await proxies.open(target, delayMs, { ...(bitsPerSecond ? { bitsPerSecond } : {}), ...(trace ? { trace } : {}) });
  const page = await rig.newPage();
  try {
    const run = rig.newRun(`whatif-${protocol === 'h2' ? 'h2' : 'h1'}-${delayMs}${bitsPerSecond ? `-${bitsPerSecond / 1e6}mbit` : ''}`);
    const count = PAGE_REQUESTS(n, other);
    const got = await recordNavigation(rig, worker, page, `https://a.test:${proxy.port}/whatif/page?${pageQuery(run, n, other, size, false)}`, run, count, count);
    const truth = rig.server.log.requestsMatching(run);
    return { protocol, delayMs, ...(bitsPerSecond ? { bitsPerSecond } : {}), ...(trace ? { trace: await proxy.trace() } : {}), run, truth, serverRequests: truth.length, ...got };
  } finally {
    await page.close();
    await proxy.close();
  }
}

/**
 * A cold and a warm visit of the same page in one tab: the page's images fresh for an hour, its
 * stylesheet and b.test images revalidated. Between the two the proxy closes every connection, so
 * the warm visit differs from the cold one by its cache alone (not by reused sockets).
 */
export async function recordColdWarm(rig: Rig, worker: WebWorker, proxies: ProxyProcess, protocol: Proto, delayMs: number): Promise<{ cold: Recording; warm: Recording }> {
  const n = 10;
  const other = 6;
  const target = protocol === 'h2' ? rig.server.ports.h2 : rig.server.ports.https;
  const proxy = await proxies.open(target, delayMs);
  const page = await rig.newPage();
  try {
    const run = rig.newRun(`whatif-${protocol === 'h2' ? 'h2' : 'h1'}-${delayMs}-cache`);
    const count = PAGE_REQUESTS(n, other);
    const url = `https://a.test:${proxy.port}/whatif/page?${pageQuery(run, n, other, 0, true)}`;
    const cold = await recordNavigation(rig, worker, page, url, run, count, count);
    const coldTruth = rig.server.log.requestsMatching(run);
    await proxy.drop();
    // The warm visit: the fresh images (10 + the 4 late ones) come from the cache, the rest from the server.
    const warm = await recordNavigation(rig, worker, page, url, run, count, count + WARM_SERVER_REQUESTS(n, other));
    const warmTruth = rig.server.log.requestsMatching(run).slice(coldTruth.length);
    return {
      cold: { protocol, delayMs, visit: 'cold', run, truth: coldTruth, serverRequests: coldTruth.length, ...cold },
      warm: { protocol, delayMs, visit: 'warm', run, truth: warmTruth, serverRequests: warmTruth.length, ...warm },
    };
  } finally {
    await page.close();
    await proxy.close();
  }
}

/** Requests of the warm visit that reach the server: document, script, fetch, stylesheet and the b.test images (revalidated). */
export const WARM_SERVER_REQUESTS = (_n: number, other: number) => 3 + 1 + other;

export const label = (r: Recording) => `${r.protocol} at +${r.delayMs} ms each way${r.bitsPerSecond ? `, ${r.bitsPerSecond / 1e6} Mbit/s` : ''}${r.visit ? `, ${r.visit}` : ''}`;

function estimate(from: Recording, scenario: Scenario): number {
  if (scenario === 'baseline') return from.data.baseline.loadMs;
  // Twice the bandwidth is not a scenario Netlens offers; the validation uses it to estimate the
  // fast load from the slow one, the other way round from bandwidth ÷ 2.
  if (scenario === 'bandwidth-x2') return simulate('bandwidth-half', from.data.graph, from.data.network, { rttFactor: 1, downloadFactor: 0.5, warmCache: false }).loadMs;
  const s = from.data.scenarios.find((x) => x.scenario.id === scenario);
  if (!s) throw new Error(`${label(from)}: scenario ${scenario} not estimated (${from.data.notOffered.map((x) => `${x.id}: ${x.notOffered}`).join('; ')})`);
  return s.loadMs;
}

/**
 * Every estimate the recordings allow: protocol each way at each delay, RTT × 2 and ÷ 2 per
 * protocol, bandwidth ÷ 2 (and × 2 back) per protocol and delay, warm from cold, and each baseline.
 */
export function compare(recs: readonly Recording[]): Comparison[] {
  const out: Comparison[] = [];
  const add = (from: Recording, to: Recording, scenario: Scenario) => {
    const estimateMs = estimate(from, scenario);
    const realMs = realLoadMs(to.events, to.run);
    out.push({ from: label(from), to: label(to), scenario, estimateMs, realMs, error: estimateMs / realMs - 1 });
  };
  for (const r of recs) add(r, r, 'baseline');
  // The plain loads: no bandwidth limit, not a cache pair.
  const plain = recs.filter((r) => !r.bitsPerSecond && !r.visit);
  const delays = [...new Set(plain.map((r) => r.delayMs))].sort((a, b) => a - b);
  const at = (p: Proto, d: number) => plain.find((r) => r.protocol === p && r.delayMs === d);
  for (const d of delays) {
    const h1 = at('http/1.1', d);
    const h2 = at('h2', d);
    if (h1 && h2) {
      add(h1, h2, 'http2');
      add(h2, h1, 'http1');
    }
  }
  if (delays.length === 2 && delays[1] === 2 * delays[0]!) {
    for (const p of ['http/1.1', 'h2'] as const) {
      const lo = at(p, delays[0]!);
      const hi = at(p, delays[1]!);
      if (lo && hi) {
        add(lo, hi, 'rtt-x2');
        add(hi, lo, 'rtt-half');
      }
    }
  }
  for (const fast of recs) {
    if (!fast.bitsPerSecond) continue;
    const slow = recs.find((r) => r.protocol === fast.protocol && r.delayMs === fast.delayMs && r.bitsPerSecond === fast.bitsPerSecond! / 2);
    if (slow) {
      add(fast, slow, 'bandwidth-half');
      add(slow, fast, 'bandwidth-x2');
    }
  }
  for (const cold of recs) {
    if (cold.visit !== 'cold') continue;
    const warm = recs.find((r) => r.visit === 'warm' && r.run === cold.run);
    if (warm) add(cold, warm, 'warm-cache');
  }
  return out;
}

export function comparisonTable(rows: readonly Comparison[]): string {
  const lines = ['| scenario | estimated from | real load | estimate | real | error |', '| --- | --- | --- | ---: | ---: | ---: |'];
  for (const c of rows) lines.push(`| ${c.scenario} | ${c.from} | ${c.to} | ${Math.round(c.estimateMs)} ms | ${Math.round(c.realMs)} ms | ${c.error >= 0 ? '+' : ''}${(c.error * 100).toFixed(1)}% |`);
  return lines.join('\n');
}

/**
 * The rig's own noise: how far two real loads of the same page, protocol and delay differ
 * (|a / b − 1|, the larger way round), per configuration, from recordings of several rounds. An
 * estimate cannot be checked more closely than the load it is checked against repeats.
 */
export function noiseFloor(recs: readonly Recording[]): Map<string, number> {
  const byConfig = new Map<string, number[]>();
  for (const r of recs) {
    const k = label(r);
    byConfig.set(k, [...(byConfig.get(k) ?? []), realLoadMs(r.events, r.run)]);
  }
  const out = new Map<string, number>();
  for (const [k, loads] of byConfig) {
    const lo = Math.min(...loads);
    const hi = Math.max(...loads);
    out.set(k, loads.length > 1 ? hi / lo - 1 : 0);
  }
  return out;
}

export function noiseTable(noise: ReadonlyMap<string, number>): string {
  return ['| configuration | spread of its real loads |', '| --- | ---: |', ...[...noise].map(([k, v]) => `| ${k} | ${(v * 100).toFixed(1)}% |`)].join('\n');
}

/**
 * The same estimates over several rounds, averaged: each row's estimate is the mean of the
 * estimates from every round's recording, its real load the mean of every round's real load. The
 * busy machine's noise in one load (a recording that is slow here and there) averages out.
 */
export function compareMean(rounds: readonly (readonly Recording[])[]): Comparison[] {
  const groups = new Map<string, Comparison[]>();
  for (const round of rounds) for (const c of compare(round)) {
    const k = `${c.scenario}|${c.from}|${c.to}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()].map((cs) => {
    const estimateMs = cs.reduce((s, c) => s + c.estimateMs, 0) / cs.length;
    const realMs = cs.reduce((s, c) => s + c.realMs, 0) / cs.length;
    return { ...cs[0]!, estimateMs, realMs, error: estimateMs / realMs - 1 };
  });
}
