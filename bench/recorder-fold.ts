// Benchmark: folding a large CDP log with NetworkRecorder (issue 3), with chrome-har on the same
// log as an anchor. Run: npx tsx bench/recorder-fold.ts [--runs 7] [--copies 121]
//
// The log is the recorded fixtures (test/fixtures/*.cdp.json) repeated with re-keyed request,
// loader and frame ids, shifted timestamps and distinct connection ids, so each copy is a new set
// of page loads in one long session. The fold is timed at full size and at 10x smaller to show
// growth (a linear fold keeps the same events/second). chrome-har does more than fold: it also
// builds HAR entries and pages, so its figure is an anchor, not a like-for-like rival.
// A second log of one WebSocket with a million frames times the frame path alone.
import type { CdpEvent } from '../src/core/cdp.ts';
import { NetworkRecorder } from '../src/core/recorder/index.ts';
import { FIXTURES, base, scaledLog, webSocketLog } from './lib/scaled-log.ts';
import { cpu, nproc, row, time } from './lib/stats.ts';

// chrome-har ships no types; a non-literal specifier keeps the import untyped on purpose.
const chromeHar = 'chrome-har';
const { harFromMessages } = (await import(chromeHar)) as {
  harFromMessages(messages: readonly CdpEvent[], options: object): { log: { entries: unknown[]; pages: unknown[] } };
};

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const RUNS = arg('runs', 7);
const COPIES = arg('copies', 121);
const FRAMES = arg('frames', 1_000_000);

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
