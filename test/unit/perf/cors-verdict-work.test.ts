// The HAR's _netlensCors verdict looks up a request's unpaired preflight: once per entry, so the
// look-up must not scan the list of unpaired preflights each time (a session of N such preflights
// read N² items). The CORS data is counted as the shapes' records are (counting-source.ts).
import { describe, expect, it } from 'vitest';
import { corsVerdict } from '../../../src/core/har/cors-verdict.ts';
import type { CorsData } from '../../../src/core/analysis/cors/index.ts';
import { counted, type Counter } from './counting-source.ts';

function data(n: number): CorsData {
  return {
    pairing: { pairs: [], byPreflight: {}, byRequest: {}, unpaired: [] },
    requests: [],
    byId: {},
    origins: [],
    unpaired: Array.from({ length: n }, (_, i) => ({ preflightId: `p${i}`, reason: 'request-not-recorded' as const })),
  } as CorsData;
}

function work(n: number): number {
  const counter: Counter = { reads: 0 };
  const d = counted(data(n), counter);
  for (let i = 0; i < n; i++) expect(corsVerdict(d, `p${i}`)).toEqual({ preflightFor: null, unpaired: 'request-not-recorded' });
  return counter.reads;
}

describe('_netlensCors of unpaired preflights', () => {
  it('reads the unpaired list once, not once per entry', () => {
    const small = work(300);
    const big = work(3000);
    if (process.env.SHOW_WORK) console.log(`cors verdicts: ${small} / ${big} reads (${(big / small).toFixed(2)}x)`);
    expect(big / small).toBeLessThan(11);
  });
});
