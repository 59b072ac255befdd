// Audits.issueAdded CORS issues, on the recorded CORS lab (test/fixtures/cors.cdp.json) EDITED:
// that fixture was recorded before the capture enabled the Audits domain, so the issues are added
// here in the shape Chromium 156 sent them for the same lab (seen with a probe of the real
// extension against the fixture server; test/e2e/cors.test.ts checks them live): one for the
// method-denied call, keyed by its requestId, and one for the mode: 'same-origin' call, which has
// no requestId and no Network event at all. Then bad input: an issue of the wrong shape, another
// issue code, a repeat.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCorsData, explainCors } from '../../../src/core/analysis/cors/index.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import { analysisSections } from '../../../src/core/report/sections.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const truth = loadTruth('cors');
const base = loadLog('cors');
const rec0 = NetworkRecorder.fromLog(base);
const denied = rec0.requests().find((r) => r.url.includes('case=method-denied') && r.method === 'DELETE')!;
const page = rec0.requests().find((r) => r.resourceType === 'Document')!;
const aOrigin = new URL(page.url).origin;
const sameOriginModeUrl = `${new URL(denied.url).origin}/cors/api?case=same-origin-mode&run=${truth.run}`;

const security = { initiatorIPAddressSpace: 'Loopback', initiatorIsSecureContext: false, localNetworkAccessRequestPolicy: 'BlockFromInsecureToMorePrivate' };
const keyed: CdpEvent = {
  method: 'Audits.issueAdded',
  params: { issue: { code: 'CorsIssue', issueId: 'I1', details: { corsIssueDetails: { clientSecurityState: security, corsErrorStatus: { corsError: 'MethodDisallowedByPreflightResponse', failedParameter: 'DELETE' }, initiatorOrigin: `${aOrigin}/`, isWarning: false, request: { requestId: denied.requestId, url: denied.url } } } } },
} as CdpEvent;
const unkeyed: CdpEvent = {
  method: 'Audits.issueAdded',
  params: { issue: { code: 'CorsIssue', issueId: 'I2', details: { corsIssueDetails: { corsErrorStatus: { corsError: 'DisallowedByMode', failedParameter: '' }, initiatorOrigin: aOrigin, isWarning: false, location: { columnNumber: 28, lineNumber: 22, scriptId: '4', url: page.url }, request: { url: sameOriginModeUrl } } } } },
} as CdpEvent;
const deprecation = { method: 'Audits.issueAdded', params: { issue: { code: 'DeprecationIssue', details: { deprecationIssueDetails: { type: 'AuthorizationCoveredByWildcard' } } } } } as CdpEvent;

describe('Audits CORS issues on the recorded lab (edited: issues added as Chromium 156 sends them)', () => {
  const i = base.findIndex((e) => e.method === 'Network.loadingFailed' && (e.params as { requestId: string }).requestId === denied.requestId);
  const log = [...base.slice(0, i + 1), keyed, ...base.slice(i + 1), unkeyed, deprecation];
  const rec = NetworkRecorder.fromLog(log);
  const d = analyseCorsData(rec.requests(), rec.corsIssuesWithoutRequest());
  it('puts the keyed issue on its request, with the policy fields', () => {
    expect(rec.request(denied.id)!.corsIssues).toEqual([{ corsError: 'MethodDisallowedByPreflightResponse', failedParameter: 'DELETE', isWarning: false, initiatorOrigin: `${aOrigin}/`, clientSecurityState: security }]);
    const c = d.requests[d.byId[denied.id]!]!;
    expect(c.issue).toEqual({ error: 'MethodDisallowedByPreflightResponse', isWarning: false, initiatorOrigin: aOrigin });
    // Loopback page to a loopback server: no Local Network Access request.
    expect(c.localNetwork).toBeUndefined();
  });
  it('lists the issue that names no request, with its script line, in the analysis and the report', () => {
    expect(rec.corsIssuesWithoutRequest()).toHaveLength(1);
    expect(d.withoutRequest).toMatchObject([{ url: sameOriginModeUrl, initiator: aOrigin, location: { url: page.url, lineNumber: 22, columnNumber: 28 }, failure: { error: 'DisallowedByMode' } }]);
    const lines = buildReport(rec, analysisSections).sections.find((s) => s.title === 'CORS')!.lines;
    expect(lines.at(-1)).toBe(
      `A request to ${sameOriginModeUrl} from ${aOrigin} was refused before it reached the network by ${page.url}:23:29, so it has no Network record: The page made the request with \`mode: 'same-origin'\` to another origin, so the browser refused it before sending anything. Fix: ${d.withoutRequest![0]!.failure!.fix}`,
    );
  });
  it('a warning-only issue on a request that went through is told as a warning', () => {
    const ok = rec0.requests().find((r) => r.url.includes('case=simple'))!;
    const warn = { method: 'Audits.issueAdded', params: { issue: { code: 'CorsIssue', details: { corsIssueDetails: { corsErrorStatus: { corsError: 'PreflightMissingAllowExternal', failedParameter: '' }, isWarning: true, request: { requestId: ok.requestId, url: ok.url } } } } } } as CdpEvent;
    const r2 = NetworkRecorder.fromLog([...base, warn]);
    const d2 = analyseCorsData(r2.requests());
    expect(explainCors(d2, r2.request(ok.id)!, (id) => r2.request(id)).join(' ')).toContain('Chromium reported it as a warning only (PreflightMissingAllowExternal): the request went on.');
  });
  it('bad input: a wrong shape is counted as malformed, another code is ignored, a repeat is a duplicate; nothing crashes', () => {
    const bad = [
      { method: 'Audits.issueAdded', params: { issue: 'not an object' } },
      { method: 'Audits.issueAdded', params: { issue: { code: 'CorsIssue', details: { corsIssueDetails: 'x' } } } },
      { method: 'Audits.issueAdded', params: {} },
    ] as CdpEvent[];
    const r3 = NetworkRecorder.fromLog([...log, keyed, unkeyed, ...bad]);
    expect(r3.request(denied.id)!.corsIssues).toHaveLength(1);
    expect(r3.corsIssuesWithoutRequest()).toHaveLength(1);
    expect(r3.diagnostics.duplicateEvents['Audits.issueAdded']).toBe(2);
    expect(r3.diagnostics.malformedEvents['Audits.issueAdded']).toBe(2);
  });
});
