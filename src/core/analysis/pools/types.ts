// The socket-pool analysis: what the browser did with its sockets, reconstructed from the
// recorder's records. HPBN's model: sockets are pooled per origin (scheme, host, port); an
// HTTP/1.1 pool holds at most 6 sockets per host, each carrying one request at a time and kept
// alive for the next; HTTP/2 (and HTTP/3 over QUIC) multiplexes every request of an origin on one
// connection, which may also carry other origins (connection coalescing). A new socket costs a DNS
// lookup, a TCP handshake and, for HTTPS, a TLS handshake; a reused one costs none of them.
//
// Units as in records.ts: `...At` are milliseconds on the protocol's monotonic clock, durations
// are milliseconds. Requests are named by NetworkRequest.id; "#N" in sentences is index + 1, the
// number the Requests table shows.
import type { HopId } from '../../records.ts';
import type { CorsPairing } from '../cors/pairing.ts';

/** Protocol families that behave differently towards the pool. */
export type ProtocolFamily = 'h1' | 'h2' | 'h3' | 'other';

/** One set-up step of a new socket, on the shared time axis. */
export interface SetupSegment {
  kind: 'dns' | 'connect' | 'tls';
  start: number;
  end: number;
}

/** What opening a socket cost, from the timing of the request that opened it. */
export interface SocketSetup {
  /** DNS lookup (ms); undefined when none was made (a cached lookup, or an IP literal). */
  dns?: number;
  /** TCP handshake without the TLS part (ms); for QUIC, the whole handshake (TLS is part of it). */
  tcp?: number;
  /** TLS handshake (ms), part of the connect phase. */
  tls?: number;
  /** DNS + connect (TLS included), in ms. */
  total: number;
  start: number;
  end: number;
  segments: SetupSegment[];
}

/** One request as a connection carried it. */
export interface SocketUse {
  hopId: HopId;
  /** NetworkRequest.index (creation order). */
  index: number;
  origin: string;
  /** When the network stack started the request (timing.requestTime). */
  startedAt: number;
  /** When its stall ended: the first of DNS, connect or send (DevTools "Stalled" ends there). */
  waitEnd: number;
  /** When it took hold of the socket: its set-up start when it opened it, else when it was sent. */
  bindAt: number;
  /** When the request was written to the socket. */
  sendAt: number;
  responseAt?: number;
  /** When it let go of the socket (its last byte, or failure); the session end when still running. */
  releaseAt: number;
  /** Still running when the log ends. */
  running: boolean;
  /** 1-based position on the connection, in order of `bindAt`. */
  nth: number;
  /** Streams in flight on the connection when it was sent, itself included (1 on HTTP/1.1). */
  concurrent: number;
  /** Time the connection sat idle right before this request took it (ms); 0 when it was busy. */
  idleBefore: number;
  /** Set-up it paid for, when it opened the socket. */
  setup?: SocketSetup;
  /** The server answered `Connection: close` (or HTTP/1.0 without keep-alive): the socket ended with it. */
  closedByServer: boolean;
}

export interface Interval {
  start: number;
  end: number;
}

/** One socket, as the protocol's connection id names it. */
export interface ConnectionAnalysis {
  id: number;
  protocol?: string;
  family: ProtocolFamily;
  /** Remote `ip:port`, when known. */
  remote?: string;
  /** Origins it carried, in order of first use; several on a coalesced HTTP/2 connection. */
  origins: string[];
  /** The origin it was opened for (its opener's, or its first request's). */
  primaryOrigin: string;
  /** Used by more than one origin (HTTP/2 or HTTP/3 connection coalescing). */
  coalesced: boolean;
  /** The request that opened it (said connectionReused: false); undefined when opened ahead of time. */
  openerId?: string;
  /** Its first request already said "reused": a preconnect, or a socket left from an earlier page. */
  openedAhead: boolean;
  /** Set-up start, or the first use when it was opened ahead of time (the earliest time known). */
  openedAt: number;
  setup?: SocketSetup;
  /** Requests in the order they took the socket. */
  uses: SocketUse[];
  /** Merged intervals during which at least one request held it. */
  busy: Interval[];
  /** Gaps between busy intervals. */
  idle: Interval[];
  /** Requests that took it after an idle gap of at least LONG_IDLE_MS (TCP slow-start restart territory). */
  longIdleReuses: { hopId: HopId; idleMs: number }[];
  firstUseAt: number;
  /** When its last request let go of it. */
  lastUseAt: number;
  /** Most requests in flight at once (1 on HTTP/1.1; streams on HTTP/2 and HTTP/3). */
  maxConcurrent: number;
}

