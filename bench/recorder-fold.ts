// Benchmark: folding a large CDP log with NetworkRecorder (issue 3), with chrome-har on the same
// log as an anchor. Run: npx tsx bench/recorder-fold.ts [--runs 7] [--copies 121]
//
// The log is the recorded fixtures (test/fixtures/*.cdp.json) repeated with re-keyed request,
// loader and frame ids, shifted timestamps and distinct connection ids, so each copy is a new set
// of page loads in one long session. The fold is timed at full size and at 10x smaller to show
// growth (a linear fold keeps the same events/second). chrome-har does more than fold: it also
// builds HAR entries and pages, so its figure is an anchor, not a like-for-like rival.
// A second log of one WebSocket with a million frames times the frame path alone.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CdpEvent } from '../src/core/cdp.ts';
import { NetworkRecorder } from '../src/core/recorder/index.ts';

// chrome-har ships no types; a non-literal specifier keeps the import untyped on purpose.
const chromeHar = 'chrome-har';
const { harFromMessages } = (await import(chromeHar)) as {
  harFromMessages(messages: readonly CdpEvent[], options: object): { log: { entries: unknown[]; pages: unknown[] } };
};

const FIXTURES = ['pool', 'h2', 'cache', 'redirect', 'streams', 'demo'];

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const RUNS = arg('runs', 7);
const COPIES = arg('copies', 121);
const FRAMES = arg('frames', 1_000_000);

const base: CdpEvent[] = FIXTURES.flatMap((name) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}.cdp.json`, import.meta.url), 'utf8')) as CdpEvent[]);

const ID_KEYS = new Set(['requestId', 'loaderId', 'frameId', 'parentId']);
const SECONDS_KEYS = new Set(['timestamp', 'requestTime', 'wallTime']);

/** A deep copy of `value` with ids suffixed, times shifted and connection ids moved, for copy `k`. */
function rekey(value: unknown, k: number, shiftSeconds: number, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => rekey(v, k, shiftSeconds));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && (ID_KEYS.has(key) || (key === 'id' && parentKey === 'frame'))) out[key] = `${v}~${k}`;
    else if (typeof v === 'number' && SECONDS_KEYS.has(key)) out[key] = v + shiftSeconds;
    else if (typeof v === 'number' && key === 'responseTime') out[key] = v + shiftSeconds * 1000;
    else if (typeof v === 'number' && key === 'connectionId' && v > 0) out[key] = v + k * 100_000;
    else if (key === 'headers' || key === 'securityDetails' || key === 'stack') out[key] = v; // nothing to re-key inside
    else out[key] = rekey(v, k, shiftSeconds, key);
  }
  return out;
}

function scaledLog(copies: number): CdpEvent[] {
  const log: CdpEvent[] = [];
  for (let k = 0; k < copies; k++) {
    for (const e of base) log.push({ method: e.method, params: rekey(e.params, k, k * 30) });
  }
  return log;
}

function webSocketLog(frames: number): CdpEvent[] {
  const log: CdpEvent[] = [
    { method: 'Network.webSocketCreated', params: { requestId: 'ws.1', url: 'ws://a.test/ws' } },
    { method: 'Network.webSocketWillSendHandshakeRequest', params: { requestId: 'ws.1', timestamp: 1, wallTime: 1_700_000_000, request: { headers: { Upgrade: 'websocket' } } } },
    { method: 'Network.webSocketHandshakeResponseReceived', params: { requestId: 'ws.1', timestamp: 1.001, response: { status: 101, statusText: 'Switching Protocols', headers: { Upgrade: 'websocket' } } } },
  ];
  for (let i = 0; i < frames; i++) {
    const sent = i % 2 === 0;
    const binary = i % 5 === 0;
    log.push({
      method: sent ? 'Network.webSocketFrameSent' : 'Network.webSocketFrameReceived',
      params: { requestId: 'ws.1', timestamp: 2 + i * 1e-5, response: { opcode: binary ? 2 : 1, mask: sent, payloadData: binary ? 'AQIDBAUGBwg=' : `message number ${i} ✓` } },
    });
  }
  log.push({ method: 'Network.webSocketClosed', params: { requestId: 'ws.1', timestamp: 2 + frames * 1e-5 } });
  return log;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function time(runs: number, fn: () => void): number[] {
  fn(); // warm-up: let the JIT settle before timing
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

function row(label: string, events: number, ms: number[]): string {
  const med = median(ms);
  return `| ${label} | ${events.toLocaleString('en-US')} | ${med.toFixed(1)} | ${Math.round(events / (med / 1000)).toLocaleString('en-US')} | ${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)} |`;
}

const cpu = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
})();
const nproc = (() => {
  try {
    return execSync('nproc').toString().trim();
  } catch {
    return String(cpus().length);
  }
})();

console.log(`# Recorder fold — ${new Date().toISOString()}`);
console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
console.log(`command: npx tsx bench/recorder-fold.ts --runs ${RUNS} --copies ${COPIES} --frames ${FRAMES}`);
console.log(`fixtures: ${FIXTURES.join(', ')} = ${base.length} events per copy; median of ${RUNS} runs after one warm-up\n`);
console.log('| fold | events | median ms | events/s | min–max ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');

for (const copies of [Math.max(1, Math.round(COPIES / 10)), COPIES]) {
  const log = scaledLog(copies);
  let requests = 0;
  const ours = time(RUNS, () => {
    requests = NetworkRecorder.fromLog(log).requests().length;
  });
  console.log(row(`NetworkRecorder, ${copies} copies (${requests.toLocaleString('en-US')} requests)`, log.length, ours));
  let entries = 0;
  const theirs = time(RUNS, () => {
    entries = harFromMessages(log, {}).log.entries.length;
  });
  console.log(row(`chrome-har 1.3.1 harFromMessages, ${copies} copies (${entries.toLocaleString('en-US')} entries)`, log.length, theirs));
}

const wsLog = webSocketLog(FRAMES);
let frames = 0;
const ws = time(RUNS, () => {
  frames = NetworkRecorder.fromLog(wsLog).webSockets()[0]!.frames.length;
});
console.log(row(`NetworkRecorder, 1 WebSocket, ${frames.toLocaleString('en-US')} frames`, wsLog.length, ws));
