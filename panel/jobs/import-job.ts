// Importing a file as a session: a HAR or a raw CDP log becomes the events of a new session
// (source 'har' or 'cdp-log', state 'imported'), stored in batches with progress. A file that
// cannot be read leaves nothing behind; a failure half-way removes the half-stored session.
import type { CdpEvent, StoredEvent } from '../../src/core/cdp.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import { importText } from '../../src/core/import/import-text.ts';
import { BodyCollector } from '../../src/core/bodies.ts';
import { breathe, JobCancelled, type JobProgress, type JobStore } from './job-store.ts';

export interface ImportResult {
  session: SessionInfo;
  notes: string[];
}

const BATCH = 10_000;

export async function runImport(text: string, fileName: string, store: JobStore, progress: JobProgress, signal?: AbortSignal, newId = defaultId): Promise<ImportResult> {
  progress('Reading', 0, 1);
  const input = importText(text, fileName);
  // Bodies (a HAR's content.text, a log's body items) go to the bodies table, not the event log.
  const collector = new BodyCollector();
  const events: CdpEvent[] = collector.split(input.events);
  const source: SessionInfo['source'] = input.kind;
  const browserVersion: string | undefined = input.kind === 'har' ? input.origin : undefined;
  const notes: string[] = input.notes;
  if (signal?.aborted) throw new JobCancelled('Import');

  const firstPage = events.find((e) => e.method === 'Page.frameNavigated' && !e.sessionId) as { params: { frame?: { url?: string } } } | undefined;
  const firstRequest = events.find((e) => e.method === 'Network.requestWillBeSent') as { params: { request?: { url?: string } } } | undefined;
  const now = Date.now();
  const session: SessionInfo = {
    id: newId(),
    name: fileName,
    url: firstPage?.params.frame?.url ?? firstRequest?.params.request?.url ?? '',
    title: fileName,
    startedAt: now,
    endedAt: now,
    state: 'imported',
    eventCount: 0,
    source,
    fileName,
    options: collector.bodies.size > 0 ? { bodies: true } : {},
    ...(browserVersion ? { browserVersion } : {}),
  };
  await store.create(session);
  try {
    for (let i = 0; i < events.length; i += BATCH) {
      if (signal?.aborted) throw new JobCancelled('Import');
      const rows: StoredEvent[] = events.slice(i, i + BATCH).map((e, j) => {
        const row: StoredEvent = { sessionId: session.id, seq: i + j + 1, t: now, method: e.method, params: e.params };
        if (e.sessionId) row.target = e.sessionId;
        return row;
      });
      await store.append(session.id, rows);
      progress('Storing events', Math.min(events.length, i + BATCH), events.length);
      await breathe();
    }
    let n = 0;
    for (const b of collector.bodies.values()) {
      if (signal?.aborted) throw new JobCancelled('Import');
      await store.putBody?.({ ...b, sessionId: session.id });
      if (++n % 200 === 0) {
        progress('Storing bodies', n, collector.bodies.size);
        await breathe();
      }
    }
  } catch (err) {
    // Leave nothing half-imported; sessions stored before are not touched.
    await store.delete(session.id).catch(() => undefined);
    throw err;
  }
  session.eventCount = events.length;
  return { session, notes };
}

function defaultId(): string {
  return `i-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
