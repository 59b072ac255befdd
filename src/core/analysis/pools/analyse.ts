// The socket-pool analysis of a session: one pass to classify requests and group them by
// connection id, one sort per connection, one sweep per origin. O(n log n) for n requests, with
// no per-pair work, so a 100,000-request session is analysed in well under a second.
import type { NetworkRequest } from '../../records.ts';
import { buildConnection, type Carried } from './connections.ts';
import { originPools } from './origin-pools.ts';
import { findPatterns } from './patterns.ts';
import { preflightWaits } from './preflight.ts';
import { queueVerdicts, type Placed } from './queueing.ts';
import { classify, reuseVerdict } from './reuse.ts';
import { requestTimes } from './socket-times.ts';
import { assessTrust } from './trust.ts';
import type { ConnectionAnalysis, PoolAnalysis, ReuseVerdict, SocketUse } from './types.ts';

/** The span of the session's requests (ms), from the first issued to the last known time. */
function spanOf(requests: readonly NetworkRequest[]): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of requests) {
    if (r.issuedAt < start) start = r.issuedAt;
    const e = r.endedAt ?? r.responseAt ?? r.startedAt ?? r.issuedAt;
    if (e > end) end = e;
  }
  if (!Number.isFinite(start)) return { start: 0, end: 1 };
  return { start, end: Math.max(end, start + 1) };
}

export function analysePools(requests: readonly NetworkRequest[]): PoolAnalysis {
  const span = spanOf(requests);
  const byRequestId = new Map<string, NetworkRequest>();
  for (const r of requests) byRequestId.set(r.id, r);
  const byId = (id: string) => byRequestId.get(id);

  const verdicts = new Map<string, ReuseVerdict>();
  const groups = new Map<number, Carried[]>();
  for (const r of requests) {
    const c = classify(r);
    if (!c.onSocket) {
      verdicts.set(r.id, c.verdict);
      continue;
    }
    let list = groups.get(c.connectionId);
    if (list === undefined) groups.set(c.connectionId, (list = []));
    list.push({ req: r, times: requestTimes(r, span.end) });
  }

  // Connections as the ids say, then the trust check, then (rarely) again as the timing says.
  let connections: ConnectionAnalysis[] = [];
  for (const [id, list] of groups) connections.push(buildConnection(id, list, (c) => c.req.connectionReused === false));
  const trust = assessTrust(groups, connections);
  if (!trust.trusted) {
    connections = [];
    for (const [id, list] of groups) connections.push(buildConnection(id, list, (c) => c.times.setup !== undefined));
  }
  connections.sort((a, b) => a.openedAt - b.openedAt || a.id - b.id);
  const connectionById = new Map(connections.map((c) => [c.id, c]));

  const placed: Placed[] = [];
  const useOf = new Map<string, { connection: ConnectionAnalysis; use: SocketUse }>();
  for (const conn of connections) {
    const list = groups.get(conn.id)!;
    // buildConnection sorted `list` in the order of `conn.uses`.
    for (let i = 0; i < conn.uses.length; i++) {
      const use = conn.uses[i]!;
      const { req, times } = list[i]!;
      const verdict = reuseVerdict(req, conn, use, trust.trusted, byId, times.dnsOnlyMs);
      verdicts.set(req.id, verdict);
      useOf.set(req.id, { connection: conn, use });
      placed.push({ req, conn, use, verdict });
    }
  }

  const connectionsOfOrigin = new Map<string, ConnectionAnalysis[]>();
  for (const c of connections) {
    for (const o of c.origins) {
      let list = connectionsOfOrigin.get(o);
      if (list === undefined) connectionsOfOrigin.set(o, (list = []));
      list.push(c);
    }
  }
  const queues = queueVerdicts(placed, (o) => connectionsOfOrigin.get(o) ?? [], trust.trusted);
  const preflights = preflightWaits(requests, byId);
  const pools = originPools(requests, verdicts, connections, queues);
  const patterns = findPatterns(requests, pools, connections, verdicts, trust.trusted);
  const poolByOrigin = new Map(pools.map((p) => [p.origin, p]));

  return {
    pools,
    connections,
    trust,
    patterns,
    span,
    pool: (origin) => poolByOrigin.get(origin),
    connection: (id) => connectionById.get(id),
    verdict: (id) => verdicts.get(id),
    queue: (id) => queues.get(id),
    preflight: (id) => preflights.get(id),
    use: (id) => useOf.get(id),
  };
}
