// The what-if model on loads recorded from real Chromium: the what-if fixture page over HTTP/1.1
// and HTTP/2 through the delaying proxy at +40 and +80 ms each way (test/fixtures/whatif-*,
// recorded by test/e2e/whatif-validation.ts), and the pool, redirect and preflight fixtures.
// Real loads are read from the raw protocol events; connections from the server's socket log.
import { describe, expect, it } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { NetworkRecorder } from '../../../src/core/recorder/network-recorder.ts';
import { analyseWhatIf, whatIfSummary, whatIfUnavailable, ERROR_BOUND, SCENARIOS, type ScenarioId, type WhatIfData } from '../../../src/core/whatif/index.ts';
import { realLoadMs } from '../../e2e/whatif-real-load.ts';
import type { NetworkRequest } from '../../../src/core/records.ts';

const NAMES = ['h1-40', 'h2-40', 'h1-80', 'h2-80'] as const;
type Name = (typeof NAMES)[number];

function load(name: string, options = { allScenarios: true }) {
  const log = loadLog(name);
  const truth = loadTruth(name);
  const rec = NetworkRecorder.fromLog(log);
  const requests = rec.requests().filter((r) => r.url.includes(truth.run));
  const data = analyseWhatIf(requests, rec.pages(), options)!;
  return { log, truth, rec, requests, data, real: realLoadMs(log, truth.run) };
}
const fx = Object.fromEntries(NAMES.map((n) => [n, load(`whatif-${n}`)])) as Record<Name, ReturnType<typeof load>>;
const estimate = (d: WhatIfData, id: ScenarioId) => d.scenarios.find((s) => s.scenario.id === id)!.loadMs;
const byPath = (requests: readonly NetworkRequest[], path: string) => requests.filter((r) => new URL(r.url).pathname.startsWith(path));

