// HAR both ways with Chrome DevTools itself, in real Chromium: the HAR DevTools' own "Export HAR"
// code writes imports into Netlens with the requests, statuses and socket ids the server and
// Netlens saw; and the HAR Netlens writes is read back by DevTools' own HAR importer with the
// connection ids, cache sources, resource types and WebSocket frames Netlens recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { control, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { partition } from './cdp-oracle.ts';
import { NetworkRecorder } from '../../src/core/recorder/index.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import { importHar } from '../../src/core/import/import-har.ts';
import { exportHar } from '../../src/core/har/export.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';

let rig: Rig;
let worker: WebWorker;
beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
});
afterAll(async () => {
  await rig?.close();
});

/** DevTools with its Network panel shown (DevTools' network log records only once the panel has been opened). */
async function devtoolsWithNetworkPanel(page: Page): Promise<Page> {
  const devtools = await page.openDevTools();
  const tab = await devtools.waitForSelector('pierce/[role="tab"][aria-label="Network"]', { timeout: 30_000 });
  await tab!.click();
  await devtools.waitForFunction(`import('./models/logs/logs.js').then((m) => Boolean(m.NetworkLog.NetworkLog.instance()))`, { timeout: 30_000 });
  return devtools;
}

/** Records a load through Netlens's control API while DevTools watches the same tab. */
async function recordWithBoth(path: (run: string) => string, settle: (page: Page, run: string) => Promise<void>) {
  const page = await rig.newPage();
  await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('start')}`));
  const devtools = await devtoolsWithNetworkPanel(page);
  const started = await control<Extract<ControlResponse, { type: 'start' }>>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
  const run = rig.newRun('har');
  await page.goto(path(run), { waitUntil: 'load' });
  await settle(page, run);
  await waitFor('the server to finish', () => rig.server.log.requestsMatching(run).every((r) => r.finishedAt));
  await control(worker, { type: 'stop', sessionId: started.session.id });
  const { events } = await storedSession(worker, started.session.id);
  return { page, devtools, run, rec: NetworkRecorder.fromLog(events.map(toLogEvent)) };
}

describe('Chrome DevTools → Netlens', () => {
  it('imports the HAR DevTools exports (its own HAR code) with the server’s requests and statuses, and Netlens’s socket ids', async () => {
    const { page, devtools, run, rec } = await recordWithBoth(
      (r) => rig.server.urls.http('a.test', `/demo?run=${r}`),
      async (_p, r) => void (await waitFor('every demo request at the server', () => rig.server.log.requestsMatching(r).length >= 54)),
    );
    // Wait until DevTools' own log has every request finished, then build the HAR as Export HAR does.
    const exported = await waitFor('DevTools to finish the load', async () => {
      const har = (await devtools.evaluate(`(async () => {
        const HAR = await import('./models/har/har.js');
        const Logs = await import('./models/logs/logs.js');
        const requests = Logs.NetworkLog.NetworkLog.instance().requests();
        if (!requests.every((r) => r.finished)) return undefined;
        return HAR.Log.Log.build(requests, { sanitize: false });
      })()`)) as { creator: { name: string }; entries: { request: { url: string } }[] } | undefined;
      return har && har.entries.filter((e) => e.request.url.includes(run)).length >= 54 ? har : undefined;
    });
    expect(exported.creator.name).toBe('WebInspector');
    const imported = importHar({ log: exported });
    expect(imported.connectionField).toBe('port');
    const fromDevtools = NetworkRecorder.fromLog(imported.events).requests().filter((r) => r.url.includes(run));
    const truth = rig.server.log.requestsMatching(run);
    expect(truth.length).toBe(54);
    expect(fromDevtools.map((r) => `${r.method} ${r.url} ${r.status}`).sort()).toEqual(truth.map((t) => `${t.method} ${t.url} ${t.status}`).sort());
    // Socket ids: the requests that share a connection id in the imported file are exactly those
    // that shared a socket at the server; and each has the protocol the server spoke on it.
    const key = (method: string, url: string) => `${method} ${url}`;
    expect(partition(fromDevtools, (r) => key(r.method, r.url), (r) => r.connectionId)).toEqual(partition(truth, (t) => key(t.method, t.url), (t) => t.socketId));
    const protocolAt = new Map(truth.map((t) => [key(t.method, t.url), t.protocol]));
    for (const r of fromDevtools) expect(r.protocol, r.url).toBe(protocolAt.get(key(r.method, r.url)));
    // Netlens's own recording of the same load agrees with the server too.
    const ours = rec.requests().filter((r) => r.url.includes(run));
    expect(partition(ours, (r) => key(r.method, r.url), (r) => r.connectionId)).toEqual(partition(truth, (t) => key(t.method, t.url), (t) => t.socketId));
    await devtools.close();
    await page.close();
  });
});

describe('Netlens → Chrome DevTools', () => {
  it('writes HAR that DevTools’ own importer reads back with what Netlens saw', async () => {
    const { page, devtools, run, rec } = await recordWithBoth(
      (r) => rig.server.urls.http('a.test', `/cache-page?run=${r}`),
      async (p, r) => {
        // A second load of the same page in the same tab: memory-cache hits and 304s.
        await p.goto(rig.server.urls.http('a.test', `/?run=${r}`), { waitUntil: 'load' });
        await p.goto(rig.server.urls.http('a.test', `/cache-page?run=${r}`), { waitUntil: 'load' });
        await p.goto(rig.server.urls.http('a.test', `/streams-page?run=${r}`), { waitUntil: 'load' });
        await waitFor('the streams page to finish', () => p.$eval('#out', (e) => /ws closed/.test(e.textContent ?? '') && /sse done/.test(e.textContent ?? '')));
      },
    );
    const har = JSON.parse([...exportHar(rec, { creator: { name: 'Netlens', version: 'test' } }, { redact: {} }).chunks].join(''));
    const read = (await devtools.evaluate(
      `(async (log) => {
        const HAR = await import('./models/har/har.js');
        const requests = HAR.Importer.Importer.requestsFromHARLog(new HAR.HARFormat.HARLog(log));
        return requests.map((r) => ({
          url: r.url(), status: r.statusCode, connectionId: r.connectionId, memory: r.cachedInMemory(), disk: r.cached() && !r.cachedInMemory(),
          type: r.resourceType().name(), frames: r.frames().length, priority: r.priority(),
        }));
      })(${JSON.stringify(har.log)})`,
    )) as { url: string; status: number; connectionId: string; memory: boolean; disk: boolean; type: string; frames: number; priority: string }[];
    expect(read.length).toBe(rec.requests().length);
    const ours = rec.requests();
    const byUrlStatus = new Map<string, typeof read>();
    for (const r of read) byUrlStatus.set(`${r.url} ${r.status}`, [...(byUrlStatus.get(`${r.url} ${r.status}`) ?? []), r]);
    let memory = 0;
    for (const r of ours) {
      const candidates = byUrlStatus.get(`${r.url.split('#')[0]} ${r.status ?? 0}`);
      expect(candidates?.length, r.url).toBeGreaterThan(0);
      const match = candidates!.shift()!;
      expect(match.connectionId, r.url).toBe(r.connectionId ? String(r.connectionId) : '');
      expect(match.memory, r.url).toBe(r.source === 'memory-cache');
      expect(match.disk, r.url).toBe(r.source === 'disk-cache' || r.source === 'prefetch-cache');
      if (r.source === 'memory-cache') memory++;
      expect(match.type, r.url).toBe(har.log.entries.find((e: { _netlensId: string }) => e._netlensId === r.id)._resourceType);
    }
    // Against the server: what DevTools read as a cache hit never reached it, and everything else
    // did, on the sockets the server saw (connection ids partition the requests as its sockets do).
    const truth = rig.server.log.requestsMatching(run);
    const mine = read.filter((r) => r.url.includes(run));
    const hits = mine.filter((r) => r.memory || r.disk);
    expect(hits.length).toBe(mine.length - truth.length);
    expect(memory).toBe(hits.filter((r) => r.memory).length);
    expect(memory).toBeGreaterThanOrEqual(1);
    const toServer = mine.filter((r) => !r.memory && !r.disk);
    const nth = new Map<string, number>();
    const keyOf = (url: string) => {
      const n = (nth.get(url) ?? 0) + 1;
      nth.set(url, n);
      return `${url} #${n}`;
    };
    const readKeys = toServer.map((r) => ({ key: keyOf(r.url), r }));
    nth.clear();
    const truthKeys = truth.map((t) => ({ key: keyOf(t.url), t }));
    expect(readKeys.map((x) => x.key).sort()).toEqual(truthKeys.map((x) => x.key).sort());
    // (CDP gives a WebSocket no connection id, so its handshake is left out of the grouping.)
    const http = (key: string) => !key.startsWith('ws:');
    expect(partition(readKeys.filter((x) => http(x.key)), (x) => x.key, (x) => x.r.connectionId || undefined)).toEqual(partition(truthKeys.filter((x) => http(x.key)), (x) => x.key, (x) => x.t.socketId));
    // WebSocket frames: as many as the server sent and received on that socket.
    const wsTruth = truth.filter((t) => t.url.startsWith('ws:'));
    expect(wsTruth.length).toBe(1);
    const frames = rig.server.log.messages.filter((m) => m.kind === 'ws' && m.requestId === wsTruth[0]!.id).length;
    expect(frames).toBeGreaterThan(0);
    expect(read.filter((r) => r.type === 'websocket').map((r) => r.frames)).toEqual([frames]);
    await devtools.close();
    await page.close();
  });
});
