// Benchmark: the JS heap of the panel and its workers (and the service worker) with the stored
// 100,800-request session open and every view opened once, in real Chromium. Each context is
// measured in its own target after a garbage collection (bench/lib/heaps.ts).
// Run: npm run build && npx tsx bench/memory.ts [--copies 600] [--dist DIR] (another build, for a comparison)
import { openNetlensPanel, startRig, tabIdOf } from '../test/e2e/harness.ts';
import { buildStoredSession } from './lib/stored-session.ts';
import { heaps, panelTotal, type HeapFigures } from './lib/heaps.ts';
import { cpu, nproc } from './lib/stats.ts';

const i = process.argv.indexOf('--copies');
const COPIES = i >= 0 ? Number(process.argv[i + 1]) : 600;
const d = process.argv.indexOf('--dist');
const DIST_DIR = d >= 0 ? process.argv[d + 1] : undefined;

const rig = await startRig(DIST_DIR ? { extensionDir: DIST_DIR } : {});
try {
  const worker = await rig.worker();
  const sessionId = `mem-${Date.now().toString(36)}`;
  const events = await buildStoredSession(worker, sessionId, COPIES, 5000);
  const page = await rig.newPage();
  await page.goto(rig.server.urls.http('a.test', '/?run=memory'));
  await tabIdOf(page, worker);
  const { panel } = await openNetlensPanel(page, rig.extensionId);
  await panel.evaluate('globalThis.__name = (f) => f');
  const steps: [string, HeapFigures][] = [];
  steps.push(['panel open, no session', await heaps(rig.browser, rig.extensionId)]);

  const tab = async (name: string) => {
    const b = await panel.waitForSelector(`::-p-xpath(//nav[@aria-label="Views"]//button[normalize-space()="${name}"] | //button[@role="tab"][normalize-space()="${name}"])`);
    await b!.click();
  };
  await tab('Sessions');
  await panel.waitForSelector(`tr[data-session-id="${sessionId}"]`);
  const t0 = Date.now();
  await panel.evaluate((id: string) => [...document.querySelectorAll<HTMLButtonElement>(`tr[data-session-id="${id}"] button`)].find((b) => b.textContent === 'Open')!.click(), sessionId);
  await panel.waitForFunction(() => !document.querySelector('.progress') && document.querySelectorAll('.request-row').length > 0, { timeout: 600_000, polling: 200 });
  const openS = (Date.now() - t0) / 1000;
  steps.push(['session replayed (Requests view)', await heaps(rig.browser, rig.extensionId)]);
  await tab('Connections');
  await panel.waitForFunction(() => document.querySelectorAll('.connections-view .lane, .connections-view [role="row"]').length > 0, { timeout: 600_000, polling: 200 });
  await tab('Cache');
  await panel.waitForFunction(() => document.querySelectorAll('.cache-view [role="row"], .cache-view tr').length > 1, { timeout: 600_000, polling: 200 });
  await tab('Requests');
  await panel.waitForSelector('.request-row');
  await panel.click('.request-row');
  await panel.waitForSelector('.request-row.selected');
  steps.push(['every view opened once, a request selected', await heaps(rig.browser, rig.extensionId)]);

  const names = [...new Set(steps.flatMap(([, h]) => Object.keys(h)))].sort();
  console.log(`# Memory: the panel on a stored ${events.toLocaleString('en-US')}-event session — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}, ${await rig.browser.version()}`);
  console.log(`command: npx tsx bench/memory.ts --copies ${COPIES}${DIST_DIR ? ` --dist ${DIST_DIR}` : ''}; replay took ${openS.toFixed(1)} s\n`);
  console.log(`| step | ${names.join(' | ')} | panel + workers |`);
  console.log(`| --- |${names.map(() => ' ---: |').join('')} ---: |`);
  for (const [label, h] of steps) console.log(`| ${label} | ${names.map((n) => (h[n] === undefined ? '–' : `${h[n]!.toFixed(0)} MB`)).join(' | ')} | ${panelTotal(h).toFixed(0)} MB |`);
} finally {
  await rig.close();
}
