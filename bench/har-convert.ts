// Benchmark (issues 7 and 13): a CDP log to a HAR file, against the floor.
//   - the floor: a node process that only reads the file and JSON.parses it;
//   - netlens convert (the built CLI, a separate node process, end to end: read, parse, fold,
//     analyses, build, redact, write), with and without redaction, and its peak memory;
//   - the same convert stage by stage (bench/lib/convert-stages.ts, a fresh process per run), each
//     stage against its budget, a share of the floor: the whole must stay within 2× the floor;
//   - chrome-har (read + JSON.parse + harFromMessages + write), only with --chrome-har (it is
//     quadratic on these logs: 45 s at 1×, hours at 10×).
// Two logs per size: the fixtures repeated with connection ids moved per copy ("distinct"), and
// with connection ids kept ("repeat"), as a real long session has them: its sockets outlive page
// loads, so the same ids come back across pages.
// Each process reports its own CPU time and peak RSS (process.resourceUsage() at exit): on a
// machine shared with other jobs the wall time mostly measures the others, so both are shown.
// Run: npm run build:cli && npx tsx bench/har-convert.ts [--runs 5] [--copies 121] [--big 0|10] [--chrome-har]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { scaledLog } from './lib/scaled-log.ts';
import { cpu, median, nproc } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const RUNS = arg('runs', 5);
const COPIES = arg('copies', 121);
const BIG = arg('big', 0);
const CHROME_HAR = process.argv.includes('--chrome-har');

/** Budgets per stage, as shares of the floor (read + JSON.parse); they add up to 2×. */
// convert folds a one-event-per-line log while reading it, so read, parse and fold are one stage (1.1× + 0.3×).
const BUDGET: Record<string, number> = { 'read + parse + fold': 1.4, analyses: 0.25, 'HAR build': 0.15, redaction: 0.1, write: 0.1 };

const dir = mkdtempSync(join(tmpdir(), 'netlens-bench-'));
const root = new URL('..', import.meta.url).pathname;

/** Writes a log as a JSON array, one event per line, without one giant string. */
async function writeLog(path: string, copies: number, repeatConnections: boolean): Promise<number> {
  const stream = createWriteStream(path);
  let events = 0;
  stream.write('[\n');
  for (let k = 0; k < copies; k += 10) {
    // Copies k … k+9: ids and times move on from block to block (connection ids too, unless kept).
    const part = scaledLog(Math.min(10, copies - k), k, { repeatConnections }).map((e) => JSON.stringify(e));
    const text = (events === 0 ? '' : ',\n') + part.join(',\n');
    events += part.length;
    if (!stream.write(text)) await once(stream, 'drain');
  }
  stream.end('\n]\n');
  await once(stream, 'finish');
  return events;
}

const FLOOR = `const fs = require('node:fs'); const t = fs.readFileSync(process.argv[1], 'utf8'); const j = JSON.parse(t); if (!j.length) process.exit(3);`;
// A file over 400 MB is too big for one string (V8 strings stop near 512 MB): there the floor
// reads it line by line (one event per line) and parses each event, the least any reader must do.
const FLOOR_STREAMED = `
const rl = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[1], { highWaterMark: 4 << 20 }) });
let n = 0;
rl.on('line', (line) => { const t = line.endsWith(',') ? line.slice(0, -1) : line; if (t !== '[' && t !== ']' && t) { JSON.parse(t); n++; } });
rl.on('close', () => { if (!n) process.exit(3); });`;
const CHROME_HAR_SCRIPT = `
const fs = require('node:fs');
const { harFromMessages } = require(${JSON.stringify(join(root, 'node_modules/chrome-har'))});
const log = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
fs.writeFileSync(process.argv[2], JSON.stringify(harFromMessages(log, {})));`;
/** Loaded first in every measured process: reports its CPU time and peak RSS on exit. */
const REPORT = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\n@usage '+JSON.stringify({cpu:(u.userCPUTime+u.systemCPUTime)/1000,rss:u.maxRSS/1024})+'\\n')})`;

interface Run {
  wall: number;
  cpu: number;
  rssMB: number;
}

function run(cmd: string[]): Run {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', REPORT, ...cmd], { stdio: ['ignore', 'ignore', 'pipe'], cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = performance.now() - t0;
  if (child.status !== 0) throw new Error(`${cmd.join(' ')} failed (${child.status}): ${child.stderr}`);
  const line = child.stderr.split('\n').reverse().find((l) => l.startsWith('@usage '));
  const u = JSON.parse(line!.slice(7)) as { cpu: number; rss: number };
  return { wall, cpu: u.cpu, rssMB: u.rss };
}

function measure(label: string, cmd: string[], runs: number): Run {
  const rs: Run[] = [];
  for (let i = 0; i < runs; i++) rs.push(run(cmd));
  process.stderr.write(`${label}: wall ${rs.map((r) => r.wall.toFixed(0)).join(', ')} ms; cpu ${rs.map((r) => r.cpu.toFixed(0)).join(', ')} ms\n`);
  return { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMB: Math.max(...rs.map((r) => r.rssMB)) };
}

interface Stages {
  ms: Record<string, number>;
  cpu: Record<string, number>;
  gc: number;
  /** Collector ms by the stage that was running when each collection started. */
  gcByStage?: Record<string, number>;
  maxRssMB: number;
}

