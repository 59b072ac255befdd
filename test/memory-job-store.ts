// An in-memory JobStore for tests that run the panel's export and import jobs outside the panel:
// sessions, their events and their body rows in maps the test can fill and read.
import type { StoredEvent } from '../src/core/cdp.ts';
import type { SessionInfo } from '../src/core/session.ts';
import type { BodyEntry } from '../src/core/bodies.ts';
import type { JobStore } from '../panel/jobs/job-store.ts';
import { runExport } from '../panel/jobs/export-job.ts';
import type { RedactionOptions } from '../src/core/redact/redact-har.ts';

export interface MemoryJobStore extends JobStore {
  sessions: Map<string, SessionInfo>;
  events: Map<string, StoredEvent[]>;
  rows: Map<string, BodyEntry[]>;
}

export function memoryJobStore(
  sessions = new Map<string, SessionInfo>(),
  events = new Map<string, StoredEvent[]>(),
  rows = new Map<string, BodyEntry[]>(),
): MemoryJobStore {
  return {
    sessions,
    events,
    rows,
    create: async (s) => void sessions.set(s.id, { ...s }),
    get: async (id) => sessions.get(id),
    append: async (id, evs) => void events.set(id, [...(events.get(id) ?? []), ...evs]),
    delete: async (id) => void sessions.delete(id),
    async *pages(id, size = 5000) {
      const all = events.get(id) ?? [];
      for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
    },
    bodies: async (id) => rows.get(id) ?? [],
    putBody: async ({ sessionId, ...b }) => void rows.set(sessionId, [...(rows.get(sessionId) ?? []), b]),
  };
}

/** The HAR text the export job writes for a session. */
export async function exportText(store: JobStore, sessionId: string, redact: RedactionOptions | false): Promise<string> {
  const gen = runExport(store, { sessionId, redact, creator: { name: 'Netlens', version: 'test' } }, () => undefined);
  let text = '';
  for (let step = await gen.next(); !step.done; step = await gen.next()) text += step.value;
  return text;
}
