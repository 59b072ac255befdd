// The preflight cache cases the CORS lab's server run does not cover, on literal logs (written
// here as Chromium 156 sends the events, times in ms): max-age capped at 7,200 s, a credentials
// miss, a method and a header miss on the SAME URL, and Access-Control-Allow-Methods / -Headers
// values that are not a clean list. Expected verdicts follow Chromium's
// services/network/cors/preflight_result.cc: lists split on commas, spaces around items and empty
// items ignored, every item a token (else the whole answer is refused), methods compared
// case-sensitively with the request's method upper-cased, header names case-insensitively.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCorsData, explainCors } from '../../../src/core/analysis/cors/index.ts';
import { failed, finished, preflightSent, received, sent } from '../analysis/cors-log.ts';

const ORIGIN = 'http://a.test';
const URL_ = 'http://b.test/items?id=1';

interface Call {
  id: string;
  at: number;
  method?: string;
  headers?: Record<string, string>;
  /** The preflight's answer; omitted = served from the preflight cache (no OPTIONS). */
  answer?: Record<string, string>;
  /** The real request failed with this CorsError (never sent). */
  corsError?: string;
  failedParameter?: string;
}

/** One fetch: its preflight (when it paid one) and the request, as the network service logs them. */
function call(c: Call): CdpEvent[] {
  const method = c.method ?? 'PUT';
  const headers = { Origin: ORIGIN, ...(c.headers ?? { 'X-Token': 'a' }) };
  const pageNames = Object.keys(headers).filter((h) => h !== 'Origin' && h !== 'Cookie').map((h) => h.toLowerCase());
  const out: CdpEvent[] = [sent(c.id, method, URL_, c.at, { headers })];
  if (c.answer) {
    const pf = `${c.id}-pf`;
    out.push(
      preflightSent(pf, c.id, URL_, c.at + 1, { Origin: ORIGIN, 'Access-Control-Request-Method': method, ...(pageNames.length ? { 'Access-Control-Request-Headers': pageNames.sort().join(',') } : {}) }),
      received(pf, URL_, 204, c.at + 20, c.answer, 'Preflight'),
      finished(pf, c.at + 21),
    );
  }
  if (c.corsError) out.push(failed(c.id, c.at + 22, c.corsError, c.failedParameter ?? ''));
  else out.push(received(c.id, URL_, 200, c.at + 40, { 'Access-Control-Allow-Origin': ORIGIN, 'Access-Control-Allow-Credentials': 'true' }), finished(c.id, c.at + 41));
  return out;
}

function analyse(calls: Call[]) {
  const rec = NetworkRecorder.fromLog(calls.flatMap(call));
  const d = analyseCorsData(rec.requests());
  const of = (id: string) => d.requests[d.byId[id]!]!;
  return Object.assign(of, { text: (id: string) => explainCors(d, rec.request(id)!, (x) => rec.request(x)).join(' ') });
}

