// Benchmark: the what-if model (issue 23). Two parts.
// 1. Validation: real Chromium records the fixture what-if page through Netlens's own capture over
//    HTTP/1.1 and HTTP/2, each at round trips of 80 and 160 ms through the delaying loopback proxy
//    (test/server/delay-proxy.ts, in a process of its own), the page with 40 kB images over HTTP/1.1
//    at 8 and 4 Mbit/s (+10 ms each way), and a cold and a warm visit of the page with cacheable
//    images (+40 ms each way), --rounds times; every recording is estimated from the others
//    (test/e2e/whatif-validation.ts) and each estimate's error against the real load is printed,
//    with the worst per scenario. Needs `npm run build` first.
// 2. Speed: analyseWhatIf over the recorded fixtures repeated (bench/lib/scaled-log.ts) at N and
//    10×N requests; a linear or n log n model keeps about the same requests/second at both.
// Run: npx tsx bench/whatif.ts [--rounds 3] [--runs 5] [--copies 200] [--no-browser]
import { startRig } from '../test/e2e/harness.ts';
import { startProxyProcess } from '../test/server/delay-proxy-process.ts';
import { compare, compareMean, comparisonTable, noiseFloor, noiseTable, recordColdWarm, recordLoad, warmUp, type Comparison, type Recording } from '../test/e2e/whatif-validation.ts';
import { NetworkRecorder } from '../src/core/recorder/index.ts';
import { analyseWhatIf, ERROR_BOUND } from '../src/core/whatif/index.ts';
import { scaledLog } from './lib/scaled-log.ts';
import { cpu, median, nproc, time } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const ROUNDS = arg('rounds', 3);
const RUNS = arg('runs', 5);
const COPIES = arg('copies', 200);
const DELAYS = [40, 80];

async function main(): Promise<void> {
  console.log(`# What-if model — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
  console.log(`command: npx tsx bench/whatif.ts ${process.argv.slice(2).join(' ')}`.trim());

  if (!process.argv.includes('--no-browser')) {
    console.log(`\n## Validation: ${ROUNDS} rounds of 8 real loads (HTTP/1.1 and HTTP/2 at +${DELAYS.join(' and +')} ms each way; HTTP/1.1 at 8 and 4 Mbit/s at +10 ms; a cold and a warm visit at +${DELAYS[0]} ms)\n`);
    const rig = await startRig();
    const proxies = await startProxyProcess();
    const all: Comparison[] = [];
    const every: Recording[] = [];
    const rounds: Recording[][] = [];
    try {
      const worker = await rig.worker();
      await warmUp(rig, proxies, 0);
      for (let round = 1; round <= ROUNDS; round++) {
        const recs: Recording[] = [];
        for (const d of DELAYS) for (const p of ['http/1.1', 'h2'] as const) recs.push(await recordLoad(rig, worker, proxies, p, d));
        // The same loads as test/e2e/whatif.test.ts: the bandwidth pair and the cold and warm visit.
        for (const bitsPerSecond of [8e6, 4e6]) recs.push(await recordLoad(rig, worker, proxies, 'http/1.1', 10, { bitsPerSecond, size: 40_000 }));
        const { cold, warm } = await recordColdWarm(rig, worker, proxies, 'http/1.1', DELAYS[0]!);
        recs.push(cold, warm);
        every.push(...recs);
        rounds.push(recs);
        const rows = compare(recs);
        all.push(...rows);
        console.log(`Round ${round}:\n\n${comparisonTable(rows)}\n`);
      }
    } finally {
      await proxies.close();
      await rig.close();
    }
    const noise = noiseFloor(every);
    console.log(`The rig's own noise: how far real loads of one configuration differ across the rounds\n\n${noiseTable(noise)}\n`);
    console.log(`Mean of the ${rounds.length} rounds (what test/e2e/whatif.test.ts checks, with 2 rounds):\n\n${comparisonTable(compareMean(rounds))}\n`);
    console.log(`| scenario | estimates | mean error | worst error | within ±${ERROR_BOUND * 100}% | within ±${ERROR_BOUND * 100}% + the noise |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const id of [...new Set(all.map((c) => c.scenario))]) {
      const rows = all.filter((c) => c.scenario === id);
      const worst = rows.reduce((w, c) => (Math.abs(c.error) > Math.abs(w.error) ? c : w));
      const mean = rows.reduce((s, c) => s + Math.abs(c.error), 0) / rows.length;
      const withNoise = rows.filter((c) => Math.abs(c.error) <= ERROR_BOUND + Math.max(noise.get(c.from) ?? 0, noise.get(c.to) ?? 0)).length;
      console.log(`| ${id} | ${rows.length} | ${(mean * 100).toFixed(1)}% | ${worst.error >= 0 ? '+' : ''}${(worst.error * 100).toFixed(1)}% | ${rows.filter((c) => Math.abs(c.error) <= ERROR_BOUND).length} of ${rows.length} | ${withNoise} of ${rows.length} |`);
    }
  }

  console.log(`\n## Speed: analyseWhatIf (graph, network estimate, baseline and every scenario), median of ${RUNS} runs\n`);
  console.log('| copies | requests | median ms | requests/s |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const copies of [Math.max(1, Math.round(COPIES / 10)), COPIES]) {
    const rec = NetworkRecorder.fromLog(scaledLog(copies));
    const requests = rec.requests();
    // No pages: the whole session is one load, so the model gets every request.
    const ms = median(time(RUNS, () => void analyseWhatIf(requests, [], { allScenarios: true })));
    console.log(`| ${copies} | ${requests.length.toLocaleString('en-US')} | ${ms.toFixed(0)} | ${Math.round((requests.length * 1000) / ms).toLocaleString('en-US')} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
