// Timing changes are reported only beyond the noise (src/core/diff/timing.ts): per phase an
// absolute and a relative threshold, and more than the spread of the sides' own repeated loads.
// Each rule is checked just inside and just outside, on literal samples and on literal logs.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { PageRecord } from '../../../src/core/records.ts';
import { diffRecordings, type Change, type DiffSide } from '../../../src/core/diff/index.ts';
import { median, spread, timingShift } from '../../../src/core/diff/timing.ts';
import { syntheticLog, type SyntheticRequest } from '../analysis/synthetic-log.ts';

const side = (label: string, events: readonly CdpEvent[], pages: PageRecord[] = []): DiffSide => {
  const rec = NetworkRecorder.fromLog(events as CdpEvent[]);
  return { label, requests: rec.requests(), pages };
};
const timing = (cs: readonly Change[]) => cs.filter((c) => c.kind === 'timing').map((c) => `${c.direction} ${c.subject} ${c.before}→${c.after}`);

describe('timingShift on literal samples', () => {
  const t = { ms: 250, share: 0.5 };
  it('median and spread', () => {
    expect([median([3]), median([5, 1]), median([9, 1, 4]), spread([7]), spread([4, 9, 1])]).toEqual([3, 3, 4, 0, 8]);
  });
  it('absolute: 249 ms is noise, 250 ms is a change', () => {
    expect(timingShift([100], [349], t)).toBeUndefined();
    expect(timingShift([100], [350], t)).toEqual({ before: 100, after: 350, delta: 250, noise: 250 });
    expect(timingShift([350], [100], t)).toEqual({ before: 350, after: 100, delta: -250, noise: 250 });
  });
  it('relative: 499 ms on 1,000 ms is noise (under 50 %), 500 ms is a change', () => {
    expect(timingShift([1000], [1499], t)).toBeUndefined();
    expect(timingShift([1000], [1500], t)).toEqual({ before: 1000, after: 1500, delta: 500, noise: 500 });
  });
  it('spread: a shift of the medians equal to a side\'s own spread is noise, 1 ms more is a change', () => {
    // Before: 100 and 500 (median 300, spread 400).
    expect(timingShift([100, 500], [700], t)).toBeUndefined();
    expect(timingShift([100, 500], [701], t)).toEqual({ before: 300, after: 701, delta: 401, noise: 400 });
    // The spread of the side after counts as well, and a spread seen elsewhere (extraSpread).
    expect(timingShift([300], [500, 1100], t)).toBeUndefined();
    expect(timingShift([300], [900], t, 600)).toBeUndefined();
    expect(timingShift([300], [901], t, 600)?.delta).toBe(601);
  });
});

/** Ten images on six connections, one load each, with the given overrides. */
function page(over: (r: SyntheticRequest, i: number) => Partial<SyntheticRequest> = () => ({})): CdpEvent[] {
  const reqs: SyntheticRequest[] = [];
  for (let i = 0; i < 10; i++) {
    const base: SyntheticRequest = { id: `r${i}`, url: `https://a.test/img/${i}.png`, at: i, conn: 1 + (i % 6), reused: i >= 6, protocol: 'http/1.1', size: 1000, responseHeaders: { 'cache-control': 'no-store' } };
    reqs.push({ ...base, ...over(base, i) });
  }
  return syntheticLog(reqs);
}

