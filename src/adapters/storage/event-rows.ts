// How a session's events sit in IndexedDB: one row per flush batch (`StoredBatch`, one JSON text
// per row), keyed by session and the batch's last seq. Writing a batch is one put; reading a seq
// range is one key range, a few rows per round trip, with the next round trip in flight while the
// caller works on the current one. Sessions stored before schema version 2 (one row per event)
// are read through the same functions.
import Dexie from 'dexie';
import type { StoredEvent } from '../../core/cdp.ts';
import type { NetlensDb, StoredBatch } from './db.ts';

/** The part of a stored event a batch row keeps per event (sessionId and seq come from the row). */
interface BatchItem {
  t: number;
  method: string;
  params?: unknown;
  target?: string;
}

/**
 * One row for a batch of consecutive events of one session. Throws when the seqs are not
 * consecutive or the events belong to another session: a row is a gapless seq range.
 */
export function encodeBatch(sessionId: string, events: readonly StoredEvent[]): StoredBatch {
  const first = events[0]!.seq;
  const items: BatchItem[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== first + i) throw new Error(`A stored batch must hold consecutive events: seq ${e.seq} follows ${first + i - 1}.`);
    if (e.sessionId !== sessionId) throw new Error(`A stored batch must hold one session's events: ${e.sessionId} in a batch of ${sessionId}.`);
    items[i] = e.target === undefined ? { t: e.t, method: e.method, params: e.params } : { t: e.t, method: e.method, params: e.params, target: e.target };
  }
  return { sessionId, firstSeq: first, lastSeq: first + events.length - 1, json: JSON.stringify(items) };
}

/** The events of a row with seq >= fromSeq, as StoredEvent objects. */
export function decodeBatch(row: StoredBatch, fromSeq = row.firstSeq): StoredEvent[] {
  const items = JSON.parse(row.json) as StoredEvent[];
  if (items.length !== row.lastSeq - row.firstSeq + 1) throw new Error(`Stored batch ${row.firstSeq}–${row.lastSeq} of session ${row.sessionId} holds ${items.length} events.`);
  const skip = Math.max(0, fromSeq - row.firstSeq);
  const out = skip > 0 ? items.slice(skip) : items;
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!;
    e.sessionId = row.sessionId;
    e.seq = row.firstSeq + skip + i;
  }
  return out;
}

/** Several rows of consecutive ranges as one row (their JSON texts joined, nothing parsed). */
export function mergeBatches(rows: readonly StoredBatch[]): StoredBatch {
  const parts = rows.map((r) => r.json.slice(1, -1)).filter((p) => p.length > 0);
  return { sessionId: rows[0]!.sessionId, firstSeq: rows[0]!.firstSeq, lastSeq: rows[rows.length - 1]!.lastSeq, json: `[${parts.join(',')}]` };
}

export type Layout = 'batches' | 'rows' | 'none';

/** Which layout holds a session's events: batch rows (version 2), event rows (version 1), or none yet. */
export async function layoutOf(db: NetlensDb, sessionId: string): Promise<Layout> {
  const range = (t: NetlensDb['batches'] | NetlensDb['events']) => t.where(':id').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]);
  if ((await range(db.batches).limit(1).primaryKeys()).length > 0) return 'batches';
  if ((await range(db.events).limit(1).primaryKeys()).length > 0) return 'rows';
  return 'none';
}

/** Rows (events) fetched per round trip: the first trip one row, so the first events come quickly. */
const EVENTS_PER_TRIP = 20_000;
const MAX_ROWS_PER_TRIP = 500;

/**
 * A session's events from `fromSeq` to `toSeq` in seq order, one array per stored row, read from
 * the batch rows. The next rows are being read while the caller works on the current ones.
 */
export async function* batchEvents(db: NetlensDb, sessionId: string, fromSeq: number, toSeq: number): AsyncGenerator<StoredEvent[]> {
  const trip = (afterLastSeq: number, limit: number) =>
    db.batches.where(':id').between([sessionId, afterLastSeq], [sessionId, Dexie.maxKey], false, true).limit(limit).toArray();
  let next = fromSeq;
  let pending: Promise<StoredBatch[]> | undefined = trip(fromSeq - 1, 1);
  try {
    while (pending) {
      const rows = await pending;
      pending = undefined;
      const last = rows[rows.length - 1];
      if (last && last.firstSeq <= toSeq && last.lastSeq < toSeq) {
        const perRow = Math.max(1, (last.lastSeq - rows[0]!.firstSeq + 1) / rows.length);
        pending = trip(last.lastSeq, Math.min(MAX_ROWS_PER_TRIP, Math.max(1, Math.ceil(EVENTS_PER_TRIP / perRow))));
      }
      for (const row of rows) {
        // A row may start before `next` (a compaction merged rows under a reader): skip what was given.
        if (row.lastSeq < next) continue;
        if (row.firstSeq > toSeq) return;
        if (row.firstSeq > next) throw new Error(`Session ${sessionId} has no stored events ${next}–${row.firstSeq - 1}.`);
        let events = decodeBatch(row, next);
        if (row.lastSeq > toSeq) events = events.slice(0, toSeq - next + 1);
        next += events.length;
        yield events;
      }
    }
  } finally {
    // The caller stopped early: the trip in flight is not wanted (and must not be an unhandled rejection).
    pending?.catch(() => undefined);
  }
}

/** The same from version 1's event rows, in pages. */
export async function* legacyEvents(db: NetlensDb, sessionId: string, fromSeq: number, toSeq: number, pageSize: number): AsyncGenerator<StoredEvent[]> {
  let next = fromSeq;
  while (next <= toSeq) {
    const page = await db.events.where('[sessionId+seq]').between([sessionId, next], [sessionId, toSeq], true, true).limit(pageSize).toArray();
    if (page.length === 0) return;
    yield page;
    next = page[page.length - 1]!.seq + 1;
    if (page.length < pageSize) return;
  }
}

/** Regroups an iteration of event arrays into pages of exactly `pageSize` (the last one shorter). */
export async function* repage(source: AsyncIterable<StoredEvent[]>, pageSize: number): AsyncGenerator<StoredEvent[]> {
  let page: StoredEvent[] = [];
  for await (const events of source) {
    if (page.length === 0 && events.length === pageSize) {
      yield events;
      continue;
    }
    let i = 0;
    while (i < events.length) {
      const take = Math.min(pageSize - page.length, events.length - i);
      if (page.length === 0 && i === 0 && take === events.length) page = events;
      else for (let k = 0; k < take; k++) page.push(events[i + k]!);
      i += take;
      if (page.length === pageSize) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length > 0) yield page;
}
