// One OriginPool per origin (scheme, host, port): the unit the browser pools sockets by (HPBN:
// "Sockets are organized in pools, which are grouped by origin, and each pool enforces its own
// connection limits"). A coalesced HTTP/2 connection appears in every pool whose requests it
// carried, marked as borrowed in the pools it was not opened for.
import type { NetworkRequest } from '../../records.ts';
import { CLOCK_SLACK_MS, H1_SOCKETS_PER_HOST, familyOf } from './limits.ts';
import type { ConnectionAnalysis, Interval, OriginPool, QueueVerdict, ReuseVerdict } from './types.ts';

/**
 * Most intervals overlapping at once. An end up to `slack` ms after a start still counts as
 * before it: the renderer hears that a request finished a while after the network stack freed
 * its socket for the next one (seen: up to 17 ms on Connection: close sockets on a busy machine,
 * against the server's own log). O(k log k).
 */
export function maxOverlap(intervals: readonly Interval[], slack = CLOCK_SLACK_MS): number {
  if (intervals.length <= 1) return intervals.length;
  const starts = Float64Array.from(intervals, (i) => i.start).sort();
  const ends = Float64Array.from(intervals, (i) => i.end).sort();
  let best = 0;
  let open = 0;
  let j = 0;
  for (let i = 0; i < starts.length; i++) {
    while (j < ends.length && ends[j]! <= starts[i]! + slack) {
      j++;
      open--;
    }
    open++;
    if (open > best) best = open;
  }
  return best;
}

interface Acc {
  origin: string;
  protocols: Map<string, number>;
  conns: ConnectionAnalysis[];
  requests: number;
  noSocket: number;
  queued: { id: string; index: number; waitMs: number }[];
}

/** `verdictAt` and `queueAt` are aligned with `requests`. */
export function originPools(
  requests: readonly NetworkRequest[],
  verdictAt: readonly (ReuseVerdict | undefined)[],
  connections: readonly ConnectionAnalysis[],
  queueAt: readonly (QueueVerdict | undefined)[],
): OriginPool[] {
  const acc = new Map<string, Acc>();
  const get = (origin: string): Acc => {
    let a = acc.get(origin);
    if (a === undefined) acc.set(origin, (a = { origin, protocols: new Map(), conns: [], requests: 0, noSocket: 0, queued: [] }));
    return a;
  };
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    const v = verdictAt[i];
    // Pools are for network origins; data: and blob: URLs have none.
    if (v?.kind === 'no-socket' && v.reason === 'not-network') continue;
    const a = get(r.origin);
    if (v === undefined || v.kind === 'no-socket' || v.kind === 'unknown') {
      if (v?.kind === 'no-socket') a.noSocket++;
      continue;
    }
    a.requests++;
    if (r.protocol !== undefined) a.protocols.set(r.protocol, (a.protocols.get(r.protocol) ?? 0) + 1);
    const q = queueAt[i];
    if (q?.queued) a.queued.push({ id: r.id, index: r.index, waitMs: q.waitMs });
  }
  for (const c of connections) for (const o of c.origins) get(o).conns.push(c);

  const out: OriginPool[] = [];
  for (const a of acc.values()) {
    const protocols = [...a.protocols.entries()].sort((x, y) => y[1] - x[1]).map(([p]) => p);
    const family = familyOf(protocols[0]);
    const conns = a.conns.sort((x, y) => x.openedAt - y.openedAt || x.id - y.id);
    const setup = { connections: 0, dns: 0, tcp: 0, tls: 0, total: 0 };
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    let sum = 0;
    let idleCount = 0;
    let longestIdle = 0;
    const lives: Interval[] = [];
    const busy: Interval[] = [];
    for (const c of conns) {
      if (c.primaryOrigin === a.origin && c.setup !== undefined) {
        setup.connections++;
        setup.dns += c.setup.dns ?? 0;
        setup.tcp += c.setup.tcp ?? 0;
        setup.tls += c.setup.tls ?? 0;
        setup.total += c.setup.total;
      }
      const n = c.uses.length;
      if (n < min) min = n;
      if (n > max) max = n;
      sum += n;
      idleCount += c.idle.length;
      for (const gap of c.idle) if (gap.end - gap.start > longestIdle) longestIdle = gap.end - gap.start;
      lives.push({ start: c.openedAt, end: c.lastUseAt });
      for (const b of c.busy) busy.push(b);
    }
    a.queued.sort((x, y) => x.index - y.index);
    const pool: OriginPool = {
      origin: a.origin,
      protocols,
      family,
      connectionIds: conns.map((c) => c.id),
      borrowed: conns.filter((c) => c.primaryOrigin !== a.origin).map((c) => c.id),
      requests: a.requests,
      noSocket: a.noSocket,
      maxOpen: maxOverlap(lives),
      maxBusy: maxOverlap(busy),
      setup,
      requestsPerConnection: conns.length ? { min, max, mean: sum / conns.length } : { min: 0, max: 0, mean: 0 },
      idleGaps: { count: idleCount, longestMs: longestIdle },
      queued: a.queued.map((q) => q.id),
      longestWaitMs: a.queued.reduce((m, q) => Math.max(m, q.waitMs), 0),
      patterns: [],
    };
    if (family === 'h1') pool.limit = H1_SOCKETS_PER_HOST;
    out.push(pool);
  }
  return out;
}
