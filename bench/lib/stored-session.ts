// Builds the benchmark's big stored session inside the extension's service worker: the recorded
// fixtures (bench/lib/scaled-log.ts) sent once, re-keyed in the worker (ids suffixed, times
// shifted 30 s per copy, connection ids moved) exactly as bench/panel-open.ts does, and stored
// through the store's own append in batches of `batch` events (one row each, as the recorder's
// flushes write them). 600 copies = 100,800 requests, 786,600 events.
import type { WebWorker } from 'puppeteer-core';
import { base } from './scaled-log.ts';

export async function buildStoredSession(worker: WebWorker, sessionId: string, copies: number, batch = 5000): Promise<number> {
  // tsx (esbuild) wraps named functions in __name(); functions sent to the browser need it there.
  await worker.evaluate('globalThis.__name = (f) => f');
  const CHUNK = 50;
  let stored = 0;
  for (let from = 0; from < copies; from += CHUNK) {
    stored = await worker.evaluate(
      async (id: string, log: { method: string; params: unknown; sessionId?: string }[], from: number, to: number, seqBefore: number, size: number) => {
        const store = (globalThis as unknown as { netlensStore: { create(s: object): Promise<void>; append(id: string, e: object[], c?: object): Promise<void> } }).netlensStore;
        const ID_KEYS = new Set(['requestId', 'loaderId', 'frameId', 'parentId']);
        const SECONDS = new Set(['timestamp', 'requestTime', 'wallTime']);
        const rekey = (v: unknown, k: number, shift: number, parent = ''): unknown => {
          if (Array.isArray(v)) return v.map((x) => rekey(x, k, shift));
          if (typeof v !== 'object' || v === null) return v;
          const out: Record<string, unknown> = {};
          for (const [key, x] of Object.entries(v)) {
            if (typeof x === 'string' && (ID_KEYS.has(key) || (key === 'id' && parent === 'frame'))) out[key] = `${x}~${k}`;
            else if (typeof x === 'number' && SECONDS.has(key)) out[key] = x + shift;
            else if (typeof x === 'number' && key === 'connectionId' && x > 0) out[key] = x + k * 100_000;
            else if (key === 'headers' || key === 'securityDetails' || key === 'stack') out[key] = x;
            else out[key] = rekey(x, k, shift, key);
          }
          return out;
        };
        if (from === 0) await store.create({ id, url: 'http://a.test/bench', title: 'Benchmark: 100,000 requests', startedAt: Date.now(), endedAt: Date.now(), state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} });
        let seq = seqBefore;
        let rows: object[] = [];
        for (let k = from; k < to; k++) {
          for (const e of log) {
            rows.push({ sessionId: id, seq: ++seq, t: 0, method: e.method, params: rekey(e.params, k, k * 30), ...(e.sessionId ? { target: `${e.sessionId}~${k}` } : {}) });
            if (rows.length === size) {
              await store.append(id, rows);
              rows = [];
            }
          }
        }
        if (rows.length > 0) await store.append(id, rows);
        return seq;
      },
      sessionId,
      base as never,
      from,
      Math.min(copies, from + CHUNK),
      stored,
      batch,
    );
  }
  return stored;
}
