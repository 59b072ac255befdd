// Benchmark (issue 13): is every stage linear on every shape of traffic? For each shape of
// bench/lib/shape-logs.ts, at N and at 10×N, a fresh node process generates the log once, then
// times each stage, `--runs` times (default 5), and prints the medians:
//   fold (NetworkRecorder.fromLog), pools (analysePools), cache (analyseCache), HAR build (every
//   entry built, with the analyses' verdicts, not serialised), redaction (the default HarRedactor
//   over the built entries, as `netlens convert` does), report (buildReport with the analysis
//   sections, as `netlens explain` does: it runs both analyses again; only with --report).
// Figures are CPU time of the process (user + system, collector threads included), not wall
// time: the machine these run on is shared, and wall time there measures the other jobs. A
// full collection (not timed) runs before each stage, so no stage pays for another's garbage.
// The parent prints one table row per shape with the ratio 10×N / N of each stage (linear ≈ 10).
// Run: npx tsx bench/shapes.ts [--runs 5] [--quick] [--only 3] [--report]
//   --quick: N / 5 and 3 runs, for a look in well under a minute (figures too small to record).
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SHAPES } from './lib/shape-logs.ts';
import { cpu, median, nproc } from './lib/stats.ts';

const STAGES = ['fold', 'pools', 'cache', 'har', 'redact', 'report'] as const;
type Stage = (typeof STAGES)[number];

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

async function child(shapeIndex: number, n: number, runs: number, withReport: boolean): Promise<void> {
  const { NetworkRecorder } = await import('../src/core/recorder/index.ts');
  const { analysePools } = await import('../src/core/analysis/pools/index.ts');
  const { analyseCache } = await import('../src/core/analysis/cache/index.ts');
  const { harEntries } = await import('../src/core/har/build.ts');
  const { analysisVerdicts } = await import('../src/core/har/verdicts.ts');
  const { HarRedactor } = await import('../src/core/redact/redact-har.ts');
  const { buildReport } = await import('../src/core/report/report.ts');
  const { analysisSections } = await import('../src/core/report/sections.ts');
  const shape = SHAPES[shapeIndex]!;
  const times: Record<Stage, number[]> = { fold: [], pools: [], cache: [], har: [], redact: [], report: [] };
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  // CPU time of this process (user + system, all its threads: the collector's too), not wall
  // time: on a machine shared with other jobs, wall time mostly measures the others.
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let requests = 0;
  let events = 0;
  // One warm-up run first (not counted): the optimising compiler's threads count in CPU time.
  for (let run = -1; run < runs; run++) {
    const keep = run >= 0;
    // A fresh log per run, dropped once folded (as convert drops the parsed events), and a full
    // collection before each stage (not timed), so no stage pays for the garbage of another.
    let log: ReturnType<typeof shape.make> | undefined = shape.make(n);
    events = log.length;
    gc();
    let t = cpuNow();
    const lap = (stage: Stage) => {
      const now = cpuNow();
      if (keep) times[stage].push(now - t);
      gc();
      t = cpuNow();
    };
    const rec = NetworkRecorder.fromLog(log);
    rec.connections();
    log = undefined;
    lap('fold');
    const pools = analysePools(rec.requests());
    lap('pools');
    const cache = analyseCache(rec.requests(), rec.pages());
    lap('cache');
    // Built and redacted a batch at a time, as the streaming writer hands them on (never all held).
    const ctx = { creator: { name: 'Netlens', version: 'bench' }, verdicts: analysisVerdicts(rec, { pools, cache }) };
    const redactor = new HarRedactor({});
    const it = harEntries(rec, ctx);
    let build = 0;
    let redact = 0;
    let written = 0;
    for (let done = false; !done; ) {
      const batch: ReturnType<typeof it.next>['value'][] = [];
      const t0 = cpuNow();
      for (let k = 0; k < 1000; k++) {
        const next = it.next();
        if (next.done) {
          done = true;
          break;
        }
        batch.push(next.value);
      }
      const t1 = cpuNow();
      for (const e of batch) redactor.entry(e, written++);
      const t2 = cpuNow();
      build += t1 - t0;
      redact += t2 - t1;
    }
    if (keep) {
      times.har.push(build);
      times.redact.push(redact);
    }
    gc();
    t = cpuNow();
    if (withReport) buildReport(rec, analysisSections);
    lap('report');
    requests = rec.requests().length;
  }
  const out = { events, requests, ms: Object.fromEntries(STAGES.map((s) => [s, median(times[s])])) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

interface Result {
  events: number;
  requests: number;
  ms: Record<Stage, number>;
}

function measure(shapeIndex: number, n: number, runs: number, withReport: boolean): Result {
  const self = fileURLToPath(import.meta.url);
  const text = execFileSync(process.execPath, ['--max-old-space-size=6144', '--expose-gc', '--import', 'tsx', self, '--child', String(shapeIndex), '--n', String(n), '--runs', String(runs), ...(withReport ? ['--report'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(text.trim().split('\n').at(-1)!) as Result;
}

const f = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const runs = arg('runs', quick ? 3 : 5);
  const only = arg('only', -1);
  const scale = quick ? 0.2 : 1;
  const withReport = process.argv.includes('--report');
  const stages = STAGES.filter((s) => withReport || s !== 'report');
  console.log(`# Shapes — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
  console.log(`command: npx tsx bench/shapes.ts${quick ? ' --quick' : ''} --runs ${runs}${only >= 0 ? ` --only ${only}` : ''}${withReport ? ' --report' : ''}`);
  console.log(`each size in a fresh node process; each figure the median of ${runs} runs in that process after one warm-up run, CPU ms (user + system); ratio = 10×N / N (linear ≈ 10)\n`);
  console.log(`| shape | N → 10×N | events at 10×N | ${stages.map((s) => `${s} N / 10×N ms (ratio)`).join(' | ')} | worst ratio |`);
  console.log(`| --- | ---: | ---: | ${stages.map(() => '---:').join(' | ')} | ---: |`);
  let worst = 0;
  for (let i = 0; i < SHAPES.length; i++) {
    if (only >= 0 && i !== only) continue;
    const shape = SHAPES[i]!;
    const n = Math.round(shape.n * scale);
    const small = measure(i, n, runs, withReport);
    const big = measure(i, n * 10, runs, withReport);
    let rowWorst = 0;
    const cells = stages.map((s) => {
      // Stages under 2 ms at 10×N are noise, not growth: shown, but not counted in the worst ratio.
      const ratio = big.ms[s] / Math.max(small.ms[s], 1e-3);
      if (big.ms[s] >= 2) rowWorst = Math.max(rowWorst, ratio);
      return `${f(small.ms[s])} / ${f(big.ms[s])} (${ratio.toFixed(1)})`;
    });
    worst = Math.max(worst, rowWorst);
    console.log(`| ${shape.name} | ${n.toLocaleString('en-US')} → ${(n * 10).toLocaleString('en-US')} ${shape.unit} | ${big.events.toLocaleString('en-US')} | ${cells.join(' | ')} | ${rowWorst.toFixed(1)} |`);
  }
  console.log(`\nworst ratio over all shapes and stages (stages ≥ 2 ms at 10×N): ${worst.toFixed(1)}`);
}

const ci = process.argv.indexOf('--child');
if (ci >= 0) await child(Number(process.argv[ci + 1]), arg('n', 1000), arg('runs', 5), process.argv.includes('--report'));
else await main();
