// `npm start`: the fixture server, Chromium with Netlens loaded, the demo page, and DevTools open
// on the Netlens panel. With a display it stays open until you close the browser (or Ctrl-C).
// Headless (--headless, or no display) it writes a screenshot and a summary to out/ and exits.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchWithExtension } from '../src/cli/launch.ts';
import { BrowserNotFoundError } from '../src/cli/find-browser.ts';
import { startFixtureServer } from '../test/server/fixture-server.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'out');
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = process.argv.includes('--headless') || !hasDisplay;

async function main(): Promise<void> {
  const server = await startFixtureServer();
  const run = `demo-${Date.now().toString(36)}`;
  const demoUrl = server.urls.http('a.test', `/demo?run=${run}`);
  let launched;
  try {
    launched = await launchWithExtension({ extensionDir: join(root, 'dist'), headless, args: server.chromiumArgs });
  } catch (err) {
    await server.close();
    throw err;
  }
  const { browser, extensionId } = launched;
  await launched.serviceWorker();
  const [first] = await browser.pages();
  const page = first ?? (await browser.newPage());
  await page.goto(server.urls.http('a.test', `/?run=${run}`));
  const devtools = await page.openDevTools();
  const tab = await devtools.waitForSelector('pierce/[role="tab"][aria-label="Netlens"]', { timeout: 30_000 });
  await tab?.click();
  await page.goto(demoUrl, { waitUntil: 'load' });

  if (!headless) {
    console.log(`Netlens is loaded (extension id ${extensionId}); DevTools is open on the demo page:\n  ${demoUrl}`);
    console.log(`Fixture server index: ${server.urls.http('a.test', `/?run=${run}`)}`);
    console.log('Close the browser window or press Ctrl-C to stop.');
    const stop = async () => {
      await launched.close();
      await server.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    browser.on('disconnected', () => void server.close().then(() => process.exit(0)));
    return;
  }

  await mkdir(outDir, { recursive: true });
  const shot = join(outDir, 'netlens-panel.png');
  await devtools.screenshot({ path: shot, captureBeyondViewport: false });
  const seen = server.log.requestsMatching(run);
  const sockets = server.log.socketsOf(seen);
  const summary = [
    `Netlens demo (headless), ${new Date().toISOString()}`,
    `Demo page: ${demoUrl}`,
    `The fixture server answered ${seen.length} requests on ${sockets.length} sockets.`,
    `Screenshot of DevTools with the Netlens panel: ${shot}`,
  ].join('\n');
  await writeFile(join(outDir, 'summary.txt'), summary + '\n');
  console.log(summary);
  console.log(`Output written to ${outDir}`);
  await launched.close();
  await server.close();
}

main().catch((err: unknown) => {
  if (err instanceof BrowserNotFoundError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
