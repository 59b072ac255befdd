// The what-if model's plain data: the dependency graph taken from a recording, the network it
// was recorded on (as estimated from the recording), and the simulated loads of each scenario.
// Everything here is structured-cloneable (ids, numbers, strings, plain objects).
import type { HopId } from '../records.ts';

/** Why a request could start when it did: what it waited for in the recording. */
export type DependencyKind =
  /** The first request of the load (the page's document, or a request with no known initiator). */
  | 'root'
  /** The previous hop of a redirect chain: the next hop starts when its redirect response arrives. */
  | 'redirect'
  /** The CORS preflight that guarded this request: the request is sent once the preflight has finished. */
  | 'preflight'
  /** The HTML parser found it in the document as the document arrived. */
  | 'parser'
  /** The parser found it after a parser-blocking script (which had to be downloaded and run first). */
  | 'blocking-script'
  /** A script made it, once that script was downloaded and ran. */
  | 'script'
  /** A script made it in a callback of an earlier request made by the same script (a fetch's `then`, an image's `onload`). */
  | 'callback';

export interface Dependency {
  kind: DependencyKind;
  /** The request waited for (none for a root). */
  parent?: HopId;
  /** Which moment of the parent: its response headers, or its last byte. */
  anchor: 'response' | 'end';
  /**
   * Time between the parent's anchor and this request's start in the recording (ms): the browser's
   * own work (parsing, running scripts), kept the same in every scenario.
   */
  gapMs: number;
}

/** One request as the model replays it: what it cost in the recording, split into parts. */
export interface ModelRequest {
  id: HopId;
  /** `#N` order in the session (the index + 1). */
  number: number;
  url: string;
  origin: string;
  /** `http/1.1`, `h2`, … as recorded. */
  protocol: string;
  /** Whether it went over the network; otherwise (a cache hit, a data: URL) it costs its recorded time. */
  network: boolean;
  dependency: Dependency;
  /** Recorded issue (ms from the load's start). */
  recordedStartMs: number;
  /** Recorded finish (ms from the load's start). */
  recordedEndMs: number;
  /** The server's own time (ms): time to first byte minus one round trip and the first TLS record's transfer, at least 0. */
  serverMs: number;
  /**
   * Transfer of the response's first TLS record (ms), part of its recorded time to first byte: the
   * browser reads the headers only once that record (up to 16 KB) has arrived. Scales with the
   * bandwidth; 0 without TLS.
   */
  firstBytesMs: number;
  /** Writing the request (ms), as recorded: the browser's own time, kept in every scenario. */
  sendMs: number;
  /** Response download (ms), as recorded. */
  receiveMs: number;
  /** Bytes over the wire (headers included), when known. */
  bytes: number;
  /** For a request that used no network: its whole recorded duration. */
  localMs: number;
  /** Recorded Chromium queueing before the network stack took it (ms). */
  queueingMs: number;
  /** Whether a cache analysis says its response would be reused on a visit soon after (warm cache). */
  warm: 'fresh' | 'revalidate' | 'none';
}

/** Connection set-up for one origin, from the recording's first new socket to it. */
export interface OriginSetup {
  origin: string;
  dnsMs: number;
  /** TCP connect without TLS. */
  tcpMs: number;
  tlsMs: number;
  /** Where the figures come from. */
  from: 'recorded' | 'median-of-other-origins' | 'none';
}

/** What the model took from the recording about the network and the browser. */
export interface NetworkEstimate {
  /** Round-trip time (ms): the smallest time to first byte of any request sent over the network. */
  rttMs: number;
  /** What gave it: the median connection set-up (a TCP connect or a TLS 1.3 handshake is one round trip), else the quickest time to first byte. */
  rttBasis: 'connection-set-up' | 'time-to-first-byte';
  /** The request that gave it. */
  rttFrom?: HopId;
  /** Download throughput (bytes per second) while at least one download was in progress, when it could be told. */
  bandwidthBps?: number;
  setups: OriginSetup[];
  /**
   * HTTP/1.1 connections per origin the browser had open before a request needed them: first used
   * by a request without a connection set-up of its own (Chromium opens a second connection to the
   * page's own origin when it navigates).
   */
  openedAhead: { origin: string; count: number }[];
  /** Groups of origins that shared one HTTP/2 connection in the recording (coalescing). */
  coalescedInRecording: string[][];
  /** Groups of TLS origins that could share one HTTP/2 connection: one address, and a certificate that names every host. */
  coalescible: string[][];
}

