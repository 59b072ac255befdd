// Why a request stalled before it was sent. HPBN: "Pending requests are queued, prioritized, and
// then bound to individual sockets in the pool"; on HTTP/1.1 a pool holds at most 6 sockets per
// host, so the 7th concurrent request waits for one of them to finish. The evidence is read at the
// moment the request started waiting: which sockets of its pool were open, and which were busy
// with which requests. The 6-per-host limit is named only when 6 (or more) were open and busy.
//
// One sweep per origin over the sorted start and end times of its sockets' uses: O(n log n) for
// the sort, O(1) per step (a query lists at most MAX_LISTED busy requests).
import type { NetworkRequest } from '../../records.ts';
import { CLOCK_SLACK_MS, H1_SOCKETS_PER_HOST, MAX_LISTED, MIN_WAIT_MS } from './limits.ts';
import type { ConnectionAnalysis, QueueVerdict, ReuseVerdict, SocketUse } from './types.ts';

export interface Placed {
  req: NetworkRequest;
  conn: ConnectionAnalysis;
  use: SocketUse;
  verdict: ReuseVerdict;
}

/** Sweep event kinds, in the order they apply at one instant: ends free a socket before a waiting request looks, starts come after. */
const END = 0;
const CLOSE = 1;
const QUERY = 2;
const OPEN = 3;
const START = 4;

interface SweepEvent {
  t: number;
  kind: number;
  conn: number;
  request: string;
  /** For QUERY: the placed request. */
  placed?: Placed;
}

interface Snapshot {
  busyCount: number;
  openCount: number;
  busyWith: string[];
}

/** At each waiting request's start, what its origin's HTTP/1.1 sockets were doing. */
function snapshots(conns: readonly ConnectionAnalysis[], waiting: readonly Placed[], indexOf: (id: string) => number): Map<string, Snapshot> {
  const events: SweepEvent[] = [];
  for (const c of conns) {
    events.push({ t: c.openedAt, kind: OPEN, conn: c.id, request: '' });
    events.push({ t: c.lastUseAt, kind: CLOSE, conn: c.id, request: '' });
    for (const u of c.uses) {
      events.push({ t: u.bindAt, kind: START, conn: c.id, request: u.requestId });
      events.push({ t: u.releaseAt, kind: END, conn: c.id, request: u.requestId });
    }
  }
  for (const p of waiting) events.push({ t: p.use.startedAt, kind: QUERY, conn: p.conn.id, request: p.req.id, placed: p });
  events.sort((a, b) => a.t - b.t || a.kind - b.kind);

  const busy = new Map<number, string>();
  let open = 0;
  const out = new Map<string, Snapshot>();
  for (const e of events) {
    switch (e.kind) {
      case END:
        if (busy.get(e.conn) === e.request) busy.delete(e.conn);
        break;
      case CLOSE:
        open--;
        break;
      case OPEN:
        open++;
        break;
      case START:
        busy.set(e.conn, e.request);
        break;
      case QUERY: {
        const busyWith: string[] = [];
        for (const id of busy.values()) {
          busyWith.push(id);
          if (busyWith.length >= MAX_LISTED) break;
        }
        busyWith.sort((a, b) => indexOf(a) - indexOf(b));
        out.set(e.request, { busyCount: busy.size, openCount: Math.max(open, busy.size), busyWith });
        break;
      }
    }
  }
  return out;
}

/** The request that was opening `conn` while `p` waited, when that is why it waited. */
function waitedForSetup(p: Placed): string | undefined {
  const c = p.conn;
  if (c.setup === undefined || c.openerId === undefined || c.openerId === p.req.id) return undefined;
  return c.setup.start <= p.use.waitEnd && c.setup.end >= p.use.startedAt ? c.openerId : undefined;
}

/** Queue verdicts for every request that stalled at least MIN_WAIT_MS before it was sent. */
export function queueVerdicts(placed: readonly Placed[], connectionsOfOrigin: (origin: string) => readonly ConnectionAnalysis[], trusted: boolean): Map<string, QueueVerdict> {
  const out = new Map<string, QueueVerdict>();
  const waitingH1 = new Map<string, Placed[]>();
  const indexOf = new Map<string, number>();
  const releaseOf = new Map<string, number>();
  for (const p of placed) {
    indexOf.set(p.req.id, p.req.index);
    releaseOf.set(p.req.id, p.use.releaseAt);
  }
  const index = (id: string) => indexOf.get(id) ?? Number.MAX_SAFE_INTEGER;

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
      requestId: p.req.id,
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
    out.set(p.req.id, v);
  }

  for (const [origin, waiting] of waitingH1) {
    const conns = connectionsOfOrigin(origin).filter((c) => c.family === 'h1');
    const snaps = snapshots(conns, waiting, index);
    for (const p of waiting) {
      const s = snaps.get(p.req.id) ?? { busyCount: 0, openCount: 0, busyWith: [] };
      const allBusy = s.busyCount >= 1 && s.busyCount >= s.openCount;
      const setupBy = waitedForSetup(p);
      // The socket it took: freed by the request before it on that connection, during the wait.
      const prev = p.use.nth > 1 ? p.conn.uses[p.use.nth - 2] : undefined;
      const freedBy = prev !== undefined && p.verdict.kind !== 'new' && prev.releaseAt >= p.use.startedAt - CLOCK_SLACK_MS ? prev : undefined;
      // The renderer hears that a request finished up to tens of milliseconds after the network
      // stack freed its socket, so sockets can look busy a moment longer than they were. A full
      // pool is the cause only if the wait was long, or a busy socket was freed as it ended.
      const waitMs = p.use.waitEnd - p.use.startedAt;
      const freedAsItEnded = s.busyWith.some((id) => (releaseOf.get(id) ?? Number.POSITIVE_INFINITY) <= p.use.waitEnd + CLOCK_SLACK_MS);
      let cause: QueueVerdict['cause'];
      if (allBusy && s.busyCount >= H1_SOCKETS_PER_HOST && (waitMs >= CLOCK_SLACK_MS || freedAsItEnded)) cause = 'pool-full';
      // Below the limit, a wait for a busy socket shows as taking that socket when it freed. A
      // request that opened its own socket, or took one opened ahead of time, did not wait for
      // a busy one: its short stall is the stack's own overhead.
      else if (allBusy && freedBy !== undefined) cause = 'pool-busy';
      else if (setupBy !== undefined) cause = 'connection-setup';
      else cause = 'not-socket';
      const v: QueueVerdict = {
        requestId: p.req.id,
        cause,
        waitMs,
        waitStart: p.use.startedAt,
        waitEnd: p.use.waitEnd,
        busyCount: s.busyCount,
        openCount: s.openCount,
        busyWith: s.busyWith,
        queued: cause !== 'not-socket',
      };
      if (cause === 'pool-full') v.limit = H1_SOCKETS_PER_HOST;
      if (setupBy !== undefined && cause === 'connection-setup') v.setupBy = setupBy;
      if (freedBy !== undefined) {
        v.freedBy = freedBy.requestId;
        v.freedPromptly = Math.abs(p.use.bindAt - freedBy.releaseAt) <= CLOCK_SLACK_MS;
      }
      out.set(p.req.id, v);
    }
  }
  return out;
}
