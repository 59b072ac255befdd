// Netlens makes no request of its own. Two independent watches while it records a page through
// the panel, exports the session as HAR (a real download), imports the file back and shows the
// popup:
// - the protocol: a second CDP client auto-attaches to every target of the browser (the service
//   worker, the DevTools page and the panel's frame, the panel's workers, the popup) and its
//   children, with the Network domain on, and lists what each extension target requested;
// - the wire: Chromium goes through a logging proxy on loopback, which sees every request the
//   browser sends to any host, whoever asked.
// The extension's own targets may load only its packaged files (chrome-extension://<id>/…, and
// blob: or data: URLs it made itself); the proxy may see only requests the fixture server logged
// for the recorded page.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNetlensPanel, startRig, waitFor, type Rig } from './harness.ts';

/** A forwarding HTTP proxy that logs what it carries; every host is sent to 127.0.0.1 (the fixture server). */
async function loggingProxy(): Promise<{ port: number; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    // The request line, and who says it asked (Origin, Referer), as the wire shows them.
    seen.push(`${req.method} ${req.url} origin=${req.headers.origin ?? ''} referer=${req.headers.referer ?? ''}`);
    const target = new URL(req.url ?? '/');
    const upstream = httpRequest(
      { host: '127.0.0.1', port: Number(target.port || 80), method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    // The browser hung up (an EventSource closed): hang up on the server too.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // HTTPS, HTTP/2 and WebSocket go through CONNECT tunnels.
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const port = Number((req.url ?? '').split(':').pop());
    const up = netConnect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

interface Watched {
  /** Target URL → the URLs it requested. */
  requests: Map<string, string[]>;
  /** Every target attached, by type and URL. */
  targets: string[];
}

/** Auto-attaches a separate CDP client to every target and its children, with Network on. */
async function watchEveryTarget(rig: Rig): Promise<Watched> {
  const watched: Watched = { requests: new Map(), targets: [] };
  const root = await rig.browser.target().createCDPSession();
  const connection = root.connection()!;
  const attach = async (session: CDPSession, targetUrl: string) => {
    // Attributed to the document that asked (an out-of-process frame's target has no URL yet when
    // it is attached), else to the target.
    session.on('Network.requestWillBeSent', (e: { request: { url: string }; documentURL?: string }) => {
      const by = e.documentURL || targetUrl;
      watched.requests.set(by, [...(watched.requests.get(by) ?? []), e.request.url]);
    });
    session.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
      const child = connection.session(e.sessionId);
      watched.targets.push(`${e.targetInfo.type} ${e.targetInfo.url}`);
      if (child) void attach(child, e.targetInfo.url || targetUrl);
    });
    await session.send('Network.enable').catch(() => undefined);
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }).catch(() => undefined);
    await session.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
  };
  root.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    const child = connection.session(e.sessionId);
    watched.targets.push(`${e.targetInfo.type} ${e.targetInfo.url}`);
    if (child) void attach(child, e.targetInfo.url);
  });
  await root.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  // Targets that already exist (the service worker).
  const { targetInfos } = (await root.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string; attached: boolean }[] };
  for (const t of targetInfos) {
    if (t.type === 'browser') continue;
    const { sessionId } = (await root.send('Target.attachToTarget', { targetId: t.targetId, flatten: true })) as { sessionId: string };
    const child = connection.session(sessionId);
    watched.targets.push(`${t.type} ${t.url}`);
    if (child) await attach(child, t.url);
  }
  return watched;
}

let rig: Rig;
let proxy: Awaited<ReturnType<typeof loggingProxy>>;
let watched: Watched;
let downloads: string;
let run: string;

beforeAll(async () => {
  proxy = await loggingProxy();
  // Every request of the browser to any host goes to the proxy (loopback itself included).
  rig = await startRig({ args: [`--proxy-server=http://127.0.0.1:${proxy.port}`, '--proxy-bypass-list=<-loopback>'] });
  await rig.worker();
  watched = await watchEveryTarget(rig);
  downloads = await mkdtemp(join(tmpdir(), 'netlens-noreq-'));
  const cdp = await rig.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
}, 120_000);

