// The analyses cross to and from the panel's analysis worker by postMessage, so their results must
// be plain data: structuredClone() keeps them equal, and they hold no function, no class instance
// and no object of the records they were computed from. Checked on every recorded fixture that
// exercises them (HTTP/1.1 pools, HTTP/2 and coalescing, preflights, cache rules, reloads).
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analysePoolData, analysePools, indexPools } from '../../../src/core/analysis/pools/index.ts';
import { analyseCache, analyseCacheData, cacheWords } from '../../../src/core/analysis/cache/index.ts';
import { analyseCorsData, explainCors } from '../../../src/core/analysis/cors/index.ts';
import { analyseStreamsData } from '../../../src/core/analysis/streams/index.ts';
import { loadLog } from '../../fixtures/load.ts';

const FIXTURES = ['cors', 'pool', 'h2', 'pools-coalesce', 'pools-preflight', 'pools-close', 'pools-reload', 'pools-shard', 'cache', 'cache-rules', 'redirect', 'streams', 'demo', 'child-targets', 'event-streams'];

const PLAIN = new Set<unknown>([Object.prototype, Array.prototype, Map.prototype, null]);

/** Every object reachable from `value` (Map keys and values included). */
function* objects(value: unknown, seen = new Set<object>()): Generator<object> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  yield value;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      yield* objects(k, seen);
      yield* objects(v, seen);
    }
    return;
  }
  for (const v of Object.values(value)) yield* objects(v, seen);
}

/** What is not plain in `value`: functions, accessors, class instances, objects taken from the records. */
function impurities(value: unknown, recordObjects: ReadonlySet<object>): string[] {
  const out: string[] = [];
  for (const o of objects(value)) {
    const proto = Object.getPrototypeOf(o) as unknown;
    if (!PLAIN.has(proto)) out.push(`an instance of ${(proto as { constructor?: { name?: string } })?.constructor?.name ?? '?'}`);
    if (recordObjects.has(o)) out.push(`an object of the records (${JSON.stringify(o).slice(0, 80)})`);
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
      if (typeof d.value === 'function') out.push(`a function at ${k}`);
      if (d.get || d.set) out.push(`an accessor at ${k}`);
    }
  }
  return out;
}

describe('analyses as plain data', () => {
  for (const name of FIXTURES) {
    it(`${name}: the pool, cache and CORS analyses survive structuredClone unchanged and hold nothing but plain data`, () => {
      const rec = NetworkRecorder.fromLog(loadLog(name));
      const requests = rec.requests();
      const recordObjects = new Set(objects([requests, rec.pages()]));

      const pools = analysePoolData(requests);
      expect(impurities(pools, recordObjects)).toEqual([]);
      const poolsClone = structuredClone(pools);
      expect(poolsClone).toEqual(pools);
      // The look-ups built on the receiving side answer as the analysis did where it was made.
      const here = analysePools(requests);
      const there = indexPools(poolsClone);
      for (const r of requests) {
        expect(there.verdict(r.id)).toEqual(here.verdict(r.id));
        expect(there.queue(r.id)).toEqual(here.queue(r.id));
        expect(there.use(r.id)).toEqual(here.use(r.id));
        expect(there.pool(r.origin)).toEqual(here.pool(r.origin));
      }
      // A use keeps its identity with the connection's list after the clone (one object, not two).
      for (const [id, p] of poolsClone.placements) expect(there.use(id)!.connection.uses).toContain(p.use);

      const cache = analyseCacheData(requests, rec.pages());
      expect(impurities(cache, recordObjects)).toEqual([]);
      const cacheClone = structuredClone(cache);
      expect(cacheClone).toEqual(cache);
      // Sentences come from the plain data and the request, as the worded analysis writes them.
      const wordedHere = analyseCache(requests, rec.pages());
      for (const r of requests) {
        const v = cacheClone.verdicts.get(r.id);
        if (!v) continue;
        const w = wordedHere.verdicts.get(r.id)!;
        expect(cacheWords(v, r)).toEqual({ headline: w.headline, why: w.why });
      }

      const cors = analyseCorsData(requests);
      expect(impurities(cors, recordObjects)).toEqual([]);
      const corsClone = structuredClone(cors);
      expect(corsClone).toEqual(cors);
      // Its sentences come out the same from the clone (what the panel's worker sends).
      for (const r of requests) expect(explainCors(corsClone, r, (id) => rec.request(id))).toEqual(explainCors(cors, r, (id) => rec.request(id)));

      // Streams (issue 17): nothing of the channels' records (messages, frames, body streams) in the model.
      const streamRecords = new Set(objects([requests, rec.pages(), rec.eventSources(), rec.webSockets(), rec.bodyStreams()]));
      const streams = analyseStreamsData({ requests, eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), webSockets: rec.webSockets() }, { pages: rec.pages(), pools });
      expect(impurities(streams, streamRecords)).toEqual([]);
      expect(structuredClone(streams)).toEqual(streams);
    });
  }

  it('the checker finds what is not plain (so the test above can fail)', () => {
    class Holder {
      x = 1;
    }
    const record = { id: 'r' };
    const found = impurities({ a: [new Holder()], m: new Map([['k', { f: () => 1 }]]), r: record, get g() { return 1; } }, new Set([record]));
    expect(found.sort()).toEqual(['a function at f', 'an accessor at g', 'an instance of Holder', 'an object of the records ({"id":"r"})']);
  });
});