const S = 1000;
const allow = (extra: Record<string, string> = {}) => ({ 'Access-Control-Allow-Origin': ORIGIN, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token', ...extra });

describe('Access-Control-Max-Age over 7,200 s', () => {
  const of = analyse([
    { id: 'A', at: 0, answer: allow({ 'Access-Control-Max-Age': '86400' }) },
    // 7,000 s later: no OPTIONS (Chromium kept the answer 7,200 s).
    { id: 'B', at: 7000 * S },
    // 7,300 s later: OPTIONS again, although 86,400 s had not passed.
    { id: 'C', at: 7300 * S, answer: allow({ 'Access-Control-Max-Age': '86400' }) },
  ]);
  it('reads it as 7,200 s, capped', () => {
    expect(of('A').preflightAnswer?.maxAge_).toEqual({ seconds: 7200, how: 'capped' });
  });
  it('serves a request 7,000 s later from the cache, with the time left', () => {
    const v = of('B').cache;
    expect(v).toMatchObject({ kind: 'hit', filledBy: 'A-pf' });
    // Filled when A's OPTIONS answer arrived (20 ms); B reached the network at 7,000 s + 35 ms
    // (its response timing's requestTime): 7,200.020 − 7,000.035 s left.
    expect(v?.kind === 'hit' && v.leftS).toBeCloseTo(199.985, 3);
  });
  it('does not serve one 7,300 s later: a miss because of the cap', () => {
    expect(of('C').cache).toEqual({ kind: 'miss', reason: 'expired-capped', previous: 'A-pf' });
    expect(of.text('C')).toContain('asked for more than 7,200 s, Chromium kept it 7,200 s, and they had passed');
  });
});

describe('an answer cached without credentials', () => {
  const of = analyse([
    { id: 'A', at: 0, answer: allow({ 'Access-Control-Max-Age': '600' }) },
    // Same URL, 10 s later, with a cookie (credentials: 'include'): Chromium preflights again.
    { id: 'B', at: 10 * S, headers: { 'X-Token': 'a', Cookie: 'sid=1' }, answer: allow({ 'Access-Control-Max-Age': '600', 'Access-Control-Allow-Credentials': 'true' }) },
    // And then the credentialed entry serves the next credentialed call.
    { id: 'C', at: 20 * S, headers: { 'X-Token': 'a', Cookie: 'sid=1' } },
  ]);
  it('does not serve a credentialed request: a credentials miss', () => {
    expect(of('B').credentials).toBe('include');
    expect(of('B').cache).toEqual({ kind: 'miss', reason: 'credentials', previous: 'A-pf' });
  });
  it('the credentialed answer serves the next credentialed call', () => {
    expect(of('C').cache).toMatchObject({ kind: 'hit', filledBy: 'B-pf' });
  });
});

describe('a method or a header the cached answer did not allow, on the same URL', () => {
  const of = analyse([
    { id: 'A', at: 0, answer: allow({ 'Access-Control-Max-Age': '600' }) },
    { id: 'B', at: 5 * S, method: 'DELETE', answer: allow({ 'Access-Control-Allow-Methods': 'PUT, DELETE', 'Access-Control-Max-Age': '600' }) },
    { id: 'C', at: 6 * S, headers: { 'X-Other': 'b' }, answer: allow({ 'Access-Control-Allow-Headers': 'x-token, x-other', 'Access-Control-Max-Age': '600' }) },
    // Both newer answers now cover PUT + X-Token: served.
    { id: 'D', at: 7 * S },
  ]);
  it('names the method', () => {
    expect(of('B').cache).toEqual({ kind: 'miss', reason: 'method', previous: 'A-pf', detail: 'DELETE' });
  });
  it('names the header', () => {
    expect(of('C').cache).toEqual({ kind: 'miss', reason: 'header', previous: 'B-pf', detail: 'x-other' });
  });
  it('a later call the last answer covers is a hit on it', () => {
    expect(of('D').cache).toMatchObject({ kind: 'hit', filledBy: 'C-pf' });
  });
});

describe('Access-Control-Allow-Methods / -Headers that are not a clean list', () => {
  it('spaces and empty items are ignored; header names are compared ignoring case', () => {
    const of = analyse([
      { id: 'A', at: 0, headers: { 'X-Token': 'a', 'X-Other': 'b' }, answer: allow({ 'Access-Control-Allow-Methods': ' ,PUT ,, ', 'Access-Control-Allow-Headers': 'X-TOKEN ,, \tX-Other,', 'Access-Control-Max-Age': '600' }) },
      { id: 'B', at: 1 * S, headers: { 'X-Token': 'a', 'X-Other': 'b' } },
    ]);
    expect(of('A').preflightAnswer?.covers.method).toEqual({ name: 'PUT', covered: true });
    expect(of('A').preflightAnswer?.covers.headers).toEqual([
      { name: 'x-other', covered: 'yes' },
      { name: 'x-token', covered: 'yes' },
    ]);
    expect(of('A').preflightAnswer?.invalidList).toBeUndefined();
    expect(of('B').cache).toMatchObject({ kind: 'hit', filledBy: 'A-pf' });
  });
  it('methods are compared case-sensitively, the request method upper-cased: `put` does not allow PUT', () => {
    const of = analyse([{ id: 'A', at: 0, answer: allow({ 'Access-Control-Allow-Methods': 'put' }), corsError: 'MethodDisallowedByPreflightResponse', failedParameter: 'PUT' }]);
    expect(of('A').preflightAnswer?.covers.method).toEqual({ name: 'PUT', covered: false });
  });
  it('a method the page wrote in lower case (`patch`, which fetch does not normalise) is not allowed by `patch`', () => {
    const of = analyse([{ id: 'A', at: 0, method: 'patch', answer: allow({ 'Access-Control-Allow-Methods': 'patch' }), corsError: 'MethodDisallowedByPreflightResponse', failedParameter: 'patch' }]);
    expect(of('A').preflightAnswer?.covers.method).toEqual({ name: 'patch', covered: false });
  });
  it('an item that is not a token (two names with only a space between) refuses the whole answer, and caches nothing', () => {
    const of = analyse([
      { id: 'A', at: 0, answer: allow({ 'Access-Control-Allow-Headers': 'x-token x-other', 'Access-Control-Max-Age': '600' }), corsError: 'InvalidAllowHeadersPreflightResponse', failedParameter: 'x-token x-other' },
      { id: 'B', at: 1 * S, answer: allow({ 'Access-Control-Max-Age': '600' }) },
    ]);
    expect(of('A').preflightAnswer?.invalidList).toEqual(['headers']);
    expect(of('A').preflightAnswer?.covers.headers).toEqual([{ name: 'x-token', covered: 'no' }]);
    expect(of('A').failure?.error).toBe('InvalidAllowHeadersPreflightResponse');
    // Nothing was cached, so B's OPTIONS follows a refused answer (not a cached one that did not fit).
    expect(of('B').cache).toEqual({ kind: 'miss', reason: 'refused', previous: 'A-pf' });
    expect(of.text('B')).toContain("Preflight-cache miss: a preflight was sent before (#2), but #2's answer was refused, so Chromium cached nothing from it.");
  });
  it('an invalid Access-Control-Allow-Methods item likewise', () => {
    const of = analyse([{ id: 'A', at: 0, answer: allow({ 'Access-Control-Allow-Methods': 'PUT;DELETE' }), corsError: 'InvalidAllowMethodsPreflightResponse', failedParameter: 'PUT;DELETE' }]);
    expect(of('A').preflightAnswer?.invalidList).toEqual(['methods']);
    expect(of('A').preflightAnswer?.covers.method).toEqual({ name: 'PUT', covered: false });
  });
});