afterAll(async () => {
  await rig?.close();
  await proxy?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

describe('the extension makes no request of its own', () => {
  it('records, exports and imports a session, and only the page talked to the network', async () => {
    const page = await rig.newPage();
    const { panel } = await openNetlensPanel(page, rig.extensionId);
    await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    run = rig.newRun('noreq');
    await page.goto(rig.server.urls.http('a.test', `/secrets-page?run=${run}`));
    await waitFor('the page to finish', () => page.$eval('#out', (e) => e.textContent === 'secrets done'));
    await waitFor('the server to answer the page', () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 8);
    await (await panel.waitForSelector('button[aria-label="Stop recording"]'))!.click();
    await panel.waitForSelector('button[aria-label="Record"]');

    // Export (a download), then import the file back.
    await (await panel.waitForSelector('::-p-xpath(//nav[@aria-label="Views"]/button[normalize-space()="Sessions"])'))!.click();
    await (await panel.waitForSelector('::-p-xpath(//button[normalize-space()="Export…"])'))!.click();
    await panel.waitForSelector('.redaction-preview', { timeout: 30_000 });
    await (await panel.waitForSelector('::-p-xpath(//button[normalize-space()="Export redacted HAR"])'))!.click();
    const file = await waitFor('the download', async () => (await readdir(downloads)).find((f) => f.endsWith('.har')), 30_000);
    const input = await panel.waitForSelector('input[type="file"]');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(join(downloads, file));
    await waitFor('the imported session', async () => /\/ \d+ requests/.test(await panel.$eval('.filter-bar .count', (e) => e.textContent ?? '').catch(() => '')), 30_000);

    const popup = await rig.newPage();
    await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/popup.html`);
    await popup.waitForSelector('#app > *');
    await popup.close();

    // The watches saw what they must, so their silence below means something.
    const ours = `chrome-extension://${rig.extensionId}/`;
    const extensionTargets = watched.targets.filter((t) => t.includes(ours));
    expect(extensionTargets.some((t) => t.startsWith('service_worker '))).toBe(true);
    expect(extensionTargets.some((t) => t.startsWith('worker ') && t.includes('analysis-worker'))).toBe(true);
    expect([...watched.requests.keys()].some((by) => by.startsWith(`${ours}panel/index.html`))).toBe(true);
    const fromExtension = [...watched.requests].filter(([target]) => target.startsWith(ours)).flatMap(([target, urls]) => urls.map((u) => ({ target, url: u })));
    // The panel's own packaged files are seen loading: the protocol watch works.
    expect(fromExtension.some((r) => r.url.startsWith(`${ours}assets/`))).toBe(true);
    const proxied = proxy.seen.filter((s) => s.includes(run));
    expect(proxied.length).toBeGreaterThan(0);

    // Everything the extension's targets asked for is its own.
    const foreign = fromExtension.filter((r) => !r.url.startsWith(ours) && !r.url.startsWith(`blob:${ours}`) && !r.url.startsWith('data:'));
    expect(foreign).toEqual([]);
    // On the wire: nothing names the extension (its id in a URL, an Origin or a Referer), and
    // every request to the fixture server's hosts is one it logged for the page. The rest is
    // Chromium's own background traffic (its clock, component updates, accounts), which the
    // proxy sends to loopback where nothing answers; it is listed, and the protocol watch above
    // is what attributes requests to the extension.
    expect(proxy.seen.filter((s) => s.includes(rig.extensionId))).toEqual([]);
    const logged = new Set(rig.server.log.requests.map((r) => r.url));
    const hostsOfPage = new Set(rig.server.log.requestsMatching(run).map((r) => new URL(r.url.replace(/^ws/, 'http')).host));
    const toFixtureHosts = proxy.seen.filter((s) => /^\S+ (https?:\/\/)?[^/\s]+\.test[:/\s]/.test(s));
    const unexplained = toFixtureHosts.filter((s) => {
      const [method, target] = s.split(' ') as [string, string];
      if (method === 'CONNECT') return !hostsOfPage.has(target);
      return !logged.has(target);
    });
    const background = proxy.seen.filter((s) => !toFixtureHosts.includes(s)).map((s) => s.split(' ').slice(0, 2).join(' ').replace(/\?.*/, ''));
    if (background.length) console.log(`Chromium's own requests through the proxy (not the extension's): ${[...new Set(background)].join(', ')}`);
    expect(toFixtureHosts.length).toBeGreaterThanOrEqual(8);
    expect(unexplained).toEqual([]);
  });
});
