// The retention rules on sessions written literally: which go, in which order, and why.
import { describe, expect, it } from 'vitest';
import { checkRetention, describeRetention, sessionsToDelete, type RetainedSession } from '../../../src/core/retention.ts';

const DAY = 86_400_000;
const MB = 1_048_576;
const NOW = Date.UTC(2026, 11, 1);
const s = (id: string, daysAgo: number, mb: number, state: RetainedSession['state'] = 'stopped'): RetainedSession => ({
  id,
  state,
  startedAt: NOW - daysAgo * DAY - 60_000,
  ...(state === 'recording' ? {} : { endedAt: NOW - daysAgo * DAY }),
  bytes: mb * MB,
});

describe('retention', () => {
  it('deletes what ended more than N days ago, never a recording', () => {
    const sessions = [s('new', 1, 5), s('old', 40, 5), s('older', 90, 5), s('live', 100, 5, 'recording'), s('edge', 30, 5)];
    expect(sessionsToDelete(sessions, { maxDays: 30, maxMegabytes: null }, NOW)).toEqual([
      { id: 'older', reason: 'age' },
      { id: 'old', reason: 'age' },
    ]);
  });

  it('deletes the sessions that ended longest ago until the total is under N MB (recordings count but stay)', () => {
    const sessions = [s('a', 1, 400), s('b', 2, 400), s('c', 3, 400), s('live', 10, 300, 'recording')];
    // 1,500 MB kept against 1,000: c (the oldest ended) goes, then b: 700 MB left.
    expect(sessionsToDelete(sessions, { maxDays: null, maxMegabytes: 1000 }, NOW)).toEqual([
      { id: 'c', reason: 'size' },
      { id: 'b', reason: 'size' },
    ]);
  });

  it('applies age first, then size on what is left', () => {
    const sessions = [s('a', 1, 600), s('b', 5, 600), s('c', 50, 600)];
    expect(sessionsToDelete(sessions, { maxDays: 30, maxMegabytes: 1000 }, NOW)).toEqual([
      { id: 'c', reason: 'age' },
      { id: 'b', reason: 'size' },
    ]);
    expect(describeRetention(sessionsToDelete(sessions, { maxDays: 30, maxMegabytes: 1000 }, NOW), { maxDays: 30, maxMegabytes: 1000 })).toBe(
      'Deleted 2 sessions: 1 older than 30 days, 1 to keep under 1000 MB.',
    );
  });

  it('keeps everything with both limits off', () => {
    expect(sessionsToDelete([s('a', 900, 90_000)], { maxDays: null, maxMegabytes: null }, NOW)).toEqual([]);
  });

  it('refuses settings that are not positive numbers, in words', () => {
    expect(checkRetention({ maxDays: -1, maxMegabytes: 10 })).toBe('Days must be a positive number, or empty for no limit.');
    expect(checkRetention({ maxDays: 7, maxMegabytes: 'lots' })).toBe('Megabytes must be a positive number, or empty for no limit.');
    expect(checkRetention({ maxDays: 7 })).toEqual({ maxDays: 7, maxMegabytes: null });
  });
});
