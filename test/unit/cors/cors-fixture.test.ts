// The CORS analysis on the recorded CORS lab (test/fixtures/cors.cdp.json, Chromium 156, every
// call of test/server/scenarios/cors.ts from an a.test page to b.test), checked against what the
// fixture server logged for the same run (cors.truth.json): every OPTIONS it received, every real
// request, with its Origin and Access-Control-Request-* headers.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCorsData, corsOf, explainCors, type CorsRequest } from '../../../src/core/analysis/cors/index.ts';
import type { NetworkRequest } from '../../../src/core/records.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const rec = NetworkRecorder.fromLog(loadLog('cors'));
const truth = loadTruth('cors');
const d = analyseCorsData(rec.requests());
const byId = (id: string) => rec.request(id);
const caseOf = (url: string) => new URL(url).searchParams.get('case');
const api = truth.requests.filter((t) => t.path.startsWith('/cors/api'));
const recorded = (c: CorsRequest) => rec.request(c.id)!;
/** The analysed hops of a case, in order (the real requests, not their preflights). */
const hops = (name: string) => d.requests.filter((c) => caseOf(recorded(c).url) === name && !new URL(recorded(c).url).searchParams.has('q'));

describe('pairing against the server log', () => {
  it('pairs every OPTIONS the server received, and nothing else', () => {
    const options = api.filter((t) => t.method === 'OPTIONS');
    expect(options.length).toBe(14);
    expect(d.pairing.pairs.length).toBe(options.length);
    expect(d.pairing.unpaired).toEqual([]);
    // Same URLs, same order, same Origin as the server saw.
    const pfs = d.pairing.pairs.map((p) => rec.request(p.preflightId)!).sort((a, b) => a.issuedAt - b.issuedAt);
    expect(pfs.map((p) => p.url)).toEqual(options.map((t) => t.url));
    for (const [i, p] of pfs.entries()) {
      expect(p.requestHeaders.find((h) => h.name.toLowerCase() === 'origin')?.value).toBe(options[i]!.headers.origin);
      const pair = d.pairing.pairs.find((x) => x.preflightId === p.id)!;
      // The guarded hop is for the URL the preflight asked about.
      expect(rec.request(pair.hopId)!.url).toBe(p.url);
    }
  });
  it('pairs the second preflight (Origin: null) with the redirected hop', () => {
    const nullPreflight = api.filter((t) => t.method === 'OPTIONS' && t.headers.origin === 'null');
    expect(nullPreflight.length).toBe(1);
    const pair = d.pairing.pairs.find((p) => rec.request(p.preflightId)!.url === nullPreflight[0]!.url)!;
    expect(pair.hop).toBe(1);
    expect(corsOf(d, pair.hopId)!.originNull).toBe(true);
    const first = d.pairing.pairs.find((p) => p.cdpRequestId === pair.cdpRequestId && p.hop === 0)!;
    expect(rec.request(first.hopId)!.status).toBe(api.find((t) => t.method === 'PUT' && caseOf(t.url) === 'redirect-cross' && t.status === 307)!.status);
  });
});

describe('classes against the server log', () => {
  it('a simple GET: the server saw Origin and no OPTIONS', () => {
    const [c] = hops('simple');
    expect(api.filter((t) => caseOf(t.url) === 'simple').map((t) => [t.method, t.headers.origin !== undefined])).toEqual([['GET', true]]);
    expect(c!.class).toBe('simple');
    expect(c!.preflightIds).toEqual([]);
  });
  it("mode: 'no-cors': the server saw no Origin, and the page got an opaque response", () => {
    const [c] = hops('no-cors');
    expect(api.filter((t) => caseOf(t.url) === 'no-cors').map((t) => t.headers.origin)).toEqual([undefined]);
    expect(c!.class).toBe('no-cors');
    expect(explainCors(d, recorded(c!), byId).join(' ')).toContain('cannot read its body');
  });
  it("mode: 'same-origin' to another origin never reaches the network: nothing at the server, nothing in the protocol", () => {
    expect(api.filter((t) => caseOf(t.url) === 'same-origin-mode')).toEqual([]);
    expect(hops('same-origin-mode')).toEqual([]);
  });
  it('the page itself is a navigation, not a CORS request', () => {
    expect(corsOf(d, rec.requests()[0]!.id)!.class).toBe('navigation');
  });
});

