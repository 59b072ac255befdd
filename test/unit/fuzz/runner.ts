// Runs a seeded fuzz campaign in worker threads, one input at a time each, with a time limit per
// input: a worker that stays on one input too long is stopped, the input counted as a hang (with
// the stage it was in), and a new worker goes on from the next input.
import { Worker } from 'node:worker_threads';
import type { Mutation } from './mutate.ts';
import type { Result } from './pipeline.ts';

export interface Failure {
  index: number;
  /** crash, nonsense, hang, or redaction-crash / redaction-nonsense / redaction-hang while redaction is isolated. */
  kind: string;
  stage: string;
  message: string;
  mutation?: Mutation;
  repro?: string;
}

export interface FuzzSummary {
  seed: number;
  inputs: number;
  ok: number;
  refused: number;
  failures: Failure[];
  /** Failures inside the isolated redaction stage (see REDACTION_FAILS_TEST in pipeline.ts). */
  redaction: Failure[];
  refusals: Map<string, number>;
  ms: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Per-input limit; generous, since the machine is shared. */
  timeoutMs?: number;
  /** The limit for the isolated redaction stage, shorter while its known hang is being fixed elsewhere. */
  redactionTimeoutMs?: number;
  workers?: number;
  shrinkMs?: number;
  onProgress?(done: number, total: number): void;
}

const workerUrl = new URL('./worker-entry.mjs', import.meta.url);

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  const summary: FuzzSummary = { seed: options.seed, inputs: options.count, ok: 0, refused: 0, failures: [], redaction: [], refusals: new Map(), ms: 0 };
  const timeoutMs = options.timeoutMs ?? 20_000;
  const workers = Math.max(1, options.workers ?? 1);
  const per = Math.ceil(options.count / workers);
  let done = 0;
  const ranges: [number, number][] = [];
  for (let w = 0; w < workers; w++) ranges.push([w * per, Math.min(options.count, (w + 1) * per)]);
  await Promise.all(ranges.map(([from, to]) => runRange(from, to)));
  summary.ms = Date.now() - started;
  return summary;

  async function runRange(from: number, to: number): Promise<void> {
    let next = from;
    while (next < to) next = await runWorker(next, to);
  }

  /** Runs a worker from `from`; returns where the next one must start (after a hang, the input after it). */
  function runWorker(from: number, to: number): Promise<number> {
    return new Promise((resolve) => {
      const worker = new Worker(workerUrl, { workerData: { seed: options.seed, from, to, shrinkMs: options.shrinkMs ?? 8000 }, resourceLimits: { maxOldGenerationSizeMb: 2048, stackSizeMb: 4 } });
      let current = { i: from, stage: 'starting', mutation: undefined as Mutation | undefined, since: Date.now() };
      let finished = false;
      const finish = (nextFrom: number) => {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        void worker.terminate();
        resolve(nextFrom);
      };
      const timer = setInterval(() => {
        // Shrinking has its own budget; the limit is for running an input.
        const limit = current.stage === 'shrinking' ? timeoutMs + (options.shrinkMs ?? 8000) * 2 : current.stage === 'starting' ? 60_000 : current.stage === 'redaction' ? options.redactionTimeoutMs ?? timeoutMs : timeoutMs;
        if (Date.now() - current.since > limit) {
          record({ index: current.i, kind: current.stage === 'redaction' ? 'redaction-hang' : 'hang', stage: current.stage, message: `still running after ${limit / 1000} s`, ...(current.mutation ? { mutation: current.mutation } : {}) });
          finish(current.i + 1);
        }
      }, 250);
      worker.on('message', (m: { type: string; i: number; stage?: string; mutation?: Mutation; result?: Result; signature?: string; repro?: string }) => {
        if (m.type === 'start') current = { i: m.i, stage: 'import', mutation: m.mutation, since: Date.now() };
        else if (m.type === 'stage') {
          current.stage = m.stage!;
          if (m.stage === 'shrinking') current.since = Date.now();
        } else if (m.type === 'result') {
          const r = m.result!;
          const o = r.outcome;
          if (o.kind === 'ok') summary.ok++;
          else if (o.kind === 'refused') {
            summary.refused++;
            const key = o.message.replace(/\d[\d,.]*/g, 'N').replace(/\(at .*\)$/, '').slice(0, 90);
            summary.refusals.set(key, (summary.refusals.get(key) ?? 0) + 1);
          } else record({ index: m.i, kind: o.kind, stage: o.stage, message: o.message, ...(current.mutation ? { mutation: current.mutation } : {}), ...(m.repro ? { repro: m.repro } : {}) });
          if (r.redaction) record({ index: m.i, kind: `redaction-${r.redaction.kind}`, stage: 'redaction', message: r.redaction.message, ...(m.repro ? { repro: m.repro } : {}) });
          done++;
          options.onProgress?.(done, options.count);
          current = { i: m.i + 1, stage: 'between', mutation: undefined, since: Date.now() };
        } else if (m.type === 'done') finish(to);
      });
      worker.on('error', (err) => {
        record({ index: current.i, kind: current.stage === 'redaction' ? 'redaction-crash' : 'crash', stage: current.stage, message: `the worker died: ${err.message}`, ...(current.mutation ? { mutation: current.mutation } : {}) });
        finish(current.i + 1);
      });
      worker.on('exit', () => finish(current.i + 1));
    });
  }

  function record(f: Failure): void {
    // An input that hangs or kills the worker in the isolated redaction stage passed every other stage.
    if (f.kind.startsWith('redaction-') && (f.kind.endsWith('hang') || f.message.startsWith('the worker died'))) summary.ok++;
    if (f.kind.startsWith('redaction-')) summary.redaction.push(f);
    else summary.failures.push(f);
    if (f.kind.endsWith('hang') || f.message.startsWith('the worker died')) {
      done++;
      options.onProgress?.(done, options.count);
    }
  }
}

/** A failure as a reader takes it in: kind, where, the seeded input, and the shrunk reproducer. */
export function describeFailure(f: Failure, seed: number): string {
  const ops = f.mutation ? `\n    mutation of ${f.mutation.base}: ${JSON.stringify(f.mutation.ops).slice(0, 600)} ${f.mutation.text.length ? JSON.stringify(f.mutation.text) : ''}` : '';
  const repro = f.repro ? `\n    minimal input: ${f.repro}` : '';
  return `${f.kind} in ${f.stage} (seed ${seed}, input ${f.index}): ${f.message}${ops}${repro}`;
}
