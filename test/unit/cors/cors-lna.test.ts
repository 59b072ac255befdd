// Local Network Access allowed, on the recorded test/fixtures/cors-lna.cdp.json (real Chromium 156
// through Netlens's capture, test/fixtures/record-fixtures.ts): the fixture server's HTTP/2 listener
// marked public (--ip-address-space-overrides), the page granted the Local Network Access
// permissions, a GET and a preflighted PUT to the TLS listener on 127.0.0.1 (loopback). The server's
// log (cors-lna.truth.json) says all three reached it. The policy fields of ExtraInfo stay on the
// records, the Audits issues Chromium still filed are on the requests they name (the PUT's came
// before its requestWillBeSent), and Netlens says why Chromium allowed it.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCorsData, explainCors } from '../../../src/core/analysis/cors/index.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const truth = loadTruth('cors-lna');
const api = truth.requests.filter((t) => t.path.startsWith('/cors/api'));
const rec = NetworkRecorder.fromLog(loadLog('cors-lna'));
const d = analyseCorsData(rec.requests());
const byCase = (c: string, method: string) => rec.requests().find((r) => r.url.includes(`case=${c}`) && r.method === method)!;

describe('a public page reaching a loopback address, allowed', () => {
  it('the server saw the GET, the OPTIONS and the PUT', () => {
    expect(api.map((t) => `${t.method} ${new URL(t.url).searchParams.get('case')}`)).toEqual(['GET lna-get', 'OPTIONS lna-put', 'PUT lna-put']);
  });
  it('keeps the policy fields of ExtraInfo on the records', () => {
    for (const r of [byCase('lna-get', 'GET'), byCase('lna-put', 'OPTIONS'), byCase('lna-put', 'PUT')]) {
      expect(r.status).toBe(api.find((t) => t.method === r.method)!.status);
      expect(r.clientSecurityState).toEqual({ initiatorIPAddressSpace: 'Public', initiatorIsSecureContext: true, localNetworkAccessRequestPolicy: 'PermissionBlock' });
      expect(r.resourceIPAddressSpace).toBe('Loopback');
    }
    // The page itself (its listener marked public) reached a public address.
    expect(rec.requests()[0]!.resourceIPAddressSpace).toBe('Public');
  });
  it('keeps the Audits issues Chromium filed on the requests they name, the early one too', () => {
    expect(byCase('lna-get', 'GET').corsIssues).toMatchObject([{ corsError: 'LocalNetworkAccessPermissionDenied', isWarning: false, initiatorOrigin: `${new URL(truth.requests[0]!.url).origin}/` }]);
    expect(byCase('lna-put', 'PUT').corsIssues).toMatchObject([{ corsError: 'LocalNetworkAccessPermissionDenied', isWarning: false }]);
    expect(byCase('lna-put', 'OPTIONS').corsIssues).toBeUndefined();
    expect(rec.diagnostics.orphanEvents['Audits.issueAdded'] ?? 0).toBe(0);
    expect(rec.diagnostics.reorderedEvents).toBeGreaterThan(0);
  });
  it('says why Chromium allowed it', () => {
    for (const method of ['GET', 'PUT']) {
      const r = byCase(method === 'GET' ? 'lna-get' : 'lna-put', method);
      const c = d.requests[d.byId[r.id]!]!;
      expect(c.class).toBe(method === 'GET' ? 'simple' : 'preflighted');
      expect(c.localNetwork).toEqual({ initiatorSpace: 'Public', secureContext: true, policy: 'PermissionBlock', targetSpace: 'Loopback', outcome: 'allowed', from: 'extra-info', issueDespiteSuccess: 'LocalNetworkAccessPermissionDenied' });
      const text = explainCors(d, r, (id) => rec.request(id)).join(' ');
      const port = new URL(api[0]!.url).port;
      expect(text).toContain(`Local Network Access: a public secure page reached a loopback address (127.0.0.1:${port}); Chromium allowed it because the page has the Local Network Access permission (its policy was PermissionBlock: refused without it).`);
      expect(text).toContain('Chromium still filed a LocalNetworkAccessPermissionDenied issue for it, although the request went through.');
    }
  });
  it('says nothing of Local Network Access when the log has no policy fields (the log EDITED: clientSecurityState and the Audits issues taken out)', () => {
    const log = loadLog('cors-lna')
      .filter((e) => e.method !== 'Audits.issueAdded')
      .map((e) => (e.method === 'Network.requestWillBeSentExtraInfo' ? { ...e, params: { ...(e.params as object), clientSecurityState: undefined } } : e));
    const r2 = NetworkRecorder.fromLog(log as typeof log);
    const d2 = analyseCorsData(r2.requests());
    expect(d2.requests.filter((c) => c.localNetwork)).toEqual([]);
  });
});
