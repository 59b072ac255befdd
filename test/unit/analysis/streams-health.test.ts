// Buffering and gap figures on message lists written literally here (times in ms): a burst after a
// wait with and without time stamps, times that go backwards (a log out of order: never a negative
// spread), and the gap quantiles against values worked out by hand.
import { describe, expect, it } from 'vitest';
import type { MessageList } from '../../../src/core/analysis/streams/index.ts';
import { bufferingOf } from '../../../src/core/analysis/streams/event-stream-health.ts';
import { channelStats } from '../../../src/core/analysis/streams/event-stream-stats.ts';

function list(ms: { at: number; text?: string }[]): MessageList {
  return {
    length: ms.length,
    at: (i) => ms[i]!.at,
    size: (i) => (ms[i]!.text ?? 'x').length,
    text: (i) => ms[i]!.text ?? 'x',
    type: () => 'message',
    eventId: (i) => String(i + 1),
    direction: () => undefined,
    opcode: () => undefined,
    late: () => false,
  };
}

describe('buffering', () => {
  it('a burst after a wait, proved by time stamps', () => {
    const made = [1_700_000_000_000, 1_700_000_000_100, 1_700_000_000_200, 1_700_000_000_300];
    const l = list([{ at: 0 }, ...made.map((m, i) => ({ at: 1000 + i, text: JSON.stringify({ madeAt: m }) }))]);
    expect(bufferingOf(l, 0)).toEqual([{ fromIndex: 1, count: 4, waitedMs: 1000, arrivalSpreadMs: 3, producedSpreadMs: 300, timestampField: 'madeAt', ids: { first: '2', last: '5' }, confidence: 'certain' }]);
  });
  it('without time stamps: 5 after a second is likely; 3 after 300 ms is not enough', () => {
    expect(bufferingOf(list([{ at: 0 }, ...[0, 1, 2, 3, 4].map((k) => ({ at: 1500 + k }))]), 0)).toMatchObject([{ count: 5, confidence: 'likely', waitedMs: 1500 }]);
    expect(bufferingOf(list([{ at: 0 }, ...[0, 1, 2].map((k) => ({ at: 300 + k }))]), 0)).toEqual([]);
  });
  it('times that go backwards break a burst: no negative spread', () => {
    const l = list([{ at: 0 }, { at: 1000 }, { at: 600 }, { at: 601 }, { at: 602 }, { at: 603 }, { at: 604 }]);
    for (const b of bufferingOf(l, 0)) expect(b.arrivalSpreadMs).toBeGreaterThanOrEqual(0);
  });
});

describe('gaps', () => {
  it('median, 95th percentile (nearest rank), longest and stalls', () => {
    // Gaps 10, 20, 30, 40, 1500 ms.
    const s = channelStats(list([0, 10, 30, 60, 100, 1600].map((at) => ({ at }))), { sentAt: 0, endAt: 1600 });
    expect(s.gaps).toEqual({ median: 30, p95: 1500, longest: { ms: 1500, afterIndex: 4 }, stalls: 1, stallMs: 1500 });
    expect(s.messages).toBe(6);
    expect(s.rate.counts.reduce((a, b) => a + b, 0)).toBe(6);
  });
});
