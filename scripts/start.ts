// `npm start`: the fixture server, Chromium with Netlens loaded, DevTools open on the Netlens
// panel, and the demo page recorded through the panel's own Record button.
// With a display it stays open for you until you close the browser (or press Ctrl-C).
// Headless (--headless, or no display) it writes a screenshot of the panel and a short summary to
// out/ and exits 0. With --store-screenshots it also writes the Chrome Web Store's screenshots
// (1280×800, the size the store asks for) of the same views to docs/store/. With
// --experiments-screenshots it then runs cold vs warm from the Experiments menu on the cache lab
// page and writes docs/netlens-experiments.png (the menu) and docs/netlens-cold-warm.png (the comparison).
import { mkdir, writeFile } from 'node:fs/promises';
import type { Frame, Page } from 'puppeteer-core';
import { join, resolve } from 'node:path';
import { launchWithExtension, type LaunchedBrowser } from '../src/cli/launch.ts';
import { BrowserNotFoundError } from '../src/cli/find-browser.ts';
import { openNetlensPanel, screenshotPanel } from '../src/cli/devtools-panel.ts';
import { startFixtureServer, type FixtureServer } from '../test/server/fixture-server.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'out');
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const storeShots = process.argv.includes('--store-screenshots');
const experimentShots = process.argv.includes('--experiments-screenshots');
const headless = process.argv.includes('--headless') || storeShots || experimentShots || !hasDisplay;

type PanelState = { count: string; status: string };

async function main(): Promise<void> {
  const server = await startFixtureServer();
  let launched: LaunchedBrowser | undefined;
  const shutdown = async () => {
    await launched?.close();
    await server.close();
  };
  try {
    launched = await launchWithExtension({
      extensionDir: join(root, 'dist'),
      headless,
      args: [...server.chromiumArgs, ...(storeShots ? ['--window-size=1280,1100'] : [])],
      // For the store's screenshots: DevTools (tab strip included) 828 px tall.
      ...(storeShots ? { devtoolsPreferences: { 'inspector-view.split-view-state': JSON.stringify({ vertical: { size: 0 }, horizontal: { size: 828 } }) } } : {}),
    });
    await demo(server, launched);
  } catch (err) {
    await shutdown();
    throw err;
  }
  if (headless) {
    await shutdown();
    return;
  }
  console.log('Close the browser window or press Ctrl-C to stop.');
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
  launched.browser.on('disconnected', () => void server.close().then(() => process.exit(0)));
}

async function demo(server: FixtureServer, launched: LaunchedBrowser): Promise<void> {
  const { browser, extensionId } = launched;
  await launched.serviceWorker();
  const run = `demo-${Date.now().toString(36)}`;
  const index = server.urls.http('a.test', `/?run=${run}`);
  const demoUrl = server.urls.http('a.test', `/demo?run=${run}`);
  const [first] = await browser.pages();
  const page = first ?? (await browser.newPage());
  await page.goto(index);
  const { devtools, panel } = await openNetlensPanel(page, extensionId);
  const record = await panel.waitForSelector('button[aria-label="Record"]');
  await record!.click();
  await panel.waitForSelector('button[aria-label="Stop recording"]');
  await page.goto(demoUrl, { waitUntil: 'load' });

  // Wait until the panel lists every request the server answered for the demo.
  const seen = () => server.log.requestsMatching(run).filter((r) => r.finishedAt && r.url !== index);
  const started = Date.now();
  let state: PanelState = { count: '', status: '' };
  for (;;) {
    state = await panel.evaluate(() => ({
      count: document.querySelector('.filter-bar .count')?.textContent ?? '',
      status: document.querySelector('.status-bar')?.textContent ?? '',
    }));
    const shown = Number(/\/ ([\d,]+) requests/.exec(state.count)?.[1]?.replace(/,/g, '') ?? 0);
    if (seen().length > 0 && shown >= seen().length) break;
    if (Date.now() - started > 30_000) throw new Error(`The panel did not list the demo's requests within 30 s (it shows "${state.count}").`);
    await new Promise((r) => setTimeout(r, 100));
  }

  if (!headless) {
    console.log(`Netlens is loaded (extension id ${extensionId}) and is recording the demo page in DevTools:\n  ${demoUrl}`);
    console.log(`Every scenario of the fixture server: ${index}`);
    return;
  }

  // Select a request that waited for a socket, so the screenshot shows the detail pane too.
  await panel.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('.request-row')];
    (rows[12] ?? rows[0])?.click();
  });
  await panel.waitForSelector('.detail');
  await mkdir(outDir, { recursive: true });
  const shot = join(outDir, 'netlens-panel.png') as `${string}.png`;
  await screenshotPanel(devtools, shot);
  // The socket pools of the same load, as the Connections view draws them.
  await panel.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Views"] button')].find((b) => b.textContent?.trim() === 'Connections')?.click());
  await panel.waitForSelector('.connections-view [role="row"]');
  const connectionsShot = join(outDir, 'netlens-connections.png') as `${string}.png`;
  await screenshotPanel(devtools, connectionsShot);
  if (storeShots) await storeScreenshots(devtools, panel);
  if (experimentShots) await experimentsScreenshots(server, page, devtools, panel, run);
  const sockets = server.log.socketsOf(seen());
  const summary = [
    `Netlens demo (headless), ${new Date().toISOString()}`,
    `Recorded through the Netlens panel: ${demoUrl}`,
    `The panel shows ${state.count}; ${state.status.trim()}`,
    `The fixture server answered ${seen().length} requests on ${sockets.length} sockets (${sockets.filter((s) => s.protocol === 'h2').length} HTTP/2).`,
    `Screenshots: ${shot} (Requests and Explain), ${connectionsShot} (Connections)`,
  ].join('\n');
  await writeFile(join(outDir, 'summary.txt'), summary + '\n');
  console.log(summary);
  console.log(`Output written to ${outDir}`);
}

