// The one CORS preflight pairing (src/core/analysis/cors), on the recorded pools-preflight fixture
// (checked against the fixture server's log) and on literal logs for the redirect cases no single
// fixture holds: a preflight, a 307 to another origin and a second preflight (Origin: null) in both
// arrival orders; a preflight answered with a redirect; a preflight of a request not recorded.
// Pools, HAR and the report must give the same answer as the pairing.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { pairPreflights, pairOfPreflight, preflightsOf } from '../../../src/core/analysis/cors/index.ts';
import { analysePools, explainRequest } from '../../../src/core/analysis/pools/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { failed, finished, preflightSent, received, sent } from '../analysis/cors-log.ts';

const creator = { name: 'test', version: '0' };

describe('pairing on the recorded pools-preflight fixture', () => {
  const rec = NetworkRecorder.fromLog(loadLog('pools-preflight'));
  const truth = loadTruth('pools-preflight');
  const p = pairPreflights(rec.requests());
  it('pairs the one OPTIONS the server saw with the PUT it answered before', () => {
    const options = truth.requests.filter((t) => t.method === 'OPTIONS');
    const put = truth.requests.find((t) => t.method === 'PUT')!;
    expect(options.length).toBe(1);
    expect(p.pairs.length).toBe(1);
    expect(p.unpaired).toEqual([]);
    const pf = rec.request(p.pairs[0]!.preflightId)!;
    const real = rec.request(p.pairs[0]!.hopId)!;
    expect(pf.method).toBe('OPTIONS');
    expect(pf.url).toBe(options[0]!.url);
    expect(real.method).toBe(put.method);
    expect(real.url).toBe(put.url);
    // What the server received in the OPTIONS names the method of the request it was paired with.
    expect(options[0]!.headers['access-control-request-method']).toBe(real.method);
    expect(p.pairs[0]!.hop).toBe(0);
  });
  it('survives structuredClone and JSON as plain data', () => {
    expect(structuredClone(p)).toEqual(p);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
});

const API = 'http://api.test/items?x=1';
const OTHER = 'http://other.test/items';
/** A PUT with a custom header, preflighted, redirected 307 to another origin, preflighted again (Origin: null). */
function redirectLog(preflightFirst: boolean): CdpEvent[] {
  const real0 = sent('R', 'PUT', API, 100, { headers: { 'X-Token': 'a' } });
  const pf1 = preflightSent('P1', 'R', API, 101, { Origin: 'http://a.test', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token' });
  const pf2 = preflightSent('P2', 'R', OTHER, 161, { Origin: 'null', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token' });
  const allow = (origin: string) => ({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token' });
  return [
    ...(preflightFirst ? [pf1, real0] : [real0, pf1]),
    received('P1', API, 204, 130, allow('http://a.test'), 'Preflight'),
    finished('P1', 131),
    // The PUT goes out at 132 and is redirected at 150; hop 1 is issued then, its preflight at 161.
    ...(preflightFirst
      ? [pf2, sent('R', 'PUT', OTHER, 150, { headers: { 'X-Token': 'a' }, redirect: { url: API, status: 307, headers: { Location: OTHER, ...allow('http://a.test') }, start: 132 } })]
      : [sent('R', 'PUT', OTHER, 150, { headers: { 'X-Token': 'a' }, redirect: { url: API, status: 307, headers: { Location: OTHER, ...allow('http://a.test') }, start: 132 } }), pf2]),
    received('P2', OTHER, 204, 190, allow('null'), 'Preflight'),
    finished('P2', 191),
    received('R', OTHER, 200, 220, { 'Access-Control-Allow-Origin': 'null' }, 'Fetch', 195),
    finished('R', 222),
  ];
}

describe('a preflight, a 307 to another origin and a second preflight', () => {
  for (const preflightFirst of [true, false]) {
    const order = preflightFirst ? 'preflights arrive before their hop' : 'hops arrive before their preflights';
    const rec = NetworkRecorder.fromLog(redirectLog(preflightFirst));
    const p = pairPreflights(rec.requests());
    it(`pairs each preflight with the hop it guarded (${order})`, () => {
      expect(rec.requests().map((r) => r.id).sort()).toEqual(['P1', 'P2', 'R', 'R:1']);
      expect(p.pairs.map((x) => [x.preflightId, x.hopId, x.hop])).toEqual([
        ['P1', 'R', 0],
        ['P2', 'R:1', 1],
      ]);
      expect(pairOfPreflight(p, 'P2')?.hopId).toBe('R:1');
      expect(preflightsOf(p, 'R').map((x) => x.preflightId)).toEqual(['P1']);
      expect(preflightsOf(p, 'R:1').map((x) => x.preflightId)).toEqual(['P2']);
      expect(p.unpaired).toEqual([]);
    });
    it(`gives pools, HAR and the report the same answer (${order})`, () => {
      const a = analysePools(rec.requests());
      expect(a.preflight('R')?.preflightId).toBe('P1');
      expect(a.preflight('R:1')?.preflightId).toBe('P2');
      const byId = (id: string) => rec.request(id);
      expect(explainRequest(a, rec.request('P2')!, byId).map((s) => s.text).join(' ')).toContain(`This is the CORS preflight of #${rec.request('R:1')!.index + 1}`);
      const entries = buildHar(rec, { creator }).log.entries;
      const of = (id: string) => entries.find((e) => e._netlensId === id)!;
      expect(of('P1')._netlensPreflightFor).toBe('R');
      expect(of('P2')._netlensPreflightFor).toBe('R:1');
      expect(of('R')._netlensPreflight).toBe('P1');
      expect(of('R:1')._netlensPreflight).toBe('P2');
      const section = buildReport(rec).sections.find((s) => s.title === 'CORS preflights')!;
      expect(section.lines).toEqual([
        expect.stringMatching(/^OPTIONS http:\/\/api\.test\/items\?x=1 → 204 guarded PUT http:\/\/api\.test\/items\?x=1 \(307\)/),
        expect.stringMatching(/^OPTIONS http:\/\/other\.test\/items → 204 guarded PUT http:\/\/other\.test\/items \(redirect hop 1\) \(200\)/),
      ]);
    });
  }
});

describe('a preflight answered with a redirect', () => {
  // Chromium does not follow a preflight's redirect: the preflight ends with the 3xx and the real
  // request fails with PreflightDisallowedRedirect, with no hop of its own ever sent.
  const rec = NetworkRecorder.fromLog([
    preflightSent('P', 'R', API, 101, { Origin: 'http://a.test', 'Access-Control-Request-Method': 'PUT' }),
    sent('R', 'PUT', API, 100),
    received('P', API, 307, 120, { Location: OTHER }, 'Preflight'),
    finished('P', 121),
    failed('R', 122, 'PreflightDisallowedRedirect'),
  ]);
  it('pairs the preflight with the request as the page made it', () => {
    const p = pairPreflights(rec.requests());
    expect(p.pairs.map((x) => [x.preflightId, x.hopId, x.hop])).toEqual([['P', 'R', 0]]);
    expect(rec.request('R:1')).toBeUndefined();
  });
});

describe('preflights that cannot be paired', () => {
  const rec = NetworkRecorder.fromLog([
    preflightSent('P', 'GONE', API, 101, { Origin: 'http://a.test', 'Access-Control-Request-Method': 'PUT' }),
    received('P', API, 204, 120, {}, 'Preflight'),
    finished('P', 121),
    sent('Q', 'OPTIONS', API, 130, { type: 'Other', initiator: { type: 'preflight' } }),
  ]);
  it('lists them with the reason, never drops them', () => {
    const p = pairPreflights(rec.requests());
    expect(p.pairs).toEqual([]);
    expect(p.unpaired).toEqual([
      { preflightId: 'P', reason: 'request-not-recorded', cdpRequestId: 'GONE' },
      { preflightId: 'Q', reason: 'no-request-id' },
    ]);
    const section = buildReport(rec).sections.find((s) => s.title === 'CORS preflights')!;
    expect(section.lines).toEqual([expect.stringContaining('guarded a request not in the recording'), expect.stringContaining('guarded a request it did not name')]);
  });
});
