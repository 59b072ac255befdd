// Session rows and their events in IndexedDB: append in batches, read back in seq order, delete.
// The events' row layout is in event-rows.ts.
import Dexie from 'dexie';
import type { StoredEvent } from '../../core/cdp.ts';
import type { SessionInfo } from '../../core/session.ts';
import type { NetlensDb, StoredBody } from './db.ts';
import { batchEvents, encodeBatch, layoutOf, legacyEvents, mergeBatches, repage, type Layout } from './event-rows.ts';

/** Compaction merges rows of fewer events than this … */
const SMALL_ROW = 1000;
/** … into rows of at most this many. */
const COMPACT_ROW = 5000;

export class SessionStore {
  /** Layouts once known for good (a session's rows never change layout). */
  private readonly layouts = new Map<string, Exclude<Layout, 'none'>>();

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
   * Appends one batch of consecutive events (one row) and the session's new event count in one
   * read-write transaction with nothing else awaited inside, so a batch is stored whole or not at all.
   */
  async append(sessionId: string, events: readonly StoredEvent[], changes: Partial<SessionInfo> = {}): Promise<void> {
    if (events.length === 0 && Object.keys(changes).length === 0) return;
    const row = events.length > 0 ? encodeBatch(sessionId, events) : undefined;
    await this.db.transaction('rw', this.db.batches, this.db.sessions, () =>
      Promise.all([
        row ? this.db.batches.add(row) : undefined,
        this.db.sessions.where('id').equals(sessionId).modify((s) => {
          Object.assign(s, changes);
          if (row) {
            s.eventCount = row.lastSeq;
            s.storedBytes = (s.storedBytes ?? 0) + row.json.length;
          }
        }),
      ]),
    );
    if (row) this.layouts.set(sessionId, 'batches');
  }

  /**
   * Stores a body (or the reason there is none) and adds its stored size to the session's
   * storedBytes, in one transaction. A second row for the same request replaces the first (its
   * size is taken back).
   */
  async putBody(body: StoredBody): Promise<void> {
    const key: [string, string] = [body.sessionId, body.requestId];
    await this.db.transaction('rw', this.db.bodies, this.db.sessions, async () => {
      const old = await this.db.bodies.get(key);
      await this.db.bodies.put(body);
      await this.db.sessions
        .where('id')
        .equals(body.sessionId)
        .modify((s) => {
          s.storedBytes = Math.max(0, (s.storedBytes ?? 0) + storedSize(body) - (old ? storedSize(old) : 0));
        });
    });
  }

  /** One request's body row (what the panel reads when a request is selected). */
  async body(sessionId: string, requestId: string): Promise<StoredBody | undefined> {
    return this.db.bodies.get([sessionId, requestId]);
  }

  async bodies(sessionId: string): Promise<StoredBody[]> {
    return this.db.bodies.where('[sessionId+requestId]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).toArray();
  }

  private async layout(sessionId: string): Promise<Layout> {
    const known = this.layouts.get(sessionId);
    if (known) return known;
    const found = await layoutOf(this.db, sessionId);
    if (found !== 'none') this.layouts.set(sessionId, found);
    return found;
  }

  /** The stored events fromSeq..toSeq in seq order, one array per stored row (or page of old rows). */
  private async *chunks(sessionId: string, fromSeq: number, toSeq: number, pageSize: number): AsyncGenerator<StoredEvent[]> {
    const layout = await this.layout(sessionId);
    if (layout === 'batches') yield* batchEvents(this.db, sessionId, fromSeq, toSeq);
    else if (layout === 'rows') yield* legacyEvents(this.db, sessionId, fromSeq, toSeq, pageSize);
  }

  /** Events with fromSeq <= seq <= toSeq, in seq order, at most `limit`. */
  async events(sessionId: string, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER, limit = Infinity): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    const last = Number.isFinite(limit) ? Math.min(toSeq, fromSeq + limit - 1) : toSeq;
    for await (const chunk of this.chunks(sessionId, fromSeq, last, 5000)) {
      for (const e of chunk) out.push(e);
    }
    return out;
  }

  /** Reads a session's events in pages of `pageSize` (so a huge session never sits in memory twice). */
  pages(sessionId: string, pageSize = 5000, fromSeq = 1): AsyncGenerator<StoredEvent[]> {
    return repage(this.chunks(sessionId, fromSeq, Number.MAX_SAFE_INTEGER, pageSize), pageSize);
  }

