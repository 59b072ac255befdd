// Why a request stalled before it was sent. HPBN: "Pending requests are queued, prioritized, and
// then bound to individual sockets in the pool"; on HTTP/1.1 a pool holds at most 6 sockets per
// host, so the 7th concurrent request waits for one of them to finish. The evidence is read at the
// moment the request started waiting: which sockets of its pool were open, and which were busy
// with which requests. The 6-per-host limit is named only when 6 (or more) were open and busy.
//
// One sweep per origin over the sorted start and end times of its sockets' uses: O(n log n) for
// the sorts, O(1) per step (a query lists at most MAX_LISTED busy requests).
import type { Carried } from './connections.ts';
import { CLOCK_SLACK_MS, H1_SOCKETS_PER_HOST, MAX_LISTED, MIN_WAIT_MS } from './limits.ts';
import type { ConnectionAnalysis, QueueVerdict, ReuseVerdict } from './types.ts';

/** A carried request once its connection and verdict are known. */
export interface Placed extends Carried {
  conn: ConnectionAnalysis;
  verdict: ReuseVerdict;
}

interface Snapshot {
  busyCount: number;
  openCount: number;
  /** The requests holding sockets, by creation order (at most MAX_LISTED). */
  busyWith: Placed[];
}

/**
 * At each waiting request's start, what its origin's HTTP/1.1 sockets were doing (aligned with
 * `waiting`). A merge of five sorted lists (request ends, connection ends, waits, connection
 * opens, request starts), in that order at equal times: an end frees a socket before a waiting
 * request looks, a start at the same instant comes after. No object per event.
 */
function snapshots(conns: readonly ConnectionAnalysis[], waiting: readonly Placed[], placedOf: (requestId: string) => Placed | undefined): Snapshot[] {
  const starts: Placed[] = [];
  for (const c of conns) {
    for (const u of c.uses) {
      const p = placedOf(u.hopId);
      if (p !== undefined) starts.push(p);
    }
  }
  const ends = starts.slice().sort((a, b) => a.use.releaseAt - b.use.releaseAt);
  starts.sort((a, b) => a.use.bindAt - b.use.bindAt);
  const opens = conns.slice().sort((a, b) => a.openedAt - b.openedAt);
  const closes = conns.slice().sort((a, b) => a.lastUseAt - b.lastUseAt);
  const order = waiting.map((_, i) => i).sort((a, b) => waiting[a]!.use.startedAt - waiting[b]!.use.startedAt);

  const busy = new Map<number, Placed>();
  let open = 0;
  let si = 0;
  let ei = 0;
  let oi = 0;
  let ci = 0;
  const out: Snapshot[] = new Array(waiting.length);
  for (const q of order) {
    const t = waiting[q]!.use.startedAt;
    for (;;) {
      // Ends and closes at t apply before the query; opens and starts only strictly before it.
      // Ties between lists go to the earlier list (strict comparisons below).
      let best = -1;
      let at = Number.POSITIVE_INFINITY;
      const te = ei < ends.length ? ends[ei]!.use.releaseAt : Number.POSITIVE_INFINITY;
      if (te <= t) {
        best = 0;
        at = te;
      }
      const tc = ci < closes.length ? closes[ci]!.lastUseAt : Number.POSITIVE_INFINITY;
      if (tc <= t && tc < at) {
        best = 1;
        at = tc;
      }
      const to = oi < opens.length ? opens[oi]!.openedAt : Number.POSITIVE_INFINITY;
      if (to < t && to < at) {
        best = 2;
        at = to;
      }
      const ts = si < starts.length ? starts[si]!.use.bindAt : Number.POSITIVE_INFINITY;
      if (ts < t && ts < at) best = 3;
      if (best === 0) {
        const p = ends[ei++]!;
        if (busy.get(p.conn.id) === p) busy.delete(p.conn.id);
      } else if (best === 1) {
        ci++;
        open--;
      } else if (best === 2) {
        oi++;
        open++;
      } else if (best === 3) {
        const p = starts[si++]!;
        busy.set(p.conn.id, p);
      } else break;
    }
    const busyWith: Placed[] = [];
    for (const p of busy.values()) {
      busyWith.push(p);
      if (busyWith.length >= MAX_LISTED) break;
    }
    busyWith.sort((a, b) => a.req.index - b.req.index);
    out[q] = { busyCount: busy.size, openCount: Math.max(open, busy.size), busyWith };
  }
  return out;
}