describe('request timing on literal logs', () => {
  // The synthetic log's wait: response headers at `headers` ms after a send that ends at 0.1 ms.
  it('the server 299.9 ms slower on one response is noise; 300.1 ms slower is one TTFB change of that request (NOISE.phases.wait: 300 ms)', () => {
    const slower = (ms: number) => page((r) => (r.id === 'r3' ? { headers: 20 + ms } : {}));
    expect(diffRecordings(side('a', page()), side('b', slower(299.9))).changes).toEqual([]);
    const d = diffRecordings(side('a', page()), side('b', slower(300.1)));
    expect(timing(d.changes)).toEqual(['worse https://a.test wait 20→320']);
    expect(d.changes.map((c) => c.kind)).toEqual(['timing']);
    expect(d.changes[0]!.requests).toEqual([{ a: 'r3', b: 'r3', url: 'https://a.test/img/3.png' }]);
    expect(d.changes[0]!.sentence).toBe('`GET /img/3.png` spent +300 ms more time waiting for the server (TTFB): 20 ms before, 320 ms now; the noise allowed 300 ms.');
  });

  it('relative: a 2 s download 999 ms longer is noise (under 50 %), 1,001 ms longer is a change', () => {
    const download = (ms: number) => page((r) => (r.id === 'r5' ? { end: r.at + 20 + ms } : {}));
    const base = download(2000);
    expect(diffRecordings(side('a', base), side('b', download(2999))).changes).toEqual([]);
    expect(timing(diffRecordings(side('a', base), side('b', download(3001))).changes)).toEqual(['worse https://a.test receive 2000→3001']);
  });

  it('every response 500 ms faster is one change: the ten requests of the origin, grouped', () => {
    const d = diffRecordings(side('a', page((r) => ({ headers: 520 }))), side('b', page()));
    expect(timing(d.changes)).toEqual(['better https://a.test wait 5199→199']);
    expect(d.changes[0]!.requests.length).toBe(10);
    expect(d.changes[0]!.sentence).toMatch(/^10 requests to https:\/\/a\.test spent less time waiting for the server \(TTFB\), each beyond the noise: `GET \/img\/0\.png` −500 ms \(520 ms before, 20 ms now\), /);
  });

  it('connect and DNS have their own thresholds (200 ms): 199 ms more connecting is noise, 201 ms is a change', () => {
    const connect = (ms: number) => page((r) => (r.id === 'r0' ? { connect: [0, 10 + ms], send: 10 + ms, headers: 30 + ms } : {}));
    expect(diffRecordings(side('a', connect(0)), side('b', connect(199))).changes).toEqual([]);
    expect(timing(diffRecordings(side('a', connect(0)), side('b', connect(201))).changes)).toEqual(['worse https://a.test connect 10→211']);
  });

  it('two loads a side: a URL whose own loads vary by 400 ms widens the noise for every request of the phase', () => {
    // Two runs of the page: r* then s*, the same URLs. In both recordings img/9 waits 20 ms once
    // and 420 ms the other time: the machine's loads vary by 400 ms.
    const twice = (slow: number) =>
      syntheticLog([0, 1].flatMap((run) =>
        Array.from({ length: 10 }, (_, i): SyntheticRequest => ({
          id: `${run ? 's' : 'r'}${i}`, url: `https://a.test/img/${i}.png`, at: run * 5000 + i, conn: 1 + (i % 6), reused: run > 0 || i >= 6, size: 1000,
          headers: i === 9 ? (run ? 420 : 20) : i === 2 ? 20 + slow : 20,
        })),
      ));
    const base = twice(0);
    // img/2 slower by 399 ms on both loads: within the spread, noise. 401 ms: a change.
    expect(timing(diffRecordings(side('a', base), side('b', twice(399))).changes)).toEqual([]);
    const d = diffRecordings(side('a', base), side('b', twice(401)));
    expect(timing(d.changes)).toEqual(['worse https://a.test wait 20→421']);
    expect(d.changes[0]!.sentence).toMatch(/\(medians of 2 loads each\); the noise allowed 400 ms\.$/);
    expect(d.changes[0]!.requests.map((l) => [l.a, l.b])).toEqual([['r2', 'r2'], ['s2', 's2']]);
  });

  it('no timing change where the request changed otherwise (a status), which is said instead', () => {
    const d = diffRecordings(side('a', page()), side('b', page((r) => (r.id === 'r1' ? { status: 503, headers: 3000 } : {}))));
    expect(d.changes.map((c) => c.kind)).toEqual(['status']);
  });
});

describe('page loads on literal pages', () => {
  const pages = (...loads: number[]): PageRecord[] => loads.map((ms, i) => ({ id: `p${i}`, frameId: 'F1', url: 'https://a.test/?run=' + (1000 + i), startedAt: i * 10_000, loadAt: i * 10_000 + ms }));
  const log = page();
  const loads = (a: number[], b: number[]) => timing(diffRecordings(side('a', log, pages(...a)), side('b', log, pages(...b))).changes);

  it('absolute (500 ms) and relative (20 %): 499 ms later is noise, 500 ms a change; 799 ms on 4 s is noise, 800 ms a change', () => {
    expect(loads([1000], [1499])).toEqual([]);
    expect(loads([1000], [1500])).toEqual(['worse page 1 load 1000→1500']);
    expect(loads([1000], [500])).toEqual(['better page 1 load 1000→500']);
    expect(loads([4000], [4799])).toEqual([]);
    expect(loads([4000], [4800])).toEqual(['worse page 1 load 4000→4800']);
  });

  it('several loads of one page: each pair compared, beyond the spread of either side\'s loads of it', () => {
    // Before, the page loaded in 1,000 and 1,700 ms (spread 700 ms).
    expect(loads([1000, 1700], [1700, 1700])).toEqual([]);
    expect(loads([1000, 1700], [1701, 1700])).toEqual(['worse page 1 load 1000→1701']);
    const d = diffRecordings(side('a', log, pages(1000, 1700)), side('b', log, pages(1701, 1700)));
    expect(d.changes[0]!.sentence).toBe('Page 1 (`/?run=1000`) fired its load event 701 ms later: 1,000 ms before, 1,701 ms now; the noise allowed 700 ms (the spread of the loads of this page).');
  });
});