  async countEvents(sessionId: string): Promise<number> {
    const layout = await this.layout(sessionId);
    if (layout === 'rows') return this.db.events.where('[sessionId+seq]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).count();
    if (layout === 'none') return 0;
    const [firsts, lasts] = await this.rowRanges(sessionId);
    let n = 0;
    for (let i = 0; i < firsts.length; i++) n += lasts[i]! - firsts[i]! + 1;
    return n;
  }

  /** Each batch row's first and last seq, in seq order, read from the keys alone. */
  private async rowRanges(sessionId: string): Promise<[number[], number[]]> {
    const range = this.db.batches.where('[sessionId+firstSeq]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]);
    const [keys, primary] = await this.db.transaction('r', this.db.batches, () => Promise.all([range.keys(), range.primaryKeys()]));
    return [(keys as unknown as [string, number][]).map((k) => k[1]), primary.map((k) => k[1])];
  }

  /**
   * Merges runs of small rows (a live recording writes one row per quarter second) into rows of up
   * to COMPACT_ROW events, each merge in its own transaction, so a reader sees the events once and
   * a killed worker leaves every event stored. Returns the number of rows merged away.
   */
  async compact(sessionId: string): Promise<number> {
    if ((await this.layout(sessionId)) !== 'batches') return 0;
    const [firsts, lasts] = await this.rowRanges(sessionId);
    let merged = 0;
    let run: number[] = [];
    let runEvents = 0;
    const flush = async () => {
      if (run.length > 1) {
        const keys = run.map((i) => [sessionId, lasts[i]!] as [string, number]);
        await this.db.transaction('rw', this.db.batches, async () => {
          const rows = await this.db.batches.bulkGet(keys);
          // Deleted or compacted meanwhile: leave it.
          if (rows.some((r, k) => !r || r.firstSeq !== firsts[run[k]!])) return;
          await this.db.batches.bulkDelete(keys.slice(0, -1));
          await this.db.batches.put(mergeBatches(rows as NonNullable<(typeof rows)[number]>[]));
          merged += keys.length - 1;
        });
      }
      run = [];
      runEvents = 0;
    };
    for (let i = 0; i < firsts.length; i++) {
      const size = lasts[i]! - firsts[i]! + 1;
      if (size >= SMALL_ROW || runEvents + size > COMPACT_ROW) await flush();
      if (size >= SMALL_ROW) continue;
      run.push(i);
      runEvents += size;
    }
    await flush();
    return merged;
  }

  /** Deletes a session, its events and its bodies. */
  async delete(sessionId: string): Promise<void> {
    await this.db.transaction('rw', [this.db.batches, this.db.events, this.db.sessions, this.db.bodies], async () => {
      await this.db.batches.where(':id').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).delete();
      await this.db.events.where('[sessionId+seq]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).delete();
      await this.db.bodies.where('[sessionId+requestId]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).delete();
      await this.db.sessions.delete(sessionId);
    });
    this.layouts.delete(sessionId);
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

/** What a body row takes in storage, as storedBytes counts it: its text, and its reason's words. */
export function storedSize(b: StoredBody): number {
  return (b.body?.length ?? 0) + (b.detail?.length ?? 0) + (b.reason ? 16 : 0);
}

/**
 * True for the errors IndexedDB raises when the disk or the origin's quota is full, as Chromium
 * really throws them: `QuotaExceededError` (the quota, or "Encountered full disk while opening
 * backing store" when it reopens), possibly inside Dexie's wrappers.
 */
export function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; message?: string; inner?: unknown } | undefined, depth = 0; e && depth < 4; e = e.inner as typeof e, depth++) {
    if (e.name === 'QuotaExceededError' || /full disk/i.test(e.message ?? '')) return true;
  }
  return false;
}

/** What a write needs free, at least, for a failed write not to be put down to a full disk. */
const FULL_DISK_MARGIN = 64 << 20;

/**
 * A full disk also shows as a write error that does not say so: on Chromium 156 a batch written
 * when the disk fills fails with `DataError: Failed to write blobs (IOError)` (large values are
 * stored as blob files). Such an error counts as a full disk when the browser's own estimate says
 * there is next to no room left (`navigator.storage.estimate()`; the quota of an extension with
 * `unlimitedStorage` is the disk's free space).
 */
export async function isFullDisk(err: unknown, estimate: () => Promise<StorageEstimate> = () => navigator.storage.estimate()): Promise<boolean> {
  if (isQuotaError(err)) return true;
  try {
    const { quota, usage } = await estimate();
    return quota !== undefined && usage !== undefined && quota - usage < FULL_DISK_MARGIN;
  } catch {
    return false;
  }
}
