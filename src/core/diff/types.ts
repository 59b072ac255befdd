// The semantic diff of two recordings as plain data: structured-cloneable and JSON-able (no
// functions, no class instances, no references into records), so it crosses from the panel's
// analysis worker and is printed as JSON by `netlens diff --json` unchanged.
import type { BodyStream, NetworkRequest, PageRecord, ResponseSource, SseChannel, TimingPhases, WsChannel } from '../records.ts';
import type { CacheReason } from '../analysis/cache/index.ts';
import type { CorsClass } from '../analysis/cors/index.ts';

/** One recording, as the diff reads it. */
export interface DiffSide {
  /** What to call it in sentences (a file name, a session name). */
  label: string;
  requests: readonly NetworkRequest[];
  pages: readonly PageRecord[];
  webSockets?: readonly WsChannel[];
  eventSources?: readonly SseChannel[];
  /** Streams read from a response body (fetch-read SSE, NDJSON, JSON sequences; issue 17). */
  bodyStreams?: readonly BodyStream[];
  /**
   * The conditions it was recorded under, as the session or the file says them (the experiments
   * work adds a `conditions` field to sessions: throttling, cache disabled, cold or warm run…).
   * Optional and read loosely: every key that differs between the two sides is a warning.
   */
  conditions?: Readonly<Record<string, unknown>>;
  /** The browser that recorded it, when the session (`browserVersion`) or the HAR (`log.browser`) names it. */
  browser?: string;
}

/** What the diff knows of one request hop (preflights are facts of the request they guarded). */
export interface RequestFacts {
  id: string;
  url: string;
  /** Method and normalised URL (normalise.ts). */
  key: string;
  method: string;
  origin: string;
  resourceType?: string;
  status?: number;
  /** The protocol's error text when it failed. */
  failed?: string;
  source: ResponseSource;
  cacheReason?: CacheReason;
  /** The response may be stored by the HTTP cache (undefined when not known: no response, not HTTP). */
  storable?: boolean;
  corsClass?: CorsClass;
  /** Hop ids of the preflights that guarded it. */
  preflights: string[];
  protocol?: string;
  connectionId?: number;
  /** It was the first request of the recording on its connection (for its origin). */
  newConnection: boolean;
  /** Bytes over the wire, headers included. */
  bytes: number;
  /** Issued → finished, ms. */
  totalMs?: number;
  /** Its timing phases, ms (a phase that did not happen is 0), when the request had network timing (not a memory-cache hit, not failed before it started). */
  timing?: Record<TimedPhase, number>;
  pageIndex: number;
}

export type ChangeKind = 'added' | 'removed' | 'moved' | 'status' | 'cache' | 'cors' | 'connections' | 'protocol' | 'origins' | 'bytes' | 'timing' | 'streams';

/** A request a change is about, on either side (hop ids: `a` in the first recording, `b` in the second). */
export interface RequestLink {
  a?: string;
  b?: string;
  url: string;
}

export interface Change {
  kind: ChangeKind;
  /** better or worse for the page, or neither (a move, a protocol change that is neither by itself). */
  direction: 'worse' | 'better' | 'neutral';
  /** What changed: a request key, an origin, or "overall". */
  subject: string;
  /** The origin it concerns, when one (per-origin budgets read it). */
  origin?: string;
  /** One sentence, plain English with code spans between backticks. */
  sentence: string;
  before?: string | number;
  after?: string | number;
  /** The rough cost of the change, for ordering: milliseconds + kilobytes (failures first). */
  effect: number;
  /** The requests it is about, both sides. */
  requests: RequestLink[];
}

export interface OriginTotals {
  origin: string;
  requests: number;
  bytes: number;
  /**
   * Connections the recording used: distinct connection ids that carried its requests (opened
   * for them or just ahead of them by a preconnect; a socket an earlier page left open also
   * counts, which is why CI records in a fresh browser). A coalesced HTTP/2 connection counts
   * for each origin it carried.
   */
  newConnections: number;
  /** The same figure (kept apart for a later count of sockets opened ahead of time). */
  connections: number;
  /** Requests that rode a connection an earlier request of the recording had used. */
  reused: number;
  preflights: number;
  protocols: string[];
}

