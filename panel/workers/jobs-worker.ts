// The panel's jobs worker: imports files and exports HAR off the panel's main thread, so a
// 200 MB file or a 100,000-request session never freezes the panel. Wiring only: the work is in
// panel/jobs/, the storage in the storage adapter.
import { openDb } from '../../src/adapters/storage/db.ts';
import { SessionStore } from '../../src/adapters/storage/sessions.ts';
import { runImport } from '../jobs/import-job.ts';
import { runExport, runPreview } from '../jobs/export-job.ts';
import type { JobMessage, JobRequest } from '../jobs/jobs.ts';

const store = new SessionStore(openDb());
const running = new Map<number, AbortController>();
const post = (m: JobMessage) => (self as unknown as Worker).postMessage(m);

self.onmessage = (event: MessageEvent<JobRequest>) => {
  const msg = event.data;
  if (msg.type === 'cancel') {
    running.get(msg.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(msg.id, controller);
  const progress = (phase: string, done: number, total: number) => post({ type: 'progress', id: msg.id, phase, done, total });
  const work = async (): Promise<unknown> => {
    if (msg.type === 'import') return runImport(await msg.file.text(), msg.fileName, store, progress, controller.signal);
    if (msg.type === 'preview') return runPreview(store, msg.req, progress, controller.signal);
    // Export: chunks go into a Blob as they come (the browser may keep a large one on disk),
    // never into one giant string.
    const parts: Blob[] = [];
    const gen = runExport(store, msg.req, progress, controller.signal);
    let entries = 0;
    for (;;) {
      const step = await gen.next();
      if (step.done) {
        const blob = new Blob(parts, { type: 'application/json' });
        entries = (await store.get(msg.req.sessionId))?.summary?.requests ?? entries;
        return { blob, report: step.value, entries };
      }
      parts.push(new Blob([step.value]));
    }
  };
  work().then(
    (result) => post({ type: 'done', id: msg.id, result }),
    (err: unknown) => post({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err), cancelled: err instanceof Error && err.name === 'AbortError' }),
  ).finally(() => running.delete(msg.id));
};