/** How the simulated network differs from the recorded one. */
export interface ScenarioChange {
  /** Protocol every TLS origin would use (`h2`), or every origin (`http/1.1`); undefined keeps each origin's. */
  protocol?: 'http/1.1' | 'h2';
  /** Round-trip time × this (set-up round trips and each request's round trip). */
  rttFactor: number;
  /** Download time × this (bandwidth ÷ this). */
  downloadFactor: number;
  /** Responses the cache analysis says a second visit would reuse are reused. */
  warmCache: boolean;
}

export type ScenarioId = 'baseline' | 'http1' | 'http2' | 'rtt-x2' | 'rtt-half' | 'bandwidth-half' | 'warm-cache';

export interface ScenarioInfo {
  id: ScenarioId;
  title: string;
  change: ScenarioChange;
  /**
   * Whether the real-browser validation (test/e2e/whatif.test.ts, bench/whatif.ts) holds the
   * model's estimate of this scenario within the bound; a scenario that is not validated is not
   * offered, only listed with the reason.
   */
  validated: boolean;
  /** The largest error the validation saw, as a share of the real load (0.25 = 25%), when validated. */
  errorBound?: number;
  /** Why it is not offered, when it is not. */
  notOffered?: string;
}

/** One request in a simulated load. Times in ms from the load's start. */
export interface SimulatedRequest {
  id: HopId;
  startMs: number;
  /** Set-up of the connection it opened (DNS + TCP + TLS), 0 on a reused one. */
  setupMs: number;
  /** Waiting for a socket or for the connection to be set up. */
  waitMs: number;
  responseMs: number;
  endMs: number;
  /** The modelled connection (`origin#n`), none for a request that used no network. */
  connection?: string;
  newConnection: boolean;
  /** Served from the cache in this scenario (warm cache). */
  cached: boolean;
}

/** One step of the critical path: the chain of requests that ended last. */
export interface PathStep {
  id: HopId;
  number: number;
  url: string;
  kind: DependencyKind;
  startMs: number;
  setupMs: number;
  waitMs: number;
  responseMs: number;
  endMs: number;
}

export interface SimulatedLoad {
  scenario: ScenarioId;
  /** Estimated load: from the first request's start to the last request's end (ms). */
  loadMs: number;
  connections: number;
  requests: SimulatedRequest[];
  criticalPath: PathStep[];
}

export interface ScenarioEstimate {
  scenario: ScenarioInfo;
  loadMs: number;
  /** loadMs over the baseline estimate, minus 1 (−0.3 = 30% faster). */
  changeVsBaseline: number;
  /** Low and high end of the estimate with the scenario's error bound. */
  rangeMs?: [number, number];
  connections: number;
  criticalPath: PathStep[];
}

export interface WhatIfData {
  /** The page the load belongs to. */
  pageId?: string;
  pageUrl?: string;
  requests: number;
  /** Requests left out of the model, with why. */
  leftOut: { id: HopId; reason: string }[];
  recordedLoadMs: number;
  /** The recording replayed as it was: the first check of the model. */
  baseline: { loadMs: number; error: number; connections: number; criticalPath: PathStep[] };
  network: NetworkEstimate;
  /** The assumptions, one sentence each. */
  assumptions: string[];
  /** Validated scenarios, offered with their estimate. */
  scenarios: ScenarioEstimate[];
  /** Scenarios not offered, with why. */
  notOffered: ScenarioInfo[];
  graph: ModelRequest[];
}
