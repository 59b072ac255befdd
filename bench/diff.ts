// Benchmark (issue 22): `netlens diff A B` on two 100,000-request recordings, against a peer in
// the same run: a node process that only reads both files and parses them (JSON.parse of each, or
// line by line above 400 MB, as the CLI itself reads such files), the least any diff must do.
//   - A: the recorded fixtures repeated (bench/lib/scaled-log.ts) to about 100,000 requests;
//   - B: the same, with one response in every 20th copy answered 500 (a few hundred changes of
//     one kind, grouped into one change by the diff);
//   - the built CLI end to end (read, parse, fold both, cache and CORS analyses of both, match,
//     changes, redaction of the output, JSON), a fresh process per run;
//   - the diff alone (diffRecordings on the two folded recorders), in one process.
// Each process reports its own CPU time and peak RSS: on a shared machine the wall time mostly
// measures the others.
// Run: npm run build:cli && npx tsx bench/diff.ts [--runs 3] [--copies 596]
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scaledLog } from './lib/scaled-log.ts';
import { cpu, median, nproc } from './lib/stats.ts';
import type { CdpEvent } from '../src/core/cdp.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const root = new URL('..', import.meta.url).pathname;

/** The stage run: fold both files as the CLI does, then time the diff alone. */
if (process.argv[2] === '--stage') {
  const { foldInput } = await import('../src/cli/load-input.ts');
  const { diffRecordings } = await import('../src/core/diff/index.ts');
  const t0 = performance.now();
  const a = (await foldInput(process.argv[3]!)).rec;
  const b = (await foldInput(process.argv[4]!)).rec;
  const t1 = performance.now();
  const side = (label: string, rec: typeof a) => ({ label, requests: rec.requests(), pages: rec.pages(), webSockets: rec.webSockets(), eventSources: rec.eventSources() });
  const c0 = process.cpuUsage();
  const d = diffRecordings(side('a', a), side('b', b));
  const c1 = process.cpuUsage(c0);
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ fold: t1 - t0, diff: t2 - t1, diffCpu: (c1.user + c1.system) / 1000, requests: [a.requests().length, b.requests().length], changes: d.changes.length, matched: d.matched })}\n`);
  process.exit(0);
}

const RUNS = arg('runs', 3);
const COPIES = arg('copies', 596);
const dir = mkdtempSync(join(tmpdir(), 'netlens-bench-diff-'));

/** Writes the log as a JSON array, one event per line; in B, every 20th copy's `/res/pool-3.png` answers 500. */
async function writeLog(path: string, copies: number, changed: boolean): Promise<number> {
  const stream = createWriteStream(path);
  let events = 0;
  stream.write('[\n');
  for (let k = 0; k < copies; k += 10) {
    const part = scaledLog(Math.min(10, copies - k), k);
    if (changed) {
      const hit = new Set<string>();
      for (const e of part) {
        const p = e.params as { requestId?: string; response?: { url: string; status: number } };
        if (e.method === 'Network.responseReceived' && p.response?.url.includes('/res/pool-3.png') && /~(\d+)$/.exec(p.requestId ?? '')?.[1] && Number(/~(\d+)$/.exec(p.requestId!)![1]) % 20 === 0) {
          p.response.status = 500;
          hit.add(p.requestId!);
        }
      }
      for (const e of part) {
        const p = e.params as { requestId?: string; statusCode?: number };
        if (e.method === 'Network.responseReceivedExtraInfo' && hit.has(p.requestId ?? '')) p.statusCode = 500;
      }
    }
    const text = (events === 0 ? '' : ',\n') + part.map((e: CdpEvent) => JSON.stringify(e)).join(',\n');
    events += part.length;
    if (!stream.write(text)) await once(stream, 'drain');
  }
  stream.end('\n]\n');
  await once(stream, 'finish');
  return events;
}

const PEER = `
const fs = require('node:fs');
let n = 0;
function whole(path) { const j = JSON.parse(fs.readFileSync(path, 'utf8')); n += j.length; }
function byLine(path) {
  return new Promise((resolve) => {
    const rl = require('node:readline').createInterface({ input: fs.createReadStream(path, { highWaterMark: 4 << 20 }) });
    rl.on('line', (line) => { const t = line.endsWith(',') ? line.slice(0, -1) : line; if (t !== '[' && t !== ']' && t) { JSON.parse(t); n++; } });
    rl.on('close', resolve);
  });
}
(async () => {
  for (const path of process.argv.slice(1)) {
    if (fs.statSync(path).size > 400000000) await byLine(path); else whole(path);
  }
  if (!n) process.exit(3);
})();`;
const REPORT = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\n@usage '+JSON.stringify({cpu:(u.userCPUTime+u.systemCPUTime)/1000,rss:u.maxRSS/1024})+'\\n')})`;