function stages(log: string, runs: number, streamed: boolean): Stages[] {
  const out: Stages[] = [];
  for (let i = 0; i < runs; i++) {
    const text = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'bench/lib/convert-stages.ts', log, join(dir, 'stages.har'), ...(streamed ? ['streamed'] : [])], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    out.push(JSON.parse(text.trim().split('\n').at(-1)!) as Stages);
  }
  return out;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  console.log(`# HAR convert — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
  console.log(`command: npx tsx bench/har-convert.ts --runs ${RUNS} --copies ${COPIES} --big ${BIG}${CHROME_HAR ? ' --chrome-har' : ''}`);
  console.log(`each figure: a fresh node process per run, median of ${RUNS} runs (wall and CPU = user + system of that process); peak RSS = the largest of the runs\n`);
  const sizes: [string, number][] = [['1x', COPIES]];
  if (BIG > 1) sizes.push([`${BIG}x`, COPIES * BIG]);
  const endToEnd: string[] = [];
  const stageRows: string[] = [];
  for (const [size, copies] of sizes) {
    for (const repeat of [false, true]) {
      const label = `${size} ${repeat ? 'repeat' : 'distinct'}`;
      const log = join(dir, `log-${size}-${repeat ? 'repeat' : 'distinct'}.json`);
      const events = await writeLog(log, copies, repeat);
      const bytes = statSync(log).size;
      const mb = bytes / 1e6;
      const runs = size === '1x' ? RUNS : Math.max(3, Math.ceil(RUNS / 2));
      const streamed = bytes > 400_000_000;
      const floor = measure(`${label} floor`, ['-e', streamed ? FLOOR_STREAMED : FLOOR, log], runs);
      const ours = measure(`${label} netlens`, ['build/cli/netlens.js', 'convert', log, '-o', join(dir, 'ours.har')], runs);
      const plain = measure(`${label} netlens --no-redact`, ['build/cli/netlens.js', 'convert', log, '-o', join(dir, 'plain.har'), '--no-redact'], runs);
      let theirs: Run | undefined;
      if (CHROME_HAR && !streamed) theirs = measure(`${label} chrome-har`, ['-e', CHROME_HAR_SCRIPT, log, join(dir, 'theirs.har')], Math.min(runs, 3));
      endToEnd.push(
        `| ${label} | ${events.toLocaleString('en-US')} | ${mb.toFixed(0)} MB | ${s(floor.wall)} / ${s(floor.cpu)}${streamed ? ' (line by line)' : ''} | ${s(ours.wall)} / ${s(ours.cpu)} | ${s(plain.wall)} / ${s(plain.cpu)} | ${(ours.wall / floor.wall).toFixed(2)}× / ${(ours.cpu / floor.cpu).toFixed(2)}× | ${ours.rssMB.toFixed(0)} MB = ${(ours.rssMB / mb).toFixed(1)}× the file (floor ${floor.rssMB.toFixed(0)} MB) | ${theirs === undefined ? 'not run' : `${s(theirs.wall)}`} |`,
      );
      // The stages as the CLI runs them: these logs are one event per line, so folded while read.
      const st = stages(log, runs, true);
      const med = (pick: (x: Stages) => number) => median(st.map(pick));
      const cell = (wall: number, cpuMs: number, budget: number | undefined) => {
        const share = cpuMs / floor.cpu;
        return `${wall.toFixed(0)} / ${cpuMs.toFixed(0)} (${share.toFixed(2)}×${budget === undefined ? '' : ` of ${budget}×${share <= budget ? ' ✓' : ' ✗'}`})`;
      };
      const wallOf = (k: string[]) => med((x) => k.reduce((a, key) => a + (x.ms[key] ?? 0), 0));
      const cpuOf = (k: string[]) => med((x) => k.reduce((a, key) => a + (x.cpu[key] ?? 0), 0));
      const groups: [string, string[]][] = [['read + parse + fold', ['read', 'parse', 'fold']], ['analyses', ['analyses']], ['HAR build', ['build']], ['redaction', ['redact']], ['write', ['write']]];
      const all = ['read', 'parse', 'fold', 'analyses', 'build', 'redact', 'write'];
      stageRows.push(
        `| ${label} | ${floor.wall.toFixed(0)} / ${floor.cpu.toFixed(0)} | ${groups.map(([name, keys]) => cell(wallOf(keys), cpuOf(keys), BUDGET[name])).join(' | ')} | ${cell(wallOf(all), cpuOf(all), 2)} | ${med((x) => x.gc).toFixed(0)} (${groups.map(([name, keys]) => `${name} ${med((x) => keys.reduce((a, key) => a + (x.gcByStage?.[key] ?? 0), 0)).toFixed(0)}`).join(', ')}) | ${med((x) => x.maxRssMB).toFixed(0)} MB |`,
      );
      rmSync(log);
    }
  }
  console.log('## End to end\n');
  console.log('| log | events | file | floor: read + JSON.parse (wall / CPU) | netlens convert, redacted (wall / CPU) | convert --no-redact (wall / CPU) | convert / floor (wall / CPU) | convert peak RSS | chrome-har |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of endToEnd) console.log(r);
  console.log('\n## Stage by stage (ms, wall / CPU; in brackets the CPU as a share of the floor\'s CPU, against its budget)\n');
  console.log(`| log | floor | ${Object.keys(BUDGET).join(' | ')} | whole | GC ms (by stage) | peak RSS |`);
  console.log(`| --- | ---: | ${Object.keys(BUDGET).map(() => '---:').join(' | ')} | ---: | ---: | ---: |`);
  for (const r of stageRows) console.log(r);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
