// Session rows and their events in IndexedDB: append in batches, read back in seq order, delete.
import Dexie from 'dexie';
import type { StoredEvent } from '../../core/cdp.ts';
import type { SessionInfo } from '../../core/session.ts';
import type { NetlensDb, StoredBody } from './db.ts';

export class SessionStore {
  constructor(readonly db: NetlensDb) {}

  async create(session: SessionInfo): Promise<void> {
    await this.db.sessions.add(session);
  }

  async get(id: string): Promise<SessionInfo | undefined> {
    return this.db.sessions.get(id);
  }

  /** Newest first. */
  async list(): Promise<SessionInfo[]> {
    return this.db.sessions.orderBy('startedAt').reverse().toArray();
  }

  async update(id: string, changes: Partial<SessionInfo>): Promise<void> {
    await this.db.sessions.update(id, changes);
  }

  /**
   * Appends one batch of events and the session's new event count in one read-write
   * transaction with nothing else awaited inside, so a batch is stored whole or not at all.
   */
  async append(sessionId: string, events: readonly StoredEvent[], changes: Partial<SessionInfo> = {}): Promise<void> {
    if (events.length === 0 && Object.keys(changes).length === 0) return;
    const last = events[events.length - 1];
    await this.db.transaction('rw', this.db.events, this.db.sessions, () =>
      Promise.all([
        events.length > 0 ? this.db.events.bulkAdd(events as StoredEvent[]) : undefined,
        this.db.sessions.update(sessionId, { ...changes, ...(last ? { eventCount: last.seq } : {}) }),
      ]),
    );
  }

  async putBody(body: StoredBody): Promise<void> {
    await this.db.bodies.put(body);
  }

  async bodies(sessionId: string): Promise<StoredBody[]> {
    return this.db.bodies.where('[sessionId+requestId]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).toArray();
  }

  /** Events with fromSeq <= seq <= toSeq, in seq order, at most `limit`. */
  async events(sessionId: string, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER, limit = Infinity): Promise<StoredEvent[]> {
    const range = this.db.events.where('[sessionId+seq]').between([sessionId, fromSeq], [sessionId, toSeq], true, true);
    return Number.isFinite(limit) ? range.limit(limit).toArray() : range.toArray();
  }

  /** Reads a session's events in pages (so a huge session never sits in memory twice). */
  async *pages(sessionId: string, pageSize = 5000, fromSeq = 1): AsyncGenerator<StoredEvent[]> {
    let next = fromSeq;
    for (;;) {
      const page = await this.events(sessionId, next, Number.MAX_SAFE_INTEGER, pageSize);
      if (page.length === 0) return;
      yield page;
      next = page[page.length - 1]!.seq + 1;
      if (page.length < pageSize) return;
    }
  }

  async countEvents(sessionId: string): Promise<number> {
    return this.db.events.where('[sessionId+seq]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).count();
  }

  /** Deletes a session, its events and its bodies. */
  async delete(sessionId: string): Promise<void> {
    await this.db.transaction('rw', this.db.events, this.db.sessions, this.db.bodies, async () => {
      await this.db.events.where('[sessionId+seq]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).delete();
      await this.db.bodies.where('[sessionId+requestId]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).delete();
      await this.db.sessions.delete(sessionId);
    });
  }

  /** Deletes every session that is not recording. */
  async deleteAllEnded(): Promise<number> {
    const ended = (await this.db.sessions.toArray()).filter((s) => s.state !== 'recording');
    for (const s of ended) await this.delete(s.id);
    return ended.length;
  }

  /** Sessions a killed worker left in `recording` become `interrupted` (run when the worker starts). */
  async markInterrupted(except: ReadonlySet<string> = new Set()): Promise<SessionInfo[]> {
    const stale = (await this.db.sessions.where('state').equals('recording').toArray()).filter((s) => !except.has(s.id));
    for (const s of stale) {
      await this.update(s.id, {
        state: 'interrupted',
        endReason: 'worker_restart',
        endedAt: Date.now(),
        endDetail: `the extension's service worker stopped while recording; ${s.eventCount} events were stored, and events of its last unflushed quarter second may be missing`,
      });
    }
    return stale;
  }
}

/** True for the errors IndexedDB raises when the disk or the origin's quota is full. */
export function isQuotaError(err: unknown): boolean {
  const e = err as { name?: string; inner?: { name?: string } } | undefined;
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}