interface Run {
  wall: number;
  cpu: number;
  rssMB: number;
  status: number;
}

function run(cmd: string[]): Run {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', REPORT, ...cmd], { stdio: ['ignore', 'ignore', 'pipe'], cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = performance.now() - t0;
  const line = child.stderr.split('\n').reverse().find((l) => l.startsWith('@usage '));
  if (!line || (child.status !== 0 && child.status !== 1)) throw new Error(`${cmd.join(' ')} failed (${child.status}): ${child.stderr}`);
  const u = JSON.parse(line.slice(7)) as { cpu: number; rss: number };
  return { wall, cpu: u.cpu, rssMB: u.rss, status: child.status ?? -1 };
}

function measure(label: string, cmd: string[]): Run {
  const rs: Run[] = [];
  for (let i = 0; i < RUNS; i++) rs.push(run(cmd));
  process.stderr.write(`${label}: wall ${rs.map((r) => r.wall.toFixed(0)).join(', ')} ms; cpu ${rs.map((r) => r.cpu.toFixed(0)).join(', ')} ms\n`);
  return { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMB: Math.max(...rs.map((r) => r.rssMB)), status: rs[0]!.status };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
try {
  console.log(`# netlens diff — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
  console.log(`command: npx tsx bench/diff.ts --runs ${RUNS} --copies ${COPIES}`);
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  const events = [await writeLog(a, COPIES, false), await writeLog(b, COPIES, true)];
  const mb = [statSync(a).size / 1e6, statSync(b).size / 1e6];
  const peer = measure('peer (read + parse both)', ['-e', PEER, a, b]);
  const ours = measure('netlens diff --json', ['build/cli/netlens.js', 'diff', a, b, '--json']);
  const plain = measure('netlens diff --json --no-redact', ['build/cli/netlens.js', 'diff', a, b, '--json', '--no-redact']);
  const stages: { fold: number; diff: number; diffCpu: number; requests: number[]; changes: number; matched: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const text = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'bench/diff.ts', '--stage', a, b], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    stages.push(JSON.parse(text.trim().split('\n').at(-1)!));
  }
  const st = stages[0]!;
  console.log(`inputs: ${events.map((e) => e.toLocaleString('en-US')).join(' and ')} events (${mb.map((m) => `${m.toFixed(0)} MB`).join(', ')}), ${st.requests.map((r) => r.toLocaleString('en-US')).join(' and ')} requests; ${st.matched.toLocaleString('en-US')} matched, ${st.changes} change(s)`);
  console.log(`each figure: the median of ${RUNS} runs, a fresh node process per run (wall / CPU = user + system of that process); peak RSS the largest\n`);
  console.log('| what | wall / CPU | × the peer (wall / CPU) | peak RSS |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| peer: read + parse both files | ${s(peer.wall)} / ${s(peer.cpu)} | 1× | ${peer.rssMB.toFixed(0)} MB |`);
  console.log(`| \`netlens diff A B --json\` (redacted output) | ${s(ours.wall)} / ${s(ours.cpu)} | ${(ours.wall / peer.wall).toFixed(2)}× / ${(ours.cpu / peer.cpu).toFixed(2)}× | ${ours.rssMB.toFixed(0)} MB |`);
  console.log(`| \`netlens diff A B --json --no-redact\` | ${s(plain.wall)} / ${s(plain.cpu)} | ${(plain.wall / peer.wall).toFixed(2)}× / ${(plain.cpu / peer.cpu).toFixed(2)}× | ${plain.rssMB.toFixed(0)} MB |`);
  console.log(`| in one process: fold both (as the CLI) | ${s(median(stages.map((x) => x.fold)))} | | |`);
  console.log(`| in one process: \`diffRecordings\` alone | ${s(median(stages.map((x) => x.diff)))} / ${s(median(stages.map((x) => x.diffCpu)))} | ${(median(stages.map((x) => x.diff)) / peer.wall).toFixed(2)}× | |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
