// Benchmark: the cache analysis (issue 6) over a large session. Run: npx tsx bench/cache-analysis.ts [--runs 5] [--copies 390]
//
// The session is the recorded fixtures (bench/lib/scaled-log.ts) plus the cache-rules fixture,
// repeated with re-keyed ids and shifted times, folded once by NetworkRecorder; the analysis is
// timed alone at a tenth of the size and at full size. A linear analysis keeps the same
// requests/second at both sizes. URLs are not re-keyed, so every copy loads the same URLs again:
// the per-URL history the analysis keeps is exercised at its worst.
import { readFileSync } from 'node:fs';
import type { CdpEvent } from '../src/core/cdp.ts';
import { NetworkRecorder } from '../src/core/recorder/index.ts';
import { analyseCache } from '../src/core/analysis/cache/index.ts';
import { base, rekey } from './lib/scaled-log.ts';
import { cpu, median, nproc, time } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const RUNS = arg('runs', 5);
const COPIES = arg('copies', 390);
const cacheRules = JSON.parse(readFileSync(new URL('../test/fixtures/cache-rules.cdp.json', import.meta.url), 'utf8')) as CdpEvent[];
const one = [...base, ...cacheRules];

function log(copies: number): CdpEvent[] {
  const out: CdpEvent[] = [];
  for (let k = 0; k < copies; k++) {
    for (const e of one) out.push(e.sessionId ? { method: e.method, params: rekey(e.params, k, k * 30), sessionId: `${e.sessionId}~${k}` } : { method: e.method, params: rekey(e.params, k, k * 30) });
  }
  return out;
}

console.log(`# Cache analysis — ${new Date().toISOString()}`);
console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
console.log(`command: npx tsx bench/cache-analysis.ts --runs ${RUNS} --copies ${COPIES}; median of ${RUNS} runs after one warm-up\n`);
console.log('| analysis | requests | median ms | requests/s | min–max ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const copies of [Math.max(1, Math.round(COPIES / 10)), COPIES]) {
  const rec = NetworkRecorder.fromLog(log(copies));
  const requests = rec.requests();
  const pages = rec.pages();
  let rows = 0;
  const ms = time(RUNS, () => {
    rows = analyseCache(requests, pages).rows.length;
  });
  const med = median(ms);
  console.log(`| analyseCache, ${copies} copies (${rows.toLocaleString('en-US')} URL rows) | ${requests.length.toLocaleString('en-US')} | ${med.toFixed(1)} | ${Math.round(requests.length / (med / 1000)).toLocaleString('en-US')} | ${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)} |`);
}
