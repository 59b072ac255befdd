// Proves the rig: the extension loads (service worker, DevTools tab, panel page), and the fixture
// server's truth log agrees with Chromium's own CDP account of a load (requests and which of them
// shared a socket). Later ground-truth tests rely on that agreement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, startRig, openNetlensPanel, screenshot, waitFor, extensionErrors, type Rig } from './harness.ts';
import { CdpRecorder, partition, serverView } from './cdp-oracle.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

describe('the extension', () => {
  it('starts its service worker and shows a Netlens panel in DevTools', async () => {
    const worker = await rig.worker();
    expect(worker.url()).toMatch(new RegExp(`^chrome-extension://${rig.extensionId}/`));
    const page = await rig.newPage();
    await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('index')}`));
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    // The panel page rendered: its toolbar with Record, and the Requests view.
    expect(await panel.$eval('[role="toolbar"][aria-label="Netlens"]', (el) => el.textContent ?? '')).toContain('Record');
    expect(await panel.$('section.requests-view')).not.toBeNull();
    await screenshot(devtools, 'rig-devtools-panel');
    await devtools.close();
    await page.close();
  });

  it('loads with no errors or warnings on the extensions page, and its pages run without errors', async () => {
    const info = await extensionErrors(rig, (worker) => worker.evaluate(() => (globalThis as { netlensReady?: boolean }).netlensReady === true));
    expect(info.name).toBe('Netlens');
    expect(info.state).toBe('ENABLED');
    // The manifest Chromium loaded carries package.json's version (vite.config.ts puts it in).
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await (await rig.worker()).evaluate(() => chrome.runtime.getManifest().version)).toBe(version);
    expect(info.installWarnings).toEqual([]);
    expect(info.manifestErrors).toEqual([]);
    expect(info.runtimeErrors).toEqual([]);
  });
});

describe('the fixture server agrees with Chromium (the oracle)', () => {
  const scenarios = [
    // How many requests each page makes, counted from the page itself (documents, images, redirect hops).
    { name: 'HTTP/1.1 pool page (24 + 6 delayed images)', url: (run: string) => rig.server.urls.http('a.test', `/pool?run=${run}`), count: 31 },
    { name: 'HTTP/2 page with coalescing', url: (run: string) => rig.server.urls.h2('h2.test', `/h2page?run=${run}`), count: 41 },
    { name: 'demo page (every scenario)', url: (run: string) => rig.server.urls.http('a.test', `/demo?run=${run}`), count: 54 },
  ];
  for (const scenario of scenarios) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      it(`${scenario.name}, load ${attempt}: same requests, same sockets`, async () => {
        const run = rig.newRun('oracle');
        const page = await rig.newPage();
        const cdp = await CdpRecorder.attach(page);
        await page.goto(scenario.url(run), { waitUntil: 'load' });
        // Both accounts complete: CDP has every request finished, the server has answered the page's count.
        await waitFor(`CDP to report the page's ${scenario.count} requests finished`, () => cdp.network().length >= scenario.count && cdp.hops.every((h) => h.finished), 30_000);
        await waitFor(`the server to answer the page's ${scenario.count} requests`, () => {
          const seen = rig.server.log.requestsMatching(run);
          return seen.length >= scenario.count && seen.every((r) => r.finishedAt !== undefined);
        }, 30_000);
        // Read after the waits, so neither side is a stale copy.
        const hops = cdp.network();
        const server = serverView(rig.server.log, run);
        expect(hops.length).toBe(scenario.count);
        expect(server.length).toBe(scenario.count);
        // Every hop reached the server (nothing is cacheable on a first load of fresh URLs).
        expect(hops.every((h) => !h.fromCache)).toBe(true);
        expect(hops.map((h) => `${h.method} ${h.url}`).sort()).toEqual(server.map((s) => s.key).sort());
        // Which requests shared a socket: CDP connection ids against server socket ids.
        const cdpGroups = partition(hops, (h) => `${h.method} ${h.url}`, (h) => h.connectionId);
        const serverGroups = partition(server, (s) => s.key, (s) => s.socketId);
        expect(cdpGroups).toEqual(serverGroups);
        expect(serverGroups.length).toBeGreaterThan(1);
        await cdp.detach();
        await page.close();
      });
    }
  }
});
