// A channel's figures from its message times and sizes, in linear time (quantiles by selection,
// not by sorting): counts and bytes, the largest messages, time to first message, gaps, stalls,
// and the rate over time. Works for every kind, WebSocket included.
import type { MessageList } from './channels.ts';
import type { ChannelStats, GapStats, RateSeries } from './types.ts';

/** A gap longer than this is a stall (HPBN: users notice a second). */
export const STALL_MS = 1000;
/** Buckets of the rate series, at most. */
export const RATE_BUCKETS = 120;

export function channelStats(list: MessageList, times: { sentAt: number; responseAt?: number; endAt: number }): ChannelStats {
  const n = list.length;
  let bytes = 0;
  const top: { index: number; size: number }[] = [];
  const types = new Map<string, number>();
  let sent: { messages: number; bytes: number } | undefined;
  let received: { messages: number; bytes: number } | undefined;
  const gaps = new Float64Array(Math.max(0, n - 1));
  let longest: GapStats['longest'];
  let stalls = 0;
  let stallMs = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const size = list.size(i);
    bytes += size;
    if (top.length < 5 || size > top[top.length - 1]!.size) insertTop(top, { index: i, size });
    const type = list.type(i);
    types.set(type, (types.get(type) ?? 0) + 1);
    const dir = list.direction(i);
    if (dir !== undefined) {
      const side = dir === 'sent' ? (sent ??= { messages: 0, bytes: 0 }) : (received ??= { messages: 0, bytes: 0 });
      side.messages++;
      side.bytes += size;
    }
    const at = list.at(i);
    if (i > 0) {
      const g = Math.max(0, at - prev);
      gaps[i - 1] = g;
      if (longest === undefined || g > longest.ms) longest = { ms: g, afterIndex: i - 1 };
      if (g > STALL_MS) {
        stalls++;
        stallMs += g;
      }
    }
    prev = at;
  }
  const gapStats: GapStats = { stalls, stallMs };
  if (gaps.length > 0) {
    gapStats.median = quantile(gaps, 0.5);
    gapStats.p95 = quantile(gaps, 0.95);
    gapStats.longest = longest;
  }
  const stats: ChannelStats = {
    messages: n,
    bytes,
    largest: top,
    gaps: gapStats,
    rate: rateSeries(list, times.sentAt, Math.max(times.endAt, n > 0 ? list.at(n - 1) : times.sentAt)),
    eventTypes: [...types].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count),
  };
  if (sent !== undefined || received !== undefined) {
    stats.sent = sent ?? { messages: 0, bytes: 0 };
    stats.received = received ?? { messages: 0, bytes: 0 };
  }
  if (n > 0) {
    stats.firstMessageMs = Math.max(0, list.at(0) - times.sentAt);
    if (times.responseAt !== undefined) stats.firstMessageAfterResponseMs = Math.max(0, list.at(0) - times.responseAt);
  }
  stats.durationMs = Math.max(0, times.endAt - times.sentAt);
  return stats;
}

function insertTop(top: { index: number; size: number }[], m: { index: number; size: number }): void {
  let i = top.length;
  while (i > 0 && top[i - 1]!.size < m.size) i--;
  top.splice(i, 0, m);
  if (top.length > 5) top.pop();
}

/** Messages and bytes per bucket over [start, end]; the bucket is a round number of ms. */
export function rateSeries(list: MessageList, start: number, end: number): RateSeries {
  const span = Math.max(1, end - start);
  const bucketMs = niceStep(span / RATE_BUCKETS);
  const buckets = Math.max(1, Math.ceil(span / bucketMs) + 1);
  const counts = new Array<number>(buckets).fill(0);
  const bytes = new Array<number>(buckets).fill(0);
  for (let i = 0; i < list.length; i++) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor((list.at(i) - start) / bucketMs)));
    counts[b]!++;
    bytes[b]! += list.size(i);
  }
  return { startAt: start, bucketMs, counts, bytes };
}

/** 1, 2 or 5 × a power of ten, at least `ms` (and at least 1). */
function niceStep(ms: number): number {
  if (!(ms > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(ms));
  for (const m of [1, 2, 5, 10]) if (m * p >= ms) return m * p;
  return 10 * p;
}

/** The q-quantile (nearest rank) of `values`, which it reorders; linear on average (quickselect). */
export function quantile(values: Float64Array, q: number): number {
  const n = values.length;
  const k = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}