describe('why each preflight fired, from the server-received Access-Control-Request-*', () => {
  for (const name of ['put', 'json', 'method-denied', 'header-denied', 'auth-star']) {
    it(name, () => {
      const t = api.find((x) => x.method === 'OPTIONS' && caseOf(x.url) === name && !new URL(x.url).searchParams.has('q'))!;
      const c = hops(name).find((x) => x.preflightIds.length > 0)!;
      const expected: string[] = [];
      const m = t.headers['access-control-request-method']!;
      if (!['GET', 'HEAD', 'POST'].includes(m)) expected.push(`method:${m}`);
      for (const h of (t.headers['access-control-request-headers'] ?? '').split(',').filter(Boolean)) expected.push(h === 'content-type' ? 'header-value:content-type' : `header:${h}`);
      expect(c.causes.map((x) => `${x.kind}:${x.kind === 'method' ? x.method : x.kind === 'not-visible' ? '' : x.name}`)).toEqual(expected);
    });
  }
  it('says which Content-Type made the JSON POST unsafe', () => {
    const c = hops('json')[0]!;
    expect(c.causes).toEqual([{ kind: 'header-value', name: 'content-type', value: 'application/json', why: 'content-type' }]);
  });
});

describe('the preflight cache against the server log', () => {
  /** Per case, whether each real request the server received came right after an OPTIONS for its URL. */
  const serverPreflighted = (name: string) => {
    const out: boolean[] = [];
    let pending = false;
    for (const t of api.filter((x) => caseOf(x.url) === name && !new URL(x.url).searchParams.has('q'))) {
      if (t.method === 'OPTIONS') pending = true;
      else {
        out.push(pending);
        pending = false;
      }
    }
    return out;
  };
  it('the same PUT again within max-age 600: no OPTIONS at the server, a hit on the first preflight', () => {
    expect(serverPreflighted('put')).toEqual([true, false]);
    const [first, again] = hops('put');
    expect(first!.cache).toEqual({ kind: 'first' });
    expect(again!.cache?.kind).toBe('hit');
    expect(again!.cache?.kind === 'hit' && again!.cache.filledBy).toBe(first!.preflightIds[0]);
    expect(again!.cache?.kind === 'hit' && again!.cache.leftS).toBeGreaterThan(590);
  });
  it('another query string: OPTIONS again, a miss "per URL"', () => {
    const t = api.filter((x) => new URL(x.url).searchParams.get('q') === '2');
    expect(t.map((x) => x.method)).toEqual(['OPTIONS', 'PUT']);
    const c = d.requests.find((x) => recorded(x).url === t[1]!.url)!;
    expect(c.cache).toMatchObject({ kind: 'miss', reason: 'other-query', previous: hops('put')[0]!.preflightIds[0] });
    expect(explainCors(d, recorded(c), byId).join(' ')).toContain('per URL, query included');
  });
  it('max-age 0: OPTIONS every time, the second a miss "max-age 0"', () => {
    expect(serverPreflighted('ma0')).toEqual([true, true]);
    const [a, b] = hops('ma0');
    expect(a!.preflightIds.length).toBe(1);
    expect(b!.cache).toMatchObject({ kind: 'miss', reason: 'max-age-0', previous: a!.preflightIds[0] });
  });
  it('max-age absent: cached 5 s (a hit), then OPTIONS again after 5 s (a miss, "expired-default")', () => {
    expect(serverPreflighted('ma-absent')).toEqual([true, false, true]);
    const [a, b, c] = hops('ma-absent');
    expect(b!.cache).toMatchObject({ kind: 'hit', filledBy: a!.preflightIds[0] });
    expect(b!.cache?.kind === 'hit' && b!.cache.leftS).toBeLessThanOrEqual(5);
    expect(c!.cache).toMatchObject({ kind: 'miss', reason: 'expired-default', previous: a!.preflightIds[0] });
    const t = d.origins.find((o) => o.origin === new URL(recorded(a!).url).origin)!;
    // The one expiry miss of max-age absent and the max-age 0 one: what 7,200 s would have saved.
    expect(t.saving.preflights).toBe(2);
  });
  it('totals per origin: preflights as the server counted OPTIONS per host', () => {
    for (const o of d.origins) {
      const host = new URL(o.origin).host;
      expect(o.preflights, o.origin).toBe(api.filter((t) => t.method === 'OPTIONS' && t.host === host).length);
    }
    expect(d.origins.reduce((n, o) => n + o.hits, 0)).toBe(2);
  });
});

