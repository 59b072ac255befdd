// One ConnectionAnalysis per connection id: the requests it carried in the order they took it,
// when it was busy and idle, what opening it cost, and how many streams it carried at once.
// HPBN: an HTTP/1.1 keep-alive socket carries one request at a time, in FIFO order; an HTTP/2
// connection interleaves many streams; an idle TCP connection falls back to slow start.
import type { NetworkRequest } from '../../records.ts';
import { LONG_IDLE_MS, familyOf } from './limits.ts';
import type { ConnectionAnalysis, Interval, ReuseVerdict, SocketUse } from './types.ts';

/** A request a socket carried (made by socket-times.ts `carried`), then placed on its connection. */
export interface Carried {
  req: NetworkRequest;
  /** Position of `req` in the analysed request list. */
  pos: number;
  use: SocketUse;
  /** A DNS lookup made without a connect (ms), e.g. before joining a coalesced HTTP/2 connection. */
  dnsOnlyMs?: number;
  /** Set by buildConnection. */
  conn?: ConnectionAnalysis;
  /** Set by the analysis once the connection is known. */
  verdict?: ReuseVerdict;
}

const byBind = (a: Carried, b: Carried) => a.use.bindAt - b.use.bindAt || a.req.index - b.req.index;

/**
 * Builds the analysis of connection `id` from the requests it carried (any order). The opener is
 * chosen by `opener` (the protocol's connectionReused, or the timing when the ids are not trusted).
 */
export function buildConnection(id: number, carried: Carried[], opener: (c: Carried) => boolean): ConnectionAnalysis {
  // Usually in order already (requests are listed as they were created): checked before sorting.
  let sorted = true;
  for (let i = 1; i < carried.length && sorted; i++) if (byBind(carried[i - 1]!, carried[i]!) > 0) sorted = false;
  if (!sorted) carried.sort(byBind);
  const first = carried[0]!;
  const protocol = carried.find((c) => c.req.protocol !== undefined)?.req.protocol;
  const family = familyOf(protocol);
  const withRemote = carried.find((c) => c.req.remoteIPAddress !== undefined);
  const remote = withRemote ? `${withRemote.req.remoteIPAddress}${withRemote.req.remotePort !== undefined ? `:${withRemote.req.remotePort}` : ''}` : undefined;

  const uses: SocketUse[] = new Array(carried.length);
  const origins: string[] = [];
  const seenOrigins = new Set<string>();
  const busy: Interval[] = [];
  const idle: Interval[] = [];
  const longIdleReuses: { hopId: string; idleMs: number }[] = [];
  let openerAt = -1;
  let maxRelease = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < carried.length; i++) {
    const c = carried[i]!;
    const use = c.use;
    if (openerAt < 0 && opener(c)) openerAt = i;
    if (!seenOrigins.has(use.origin)) {
      seenOrigins.add(use.origin);
      origins.push(use.origin);
    }
    const idleBefore = i === 0 ? 0 : Math.max(0, use.bindAt - maxRelease);
    if (idleBefore >= LONG_IDLE_MS) longIdleReuses.push({ hopId: use.hopId, idleMs: idleBefore });
    use.nth = i + 1;
    use.idleBefore = idleBefore;
    use.concurrent = 1;
    uses[i] = use;
    // Busy intervals, merged: uses come in order of start, so each either extends the last
    // interval or opens a new one after an idle gap.
    const last = busy[busy.length - 1];
    if (last !== undefined && use.bindAt <= last.end) last.end = Math.max(last.end, use.releaseAt);
    else {
      if (last !== undefined) idle.push({ start: last.end, end: use.bindAt });
      busy.push({ start: use.bindAt, end: use.releaseAt });
    }
    if (use.releaseAt > maxRelease) maxRelease = use.releaseAt;
  }

  // Streams in flight when each request was sent: starts are in order; ends sorted once.
  let maxConcurrent = 1;
  if (family !== 'h1' && uses.length > 1) {
    const ends = Float64Array.from(uses, (u) => u.releaseAt).sort();
    let ended = 0;
    for (let i = 0; i < uses.length; i++) {
      const u = uses[i]!;
      while (ended < ends.length && ends[ended]! <= u.bindAt) ended++;
      u.concurrent = Math.max(1, i + 1 - ended);
      if (u.concurrent > maxConcurrent) maxConcurrent = u.concurrent;
    }
  }

  const openerUse = openerAt >= 0 ? uses[openerAt] : undefined;
  const conn: ConnectionAnalysis = {
    id,
    family,
    origins,
    primaryOrigin: openerUse?.origin ?? first.req.origin,
    coalesced: origins.length > 1,
    openedAhead: openerUse === undefined,
    openedAt: openerUse ? openerUse.setup?.start ?? openerUse.bindAt : uses[0]!.bindAt,
    uses,
    busy,
    idle,
    longIdleReuses,
    firstUseAt: uses[0]!.bindAt,
    lastUseAt: maxRelease,
    maxConcurrent,
  };
  if (protocol !== undefined) conn.protocol = protocol;
  if (remote !== undefined) conn.remote = remote;
  if (openerUse) {
    conn.openerId = openerUse.hopId;
    if (openerUse.setup) conn.setup = openerUse.setup;
  }
  for (const c of carried) c.conn = conn;
  return conn;
}