describe('what-if model on the recorded what-if page', () => {
  it('replays each recording within its bound, on the connections the server saw', () => {
    for (const n of NAMES) {
      const { data, truth, real } = fx[n];
      expect(data.requests, n).toBe(truth.requests.length);
      expect(Math.abs(data.baseline.loadMs / real - 1), n).toBeLessThanOrEqual(ERROR_BOUND);
      expect(data.baseline.connections, n).toBe(new Set(truth.requests.map((t) => t.socketId)).size);
    }
  });

  it('estimates HTTP/2 from HTTP/1.1 and back, and RTT × 2 and ÷ 2, within the bound of the real loads', () => {
    const pairs: [Name, ScenarioId, Name][] = [
      ['h1-40', 'http2', 'h2-40'], ['h2-40', 'http1', 'h1-40'], ['h1-80', 'http2', 'h2-80'], ['h2-80', 'http1', 'h1-80'],
      ['h1-40', 'rtt-x2', 'h1-80'], ['h1-80', 'rtt-half', 'h1-40'], ['h2-40', 'rtt-x2', 'h2-80'], ['h2-80', 'rtt-half', 'h2-40'],
    ];
    for (const [from, id, to] of pairs) expect(Math.abs(estimate(fx[from].data, id) / fx[to].real - 1), `${id}: ${from} → ${to}`).toBeLessThanOrEqual(ERROR_BOUND);
    // HTTP/2 multiplexes: the HTTP/1.1 recording replayed over HTTP/2 needs the connections the HTTP/2 load had.
    expect(fx['h1-40'].data.scenarios.find((s) => s.scenario.id === 'http2')!.connections).toBe(new Set(fx['h2-40'].truth.requests.map((t) => t.socketId)).size);
  });

  it('estimates the round trip the proxy added (2 × the delay each way)', () => {
    for (const n of NAMES) {
      const delay = Number(n.split('-')[1]);
      expect(fx[n].data.network.rttMs, n).toBeGreaterThanOrEqual(2 * delay * 0.95);
      expect(fx[n].data.network.rttMs, n).toBeLessThan(2 * delay + 25);
    }
  });

  it('builds the dependency graph the page has: parser, script, and the fetch callback that adds the late images', () => {
    const { requests, data } = fx['h2-40'];
    const dep = (r: NetworkRequest) => data.graph.find((m) => m.id === r.id)!.dependency;
    const [doc] = byPath(requests, '/whatif/page');
    const [app] = byPath(requests, '/whatif/app.js');
    const [json] = byPath(requests, '/res/wi-data.json');
    expect(dep(doc!).kind).toBe('root');
    expect(dep(app!)).toMatchObject({ kind: 'parser', parent: doc!.id });
    for (const img of byPath(requests, '/res/wi-img-')) expect(dep(img).parent).toBe(doc!.id);
    expect(dep(json!)).toMatchObject({ kind: 'script', parent: app!.id, anchor: 'end' });
    const late = byPath(requests, '/res/wi-late-');
    expect(late.length).toBe(4);
    for (const img of late) expect(dep(img)).toMatchObject({ kind: 'callback', parent: json!.id });
    // The critical path runs document → script → fetch → a late image.
    expect(data.baseline.criticalPath.map((s) => new URL(s.url).pathname.replace(/-\d+\.png$/, ''))).toEqual(['/whatif/page', '/whatif/app.js', '/res/wi-data.json', '/res/wi-late']);
  });

  it('offers only validated scenarios, and lists the others with the reason', () => {
    const d = load('whatif-h1-40', { allScenarios: false }).data;
    expect(d.scenarios.map((s) => s.scenario.id).sort()).toEqual(['bandwidth-half', 'http2', 'rtt-half', 'rtt-x2']);
    expect(d.scenarios.every((s) => s.scenario.validated && s.rangeMs)).toBe(true);
    const no = Object.fromEntries(d.notOffered.map((s) => [s.id, s.notOffered]));
    // Every response of the page is no-store: nothing a second visit could reuse.
    expect(no['warm-cache']).toMatch(/^does not apply/);
    expect(no.http1).toMatch(/does not apply/);
    expect(d.notOffered.map((s) => s.id).sort()).toEqual(['http1', 'warm-cache']);
    // Every scenario is validated now (test/e2e/whatif.test.ts); one that was not would be listed, not offered.
    expect(SCENARIOS.filter((s) => !s.validated).map((s) => s.id)).toEqual([]);
  });

  it('is plain data', () => {
    const d = fx['h1-80'].data;
    expect(structuredClone(d)).toEqual(d);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('what-if graph on other recorded fixtures', () => {
  it('chains redirect hops, each after the previous hop\'s response', () => {
    const rec = NetworkRecorder.fromLog(loadLog('redirect'));
    const d = analyseWhatIf(rec.requests(), rec.pages())!;
    const hops = rec.requests().filter((r) => r.redirectFrom);
    expect(hops.length).toBe(2);
    for (const h of hops) expect(d.graph.find((m) => m.id === h.id)!.dependency).toMatchObject({ kind: 'redirect', parent: h.redirectFrom, anchor: 'response' });
  });

  it('sends a preflighted request after its preflight, without counting the wait for it twice', () => {
    const rec = NetworkRecorder.fromLog(loadLog('pools-preflight'));
    const put = rec.requests().find((r) => r.method === 'PUT')!;
    const options = rec.requests().find((r) => r.method === 'OPTIONS')!;
    const d = analyseWhatIf(rec.requests(), rec.pages())!;
    expect(d.graph.find((m) => m.id === put.id)!.dependency).toMatchObject({ kind: 'preflight', parent: options.id });
    const real = realLoadMs(loadLog('pools-preflight'), loadTruth('pools-preflight').run);
    expect(Math.abs(d.baseline.loadMs / real - 1)).toBeLessThanOrEqual(ERROR_BOUND);
  });

  it('replays the HTTP/1.1 pool load on the sockets the server saw', () => {
    const rec = NetworkRecorder.fromLog(loadLog('pool'));
    const truth = loadTruth('pool');
    const d = analyseWhatIf(rec.requests(), rec.pages())!;
    expect(d.baseline.connections).toBe(new Set(truth.requests.map((t) => t.socketId)).size);
    expect(Math.abs(d.baseline.loadMs / realLoadMs(loadLog('pool'), truth.run) - 1)).toBeLessThanOrEqual(ERROR_BOUND);
  });
});

describe('what-if on bad or empty input', () => {
  it('says why there is nothing to estimate, never throws', () => {
    expect(analyseWhatIf([], [])).toBeUndefined();
    expect(whatIfSummary([], []).unavailable).toBe('The recording has no requests, so there is no load to estimate.');
    const noTiming = fx['h1-40'].requests.map((r) => ({ ...r, timing: undefined, phases: {} }));
    expect(whatIfUnavailable(noTiming)).toMatch(/No request in the recording has network timing/);
  });

  it('finishes on a graph whose initiators point at each other (bad data)', () => {
    const [a, b] = fx['h1-40'].requests.filter((r) => r.resourceType === 'Image');
    // Each an image made by a "script" at the other's URL: a cycle no real load has.
    const cyc = fx['h1-40'].requests.map((r) =>
      r.id === a!.id ? { ...r, resourceType: 'Script', initiator: { type: 'script' as const, stack: { callFrames: [{ url: b!.url, functionName: '', scriptId: '1', lineNumber: 0, columnNumber: 0 }] } } }
        : r.id === b!.id ? { ...r, resourceType: 'Script', initiator: { type: 'script' as const, stack: { callFrames: [{ url: a!.url, functionName: '', scriptId: '1', lineNumber: 0, columnNumber: 0 }] } } } : r);
    const d = analyseWhatIf(cyc, fx['h1-40'].rec.pages())!;
    expect(d.baseline.loadMs).toBeGreaterThan(0);
    expect(d.graph.length).toBe(cyc.length);
  });
});