/** Why a request had no socket of its own. */
export type NoSocketReason = 'memory-cache' | 'disk-cache' | 'prefetch-cache' | 'service-worker' | 'not-network';

/** What the browser did for one request's socket. */
export type ReuseVerdict =
  | {
      kind: 'new';
      connectionId: number;
      /** DNS, TCP and TLS it paid for (undefined when the timing does not show them). */
      setup?: SocketSetup;
      /** Set-up time over the request's total time (0..1). */
      share?: number;
      /** Requests the connection carried in all (this one included). */
      of: number;
      /** Read from the timing because the log's connection ids are not reliable. */
      inferred: boolean;
    }
  | {
      kind: 'reused';
      connectionId: number;
      /** The request that opened the connection; undefined when it was opened ahead of time. */
      openerId?: string;
      openedAhead: boolean;
      /** The opener belongs to an earlier page load (another loaderId) than this request. */
      openedByEarlierPage: boolean;
      /** From the connection's opening (or first use, when opened ahead) to this request taking it (ms). */
      sinceOpenMs: number;
      /** The request that used it first, when it was opened ahead of time. */
      firstUseId?: string;
      nth: number;
      of: number;
      idleBeforeMs: number;
      /** The connection was opened for another origin: HTTP/2 connection coalescing. */
      coalescedFrom?: string;
      /** A DNS lookup it still made (ms), e.g. to check the address before coalescing. */
      dnsMs?: number;
      /** Streams in flight on the connection when it was sent, itself included. */
      concurrent: number;
      inferred: boolean;
    }
  | {
      /** The first request on a socket that was already open: the log never shows it being opened. */
      kind: 'opened-ahead';
      connectionId: number;
      of: number;
      concurrent: number;
    }
  | { kind: 'no-socket'; reason: NoSocketReason }
  | { kind: 'unknown'; reason: 'pending' | 'failed' | 'no-connection-id' | 'websocket' };

/** Why a request stalled before it was sent. */
export type QueueCause =
  /** Every socket of its HTTP/1.1 pool was busy and the pool held the per-host limit (6). */
  | 'pool-full'
  /** Every open socket of its pool was busy, but fewer than the limit were open. */
  | 'pool-busy'
  /** It waited for a connection another request was opening (typical on HTTP/2). */
  | 'connection-setup'
  /** It stalled, but no socket was in its way (sockets were free, or HTTP/2 was already open). */
  | 'not-socket'
  /** It stalled, and the log's connection ids are not reliable enough to say why. */
  | 'unverified';

export interface QueueVerdict {
  hopId: HopId;
  cause: QueueCause;
  /** Stalled in the network stack (ms): from its start to the first of DNS, connect or send. */
  waitMs: number;
  waitStart: number;
  waitEnd: number;
  /** The per-host limit, named only for `pool-full`. */
  limit?: number;
  /** Sockets of its pool holding a request when it started waiting. */
  busyCount: number;
  /** Sockets of its pool known to be open then (busy or idle). */
  openCount: number;
  /** Requests holding those sockets (by index; at most MAX_LISTED). */
  busyWith: string[];
  /** The request whose end freed the socket it then took (HTTP/1.1), and whether it went out right away. */
  freedBy?: string;
  freedPromptly?: boolean;
  /** The request that was opening the connection it waited for (`connection-setup`). */
  setupBy?: string;
  /** Counted by the "queued" filter: it waited for a socket or a connection. */
  queued: boolean;
}

/** A CORS preflight the request waited for before the network stack took it. */
export interface PreflightWait {
  hopId: HopId;
  preflightId: string;
  /** Time of the request's own queueing spent while its preflight was in flight (ms). */
  waitMs: number;
  preflightMs?: number;
}

/** Whether the log's connection ids can be believed (after Lighthouse's canTrustConnectionInformation). */
export interface ConnectionTrust {
  trusted: boolean;
  /** Plain-English reasons when not trusted. */
  reasons: string[];
  /** Connections never seen with connectionReused: false (opened ahead of time, or ids that lie). */
  neverOpened: number[];
  /** Requests whose id and timing disagree (said reused but paid for a connect, or the reverse). */
  contradictions: number;
}

