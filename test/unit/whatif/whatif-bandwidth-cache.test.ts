// The what-if model's bandwidth and warm-cache scenarios on loads recorded from real Chromium
// (test/e2e/whatif.test.ts, copied to test/fixtures): the what-if page over HTTP/1.1 with 20
// images of 40 kB at 8 and at 4 Mbit/s through the delaying proxy's shared link (+10 ms each
// way), and a cold and a warm visit of the page with cacheable images (+40 ms each way). Real
// loads are read from the raw protocol events, the server's own times from its log.
import { describe, expect, it } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { NetworkRecorder } from '../../../src/core/recorder/network-recorder.ts';
import { analyseWhatIf, simulate, ERROR_BOUND } from '../../../src/core/whatif/index.ts';
import { realLoadMs } from '../../e2e/whatif-real-load.ts';

function load(name: string) {
  const log = loadLog(name);
  const truth = loadTruth(name);
  const rec = NetworkRecorder.fromLog(log);
  const requests = rec.requests().filter((r) => r.url.includes(truth.run));
  return { truth, requests, data: analyseWhatIf(requests, rec.pages(), { allScenarios: true })!, real: realLoadMs(log, truth.run) };
}
const path = (url: string) => new URL(url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('bandwidth ÷ 2 on recorded loads at 8 and 4 Mbit/s', () => {
  const fast = load('whatif-h1-bw8');
  const slow = load('whatif-h1-bw4');

  it('estimates the 4 Mbit/s load from the 8 Mbit/s one, and back, within the bound', () => {
    const half = fast.data.scenarios.find((s) => s.scenario.id === 'bandwidth-half')!.loadMs;
    expect(Math.abs(half / slow.real - 1)).toBeLessThanOrEqual(ERROR_BOUND);
    const double = simulate('bandwidth-half', slow.data.graph, slow.data.network, { rttFactor: 1, downloadFactor: 0.5, warmCache: false }).loadMs;
    expect(Math.abs(double / fast.real - 1)).toBeLessThanOrEqual(ERROR_BOUND);
  });

  it("counts the first TLS record's transfer as download, so an image's server time is about the server's own", () => {
    for (const x of [fast, slow]) {
      const images = x.data.graph.filter((m) => /\/res\/wi-(img|b|late)-/.test(path(m.url)));
      expect(images.length).toBe(20);
      // What the server's log says it spent on each image (its handler waits 40 ms).
      const own = median(x.truth.requests.filter((t) => /\/res\/wi-(img|b|late)-/.test(t.url)).map((t) => t.respondedAt! - t.receivedAt));
      expect(own).toBeGreaterThanOrEqual(40);
      // On a link this slow the time to first byte is mostly the first record's transfer (seen: 450 ms at 4 Mbit/s).
      expect(median(images.map((m) => m.firstBytesMs))).toBeGreaterThan(2 * own);
      expect(Math.abs(median(images.map((m) => m.serverMs)) - own)).toBeLessThan(60);
    }
  });

  it('estimates the throughput the proxy allowed', () => {
    // 8 Mbit/s is 1,000,000 bytes/s; bytes over the time a download was in progress, so a little above.
    expect(fast.data.network.bandwidthBps).toBeGreaterThan(0.8e6);
    expect(fast.data.network.bandwidthBps).toBeLessThan(1.6e6);
    expect(slow.data.network.bandwidthBps! / fast.data.network.bandwidthBps!).toBeGreaterThan(0.35);
    expect(slow.data.network.bandwidthBps! / fast.data.network.bandwidthBps!).toBeLessThan(0.65);
  });
});

describe('warm cache on a recorded cold and warm visit', () => {
  const cold = load('whatif-h1-cold');
  const warm = load('whatif-h1-warm');

  it('estimates the warm visit from the cold one within the bound', () => {
    const est = cold.data.scenarios.find((s) => s.scenario.id === 'warm-cache')!;
    expect(Math.abs(est.loadMs / warm.real - 1)).toBeLessThanOrEqual(ERROR_BOUND);
  });

  it('reuses what the browser reused: the fresh images from the cache, the revalidated ones over the network', () => {
    const sim = simulate('warm-cache', cold.data.graph, cold.data.network, { rttFactor: 1, downloadFactor: 1, warmCache: true });
    const cachedPaths = sim.requests.filter((s) => s.cached).map((s) => path(cold.data.graph.find((m) => m.id === s.id)!.url)).sort();
    // The server's log of the warm visit: the requests that reached it. Everything else of the cold visit came from the cache.
    const reached = new Set(warm.truth.requests.map((t) => path(t.url)));
    expect(reached.size).toBe(10);
    const fromCache = cold.truth.requests.map((t) => path(t.url)).filter((p) => !reached.has(p)).sort();
    expect(cachedPaths).toEqual(fromCache);
    expect(cachedPaths.length).toBe(14);
    // The revalidated ones were answered 304 on the warm visit.
    const revalidated = cold.data.graph.filter((m) => m.warm === 'revalidate').map((m) => path(m.url)).sort();
    expect(revalidated).toEqual(warm.truth.requests.filter((t) => t.status === 304).map((t) => path(t.url)).sort());
  });
});