describe('failures: each CORS error with the value received and the fix', () => {
  const fail = (name: string) => hops(name).find((c) => c.class === 'failed')!;
  const cases: [string, string, RegExp][] = [
    ['method-denied', 'MethodDisallowedByPreflightResponse', /Add `DELETE` to `Access-Control-Allow-Methods` in the OPTIONS response of `http:\/\/b\.test:\d+\/cors\/api\?case=method-denied/],
    ['header-denied', 'HeaderDisallowedByPreflightResponse', /Add `Access-Control-Allow-Headers: x-token, x-other` to the OPTIONS response of/],
    ['no-acao', 'MissingAllowOriginHeader', /Add `Access-Control-Allow-Origin: http:\/\/a\.test:\d+` to the response of/],
    ['two-acao', 'MultipleAllowOriginValues', /Send exactly one `Access-Control-Allow-Origin: http:\/\/a\.test:\d+`/],
    ['mismatch', 'AllowOriginMismatch', /Send `Access-Control-Allow-Origin: http:\/\/a\.test:\d+`/],
    ['cred-star', 'WildcardOriginNotAllowed', /with `Access-Control-Allow-Credentials: true`/],
    ['cred-no-acac', 'InvalidAllowCredentials', /Add `Access-Control-Allow-Credentials: true` to the response of/],
    ['pf500', 'PreflightInvalidStatus', /Answer OPTIONS requests to .* with 204/],
    ['pf-redirect', 'PreflightDisallowedRedirect', /Answer OPTIONS at .* itself/],
  ];
  for (const [name, error, fix] of cases) {
    it(`${name}: ${error}`, () => {
      const c = fail(name);
      expect(c.failure?.error).toBe(error);
      expect(c.failure?.fix).toMatch(fix);
      const text = explainCors(d, recorded(c), byId).join(' ');
      expect(text).toContain(`CORS failure (${error})`);
    });
  }
  it('the server saw no real request after a refused preflight', () => {
    for (const name of ['method-denied', 'header-denied', 'pf500', 'pf-redirect']) {
      expect(api.filter((t) => caseOf(t.url) === name).map((t) => t.method), name).toEqual(['OPTIONS']);
      expect(fail(name).preflightIds.length, name).toBe(1);
    }
  });
  it('says what the server received as ACAO values when there were two', () => {
    expect(fail('two-acao').failure?.received).toMatch(/^http:\/\/a\.test:\d+, http:\/\/other\.test$/);
  });
  it('Authorization against Access-Control-Allow-Headers: * — the server received it (Chromium 156 allowed it), told apart', () => {
    const c = hops('auth-star')[0]!;
    expect(api.filter((t) => caseOf(t.url) === 'auth-star').map((t) => [t.method, t.headers.authorization !== undefined])).toEqual([['OPTIONS', false], ['GET', true]]);
    expect(c.class).toBe('preflighted');
    expect(c.preflightAnswer?.covers.headers).toEqual([{ name: 'authorization', covered: 'authorization-by-wildcard' }]);
  });
});

describe('time', () => {
  it('each preflight delayed its request by no more than the request queued, and cost what the protocol timed', () => {
    let n = 0;
    for (const c of d.requests) {
      if (!c.time) continue;
      const r: NetworkRequest = recorded(c);
      const pf = rec.request(c.preflightIds.at(-1)!)!;
      expect(c.time.preflightMs).toBe(pf.phases.total);
      if (r.startedAt !== undefined) expect(c.time.delayMs!).toBeLessThanOrEqual(r.startedAt - r.issuedAt + 1e-6);
      expect(c.time.delayMs!).toBeGreaterThan(0);
      n++;
    }
    expect(n).toBe(14);
  });
});

describe('plain data', () => {
  it('survives structuredClone and JSON unchanged', () => {
    expect(structuredClone(d)).toEqual(d);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