/** A socket-pool pattern worth a sentence. */
export type PatternFinding =
  | {
      kind: 'sharding';
      /** `ip:port` the hostnames share. */
      address: string;
      origins: string[];
      protocols: string[];
      /** At least one of them is HTTP/2 or HTTP/3, where sharding only costs connections. */
      multiplexed: boolean;
      connections: number;
    }
  | { kind: 'connection-close'; origin: string; requests: string[]; connections: number }
  | { kind: 'short-lived'; origin: string; connections: number; singleUse: number; maxBusy: number }
  | { kind: 'tls-dominates'; origin: string; requests: string[]; setupMs: number; restMs: number }
  | { kind: 'coalesced'; connectionId: number; primaryOrigin: string; origins: string[] }
  | { kind: 'long-idle-reuse'; connectionId: number; origin: string; hopId: HopId; idleMs: number }
  | { kind: 'h3-upgrade'; origin: string; advertisedBy?: string; fromProtocol?: string; firstH3: string; via: 'alt-svc' | 'dns' | 'unknown' };

/** One origin's socket pool. */
export interface OriginPool {
  origin: string;
  /** Protocols its requests used, most used first. */
  protocols: string[];
  family: ProtocolFamily;
  /** Connections that carried its requests, by opening time (coalesced ones of other origins too). */
  connectionIds: number[];
  /** Of those, connections opened for another origin (coalesced onto it). */
  borrowed: number[];
  /** Requests of this origin a socket carried. */
  requests: number;
  /** Requests of this origin no socket carried (cache hits, service worker). */
  noSocket: number;
  /** Most of its sockets open at once (open = from opening to last use; closes are not reported). */
  maxOpen: number;
  /** Most of its sockets holding a request at once. */
  maxBusy: number;
  /** The per-host limit for HTTP/1.1 pools (6); undefined for multiplexed ones. */
  limit?: number;
  /** Sockets it opened and what they cost together (ms). */
  setup: { connections: number; dns: number; tcp: number; tls: number; total: number };
  requestsPerConnection: { min: number; max: number; mean: number };
  idleGaps: { count: number; longestMs: number };
  /** Requests that waited for a socket or a connection, in issue order. */
  queued: string[];
  longestWaitMs: number;
  /** Indexes into PoolAnalysis.patterns that concern this origin. */
  patterns: number[];
}

/**
 * The analysis as plain data: arrays, and id-keyed Maps for what belongs to one request. No
 * functions, no class instances and no references into the records, so it crosses to and from a
 * worker with postMessage (structured clone) unchanged. The look-ups are in `PoolAnalysis`, built
 * over this data on whichever side receives it (`indexPools`).
 */
export interface PoolData {
  /** In order of first request. */
  pools: OriginPool[];
  /** In order of opening. */
  connections: ConnectionAnalysis[];
  trust: ConnectionTrust;
  patterns: PatternFinding[];
  /** Start and end of the session's requests on the time axis. */
  span: { start: number; end: number };
  /** What the browser did for each request's socket, by NetworkRequest.id. */
  verdicts: Map<string, ReuseVerdict>;
  /** Each on-socket request's queueing verdict, by NetworkRequest.id. */
  queues: Map<string, QueueVerdict>;
  /** The CORS preflight each request waited for, by NetworkRequest.id. */
  preflights: Map<string, PreflightWait>;
  /** Which hop each CORS preflight guarded (the one pairing, from analysis/cors). */
  pairing: CorsPairing;
  /** The connection and use (the same object as in that connection's `uses`) of each request a socket carried. */
  placements: Map<string, { connectionId: number; use: SocketUse }>;
}

/** The plain data with its look-ups (see `indexPools`). */
export interface PoolAnalysis extends PoolData {
  pool(origin: string): OriginPool | undefined;
  connection(id: number): ConnectionAnalysis | undefined;
  verdict(hopId: HopId): ReuseVerdict | undefined;
  queue(hopId: HopId): QueueVerdict | undefined;
  preflight(hopId: HopId): PreflightWait | undefined;
  /** The connection and use of a request a socket carried. */
  use(hopId: HopId): { connection: ConnectionAnalysis; use: SocketUse } | undefined;
}
