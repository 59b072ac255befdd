// One `netlens convert`, stage by stage, in this process (run by bench/har-convert.ts in a fresh
// node process per run): the same functions the CLI calls, in the same order, with a clock around
// each. With "streamed" (what the CLI does for a one-event-per-line log) the file is folded while
// it is read, so read, parse and fold are one figure (under fold). Build, redaction and write are interleaved per entry as the streaming writer does them,
// so each gets the sum of its share. Prints one JSON line: wall and CPU ms per stage, GC ms, peak RSS.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { parseCdpLog } from '../../src/core/import/parse-log.ts';
import { NetworkRecorder } from '../../src/core/recorder/index.ts';
import { harVerdicts } from '../../src/core/har/verdicts.ts';
import { harEntries, harPages } from '../../src/core/har/build.ts';
import { HarRedactor, redactionComment } from '../../src/core/redact/redact-har.ts';
import { foldByLine } from '../../src/cli/stream-log.ts';

const [input, output, mode] = process.argv.slice(2) as [string, string, string | undefined];
const streamed = mode === 'streamed';

// Total collector time (the observer hears of collections only between event-loop turns, so
// the collections of the synchronous stages cannot be told apart: one total).
let gc = 0;
const collections: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc += e.duration;
    collections.push({ start: e.startTime, duration: e.duration });
  }
}).observe({ entryTypes: ['gc'] });
/** When each stage's stretches ended (performance.now()): a collection is put down to the stage running when it started. */
const stretches: { stage: string; from: number; to: number }[] = [];

const ms: Record<string, number> = { read: 0, parse: 0, fold: 0, analyses: 0, build: 0, redact: 0, write: 0 };
const cpu: Record<string, number> = { ...ms };
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = performance.now();
let c = cpuNow();
const lap = (stage: string) => {
  const now = performance.now();
  const last = stretches.at(-1);
  if (last && last.stage === stage && last.to === t) last.to = now;
  else stretches.push({ stage, from: t, to: now });
  const cnow = cpuNow();
  ms[stage]! += now - t;
  cpu[stage]! += cnow - c;
  t = now;
  c = cnow;
};

let rec: NetworkRecorder;
if (streamed) {
  // As the CLI does for a log with one event per line: read, parse and fold together (reported
  // under fold; the read and parse columns stay 0).
  rec = new NetworkRecorder();
  const count = await foldByLine(input, (e) => rec.dispatch(e));
  if (count === undefined) throw new Error(`${input} is not one event per line: run without "streamed".`);
  rec.connections();
  lap('fold');
} else {
  let text: string | undefined = await readFile(input, 'utf8');
  lap('read');
  let events: ReturnType<typeof parseCdpLog>['events'] | undefined = parseCdpLog(text).events;
  text = undefined;
  lap('parse');
  rec = NetworkRecorder.fromLog(events);
  rec.connections();
  events = undefined;
  lap('fold');
}
// As the CLI: the verdicts only (harVerdicts runs the pools' verdicts, the cache verdicts and the
// CORS analysis on one CORS pairing, which the builder then reuses).
const { verdicts, pairing } = harVerdicts(rec);
lap('analyses');

const stream = createWriteStream(output);
const redactor = new HarRedactor({});
// Written as the CLI's writeHar does: each chunk encoded straight into a 1 MB slab, a full slab one write.
const SLAB = 1 << 20;
let slab = Buffer.allocUnsafe(SLAB);
let used = 0;
const put = async (chunk: string) => {
  if (used + chunk.length * 3 > SLAB && used > 0) {
    const full = slab.subarray(0, used);
    slab = Buffer.allocUnsafe(SLAB);
    used = 0;
    if (!stream.write(full)) await once(stream, 'drain');
  }
  if (chunk.length * 3 > SLAB) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  } else used += slab.write(chunk, used);
};
await put(`{"log":{"version":"1.2","creator":{"name":"Netlens","version":"bench"},"pages":${JSON.stringify(redactor.pages(harPages(rec.pages())))},"entries":[\n`);
let written = 0;
const it = harEntries(rec, { creator: { name: 'Netlens', version: 'bench' }, verdicts, pairing });
lap('build');
for (;;) {
  const next = it.next();
  lap('build');
  if (next.done) break;
  const entry = redactor.entry(next.value, written);
  lap('redact');
  await put((written === 0 ? '' : ',\n') + JSON.stringify(entry));
  written++;
  lap('write');
}
const report = redactor.report();
await put(`\n],"comment":${JSON.stringify(redactionComment(report))}}}\n`);
stream.end(slab.subarray(0, used));
await once(stream, 'finish');
lap('write');
// The observer hears of the last collections on a later turn of the event loop.
await new Promise((done) => setTimeout(done, 50));
const gcByStage: Record<string, number> = { read: 0, parse: 0, fold: 0, analyses: 0, build: 0, redact: 0, write: 0 };
// Stretches are in time order; so are collections: one walk.
let si = 0;
for (const g of collections.sort((a, b) => a.start - b.start)) {
  while (si < stretches.length - 1 && stretches[si]!.to < g.start) si++;
  const st = stretches[si];
  if (st && g.start >= st.from && g.start <= st.to) gcByStage[st.stage]! += g.duration;
}
process.stdout.write(`${JSON.stringify({ ms, cpu, gc, gcByStage, maxRssMB: process.resourceUsage().maxRSS / 1024, entries: written })}\n`);
