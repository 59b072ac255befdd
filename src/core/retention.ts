// How long recordings are kept: a number of days, a number of megabytes, or both. Pure: the
// service worker applies it (at start-up and after each recording) through the storage adapter.
//
// The rules, in order:
// 1. A session being recorded is never deleted.
// 2. Age: a session that ended (or, if it never said so, started) more than `maxDays` days ago is
//    deleted.
// 3. Size: while everything kept (recordings included) is over `maxMegabytes`, the session that
//    ended longest ago is deleted next.
// A limit of `null` is off. An imported session counts from when it was imported.

export interface RetentionSettings {
  /** Keep sessions this many days after they ended; null keeps them whatever their age. */
  maxDays: number | null;
  /** Keep at most this many megabytes (2^20 bytes) of stored sessions; null for no limit. */
  maxMegabytes: number | null;
}

/** The defaults the settings show: a month, and a gigabyte. */
export const DEFAULT_RETENTION: RetentionSettings = { maxDays: 30, maxMegabytes: 1024 };

export interface RetainedSession {
  id: string;
  state: 'recording' | 'stopped' | 'interrupted' | 'imported';
  startedAt: number;
  endedAt?: number;
  /** What the session holds in storage, in bytes (events and bodies). */
  bytes: number;
}

export interface Deletion {
  id: string;
  reason: 'age' | 'size';
}

const DAY_MS = 86_400_000;
const MB = 1_048_576;

/** Checks settings read from storage (or typed by the user); returns a sentence when they are wrong. */
export function checkRetention(s: unknown): RetentionSettings | string {
  const o = s as Partial<Record<keyof RetentionSettings, unknown>> | null;
  if (!o || typeof o !== 'object') return 'Retention settings must be an object with maxDays and maxMegabytes.';
  const limit = (v: unknown, name: string): number | null | string => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return `${name} must be a positive number, or empty for no limit.`;
    return v;
  };
  const maxDays = limit(o.maxDays, 'Days');
  if (typeof maxDays === 'string') return maxDays;
  const maxMegabytes = limit(o.maxMegabytes, 'Megabytes');
  if (typeof maxMegabytes === 'string') return maxMegabytes;
  return { maxDays, maxMegabytes };
}

/** The sessions to delete under `settings` at time `now` (epoch ms), oldest first. Linear after one sort. */
export function sessionsToDelete(sessions: readonly RetainedSession[], settings: RetentionSettings, now: number): Deletion[] {
  const out: Deletion[] = [];
  const endOf = (s: RetainedSession) => s.endedAt ?? s.startedAt;
  const ended = sessions.filter((s) => s.state !== 'recording').sort((a, b) => endOf(a) - endOf(b));
  const gone = new Set<string>();
  if (settings.maxDays !== null) {
    const cutoff = now - settings.maxDays * DAY_MS;
    for (const s of ended) {
      if (endOf(s) >= cutoff) break;
      out.push({ id: s.id, reason: 'age' });
      gone.add(s.id);
    }
  }
  if (settings.maxMegabytes !== null) {
    const limit = settings.maxMegabytes * MB;
    let total = 0;
    for (const s of sessions) if (!gone.has(s.id)) total += Math.max(0, s.bytes);
    for (const s of ended) {
      if (total <= limit) break;
      if (gone.has(s.id)) continue;
      out.push({ id: s.id, reason: 'size' });
      gone.add(s.id);
      total -= Math.max(0, s.bytes);
    }
  }
  return out;
}

/** What a deletion run did, in words for the Sessions view. */
export function describeRetention(deleted: readonly Deletion[], settings: RetentionSettings): string {
  if (!deleted.length) return 'No session was old or large enough to delete.';
  const age = deleted.filter((d) => d.reason === 'age').length;
  const size = deleted.length - age;
  const parts: string[] = [];
  if (age) parts.push(`${age} older than ${settings.maxDays} days`);
  if (size) parts.push(`${size} to keep under ${settings.maxMegabytes} MB`);
  return `Deleted ${deleted.length} session${deleted.length === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
