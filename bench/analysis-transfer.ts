// Benchmark: what the panel's main thread pays to receive an analysis from the analysis worker,
// on the 100,800-request session of bench/panel-open.ts (the fixtures × 600, re-keyed). For each
// plain result: structuredClone (what postMessage does: serialise in the worker, deserialise in
// the panel; the panel's share is the deserialising half, so this is an upper bound), and the
// work the panel then does on it (indexPools, the Connections layout). The analyses themselves
// run in the worker and are timed for reference. Median of --runs after one warm-up.
// Run: npx tsx bench/analysis-transfer.ts [--copies 600] [--runs 5]
import { NetworkRecorder } from '../src/core/recorder/index.ts';
import { analysePoolData, indexPools } from '../src/core/analysis/pools/index.ts';
import { analyseCacheData } from '../src/core/analysis/cache/index.ts';
import { buildLayout } from '../panel/store/pools.ts';
import { scaledLog } from './lib/scaled-log.ts';
import { cpu, median, nproc } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const COPIES = arg('copies', 600);
const RUNS = arg('runs', 5);

const rec = NetworkRecorder.fromLog(scaledLog(COPIES));
const requests = rec.requests();
const timed = <T>(f: () => T): { ms: number[]; value: T } => {
  let value = f();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = f();
    ms.push(performance.now() - t);
  }
  return { ms, value };
};

const pools = timed(() => analysePoolData(requests));
const cache = timed(() => analyseCacheData(requests, rec.pages()));
const poolsClone = timed(() => structuredClone(pools.value));
const cacheClone = timed(() => structuredClone(cache.value));
const index = timed(() => indexPools(poolsClone.value));
const layout = timed(() => buildLayout(index.value, new Set()));

console.log(`# Receiving an analysis from the worker — ${new Date().toISOString()}`);
console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
console.log(`command: npx tsx bench/analysis-transfer.ts --copies ${COPIES} --runs ${RUNS}; ${requests.length.toLocaleString('en-US')} requests; median of ${RUNS} after one warm-up\n`);
console.log('| step | where | median ms | min–max ms |');
console.log('| --- | --- | ---: | ---: |');
const line = (label: string, where: string, ms: number[]) => console.log(`| ${label} | ${where} | ${median(ms).toFixed(1)} | ${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)} |`);
line('analysePoolData', 'worker', pools.ms);
line('analyseCacheData', 'worker', cache.ms);
line('structuredClone of the pool data (postMessage, both halves)', 'worker + panel', poolsClone.ms);
line('structuredClone of the cache data (postMessage, both halves)', 'worker + panel', cacheClone.ms);
line('indexPools over the received data', 'panel', index.ms);
line('Connections layout (buildLayout)', 'panel', layout.ms);
