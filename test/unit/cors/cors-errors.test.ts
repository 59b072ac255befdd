// Every Protocol.Network.CorsError value has its own sentence and fix. The values the fixture
// server provoked are checked on the recorded CORS lab (cors-fixture.test.ts); the others are
// checked here on that recorded log EDITED: the loadingFailed of the no-acao call is given each
// value in turn (with a failedParameter), as Chromium would report it.
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCorsData, CORS_ERRORS, explainCors, failureWords } from '../../../src/core/analysis/cors/index.ts';
import { loadLog } from '../../fixtures/load.ts';

// Every value of the protocol's union, written out here from devtools-protocol 0.0.1734725: the
// type check fails if Netlens's list misses one or names one the protocol does not have.
const ALL: Record<Protocol.Network.CorsError, true> = {
  DisallowedByMode: true, InvalidResponse: true, WildcardOriginNotAllowed: true, MissingAllowOriginHeader: true, MultipleAllowOriginValues: true,
  InvalidAllowOriginValue: true, AllowOriginMismatch: true, InvalidAllowCredentials: true, CorsDisabledScheme: true, PreflightInvalidStatus: true,
  PreflightDisallowedRedirect: true, PreflightWildcardOriginNotAllowed: true, PreflightMissingAllowOriginHeader: true, PreflightMultipleAllowOriginValues: true,
  PreflightInvalidAllowOriginValue: true, PreflightAllowOriginMismatch: true, PreflightInvalidAllowCredentials: true, PreflightMissingAllowExternal: true,
  PreflightInvalidAllowExternal: true, InvalidAllowMethodsPreflightResponse: true, InvalidAllowHeadersPreflightResponse: true, MethodDisallowedByPreflightResponse: true,
  HeaderDisallowedByPreflightResponse: true, RedirectContainsCredentials: true, InsecureLocalNetwork: true, InvalidLocalNetworkAccess: true,
  NoCorsRedirectModeNotFollow: true, LocalNetworkAccessPermissionDenied: true,
};

describe('every CorsError value', () => {
  it('is in Netlens list, once', () => {
    expect([...CORS_ERRORS].sort()).toEqual(Object.keys(ALL).sort());
  });
  for (const error of CORS_ERRORS) {
    it(`${error}: its own sentence and a fix (recorded log, edited)`, () => {
      const log = structuredClone(loadLog('cors'));
      const rec0 = NetworkRecorder.fromLog(log);
      const target = rec0.requests().find((r) => r.url.includes('case=no-acao'))!;
      const ev = log.find((e) => e.method === 'Network.loadingFailed' && (e.params as { requestId: string }).requestId === target.requestId)!;
      (ev.params as Protocol.Network.LoadingFailedEvent).corsErrorStatus = { corsError: error, failedParameter: 'x-edited' };
      const rec = NetworkRecorder.fromLog(log);
      const d = analyseCorsData(rec.requests());
      const c = d.requests.find((x) => x.id === target.id)!;
      expect(c.class).toBe('failed');
      expect(c.failure?.error).toBe(error);
      expect(c.failure?.sentence).not.toMatch(/does not know/);
      expect(c.failure?.fix.length).toBeGreaterThan(20);
      expect(c.failure?.fix).not.toMatch(/console/);
      const text = explainCors(d, rec.request(target.id)!, (id) => rec.request(id)).join(' ');
      expect(text).toContain(`CORS failure (${error})`);
      expect(text).toContain('Fix: ');
    });
  }
  it('a value from a newer Chromium gets a sentence that says so, not a crash', () => {
    const w = failureWords({ error: 'SomethingNew' as Protocol.Network.CorsError, failedParameter: 'p', method: 'GET', url: 'http://b.test/' });
    expect(w.sentence).toContain('SomethingNew');
  });
  it('names the value received and the value needed where the protocol gives them', () => {
    const w = failureWords({ error: 'PreflightAllowOriginMismatch', failedParameter: 'http://evil.test', method: 'PUT', url: 'http://b.test/x', origin: 'http://a.test' });
    expect(w).toMatchObject({ received: 'http://evil.test', needed: 'http://a.test', stage: 'preflight' });
    expect(w.fix).toBe('Send `Access-Control-Allow-Origin: http://a.test` in the OPTIONS response of `http://b.test/x` (echo the request’s Origin when it is one you allow, with `Vary: Origin`).');
    const h = failureWords({ error: 'HeaderDisallowedByPreflightResponse', failedParameter: 'authorization', method: 'GET', url: 'http://b.test/x', allowHeaders: '*' });
    expect(h.sentence).toContain('never covers `Authorization`');
    expect(h.fix).toBe('Add `Access-Control-Allow-Headers: *, authorization` to the OPTIONS response of `http://b.test/x`.');
  });
});
