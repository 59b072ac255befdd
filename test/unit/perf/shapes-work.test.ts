// Issue 13: every step is linear on every shape of traffic, checked by counting work, not time.
// For each shape (bench/lib/shape-logs.ts: Chromium 156's event shapes) at N and 10×N:
// - the fold: events dispatched plus the recorder's scan steps (the `work` counter: requests
//   walked back over on a connection, items re-sorted, pages searched…);
// - the pools and cache analyses, the HAR build, redaction and the report: every property read
//   of a record (or of anything inside one), through counting proxies.
// A linear step does 10× the work at 10× the size (a sort adds a log factor); a step that
// rescans a per-connection, per-origin, per-URL, per-page or per-channel list per event does
// ~100×. The bound, 12.5×, leaves room for the sorts and nothing for a quadratic path.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { work } from '../../../src/core/work.ts';
import { analysePools } from '../../../src/core/analysis/pools/index.ts';
import { analyseCache } from '../../../src/core/analysis/cache/index.ts';
import { harEntries } from '../../../src/core/har/build.ts';
import { analysisVerdicts } from '../../../src/core/har/verdicts.ts';
import { HarRedactor } from '../../../src/core/redact/redact-har.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import { analysisSections } from '../../../src/core/report/sections.ts';
import { SHAPES } from '../../../bench/lib/shape-logs.ts';
import { counted, countingSource, type Counter } from './counting-source.ts';

const GROWTH = 10;
const BOUND = 12.5;
/** Counting through proxies is slow (a few seconds a shape, far more on a loaded machine); nothing here waits. */
const TIMEOUT_MS = 180_000;

interface Work {
  fold: number;
  liveFold: number;
  pools: number;
  cache: number;
  har: number;
  redact: number;
  report: number;
}

function measure(log: readonly CdpEvent[]): Work {
  work.steps = 0;
  const rec = NetworkRecorder.fromLog(log);
  rec.connections();
  const fold = log.length + work.steps;
  // The same fold read after every 100 events, as a live recording's view reads it.
  work.steps = 0;
  const live = new NetworkRecorder();
  log.forEach((e, i) => {
    live.dispatch(e);
    if (i % 100 === 0) live.connections();
  });
  live.connections();
  const liveFold = log.length + work.steps;
  const c: Counter = { reads: 0 };
  const src = countingSource(rec, c);
  const lap = () => {
    const n = c.reads;
    c.reads = 0;
    return n;
  };
  const pools = analysePools(src.requests());
  const poolReads = lap();
  const cache = analyseCache(src.requests(), src.pages());
  const cacheReads = lap();
  const entries = [...harEntries(src, { creator: { name: 'Netlens', version: 'test' }, verdicts: analysisVerdicts(src, { pools, cache }) })];
  const harReads = lap();
  // Redaction gets plain entries (as the writer hands it), read through counting proxies.
  const plain = entries.map((e) => JSON.parse(JSON.stringify(e)) as typeof e);
  lap();
  const redactor = new HarRedactor({});
  plain.forEach((e, i) => redactor.entry(counted(e, c), i));
  const redactReads = lap();
  buildReport(src, analysisSections);
  const reportReads = lap();
  return { fold, liveFold, pools: poolReads, cache: cacheReads, har: harReads, redact: redactReads, report: reportReads };
}

describe('work grows linearly with the session, on every shape', () => {
  for (const shape of SHAPES) {
    it(shape.name, () => {
      const n = shape.unit === 'requests' ? 300 : 2000;
      const small = measure(shape.make(n));
      const big = measure(shape.make(n * GROWTH));
      for (const step of Object.keys(small) as (keyof Work)[]) {
        // Steps that do no work proportional to this shape (no requests to pool in a WebSocket
        // log) stay near zero at both sizes: their ratio means nothing.
        if (big[step] < 1000) continue;
        const ratio = big[step] / Math.max(1, small[step]);
        if (process.env.SHOW_WORK) console.log(shape.name, step, small[step], big[step], ratio.toFixed(2));
        expect(ratio, `${step}: ${small[step]} at N, ${big[step]} at 10×N`).toBeLessThanOrEqual(BOUND);
      }
    }, TIMEOUT_MS);
  }
});

describe('the two shapes of many things behind one name', () => {
  it('finds every hostname of a sharded address, at 3,000 requests over 300 hostnames', () => {
    // bench/lib/shape-logs.ts manyOrigins: request k goes to s⌊(k−1)/10⌋.shard.test, all on 127.0.0.1:35145.
    const rec = NetworkRecorder.fromLog(SHAPES.find((s) => s.make.name === 'manyOrigins')!.make(3001));
    const found = analysePools(rec.requests()).patterns.filter((p) => p.kind === 'sharding');
    expect(found).toHaveLength(1);
    const f = found[0] as Extract<(typeof found)[number], { kind: 'sharding' }>;
    expect(f.address).toBe('127.0.0.1:35145');
    expect(f.origins).toHaveLength(300);
    expect(f.origins).toContain('http://s0.shard.test:35145');
    expect(f.origins).toContain('http://s299.shard.test:35145');
    expect(f.connections).toBe(300);
  }, TIMEOUT_MS);

  it('keeps one channel per EventSource request to the same URL, with its own messages', () => {
    const rec = NetworkRecorder.fromLog(SHAPES.find((s) => s.make.name === 'sseChannels')!.make(600));
    const channels = rec.eventSources();
    expect(channels).toHaveLength(600);
    // sseChannels: channel j is request 22317.(j+3), and gets "update 0 of <id>" then "update 1 of <id>".
    const last = channels.find((c) => c.id === '22317.602')!;
    expect(last.messages.map((m) => m.data)).toEqual(['update 0 of 22317.602', 'update 1 of 22317.602']);
  }, TIMEOUT_MS);
});
