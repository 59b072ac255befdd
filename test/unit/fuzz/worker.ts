// The fuzz worker: runs inputs [from, to) of a seeded run, telling the parent which input and
// stage it is on (so the parent can stop it on a hang and say where), and shrinks each failure.
import { parentPort, workerData } from 'node:worker_threads';
import { Corpus } from './corpus.ts';
import { inputAt, shrink, signature } from './generate.ts';
import { runPipeline } from './pipeline.ts';

const { seed, from, to, shrinkMs } = workerData as { seed: number; from: number; to: number; shrinkMs: number };
const port = parentPort!;
const corpus = new Corpus();

for (let i = from; i < to; i++) {
  const input = inputAt(corpus, seed, i);
  port.postMessage({ type: 'start', i, mutation: input.mutation, bytes: input.text.length });
  const result = runPipeline(input.text, (stage) => port.postMessage({ type: 'stage', i, stage }));
  const sig = signature(result);
  let repro: string | undefined;
  if (sig !== 'ok' && sig !== 'refused') {
    port.postMessage({ type: 'stage', i, stage: 'shrinking' });
    repro = shrink(corpus, input, sig, shrinkMs).display;
  }
  port.postMessage({ type: 'result', i, result, signature: sig, repro });
}
port.postMessage({ type: 'done' });
