// The only Dexie code in Netlens: the IndexedDB schema. Everything else goes through the
// functions in sessions.ts (and event-rows.ts, the layout of the stored events).
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { StoredEvent } from '../../core/cdp.ts';
import type { SessionInfo } from '../../core/session.ts';
import { bodyByteLength, type BodyEntry } from '../../core/bodies.ts';

/**
 * A response body fetched during capture (only when the session's options ask for bodies), or
 * the reason it was not kept (`reason`, no `body`). Keyed by session id + CDP request id; `hop`
 * says which hop of the chain it belongs to (see src/core/bodies.ts). Version 3 fills `size`
 * on rows stored before.
 */
export interface StoredBody extends BodyEntry {
  sessionId: string;
}

/**
 * One stored batch of events (the `batches` table, schema version 2): the events with seq
 * firstSeq..lastSeq of one session, gapless, as one JSON text of an array of
 * `{t, method, params, target?}` (the event with seq firstSeq + i at index i; `sessionId` and `seq`
 * are given back on reading). `method` and `params` are exactly what the protocol sent.
 * Primary key [sessionId+lastSeq]: the rows from a seq on are a key range, in seq order. The index
 * [sessionId+firstSeq] gives each row's size without reading it (for compaction).
 */
export interface StoredBatch {
  sessionId: string;
  firstSeq: number;
  lastSeq: number;
  json: string;
}

export type NetlensDb = Dexie & {
  sessions: EntityTable<SessionInfo, 'id'>;
  /** Version 1's layout, one row per event (read for sessions stored before version 2; never written). */
  events: Table<StoredEvent, [string, number]>;
  /** One row per flush batch (version 2). */
  batches: Table<StoredBatch, [string, number]>;
  bodies: Table<StoredBody, [string, string]>;
};

export const DB_NAME = 'netlens';

export function openDb(name: string = DB_NAME): NetlensDb {
  const db = new Dexie(name) as NetlensDb;
  db.version(1).stores({
    sessions: 'id, startedAt, state, tabId',
    events: '[sessionId+seq]',
    bodies: '[sessionId+requestId]',
  });
  // Version 2 adds the batch rows and keeps version 1's event rows readable as they are (no
  // migration pass: rewriting a large old session inside the upgrade would block every page that
  // opens the database until it is done).
  db.version(2).stores({ batches: '[sessionId+lastSeq], [sessionId+firstSeq]' });
  // Version 3: body rows may also be a reason without a body, and say their hop and size. Old rows
  // (text bodies of the chain's last hop) keep their data and get their size; the table is small
  // (bodies were off by default and had no switch), so the pass is quick.
  db.version(3)
    .stores({ bodies: '[sessionId+requestId]' })
    .upgrade((tx) =>
      tx
        .table('bodies')
        .toCollection()
        .modify((b: StoredBody) => {
          if (b.size === undefined && typeof b.body === 'string') b.size = bodyByteLength(b.body, b.base64Encoded === true);
        }),
    );
  keepTryingToOpen(db);
  return db;
}

/** How often a database that failed to open (a full disk) is opened again. */
const REOPEN_EVERY_MS = 2000;

/**
 * When the disk is full, Chromium closes the database and every later open fails ("Encountered
 * full disk while opening backing store"); Dexie then keeps that failure for good, so the
 * extension would stay unable to read or delete anything after the user has freed space. Try to
 * open again every two seconds while it is failed (a timer does not keep a service worker alive).
 */
function keepTryingToOpen(db: Dexie): void {
  const timer = setInterval(() => {
    if (db.hasFailed()) db.open().catch(() => undefined);
  }, REOPEN_EVERY_MS);
  (timer as { unref?: () => void }).unref?.();
}
