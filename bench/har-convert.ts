// Benchmark (issue 7): a CDP log to a HAR file, equal work, in the same run:
//   - netlens convert (the built CLI, a separate node process, end to end: read, parse, fold,
//     build, redact, write);
//   - chrome-har: read + JSON.parse + harFromMessages + JSON.stringify + write the file, in a
//     separate node process too;
//   - the floor: a node process that only reads the file and JSON.parses it.
// Medians of several runs, at 1x (≥ 150,000 events) and 10x; chrome-har only where it finishes
// in reasonable time (it is quadratic on these logs: at 10x it would take hours).
// Run: npm run build && npx tsx bench/har-convert.ts [--runs 5] [--copies 121] [--big 10]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
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
const BIG = arg('big', 10);
const CHROME_HAR_MAX_EVENTS = arg('chrome-har-max', 200_000);

const dir = mkdtempSync(join(tmpdir(), 'netlens-bench-'));
const root = new URL('..', import.meta.url).pathname;

/** Writes a log as a JSON array, one event per line, without one giant string. */
async function writeLog(path: string, copies: number): Promise<number> {
  const stream = createWriteStream(path);
  let events = 0;
  // Build and write a copy at a time so memory stays bounded at 10x.
  stream.write('[\n');
  for (let k = 0; k < copies; k += 10) {
    // Copies k … k+9: ids, times and connection ids all move on from block to block.
    const part = scaledLog(Math.min(10, copies - k), k).map((e) => JSON.stringify(e));
    const text = (events === 0 ? '' : ',\n') + part.join(',\n');
    events += part.length;
    if (!stream.write(text)) await once(stream, 'drain');
  }
  stream.end('\n]\n');
  await once(stream, 'finish');
  return events;
}

// The floor: read the file and JSON.parse it. A 10x file is too big for one string (V8 strings
// stop near 512 MB), so there the floor reads it line by line (the log has one event per line)
// and parses each event: the least any reader must do.
const FLOOR = `const fs = require('node:fs'); const t = fs.readFileSync(process.argv[1], 'utf8'); const j = JSON.parse(t); if (!j.length) process.exit(3);`;
const FLOOR_STREAMED = `
const rl = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[1], { highWaterMark: 4 << 20 }) });
let n = 0;
rl.on('line', (line) => { const t = line.endsWith(',') ? line.slice(0, -1) : line; if (t !== '[' && t !== ']' && t) { JSON.parse(t); n++; } });
rl.on('close', () => { if (!n) process.exit(3); });`;
const CHROME_HAR = `
const fs = require('node:fs');
const { harFromMessages } = require(${JSON.stringify(join(root, 'node_modules/chrome-har'))});
const log = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
fs.writeFileSync(process.argv[2], JSON.stringify(harFromMessages(log, {})));`;

function time(cmd: string[]): number {
  const t0 = performance.now();
  execFileSync(process.execPath, ['--max-old-space-size=8192', ...cmd], { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  return performance.now() - t0;
}

function measure(label: string, cmd: string[], runs: number): number[] {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(time(cmd));
  process.stderr.write(`${label}: ${ms.map((m) => m.toFixed(0)).join(', ')} ms\n`);
  return ms;
}

try {
  console.log(`# HAR convert — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
  console.log(`command: npx tsx bench/har-convert.ts --runs ${RUNS} --copies ${COPIES} --big ${BIG}`);
  console.log(`each figure: a fresh node process, wall time, median of ${RUNS} runs\n`);
  console.log('| size | events | file | floor: read + JSON.parse | netlens convert (redacted) | netlens convert --no-redact | chrome-har: parse + harFromMessages + write | convert / floor | chrome-har / convert |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [label, copies] of [['1x', COPIES], [`${BIG}x`, COPIES * BIG]] as const) {
    const log = join(dir, `log-${label}.json`);
    const events = await writeLog(log, copies);
    const mb = statSync(log).size / 1e6;
    const runs = label === '1x' ? RUNS : Math.max(3, Math.ceil(RUNS / 2));
    const streamed = statSync(log).size > 400_000_000;
    const floor = median(measure(`${label} floor`, ['-e', streamed ? FLOOR_STREAMED : FLOOR, log], runs));
    const ours = median(measure(`${label} netlens`, ['build/cli/netlens.js', 'convert', log, '-o', join(dir, 'ours.har')], runs));
    const plain = median(measure(`${label} netlens --no-redact`, ['build/cli/netlens.js', 'convert', log, '-o', join(dir, 'plain.har'), '--no-redact'], runs));
    let theirs: number | undefined;
    if (events <= CHROME_HAR_MAX_EVENTS) theirs = median(measure(`${label} chrome-har`, ['-e', CHROME_HAR, log, join(dir, 'theirs.har')], Math.min(runs, 3)));
    const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `| ${label} | ${events.toLocaleString('en-US')} | ${mb.toFixed(0)} MB | ${f(floor)}${streamed ? ' (line by line)' : ''} | ${f(ours)} | ${f(plain)} | ${theirs === undefined ? 'not run (quadratic: hours)' : f(theirs)} | ${(ours / floor).toFixed(2)}× | ${theirs === undefined ? '—' : `${(theirs / ours).toFixed(1)}×`} |`,
    );
    rmSync(log);
  }
  writeFileSync(join(dir, 'done'), '');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
