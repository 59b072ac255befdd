// Benchmark: the socket-pool analysis (issue 5) over a 100,000-request session, with the recorder
// fold of the same log as the peer in the same run. Run: npx tsx bench/pools.ts [--runs 5] [--copies 600]
//
// The session is the recorded fixtures (bench/lib/scaled-log.ts: pool, h2, cache, redirect,
// streams, child-targets, demo) repeated with re-keyed request ids, shifted times and distinct
// connection ids. URLs are not re-keyed, so every copy loads the same origins again: each origin's
// pool gathers the connections and queued requests of every copy, which exercises the per-origin
// sweep at its largest. Timed at a tenth of the size and at full size: a linear analysis keeps
// the same requests/second at both. Also timed: the Connections view's rows built from the
// analysis (panel/store/pools.ts buildLayout), and explaining every request in the session.
import { NetworkRecorder } from '../src/core/recorder/index.ts';
import { analysePools, explainRequest } from '../src/core/analysis/pools/index.ts';
import { buildLayout } from '../panel/store/pools.ts';
import { FIXTURES, base, scaledLog } from './lib/scaled-log.ts';
import { cpu, median, nproc, time } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const RUNS = arg('runs', 5);
const COPIES = arg('copies', 600);

console.log(`# Socket pools — ${new Date().toISOString()}`);
console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
console.log(`command: npx tsx bench/pools.ts --runs ${RUNS} --copies ${COPIES}`);
console.log(`fixtures: ${FIXTURES.join(', ')} = ${base.length} events per copy; median of ${RUNS} runs after one warm-up\n`);
console.log('| step | copies | requests | connections | median ms | requests/s | min–max ms | × fold |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');

const line = (label: string, copies: number, requests: number, connections: number, ms: number[], fold: number) => {
  const med = median(ms);
  console.log(
    `| ${label} | ${copies} | ${requests.toLocaleString('en-US')} | ${connections.toLocaleString('en-US')} | ${med.toFixed(1)} | ${Math.round(requests / (med / 1000)).toLocaleString('en-US')} | ${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)} | ${(med / fold).toFixed(2)} |`,
  );
};

for (const copies of [Math.max(1, Math.round(COPIES / 10)), COPIES]) {
  const log = scaledLog(copies);
  let rec = NetworkRecorder.fromLog(log);
  const foldMs = time(RUNS, () => {
    rec = NetworkRecorder.fromLog(log);
  });
  const fold = median(foldMs);
  const requests = rec.requests();
  line('peer: NetworkRecorder.fromLog (the fold)', copies, requests.length, rec.connections().length, foldMs, fold);

  let a = analysePools(requests);
  const analyseMs = time(RUNS, () => {
    a = analysePools(requests);
  });
  line('analysePools', copies, requests.length, a.connections.length, analyseMs, fold);

  let rows = 0;
  const layoutMs = time(RUNS, () => {
    rows = buildLayout(a, new Set()).rows.length;
  });
  line(`Connections view rows (${rows.toLocaleString('en-US')} rows)`, copies, requests.length, a.connections.length, layoutMs, fold);

  let sentences = 0;
  const byId = (id: string) => rec.request(id);
  const explainMs = time(Math.min(RUNS, 3), () => {
    sentences = 0;
    for (const r of requests) sentences += explainRequest(a, r, byId).length;
  });
  line(`explainRequest for every request (${sentences.toLocaleString('en-US')} sentences)`, copies, requests.length, a.connections.length, explainMs, fold);
}
