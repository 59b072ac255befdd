// The only Dexie code in Netlens: the IndexedDB schema. Everything else goes through the
// functions in sessions.ts and events.ts.
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { StoredEvent } from '../../core/cdp.ts';
import type { SessionInfo } from '../../core/session.ts';

/** A response body fetched during capture (only when the session's options ask for bodies). */
export interface StoredBody {
  sessionId: string;
  /** The CDP requestId (the record id of the request's last hop). */
  requestId: string;
  body: string;
  base64Encoded: boolean;
}

export type NetlensDb = Dexie & {
  sessions: EntityTable<SessionInfo, 'id'>;
  /** Primary key [sessionId+seq]: a session's events read back in seq order by key range. */
  events: Table<StoredEvent, [string, number]>;
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
  return db;
}
