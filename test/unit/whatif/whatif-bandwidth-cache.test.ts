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

describe('connections Chromium opened ahead', () => {
  it("gives one of the page's first subresources the second connection to the page's origin, open before it was needed, as the browser did", () => {
    for (const name of ['whatif-h1-40', 'whatif-h1-cold', 'whatif-h1-warm']) {
      const x = load(name);
      const doc = x.truth.requests.find((t) => path(t.url) === '/whatif/page')!;
      const origin = new URL(doc.url).origin;
      // The server's log: the first request on the page origin's second socket.
      const second = x.truth.requests.filter((t) => new URL(t.url).origin === origin).sort((a, b) => a.receivedAt - b.receivedAt).find((t) => t.socketId !== doc.socketId)!;
      expect(['/res/wi-style.css', '/whatif/app.js'], name).toContain(path(second.url));
      // The browser's timing of it has no connection set-up: that socket was open already.
      const req = x.requests.find((r) => path(r.url) === path(second.url))!;
      expect(req.phases.connect, name).toBeUndefined();
      expect(x.data.network.openedAhead, name).toEqual([{ origin, count: 1 }]);
      // The model: the stylesheet and the script each on a connection set up in time, one the document's, one the other.
      const sim = simulate('baseline', x.data.graph, x.data.network, { rttFactor: 1, downloadFactor: 1, warmCache: false });
      const simOf = (p: string) => sim.requests.find((r) => path(x.data.graph.find((m) => m.id === r.id)!.url) === p)!;
      const firsts = ['/res/wi-style.css', '/whatif/app.js'].map(simOf);
      for (const f of firsts) expect([f.newConnection, f.setupMs], name).toEqual([false, 0]);
      expect(firsts.map((f) => f.connection).sort(), name).toEqual([simOf('/whatif/page').connection, `${origin}#2`].sort());
      // Every connection the model used carried a request: as many as the server saw.
      expect(x.data.baseline.connections, name).toBe(new Set(x.truth.requests.map((t) => t.socketId)).size);
    }
  });
});

describe('callbacks', () => {
  it("ties the late images to the fetch whose callback made them, when one of the page's images ended at the same moment", () => {
    const x = load('whatif-h1-cold-tie');
    const json = x.requests.find((r) => path(r.url) === '/res/wi-data.json')!;
    // The recording: an image ended within a few ms of the fetch, both just before the late images were made.
    const late = x.requests.filter((r) => path(r.url).startsWith('/res/wi-late-'));
    expect(late.length).toBe(4);
    const firstLate = Math.min(...late.map((r) => r.issuedAt));
    const imageJustBefore = x.requests.filter((r) => r.resourceType === 'Image' && !path(r.url).startsWith('/res/wi-late-') && r.endedAt! <= firstLate && r.endedAt! >= json.endedAt! - 5);
    expect(imageJustBefore.length).toBeGreaterThan(0);
    for (const r of late) expect(x.data.graph.find((m) => m.id === r.id)!.dependency).toMatchObject({ kind: 'callback', parent: json.id });
  });
});
