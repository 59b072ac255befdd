// Issue 13 §2: convert makes only the pools' verdicts (poolVerdictsAt) and one CORS pairing for the
// pools, the CORS analysis and the builder. These leaner paths must give exactly what the full
// analyses give, on every recorded fixture: the same verdict objects' content, the same entries.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analysePools, poolVerdictsAt } from '../../../src/core/analysis/pools/index.ts';
import { analyseCache } from '../../../src/core/analysis/cache/index.ts';
import { analyseCorsData, pairPreflights } from '../../../src/core/analysis/cors/index.ts';
import { harEntries } from '../../../src/core/har/build.ts';
import { harVerdicts } from '../../../src/core/har/verdicts.ts';
import { loadLog } from '../../fixtures/load.ts';

const FIXTURES = readdirSync(join(process.cwd(), 'test', 'fixtures'))
  .filter((f) => f.endsWith('.cdp.json'))
  .map((f) => f.slice(0, -'.cdp.json'.length));

const creator = { name: 'Netlens', version: 'test' };

describe('convert: the verdicts-only paths equal the full analyses', () => {
  it('covers the recorded fixtures', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of FIXTURES) {
    it(name, () => {
      const rec = NetworkRecorder.fromLog(loadLog(name));
      const requests = rec.requests();
      const full = analysePools(requests);
      const lean = poolVerdictsAt(requests);
      expect(lean.verdicts.length).toBe(requests.length);
      for (let i = 0; i < requests.length; i++) {
        const id = requests[i]!.id;
        expect(lean.verdicts[i]).toEqual(full.verdict(id));
        expect(lean.queues[i]).toEqual(full.queue(id));
      }

      // The pairing handed on is the session's pairing; the CORS analysis on it is the CORS analysis.
      const { verdicts, pairing } = harVerdicts(rec);
      expect(pairing).toEqual(pairPreflights(requests));
      expect(analyseCorsData(requests, undefined, pairing)).toEqual(analyseCorsData(requests));

      // The entries built with the lean verdicts and the shared pairing are the entries built
      // from the full analyses, each pairing its own.
      const viaFull = harVerdicts(rec, { pools: full, cache: analyseCache(requests, rec.pages()), cors: analyseCorsData(requests) }).verdicts;
      const a = [...harEntries(rec, { creator, verdicts, pairing })];
      const b = [...harEntries(rec, { creator, verdicts: viaFull })];
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
  }
});