/** The request that was opening `conn` while `p` waited, when that is why it waited. */
function waitedForSetup(p: Placed): string | undefined {
  const c = p.conn;
  if (c.setup === undefined || c.openerId === undefined || c.openerId === p.req.id) return undefined;
  return c.setup.start <= p.use.waitEnd && c.setup.end >= p.use.startedAt ? c.openerId : undefined;
}

/**
 * Queue verdicts for every request that stalled at least MIN_WAIT_MS before it was sent, written
 * into `out` at each request's position.
 */
export function queueVerdicts(
  placed: readonly Placed[],
  connectionsOfOrigin: (origin: string) => readonly ConnectionAnalysis[],
  placedOf: (requestId: string) => Placed | undefined,
  trusted: boolean,
  out: (QueueVerdict | undefined)[],
): void {
  const waitingH1 = new Map<string, Placed[]>();

  for (const p of placed) {
    const waitMs = p.use.waitEnd - p.use.startedAt;
    if (!(waitMs >= MIN_WAIT_MS)) continue;
    if (p.conn.family === 'h1' && trusted) {
      let list = waitingH1.get(p.req.origin);
      if (list === undefined) waitingH1.set(p.req.origin, (list = []));
      list.push(p);
      continue;
    }
    const setupBy = waitedForSetup(p);
    const v: QueueVerdict = {
      hopId: p.req.id,
      cause: setupBy !== undefined ? 'connection-setup' : trusted ? 'not-socket' : 'unverified',
      waitMs,
      waitStart: p.use.startedAt,
      waitEnd: p.use.waitEnd,
      busyCount: Math.max(0, p.use.concurrent - 1),
      openCount: 1,
      busyWith: [],
      queued: setupBy !== undefined || !trusted,
    };
    if (setupBy !== undefined) v.setupBy = setupBy;
    out[p.pos] = v;
  }

  for (const [origin, waiting] of waitingH1) {
    const conns = connectionsOfOrigin(origin).filter((c) => c.family === 'h1');
    const snaps = snapshots(conns, waiting, placedOf);
    waiting.forEach((p, i) => {
      const s = snaps[i]!;
      const allBusy = s.busyCount >= 1 && s.busyCount >= s.openCount;
      const setupBy = waitedForSetup(p);
      // The socket it took: freed by the request before it on that connection, during the wait.
      const prev = p.use.nth > 1 ? p.conn.uses[p.use.nth - 2] : undefined;
      const freedBy = prev !== undefined && p.verdict.kind !== 'new' && prev.releaseAt >= p.use.startedAt - CLOCK_SLACK_MS ? prev : undefined;
      // The renderer hears that a request finished up to tens of milliseconds after the network
      // stack freed its socket, so sockets can look busy a moment longer than they were. A full
      // pool is the cause only if the wait was long, or a busy socket was freed as it ended.
      const waitMs = p.use.waitEnd - p.use.startedAt;
      const freedAsItEnded = s.busyWith.some((b) => b.use.releaseAt <= p.use.waitEnd + CLOCK_SLACK_MS);
      let cause: QueueVerdict['cause'];
      if (allBusy && s.busyCount >= H1_SOCKETS_PER_HOST && (waitMs >= CLOCK_SLACK_MS || freedAsItEnded)) cause = 'pool-full';
      // Below the limit, a wait for a busy socket shows as taking that socket when it freed. A
      // request that opened its own socket, or took one opened ahead of time, did not wait for
      // a busy one: its short stall is the stack's own overhead.
      else if (allBusy && freedBy !== undefined) cause = 'pool-busy';
      else if (setupBy !== undefined) cause = 'connection-setup';
      else cause = 'not-socket';
      const v: QueueVerdict = {
        hopId: p.req.id,
        cause,
        waitMs,
        waitStart: p.use.startedAt,
        waitEnd: p.use.waitEnd,
        busyCount: s.busyCount,
        openCount: s.openCount,
        busyWith: s.busyWith.map((b) => b.req.id),
        queued: cause !== 'not-socket',
      };
      if (cause === 'pool-full') v.limit = H1_SOCKETS_PER_HOST;
      if (setupBy !== undefined && cause === 'connection-setup') v.setupBy = setupBy;
      if (freedBy !== undefined) {
        v.freedBy = freedBy.hopId;
        v.freedPromptly = Math.abs(p.use.bindAt - freedBy.releaseAt) <= CLOCK_SLACK_MS;
      }
      out[p.pos] = v;
    });
  }
}