export interface SideSummary {
  label: string;
  browser?: string;
  /** HTTP(S) and WebSocket requests, preflights not counted. */
  requests: number;
  bytes: number;
  newConnections: number;
  connections: number;
  reused: number;
  preflights: number;
  /** Each page's load event after its start, ms (in page order; undefined when not recorded). */
  pageLoads: { url: string; loadMs?: number }[];
  /** Summed timing phases of every request, ms. */
  phases: Required<Pick<TimingPhases, 'queueing' | 'stalled' | 'dns' | 'connect' | 'tls' | 'send' | 'wait' | 'receive'>>;
  origins: OriginTotals[];
  /** Evidence lists (hop ids) the budgets quote. */
  evidence: {
    /** The requests that opened a socket, by origin. */
    newConnections: Record<string, { id: string; url: string }[]>;
    /** The preflights, by the origin they went to. */
    preflights: Record<string, { id: string; url: string }[]>;
    /** The largest responses: hop id, URL and bytes (the ten largest). */
    largest: { id: string; url: string; origin: string; bytes: number }[];
  };
}

export interface DiffResult {
  a: SideSummary;
  b: SideSummary;
  /** Requests matched by key on both sides (including those that moved origin). */
  matched: number;
  /** Ordered largest effect first. */
  changes: Change[];
  /** The two were recorded under different conditions: read the changes with care. */
  warnings: string[];
  /** Kinds of change left out on request (`--ignore`). */
  ignored: ChangeKind[];
  /** The origins compared as one on request (`sameOrigins`), when any. */
  sameOrigins?: OriginPair[];
  /**
   * Origin pairs that look like one server recorded under two names: every matched request of
   * A's origin `a` (contacted only in A) went to `b` (contacted only in B). Present when any; the
   * diff of a changed port is otherwise a list of moves.
   */
  originSuggestions?: OriginPair[];
  /** No request matched on its origin: every matched one moved (the origins differ throughout). */
  allMoved?: boolean;
}

/** An origin of the first recording and one of the second. */
export interface OriginPair {
  a: string;
  b: string;
}

export interface DiffOptions {
  /** Kinds of change to leave out (e.g. `timing` on a noisy CI machine). */
  ignore?: readonly ChangeKind[];
  /**
   * Origins to compare as one (`--same-origin A=B`): A's requests to `a` are matched and totalled
   * as if they had gone to `b` (the same server on another port, staging and production).
   */
  sameOrigins?: readonly OriginPair[];
}

/**
 * The timing phases the diff compares request by request: `blocked` is queueing and stalled
 * (waiting for the browser or for a socket), `connect` holds TLS.
 */
export type TimedPhase = 'blocked' | 'dns' | 'connect' | 'send' | 'wait' | 'receive';

/** A timing threshold: a difference is a change when it is at least `ms` and at least `share` of the value before. */
export interface TimingThreshold {
  ms: number;
  share: number;
}

/** Thresholds under which a difference is noise, not a change (the same load recorded twice varies). */
export const NOISE = {
  /** Per request: bytes differ by at least this many and by this share. */
  requestBytes: 1024,
  requestBytesShare: 0.2,
  /** Overall: bytes differ by at least this many and by this share. */
  totalBytes: 10_240,
  totalBytesShare: 0.1,
  /** A stream's time to first message: at least this many ms and this share. */
  timingMs: 200,
  timingShare: 0.25,
  /**
   * One request's timing phase (the median of its loads on each side when a URL was loaded more
   * than once): at least `ms` and `share` of before, and more than the spread of either side's
   * loads of it (slowest minus fastest). See timing.ts.
   */
  phases: {
    blocked: { ms: 300, share: 0.5 },
    dns: { ms: 200, share: 0.5 },
    connect: { ms: 200, share: 0.5 },
    send: { ms: 100, share: 0.5 },
    wait: { ms: 300, share: 0.5 },
    receive: { ms: 300, share: 0.5 },
  } satisfies Record<TimedPhase, TimingThreshold>,
  /** A page's load event: at least `ms` and `share` of before, and more than the spread of either side's loads of that page. */
  pageLoad: { ms: 500, share: 0.2 } satisfies TimingThreshold,
  /** Connections opened by an origin: at least one more or fewer, and this share. */
  connectionsShare: 0.25,
} as const;
