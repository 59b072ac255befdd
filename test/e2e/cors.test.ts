// CORS against ground truth, end to end: real Chromium records the CORS lab (every call of
// test/server/scenarios/cors.ts, from an a.test page to b.test, which redirects one call to
// api.test) through Netlens's own capture; the stored log is folded and analysed, and every
// pairing, class, preflight-cache hit and miss and failure is held against the fixture server's
// log of OPTIONS and real requests. Waits are on conditions (the page, the server's log, the
// stored events, the server's clock for the 5 s default max-age), never fixed sleeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, screenshot, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { screenshotPanel } from '../../src/cli/devtools-panel.ts';
import { fileURLToPath } from 'node:url';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import { analyseCorsData, explainCors, type CorsData, type CorsRequest } from '../../src/core/analysis/cors/index.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { TruthRequest } from '../server/truth-log.ts';
import { CORS_SEQUENCE } from '../server/scenarios/cors.ts';

let rig: Rig;
let worker: WebWorker;
let rec: NetworkRecorder;
let d: CorsData;
let truth: TruthRequest[];
type Started = Extract<ControlResponse, { type: 'start' }>;

beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
  const page = await rig.newPage();
  const tabId = await tabIdOf(page, worker);
  const started = await control<Started>(worker, { type: 'start', tabId });
  if (!started.ok) throw new Error(JSON.stringify(started));
  const sessionId = started.session.id;
  const run = rig.newRun('cors');
  await page.goto(rig.server.urls.http('a.test', `/cors/lab?calls=${CORS_SEQUENCE.join(',')}&run=${run}`), { waitUntil: 'load' });
  await waitFor('the CORS calls', () => page.$eval('#out', (e) => /cors done/.test(e.textContent ?? '')), 30_000);
  // The max-age-absent answer is kept 5 s: call again once it is over 5 s old by the server's clock.
  const lastAbsent = () => rig.server.log.requestsMatching(run).filter((r) => r.method === 'OPTIONS' && r.url.includes('case=ma-absent')).at(-1)?.respondedAt;
  await waitFor('the 5 s default to expire', () => Date.now() - (lastAbsent() ?? Date.now()) > 5_500, 15_000);
  await page.evaluate(() => (window as unknown as { corsCall(n: string): Promise<string> }).corsCall('max-age-absent'));
  await waitFor('the server to finish', () => rig.server.log.requestsMatching(run).every((r) => r.finishedAt));
  truth = rig.server.log.requestsMatching(run).filter((t) => t.path.startsWith('/cors/api'));
  await waitFor('the stored log to hold every request, settled', async () => {
    await control(worker, { type: 'flush', sessionId });
    const { events } = await storedSession(worker, sessionId);
    rec = NetworkRecorder.fromLog(events.map(toLogEvent));
    const ours = rec.requests().filter((r) => r.url.includes(run) && r.url.includes('/cors/api'));
    // The no-cors call's opaque response gets no loadingFinished while the page stays open (seen on
    // Chromium 156), so its headers are enough.
    const open = ours.filter((r) => !(r.finished || r.failure || r.redirectTo || (caseOf(r.url) === 'no-cors' && r.status !== undefined)));
    return ours.length >= truth.length && open.length === 0;
  }, 30_000);
  await control(worker, { type: 'stop', sessionId });
  await page.close();
  d = analyseCorsData(rec.requests(), rec.corsIssuesWithoutRequest());
}, 120_000);
afterAll(async () => {
  await rig?.close();
});

const caseOf = (url: string) => new URL(url).searchParams.get('case');
const hasQ = (url: string) => new URL(url).searchParams.has('q');
const at = (c: CorsRequest) => rec.request(c.id)!;
const hopsOf = (name: string, q = false) => d.requests.filter((c) => caseOf(at(c).url) === name && hasQ(at(c).url) === q);
/** The server's log of a case: for each real request, whether an OPTIONS for its URL came right before it. */
function serverSequence(name: string, q = false, log: readonly TruthRequest[] = truth): { options: number; real: boolean[] } {
  let pending = false;
  const real: boolean[] = [];
  let options = 0;
  for (const t of log.filter((x) => caseOf(x.url) === name && hasQ(x.url) === q)) {
    if (t.method === 'OPTIONS') {
      options++;
      pending = true;
    } else {
      real.push(pending);
      pending = false;
    }
  }
  return { options, real };
}

