// Local Network Access, end to end: the fixture server's cleartext and HTTP/2 listeners are marked
// public (--ip-address-space-overrides), so their page reaching the TLS listener (another loopback
// port) is a public page reaching into the loopback address space. Chromium 156 refuses it from a
// secure page without the Local Network Access permission (headless never grants it), and from an
// http page outright (InsecureLocalNetwork): the server must see nothing, and Netlens must explain
// the failure, with the preflight it paired for the custom-header call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorker } from 'puppeteer-core';
import { control, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import { analyseCorsData, explainCors } from '../../src/core/analysis/cors/index.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';

let rig: Rig;
let worker: WebWorker;
type Started = Extract<ControlResponse, { type: 'start' }>;
beforeAll(async () => {
  rig = await startRig({ argsFor: (server) => [`--ip-address-space-overrides=127.0.0.1:${server.ports.http}=public,127.0.0.1:${server.ports.h2}=public`] });
  worker = await rig.worker();
}, 120_000);
afterAll(async () => {
  await rig?.close();
});

async function lna(pageUrl: (run: string) => string) {
  const page = await rig.newPage();
  const tabId = await tabIdOf(page, worker);
  const started = await control<Started>(worker, { type: 'start', tabId });
  if (!started.ok) throw new Error(JSON.stringify(started));
  const run = rig.newRun('lna');
  await page.goto(pageUrl(run), { waitUntil: 'load' });
  const out = await waitFor('both calls', () => page.$eval('#out', (e) => (/lna done/.test(e.textContent ?? '') ? e.textContent : undefined)), 30_000);
  let rec: NetworkRecorder | undefined;
  await waitFor('both failures stored', async () => {
    await control(worker, { type: 'flush', sessionId: started.session.id });
    const { events } = await storedSession(worker, started.session.id);
    rec = NetworkRecorder.fromLog(events.map(toLogEvent));
    return rec.requests().filter((r) => r.url.includes('case=lna') && r.failure && r.method !== 'OPTIONS').length === 2;
  }, 30_000);
  await control(worker, { type: 'stop', sessionId: started.session.id });
  await page.close();
  const d = analyseCorsData(rec!.requests());
  return { out: out as string, rec: rec!, d, truth: rig.server.log.requestsMatching(run).filter((t) => t.path.startsWith('/cors/api')) };
}

describe('Local Network Access (a public page reaching a loopback address)', () => {
  it('from a secure public page: refused with LocalNetworkAccessPermissionDenied before anything reaches the server, and explained', async () => {
    const { out, rec, d, truth } = await lna((run) => rig.server.urls.h2('h2.test', `/cors/lna?run=${run}`));
    expect(out).toContain('lna-get: failed');
    expect(out).toContain('lna-put: failed');
    expect(truth).toEqual([]);
    const failed = d.requests.filter((c) => c.class === 'failed');
    expect(failed.map((c) => c.failure?.error)).toEqual(['LocalNetworkAccessPermissionDenied', 'LocalNetworkAccessPermissionDenied']);
    const put = failed.find((c) => rec.request(c.id)!.method === 'PUT')!;
    // The custom-header call had a preflight (refused by the same check), paired with it.
    expect(put.preflightIds.length).toBe(1);
    expect(rec.request(put.preflightIds[0]!)!.failure?.corsError?.corsError).toBe('LocalNetworkAccessPermissionDenied');
    const text = explainCors(d, rec.request(put.id)!, (id) => rec.request(id)).join(' ');
    expect(text).toContain('Local Network Access permission was denied');
    expect(text).toContain('Fix: ');
    // A refused request gets no ExtraInfo: its policy comes from the Audits issue Chromium filed for it.
    for (const c of failed) {
      expect(rec.request(c.id)!.clientSecurityState).toBeUndefined();
      expect(c.localNetwork).toMatchObject({ initiatorSpace: 'Public', secureContext: true, policy: 'PermissionBlock', outcome: 'refused', from: 'issue' });
    }
    expect(text).toContain('Local Network Access: a public secure page asked for a more private address; its policy was PermissionBlock');
  }, 90_000);

  it('from a public page that is not a secure context (http): InsecureLocalNetwork, nothing at the server', async () => {
    const { out, rec, d, truth } = await lna((run) => rig.server.urls.http('a.test', `/cors/lna?run=${run}`));
    expect(out).toContain('lna-get: failed');
    expect(truth).toEqual([]);
    const failed = d.requests.filter((c) => c.class === 'failed');
    expect(failed.map((c) => c.failure?.error)).toEqual(['InsecureLocalNetwork', 'InsecureLocalNetwork']);
    expect(explainCors(d, rec.request(failed[0]!.id)!, (id) => rec.request(id)).join(' ')).toContain('Serve the page over HTTPS');
    for (const c of failed) expect(c.localNetwork, rec.request(c.id)!.url).toMatchObject({ initiatorSpace: 'Public', secureContext: false, outcome: 'refused' });
  }, 90_000);
});
