// Soak (not part of npm test): a fixture page issuing a request every 50 ms and receiving a
// WebSocket frame every 20 ms, recorded live through the panel's own Record button with the panel
// open on the Cache view. Every minute (and at the start): the JS heap of the panel, its workers
// and the service worker after a collection (bench/lib/heaps.ts), the events stored, the
// requests the server answered and the requests the panel lists.
// Run: npm run build && npx tsx bench/soak.ts [--minutes 10] [--every-seconds 60]
import { control, openNetlensPanel, startRig, tabIdOf } from '../test/e2e/harness.ts';
import type { ControlResponse } from '../src/adapters/messaging.ts';
import { heaps, panelTotal, type HeapFigures } from './lib/heaps.ts';
import { cpu, nproc } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const MINUTES = arg('minutes', 10);
const EVERY_S = arg('every-seconds', 60);

const rig = await startRig();
try {
  const worker = await rig.worker();
  const page = await rig.newPage();
  const tabId = await tabIdOf(page, worker);
  const { panel } = await openNetlensPanel(page, rig.extensionId);
  await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
  await panel.waitForSelector('button[aria-label="Stop recording"]');
  const run = rig.newRun('soak');
  await page.goto(rig.server.urls.http('a.test', `/soak-page?run=${run}&every=50&frameEvery=20`), { waitUntil: 'load' });
  await (await panel.waitForSelector('::-p-xpath(//nav[@aria-label="Views"]//button[normalize-space()="Cache"])'))!.click();

  const rows: { minute: number; events: number; requests: number; listed: string; frames: number; h: HeapFigures }[] = [];
  const sample = async (minute: number) => {
    const st = (await control(worker, { type: 'status' })) as Extract<ControlResponse, { type: 'status' }>;
    const rec = st.recordings.find((r) => r.session.tabId === tabId);
    const listed = await panel.evaluate(() => document.querySelector('.filter-bar .count')?.textContent ?? document.querySelector('.cache-view')?.textContent?.slice(0, 60) ?? '');
    const flood = rig.server.log.floods.find((f) => f.run === run);
    rows.push({ minute, events: rec ? rec.session.eventCount + rec.pending : 0, requests: rig.server.log.requestsMatching(run).length, listed, frames: flood?.sent ?? 0, h: await heaps(rig.browser, rig.extensionId) });
    const last = rows[rows.length - 1]!;
    console.error(`minute ${minute.toFixed(1)}: ${last.events} events, ${last.requests} requests, ${Object.entries(last.h).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ')}`);
  };
  const t0 = Date.now();
  await sample(0);
  for (let k = 1; k * EVERY_S <= MINUTES * 60; k++) {
    const due = t0 + k * EVERY_S * 1000;
    while (Date.now() < due) await new Promise((r) => setTimeout(r, Math.min(1000, due - Date.now())));
    await sample((Date.now() - t0) / 60_000);
  }

  const names = [...new Set(rows.flatMap((r) => Object.keys(r.h)))].sort();
  console.log(`# Soak: live recording with the panel open on the Cache view — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}, ${await rig.browser.version()}`);
  console.log(`command: npx tsx bench/soak.ts --minutes ${MINUTES}${EVERY_S !== 60 ? ` --every-seconds ${EVERY_S}` : ''}; the page fetches every 50 ms and gets a WebSocket frame every 20 ms\n`);
  console.log(`| minute | events stored | requests (server) | frames (server) | ${names.join(' | ')} | panel + workers |`);
  console.log(`| ---: | ---: | ---: | ---: |${names.map(() => ' ---: |').join('')} ---: |`);
  for (const r of rows)
    console.log(`| ${r.minute.toFixed(1)} | ${r.events.toLocaleString('en-US')} | ${r.requests.toLocaleString('en-US')} | ${r.frames.toLocaleString('en-US')} | ${names.map((n) => (r.h[n] === undefined ? '–' : `${r.h[n]!.toFixed(1)} MB`)).join(' | ')} | ${panelTotal(r.h).toFixed(1)} MB |`);
} finally {
  await rig.close();
}
