// The socket-pool analysis of a session: one pass to classify requests and group them by
// connection id, one sort per connection, one sweep per origin. O(n log n) for n requests, with
// no per-pair work, so a 100,000-request session is analysed in well under a second.
import type { NetworkRequest } from '../../records.ts';
import { buildConnection, type Carried } from './connections.ts';
import { originPools } from './origin-pools.ts';
import { findPatterns } from './patterns.ts';
import { pairPreflights, type CorsPairing } from '../cors/pairing.ts';
import { preflightWaits } from './preflight.ts';
import { queueVerdicts, type Placed } from './queueing.ts';
import { classify, reuseVerdict } from './reuse.ts';
import { carried } from './socket-times.ts';
import { assessTrust } from './trust.ts';
import type { ConnectionAnalysis, PoolAnalysis, PoolData, QueueVerdict, ReuseVerdict, SocketUse } from './types.ts';

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

/** What every pool reading starts from: each request placed on its connection, with its reuse and queueing verdicts by position. */
interface Placement {
  span: { start: number; end: number };
  posOf: Map<string, number>;
  byId: (id: string) => NetworkRequest | undefined;
  verdictAt: ReuseVerdict[];
  placedAt: (Placed | undefined)[];
  queueAt: (QueueVerdict | undefined)[];
  connections: ConnectionAnalysis[];
  trust: ReturnType<typeof assessTrust>;
}

function place(requests: readonly NetworkRequest[]): Placement {
  const span = spanOf(requests);
  // Per-request results live in arrays by position in `requests`; one map finds a position by id.
  const n = requests.length;
  const posOf = new Map<string, number>();
  for (let i = 0; i < n; i++) posOf.set(requests[i]!.id, i);
  const byId = (id: string) => {
    const i = posOf.get(id);
    return i === undefined ? undefined : requests[i];
  };

  const verdictAt: ReuseVerdict[] = new Array(n);
  const groups = new Map<number, Carried[]>();
  for (let i = 0; i < n; i++) {
    const r = requests[i]!;
    const c = classify(r);
    if (!c.onSocket) {
      verdictAt[i] = c.verdict;
      continue;
    }
    let list = groups.get(c.connectionId);
    if (list === undefined) groups.set(c.connectionId, (list = []));
    list.push(carried(r, i, span.end));
  }

  // Connections as the ids say, then the trust check, then (rarely) again as the timing says.
  let connections: ConnectionAnalysis[] = [];
  for (const [id, list] of groups) connections.push(buildConnection(id, list, (c) => c.req.connectionReused === false));
  const trust = assessTrust(groups, connections);
  if (!trust.trusted) {
    connections = [];
    for (const [id, list] of groups) connections.push(buildConnection(id, list, (c) => c.use.setup !== undefined));
  }
  connections.sort((a, b) => a.openedAt - b.openedAt || a.id - b.id);

  const placed: Placed[] = [];
  const placedAt: (Placed | undefined)[] = new Array(n);
  for (const conn of connections) {
    for (const c of groups.get(conn.id)!) {
      c.verdict = reuseVerdict(c.req, conn, c.use, trust.trusted, byId, c.dnsOnlyMs);
      verdictAt[c.pos] = c.verdict;
      const p = c as Placed;
      placedAt[c.pos] = p;
      placed.push(p);
    }
  }
  const placedOf = (id: string) => {
    const i = posOf.get(id);
    return i === undefined ? undefined : placedAt[i];
  };

  const connectionsOfOrigin = new Map<string, ConnectionAnalysis[]>();
  for (const c of connections) {
    for (const o of c.origins) {
      let list = connectionsOfOrigin.get(o);
      if (list === undefined) connectionsOfOrigin.set(o, (list = []));
      list.push(c);
    }
  }
  const queueAt: (QueueVerdict | undefined)[] = new Array(n);
  queueVerdicts(placed, (o) => connectionsOfOrigin.get(o) ?? [], placedOf, trust.trusted, queueAt);
  return { span, posOf, byId, verdictAt, placedAt, queueAt, connections, trust };
}

/**
 * The socket-pool analysis of a session, as plain data (see PoolData). `pairing`: the session's
 * CORS pairing when the caller has it already (it is the same for every analysis of one list).
 */
export function analysePoolData(requests: readonly NetworkRequest[], pairing: CorsPairing = pairPreflights(requests)): PoolData {
  const { span, byId, verdictAt, placedAt, queueAt, connections, trust } = place(requests);
  const n = requests.length;
  const preflights = preflightWaits(pairing, byId);
  const pools = originPools(requests, verdictAt, connections, queueAt);
  const patterns = findPatterns(requests, pools, connections, verdictAt, trust.trusted);
  // Plain per-request results, keyed by id (arrays by position would need the records to read).
  const verdicts = new Map<string, ReuseVerdict>();
  const queues = new Map<string, QueueVerdict>();
  const placements = new Map<string, { connectionId: number; use: SocketUse }>();
  for (let i = 0; i < n; i++) {
    const id = requests[i]!.id;
    const v = verdictAt[i];
    if (v !== undefined) verdicts.set(id, v);
    const q = queueAt[i];
    if (q !== undefined) queues.set(id, q);
    const p = placedAt[i];
    if (p !== undefined) placements.set(id, { connectionId: p.conn.id, use: p.use });
  }
  return { pools, connections, trust, patterns, span, verdicts, queues, preflights, pairing, placements };
}

/**
 * Only the per-request verdicts (reuse and queueing), by position in `requests`: what a HAR
 * writes of the pools. The same verdicts as `analysePoolData` gives (the same code makes them),
 * without the origin pools, patterns, preflight waits and id maps the HAR does not read.
 */
export function poolVerdictsAt(requests: readonly NetworkRequest[]): { verdicts: readonly (ReuseVerdict | undefined)[]; queues: readonly (QueueVerdict | undefined)[] } {
  const { verdictAt, queueAt } = place(requests);
  return { verdicts: verdictAt, queues: queueAt };
}

/**
 * The look-ups over plain pool data, built where the data is read (the worker that analysed it,
 * or the panel that received it): two small maps, O(pools + connections).
 */
export function indexPools(data: PoolData): PoolAnalysis {
  const poolByOrigin = new Map(data.pools.map((p) => [p.origin, p]));
  const connectionById = new Map(data.connections.map((c) => [c.id, c]));
  return {
    ...data,
    pool: (origin) => poolByOrigin.get(origin),
    connection: (id) => connectionById.get(id),
    verdict: (id) => data.verdicts.get(id),
    queue: (id) => data.queues.get(id),
    preflight: (id) => data.preflights.get(id),
    use: (id) => {
      const p = data.placements.get(id);
      const connection = p && connectionById.get(p.connectionId);
      return p && connection ? { connection, use: p.use } : undefined;
    },
  };
}

/** The analysis with its look-ups, for callers that read it where it was made (HAR, report, CLI, tests). */
export function analysePools(requests: readonly NetworkRequest[]): PoolAnalysis {
  return indexPools(analysePoolData(requests));
}