/** The Experiments menu, and cold vs warm on the cache lab page compared (docs/). */
async function experimentsScreenshots(server: FixtureServer, page: Page, devtools: Page, panel: Frame, run: string): Promise<void> {
  const click = async (selector: string) => (await panel.waitForSelector(selector, { timeout: 30_000 }))!.click();
  await click('button[aria-label="Stop recording"]');
  await panel.waitForSelector('button[aria-label="Record"]');
  await page.goto(server.urls.http('a.test', `/cache-lab/page?k=max-age,no-cache,no-store,lm-only,immutable&run=${run}-exp`), { waitUntil: 'load' });
  await click('button[aria-label="Experiments"]');
  await panel.waitForSelector('.experiments-menu');
  const dir = join(root, 'docs');
  const menuShot = join(dir, 'netlens-experiments.png') as `${string}.png`;
  await screenshotPanel(devtools, menuShot);
  await click('.experiments-menu button.primary');
  await click('xpath/.//button[contains(., "Empty the cache and record")]');
  await panel.waitForSelector('.compare-result', { timeout: 60_000 });
  await panel.waitForFunction(() => !document.querySelector('button[aria-label="Experiments"]')?.textContent?.includes('Recording'), { timeout: 60_000 });
  // Two frames so the DevTools window has painted the comparison (a headless screenshot can show the frame before).
  await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const compareShot = join(dir, 'netlens-cold-warm.png') as `${string}.png`;
  await screenshotPanel(devtools, compareShot);
  console.log(`Experiments screenshots: ${menuShot}, ${compareShot}`);
}

/** The store's screenshots: the whole DevTools window at 1280×800, one per view. */
async function storeScreenshots(devtools: Page, panel: Frame): Promise<void> {
  const dir = join(root, 'docs', 'store');
  await mkdir(dir, { recursive: true });
  // The window was opened 1280 px wide with DevTools 828 px tall (main()): its tab strip and the
  // 800 px below it are the screenshot. (Resizing the window here would blank the panel's frame in
  // headless screenshots.)
  const box = await (await devtools.$('pierce/iframe[src*="/panel/index.html"]'))?.boundingBox();
  const top = Math.max(0, (box?.y ?? 28) - 28);
  const show = async (view: string, ready: string) => {
    await panel.evaluate((v) => [...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Views"] button')].find((b) => b.textContent?.trim() === v)?.click(), view);
    await panel.waitForSelector(ready);
  };
  const shots: [string, string, string][] = [
    ['Requests', '.request-row', 'screenshot-1-requests.png'],
    ['Connections', '.connections-view [role="row"]', 'screenshot-2-connections.png'],
    ['Cache', '.cache-view', 'screenshot-3-cache.png'],
  ];
  for (const [view, ready, file] of shots) {
    await show(view, ready);
    // Two frames, so the view has painted what it laid out.
    await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    // Headless, the panel's frame (another process) sometimes reaches DevTools' picture a few
    // frames late, and the shot is blank below the tab strip. A blank shot compresses to a few kB
    // (a real one is over 50 kB): take it again until it holds the panel.
    let png: Uint8Array = new Uint8Array();
    for (let attempt = 0; attempt < 40 && png.length < 40_000; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 250));
      png = await devtools.screenshot({ clip: { x: 0, y: top, width: 1280, height: 800 } });
    }
    if (png.length < 40_000) throw new Error(`The ${view} view stayed blank in the store screenshot.`);
    await writeFile(join(dir, file), png);
  }
  console.log(`Store screenshots (1280×800) written to ${dir}`);
}

main().then(
  () => undefined,
  (err: unknown) => {
    console.error(err instanceof BrowserNotFoundError ? err.message : err);
    process.exit(1);
  },
);
