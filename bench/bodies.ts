// Benchmark (issue 19): what recording response bodies costs a page load. The fixture server's
// /bodies-many page (300 requests: 150 images of 2 KB, 149 JSON fetches of 4 KB and the page)
// is recorded through the control API with bodies off (the peer) and on, alternating, in the
// same browser and the same run. Figures per load: the page's own load time (navigation start to
// every request finished, measured in the page), the load event, the time Stop took (it waits for
// the bodies still being fetched), the bodies stored and what the session takes in storage.
// Run: npm run build && npx tsx bench/bodies.ts [--runs 5] [--n 300]
import { control, startRig, tabIdOf } from '../test/e2e/harness.ts';
import type { ControlResponse } from '../src/adapters/messaging.ts';
import { cpu, median, nproc } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const RUNS = arg('runs', 5);
const N = arg('n', 300);

type Started = Extract<ControlResponse, { type: 'start' }>;
type Stopped = Extract<ControlResponse, { type: 'stop' }>;
interface Load {
  done: number;
  load: number;
  stop: number;
  bodies: number;
  skipped: number;
  storedBytes: number;
  requests: number;
}

const rig = await startRig();
try {
  const worker = await rig.worker();
  const loads: Record<'off' | 'on', Load[]> = { off: [], on: [] };
  const once = async (mode: 'off' | 'on'): Promise<Load> => {
    const page = await rig.newPage();
    const tabId = await tabIdOf(page, worker);
    const started = await control<Started>(worker, { type: 'start', tabId, ...(mode === 'on' ? { options: { bodies: true } } : {}) });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const run = rig.newRun(`bodies-${mode}`);
    await page.goto(rig.server.urls.http('a.test', `/bodies-many?run=${run}&n=${N}`), { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(() => document.getElementById('out')?.textContent === 'many done', { timeout: 120_000 });
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { done: performance.now(), load: nav.loadEventEnd };
    });
    const t0 = Date.now();
    const stopped = await control<Stopped>(worker, { type: 'stop', sessionId: started.session.id });
    const stop = Date.now() - t0;
    if (!stopped.ok) throw new Error(JSON.stringify(stopped));
    // The row as stored: the storage adapter keeps storedBytes (events and bodies).
    const row = (await worker.evaluate((id) => (globalThis as unknown as { netlensStore: { get(id: string): Promise<{ storedBytes?: number }> } }).netlensStore.get(id), started.session.id)) as { storedBytes?: number };
    const rows = (await worker.evaluate((id) => (globalThis as unknown as { netlensStore: { bodies(id: string): Promise<{ body?: string }[]> } }).netlensStore.bodies(id), started.session.id)) as { body?: string }[];
    await page.close();
    return {
      ...timing,
      stop,
      bodies: rows.filter((r) => r.body !== undefined).length,
      skipped: rows.filter((r) => r.body === undefined).length,
      storedBytes: row.storedBytes ?? 0,
      requests: rig.server.log.requestsMatching(run).length,
    };
  };
  await once('off'); // warm-up: the first load of a fresh browser pays for its start
  for (let i = 0; i < RUNS; i++) {
    for (const mode of i % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      const l = await once(mode);
      loads[mode].push(l);
      console.error(`${mode}: ${l.done.toFixed(0)} ms to all ${l.requests} requests, load ${l.load.toFixed(0)} ms, stop ${l.stop} ms, ${l.bodies} bodies`);
    }
  }
  const med = (mode: 'off' | 'on', k: keyof Load) => median(loads[mode].map((l) => l[k]));
  const range = (mode: 'off' | 'on', k: keyof Load) => `${Math.min(...loads[mode].map((l) => l[k])).toFixed(0)}–${Math.max(...loads[mode].map((l) => l[k])).toFixed(0)}`;
  console.log(`## Response bodies: page load with bodies on against off (issue 19) — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}, ${await rig.browser.version()}`);
  console.log(`command: npx tsx bench/bodies.ts --runs ${RUNS} --n ${N}; /bodies-many (${N} requests), ${RUNS} loads each way, alternating, after one warm-up load; medians (min–max)\n`);
  console.log('| | bodies off (peer) | bodies on | on / off |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [label, k] of [['every request finished (ms)', 'done'], ['load event (ms)', 'load'], ['Stop (ms)', 'stop']] as const)
    console.log(`| ${label} | ${med('off', k).toFixed(0)} (${range('off', k)}) | ${med('on', k).toFixed(0)} (${range('on', k)}) | ${(med('on', k) / Math.max(1, med('off', k))).toFixed(2)} |`);
  console.log(`| bodies stored / skipped | 0 / 0 | ${med('on', 'bodies')} / ${med('on', 'skipped')} | |`);
  console.log(`| session in storage (bytes) | ${med('off', 'storedBytes').toLocaleString('en-US')} | ${med('on', 'storedBytes').toLocaleString('en-US')} | ${(med('on', 'storedBytes') / Math.max(1, med('off', 'storedBytes'))).toFixed(2)} |`);
  console.log(`| requests at the server | ${med('off', 'requests')} | ${med('on', 'requests')} | |`);
} finally {
  await rig.close();
}