describe('CORS in real Chromium against the fixture server', () => {
  it('pairs every OPTIONS the server received with the hop of its URL, the Origin: null one with the redirected hop', () => {
    const options = truth.filter((t) => t.method === 'OPTIONS');
    expect(options.length).toBeGreaterThanOrEqual(14);
    expect(d.pairing.unpaired).toEqual([]);
    const pfs = d.pairing.pairs.map((p) => ({ p, pf: rec.request(p.preflightId)!, hop: rec.request(p.hopId)! })).sort((a, b) => a.pf.issuedAt - b.pf.issuedAt);
    expect(pfs.map((x) => x.pf.url)).toEqual(options.map((t) => t.url));
    for (const [i, x] of pfs.entries()) {
      expect(x.hop.url).toBe(x.pf.url);
      expect(x.pf.requestHeaders.find((h) => h.name.toLowerCase() === 'origin')?.value).toBe(options[i]!.headers.origin);
      expect(x.p.hop).toBe(options[i]!.headers.origin === 'null' ? 1 : 0);
    }
  });

  it('classes: simple (Origin, no OPTIONS), no-cors (no Origin), preflighted (OPTIONS first), and same-origin mode never sent', () => {
    expect(serverSequence('simple')).toEqual({ options: 0, real: [false] });
    expect(hopsOf('simple').map((c) => c.class)).toEqual(['simple']);
    expect(truth.filter((t) => caseOf(t.url) === 'no-cors').map((t) => t.headers.origin)).toEqual([undefined]);
    expect(hopsOf('no-cors').map((c) => c.class)).toEqual(['no-cors']);
    for (const name of ['put', 'json', 'ma0', 'ma-absent', 'redirect-cross', 'auth-star']) {
      expect(serverSequence(name).real[0], name).toBe(true);
      expect(hopsOf(name)[0]!.class, name).toBe('preflighted');
    }
    expect(truth.filter((t) => caseOf(t.url) === 'same-origin-mode')).toEqual([]);
    expect(hopsOf('same-origin-mode')).toEqual([]);
  });

  it('hits: every real request the server received without an OPTIONS before it, of a URL that needed one', () => {
    let hits = 0;
    for (const name of ['put', 'ma-absent']) {
      const seq = serverSequence(name);
      const hops = hopsOf(name);
      expect(hops.length, name).toBe(seq.real.length);
      seq.real.forEach((preflighted, i) => {
        expect(hops[i]!.cache?.kind === 'hit', `${name} call ${i + 1}`).toBe(!preflighted);
        if (!preflighted) hits++;
      });
    }
    expect(hits).toBe(2);
    expect(d.requests.filter((c) => c.cache?.kind === 'hit').length).toBe(hits);
  });

  it('misses with their reason: another query, max-age 0, the 5 s default run out', () => {
    expect(serverSequence('put', true)).toEqual({ options: 1, real: [true] });
    expect(hopsOf('put', true)[0]!.cache).toMatchObject({ kind: 'miss', reason: 'other-query' });
    expect(serverSequence('ma0')).toEqual({ options: 2, real: [true, true] });
    expect(hopsOf('ma0')[1]!.cache).toMatchObject({ kind: 'miss', reason: 'max-age-0', previous: hopsOf('ma0')[0]!.preflightIds[0] });
    expect(serverSequence('ma-absent')).toEqual({ options: 2, real: [true, false, true] });
    expect(hopsOf('ma-absent')[2]!.cache).toMatchObject({ kind: 'miss', reason: 'expired-default', previous: hopsOf('ma-absent')[0]!.preflightIds[0] });
  });

  it('failures: the CORS error of each broken answer, and no real request after a refused preflight', () => {
    const expected: Record<string, string> = {
      'method-denied': 'MethodDisallowedByPreflightResponse',
      'header-denied': 'HeaderDisallowedByPreflightResponse',
      'no-acao': 'MissingAllowOriginHeader',
      'two-acao': 'MultipleAllowOriginValues',
      mismatch: 'AllowOriginMismatch',
      'cred-star': 'WildcardOriginNotAllowed',
      'cred-no-acac': 'InvalidAllowCredentials',
      pf500: 'PreflightInvalidStatus',
      'pf-redirect': 'PreflightDisallowedRedirect',
    };
    for (const [name, error] of Object.entries(expected)) {
      const [c] = hopsOf(name);
      expect(c?.class, name).toBe('failed');
      expect(c!.failure?.error, name).toBe(error);
      expect(explainCors(d, at(c!), (id) => rec.request(id)).join(' '), name).toContain('Fix: ');
      const seen = truth.filter((t) => caseOf(t.url) === name).map((t) => t.method);
      if (error.startsWith('Preflight') || error.includes('ByPreflight')) expect(seen, name).toEqual(['OPTIONS']);
      else expect(seen, name).toEqual(['GET']);
    }
    expect(d.requests.filter((c) => c.class === 'failed').length).toBe(Object.keys(expected).length);
  });

  it('Audits (enabled by the capture): one CORS issue per failed request with its error; the same-origin-mode fetch only there, with its script line', () => {
    const origin = new URL(rig.server.urls.http('a.test', '/')).origin;
    const failed = d.requests.filter((c) => c.class === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) {
      const r = at(c);
      expect(r.corsIssues?.map((i) => [i.corsError, i.failedParameter]), caseOf(r.url)!).toEqual([[r.failure!.corsError!.corsError, r.failure!.corsError!.failedParameter ?? '']]);
      expect(c.issue, caseOf(r.url)!).toMatchObject({ isWarning: false, initiatorOrigin: origin });
    }
    // The server never saw the same-origin-mode call and the Network domain has no trace of it;
    // the Audits issue names its URL (no requestId) and the script line.
    expect(truth.filter((t) => caseOf(t.url) === 'same-origin-mode')).toEqual([]);
    const w = d.withoutRequest ?? [];
    expect(w.map((i) => [i.failure?.error, i.url && caseOf(i.url), i.initiator])).toEqual([['DisallowedByMode', 'same-origin-mode', origin]]);
    expect(w[0]!.location?.url).toContain('/cors/lab');
    // A loopback page calling a loopback server is no Local Network Access request.
    expect(d.requests.filter((c) => c.localNetwork)).toEqual([]);
  });

  it('Authorization against Access-Control-Allow-Headers: * went through on this Chromium (the server received it)', () => {
    expect(truth.filter((t) => caseOf(t.url) === 'auth-star').map((t) => [t.method, t.headers.authorization !== undefined])).toEqual([['OPTIONS', false], ['GET', true]]);
    expect(hopsOf('auth-star')[0]!.preflightAnswer?.covers.headers).toEqual([{ name: 'authorization', covered: 'authorization-by-wildcard' }]);
  });

  it('totals per origin count the OPTIONS the server received per host', () => {
    for (const o of d.origins) expect(o.preflights, o.origin).toBe(truth.filter((t) => t.method === 'OPTIONS' && t.host === new URL(o.origin).host).length);
  });

  it('the panel shows the CORS view from its analysis worker: the groups, the failures with their fix, the cache hits (screenshot for the docs)', async () => {
    const page = await rig.newPage();
    await page.setViewport({ width: 1200, height: 400 });
    await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('start')}`));
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await devtools.setViewport({ width: 1280, height: 860 });
    await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    const run = rig.newRun('panel-cors');
    const calls = CORS_SEQUENCE.filter((c) => c !== 'max-age-absent');
    await page.goto(rig.server.urls.http('a.test', `/cors/lab?calls=${calls.join(',')}&run=${run}`), { waitUntil: 'load' });
    await waitFor('the CORS calls', () => page.$eval('#out', (e) => /cors done/.test(e.textContent ?? '')), 30_000);
    await (await panel.waitForSelector('.view-tabs [role="tab"][title^="Cross-origin"]'))!.click();
    const failedAtServer = ['method-denied', 'header-denied', 'no-acao', 'two-acao', 'mismatch', 'cred-star', 'cred-no-acac', 'pf500', 'pf-redirect'].length;
    try {
      await waitFor('the CORS view with every failure', async () => (await panel.$$('.cors-row.cors-failed')).length === failedAtServer, 30_000);
    } catch (err) {
      await screenshot(devtools, 'cors-view-failed');
      throw err;
    }
    const fixes = await panel.$$eval('.cors-row.cors-failed .cors-fix', (els) => els.map((e) => e.textContent ?? ''));
    expect(fixes.length).toBe(failedAtServer);
    expect(fixes.every((f) => f.startsWith('Fix: '))).toBe(true);
    // The hits, by the server's log of this run: every real request of a URL that needed a
    // preflight and got none right before it (the PUT called twice within max-age 600; the
    // max-age-0 calls never; a second call within the 5 s default when the machine is quick).
    const panelTruth = rig.server.log.requestsMatching(run).filter((t) => t.path.startsWith('/cors/api'));
    const expectedHits = ['put', 'json', 'ma0', 'ma-absent', 'redirect-cross', 'auth-star']
      .flatMap((name) => [serverSequence(name, false, panelTruth), serverSequence(name, true, panelTruth)])
      .reduce((n, seq) => n + seq.real.filter((pre) => !pre).length, 0);
    expect(serverSequence('put', false, panelTruth).real.filter((pre) => !pre).length).toBe(1);
    await waitFor('the CORS view with every hit', async () => (await panel.$$('.cors-row .cors-hit')).length === expectedHits, 10_000);
    // The same-origin-mode fetch, which the server never saw and the Network domain never reported,
    // is listed from its Audits issue.
    const early = await panel.$eval('.cors-refused-early', (e) => e.textContent ?? '');
    expect(early).toContain('Refused before any request was sent');
    expect(early).toMatch(/same-origin-mode.*was refused before it reached the network/);
    await screenshotPanel(devtools, fileURLToPath(new URL('../../docs/netlens-cors.png', import.meta.url)) as `${string}.png`);
    await page.close();
  }, 120_000);
});
