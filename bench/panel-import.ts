// Benchmark: import a 200 MB CDP log through the real panel's file picker (headless Chromium,
// DevTools open). Measured in the panel frame: time until the import finishes and the session
// is open, and the longest gap between animation frames while it runs (how long the panel was
// frozen). The peer, in the same run: JSON.parse of the same file on a page's main thread — what
// the panel would freeze for if it parsed files itself.
// Run: npm run build && npx tsx bench/panel-import.ts [--mb 200]
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { openNetlensPanel, startRig, waitFor } from '../test/e2e/harness.ts';
import { scaledLog } from './lib/scaled-log.ts';
import { cpu, nproc } from './lib/stats.ts';

const mbArg = process.argv.indexOf('--mb');
const TARGET_MB = mbArg >= 0 ? Number(process.argv[mbArg + 1]) : 200;

const dir = await mkdtemp(join(tmpdir(), 'netlens-import-'));
const path = join(dir, 'big.cdp.json');
const stream = createWriteStream(path);
stream.write('[\n');
let bytes = 0;
let events = 0;
for (let block = 0; bytes < TARGET_MB * 1e6; block++) {
  const text = scaledLog(10, block * 10).map((e) => JSON.stringify(e)).join(',\n');
  const chunk = (events === 0 ? '' : ',\n') + text;
  bytes += chunk.length;
  events += text.split('\n').length;
  if (!stream.write(chunk)) await once(stream, 'drain');
}
stream.end('\n]\n');
await once(stream, 'finish');
const size = (await stat(path)).size;

const rig = await startRig();
try {
  const page = await rig.newPage();
  await page.goto(rig.server.urls.http('a.test', '/?run=import-bench'));
  const { panel } = await openNetlensPanel(page, rig.extensionId);
  await panel.evaluate('globalThis.__name = (f) => f');
  await (await panel.waitForSelector('::-p-xpath(//nav[@aria-label="Views"]/button[normalize-space()="Sessions"])'))!.click();
  // Watch frames: the longest gap between two frames while the import runs.
  await panel.evaluate(() => {
    const w = window as unknown as { maxGap: number; last: number; watching: boolean };
    w.maxGap = 0;
    w.last = performance.now();
    w.watching = true;
    const tick = (t: number) => {
      w.maxGap = Math.max(w.maxGap, t - w.last);
      w.last = t;
      if (w.watching) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const input = (await panel.waitForSelector('input[type="file"]')) as ElementHandle<HTMLInputElement>;
  const t0 = Date.now();
  await input.uploadFile(path);
  await waitFor('the import to finish', () => panel.evaluate(() => /Imported big\.cdp\.json/.test(document.querySelector('.status-bar')?.textContent ?? '')), 600_000, 100);
  const imported = Date.now() - t0;
  await waitFor('the session to be replayed', () => panel.evaluate(() => !document.querySelector('.progress') && document.querySelectorAll('.request-row').length > 0), 600_000, 100);
  const opened = Date.now() - t0;
  const maxGap = await panel.evaluate(() => {
    const w = window as unknown as { maxGap: number; watching: boolean };
    w.watching = false;
    return w.maxGap;
  });
  process.stderr.write(`imported in ${imported} ms, opened in ${opened} ms, longest frame gap ${maxGap.toFixed(0)} ms\n`);
  // The peer: parsing the same text on a page's main thread (a blank tab reads the same file).
  const blank = await rig.newPage();
  await blank.setContent('<input type="file">');
  const fileInput = (await blank.$('input')) as ElementHandle<HTMLInputElement>;
  await fileInput.uploadFile(path);
  const parseMs = await blank.evaluate(async () => {
    const text = await document.querySelector('input')!.files![0]!.text();
    const t = performance.now();
    JSON.parse(text);
    return performance.now() - t;
  });
  await blank.close();
  console.log(`# Panel: import a ${(size / 1e6).toFixed(0)} MB CDP log — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}, ${await rig.browser.version()}`);
  console.log(`command: npx tsx bench/panel-import.ts --mb ${TARGET_MB}`);
  console.log(`file: ${events.toLocaleString('en-US')} events, ${(size / 1e6).toFixed(0)} MB\n`);
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| file chosen → import stored (worker: read, parse, store) | ${(imported / 1000).toFixed(1)} s |`);
  console.log(`| file chosen → session open in the Requests view | ${(opened / 1000).toFixed(1)} s |`);
  console.log(`| longest frame gap in the panel during all of it | ${maxGap.toFixed(0)} ms |`);
  console.log(`| peer: JSON.parse of the same text on a page's main thread | ${parseMs.toFixed(0)} ms frozen |`);
} finally {
  await rig.close();
  await rm(dir, { recursive: true, force: true });
}
