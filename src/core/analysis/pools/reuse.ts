// The reuse verdict of each request: did it open a socket (and pay DNS + TCP + TLS), ride one
// that was open (keep-alive reuse, HTTP/2 multiplexing or coalescing), or use none at all (a
// cache hit, a service worker)? HPBN: "unless the server intentionally closes the connection, the
// same socket can be automatically reused across multiple requests".
import type { NetworkRequest } from '../../records.ts';
import type { ConnectionAnalysis, NoSocketReason, ReuseVerdict, SocketUse } from './types.ts';

/** Where a request stands before any socket is looked at. */
export type SocketClass = { onSocket: true; connectionId: number } | { onSocket: false; verdict: ReuseVerdict };

const NO_SOCKET_SOURCES: Partial<Record<NetworkRequest['source'], NoSocketReason>> = {
  'memory-cache': 'memory-cache',
  'disk-cache': 'disk-cache',
  'prefetch-cache': 'prefetch-cache',
  'service-worker': 'service-worker',
};

export function classify(r: NetworkRequest): SocketClass {
  const fromCache = NO_SOCKET_SOURCES[r.source];
  if (fromCache !== undefined) return { onSocket: false, verdict: { kind: 'no-socket', reason: fromCache } };
  if (r.fromServiceWorker) return { onSocket: false, verdict: { kind: 'no-socket', reason: 'service-worker' } };
  if (!/^(https?|wss?):/i.test(r.url)) return { onSocket: false, verdict: { kind: 'no-socket', reason: 'not-network' } };
  const id = r.connectionId;
  if (id !== undefined && id > 0) return { onSocket: true, connectionId: id };
  if (r.resourceType === 'WebSocket') return { onSocket: false, verdict: { kind: 'unknown', reason: 'websocket' } };
  if (r.failure !== undefined && r.status === undefined) return { onSocket: false, verdict: { kind: 'unknown', reason: 'failed' } };
  if (r.status === undefined) return { onSocket: false, verdict: { kind: 'unknown', reason: 'pending' } };
  return { onSocket: false, verdict: { kind: 'unknown', reason: 'no-connection-id' } };
}

/**
 * The verdict for request `r`, carried by `conn` as `use`. `trusted` says whether the protocol's
 * connectionReused can be believed; when not, a request that shows a connect phase opened its
 * socket and one that does not reused it, and the verdict says it was inferred.
 */
export function reuseVerdict(r: NetworkRequest, conn: ConnectionAnalysis, use: SocketUse, trusted: boolean, byId: (id: string) => NetworkRequest | undefined, dnsOnlyMs: number | undefined): ReuseVerdict {
  const of = conn.uses.length;
  const opensIt = trusted ? r.connectionReused === false || conn.openerId === r.id : use.setup !== undefined;
  if (opensIt) {
    const v: ReuseVerdict = { kind: 'new', connectionId: conn.id, of, inferred: !trusted };
    if (use.setup) {
      v.setup = use.setup;
      const total = r.phases.total;
      if (total !== undefined && total > 0) v.share = Math.min(1, use.setup.total / total);
    }
    return v;
  }
  if (trusted && conn.openedAhead && use.nth === 1) return { kind: 'opened-ahead', connectionId: conn.id, of, concurrent: use.concurrent };

  const opener = conn.openerId !== undefined ? byId(conn.openerId) : undefined;
  const v: ReuseVerdict = {
    kind: 'reused',
    connectionId: conn.id,
    openedAhead: conn.openedAhead,
    openedByEarlierPage: false,
    sinceOpenMs: Math.max(0, use.bindAt - conn.openedAt),
    nth: use.nth,
    of,
    idleBeforeMs: use.idleBefore,
    concurrent: use.concurrent,
    // With untrusted ids, "reused" is read from the missing connect phase; a connection first seen
    // already open is inferred too (the log never shows it being opened).
    inferred: !trusted || conn.openedAhead,
  };
  if (opener !== undefined) {
    v.openerId = opener.id;
    // A reload or navigation in the same frame is a new loader: the socket outlived its page.
    v.openedByEarlierPage = opener.frameId !== undefined && opener.frameId === r.frameId && opener.loaderId !== undefined && r.loaderId !== undefined && opener.loaderId !== r.loaderId && opener.index < r.index;
  } else if (conn.uses[0] !== undefined && conn.uses[0].hopId !== r.id) {
    v.firstUseId = conn.uses[0].hopId;
  }
  if ((conn.family === 'h2' || conn.family === 'h3') && r.origin !== conn.primaryOrigin) v.coalescedFrom = conn.primaryOrigin;
  if (dnsOnlyMs !== undefined) v.dnsMs = dnsOnlyMs;
  return v;
}
