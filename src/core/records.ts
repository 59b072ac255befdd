// The records Netlens derives from a CDP event log. Views, HAR and the CLI read only these types.
//
// Units and conventions (kept everywhere in the model):
// - Times named `...At` are milliseconds on the protocol's monotonic clock (CDP `timestamp` × 1000).
//   They are comparable within one browser session, not across sessions.
// - Times named `...Wall` are epoch milliseconds (CDP `wallTime` × 1000, or derived from it).
// - Durations are milliseconds; sizes are bytes.
// - `undefined` means "unknown" or "did not happen"; only the HAR writer turns that into -1.
import type { Protocol } from './cdp.ts';

/**
 * One hop of a request: a record's `id`. The CDP requestId for the request as the page made it,
 * `<requestId>:N` for the N-th redirect hop after it. Every analysis names requests by hop.
 */
export type HopId = string;

/**
 * The protocol's `requestId`: shared by every hop of a redirect chain, and what a preflight's
 * `initiator.requestId` names. Only the recorder, the pairing of preflights and storage of bodies use it.
 */
export type CdpRequestId = string;

/** A header as sent or received, in order; names keep their case as seen. */
export interface Header {
  name: string;
  value: string;
}

/**
 * Where a response came from. `revalidated` is a conditional request answered 304 by the server
 * (the cached body was reused); `network` is a full response from the server.
 */
export type ResponseSource =
  | 'network'
  | 'revalidated'
  | 'memory-cache'
  | 'disk-cache'
  | 'prefetch-cache'
  | 'service-worker'
  | 'early-hints'
  | 'pending'
  | 'failed';

/**
 * Timing phases of one request hop, in milliseconds, named as DevTools names them.
 * A phase is undefined when it did not happen (e.g. `dns`, `connect`, `tls` on a reused socket).
 */
export interface TimingPhases {
  /** Issued → handed to the network stack (DevTools "Queueing"). */
  queueing?: number;
  /** Network stack start → first of DNS, connect or send (DevTools "Stalled"; waiting for a socket). */
  stalled?: number;
  /** Proxy negotiation. */
  proxy?: number;
  /** DNS lookup. */
  dns?: number;
  /** TCP connect, including TLS (DevTools "Initial connection"). */
  connect?: number;
  /** TLS handshake, part of `connect` (DevTools "SSL"). */
  tls?: number;
  /** Service worker startup, when a service worker handled the request. */
  serviceWorker?: number;
  /** Service worker fetch handler, from fetch start to respondWith settled. */
  serviceWorkerFetch?: number;
  /** Request sent. */
  send?: number;
  /** Request sent → response headers received (DevTools "Waiting for server response", TTFB). */
  wait?: number;
  /** Response headers → last byte (DevTools "Content Download"). */
  receive?: number;
  /** Issued → finished (or failed). */
  total?: number;
}

/** Why a request failed, as the protocol said. */
export interface RequestFailure {
  errorText: string;
  canceled: boolean;
  blockedReason?: Protocol.Network.BlockedReason;
  corsError?: Protocol.Network.CorsErrorStatus;
}

/** An Audits.issueAdded CORS issue (see recorder/cors-issues.ts). */
export interface CorsIssue {
  corsError: Protocol.Network.CorsError | undefined;
  failedParameter: string;
  /** A warning (the request went on), not a refusal. */
  isWarning: boolean;
  /** The page's origin as the issue gives it (the network service's end with a trailing "/"). */
  initiatorOrigin?: string;
  clientSecurityState?: Protocol.Network.ClientSecurityState;
  resourceIPAddressSpace?: Protocol.Network.IPAddressSpace;
  /** The script line that made the request, when Chromium gives it. */
  location?: { url: string; lineNumber: number; columnNumber: number };
  /** For an issue that names no request: the URL it was for. */
  url?: string;
}

/** One request hop. A redirect chain is one record per hop, linked both ways. */
export interface NetworkRequest {
  /**
   * Unique in the session: the CDP requestId, with `:N` for the N-th redirect hop after the first
   * (`<requestId>:N`). Not prefixed by the CDP session: a request may start on one session and
   * continue on another (a cross-process iframe's document, a worker's script and fetches), and
   * request ids are unique across a browser's targets, so one requestId is one request whichever
   * session reports it. `target` is the session of the requestWillBeSent that started it.
   */
  id: HopId;
  /** The CDP requestId (shared by every hop of a redirect chain). */
  requestId: CdpRequestId;
  /** Creation order in the session, from 0. */
  index: number;
  /** CDP child session whose requestWillBeSent started the request (iframe or worker target); undefined for the tab. Later events of the same request may come on another session. */
  target?: string;
  frameId?: string;
  loaderId?: string;
  documentURL?: string;
  /**
   * The page (`PageRecord.id`) the request belongs to, written by the recorder (the one place that
   * decides it; HAR `pageref`, the cache analysis's loads and the panel read it): the page whose
   * navigation has the request's `loaderId` (the main frame's document, its redirects and its
   * subresources), else the page started last at or before the request was issued (an iframe's or
   * a worker's request has a loader of its own, or none). Undefined before the first page.
   */
  pageId?: string;

  url: string;
  method: string;
  /** scheme://host[:port] of `url` (ports kept as written), or the scheme alone (e.g. `data:`). */
  origin: string;
  /** Protocol's resource type (Document, Script, Image, Fetch, XHR, EventSource, WebSocket, Preflight, …). */
  resourceType?: string;
  initiator?: Protocol.Network.Initiator;
  /** Current priority (updated by resourceChangedPriority); `initialPriority` as first sent. */
  priority?: string;
  initialPriority?: string;
  postData?: string;
  hasPostData?: boolean;

  /** Request headers: the raw ones sent (requestWillBeSentExtraInfo) when known, else those Blink proposed. */
  requestHeaders: Header[];
  requestHeadersRaw: boolean;
  requestHeadersText?: string;

  status?: number;
  statusText?: string;
  /** Response headers: raw (responseReceivedExtraInfo) when known, else as reported by responseReceived. */
  responseHeaders: Header[];
  responseHeadersRaw: boolean;
  responseHeadersText?: string;
  /**
   * Local Network Access: the request's policy as the network service reported it
   * (requestWillBeSentExtraInfo.clientSecurityState: the page's address space, whether it is a
   * secure context, and the policy applied to this request), and the address space of the server
   * it reached (responseReceivedExtraInfo.resourceIPAddressSpace). Only hops that got ExtraInfo.
   */
  /**
   * Emulated network conditions (issue 21): the id of the Network.emulateNetworkConditionsByRule
   * rule that throttled this request (requestWillBeSentExtraInfo.appliedNetworkConditionsId on
   * Chromium 156). Only hops that got ExtraInfo; absent when nothing was emulated.
   */
  appliedNetworkConditionsId?: string;
  clientSecurityState?: Protocol.Network.ClientSecurityState;
  resourceIPAddressSpace?: Protocol.Network.IPAddressSpace;
  /** Audits.issueAdded CORS issues that named this request (on the newest hop of its chain). */
  corsIssues?: CorsIssue[];
  mimeType?: string;
  /** Application protocol: http/1.1, h2, h3, data, blob, … */
  protocol?: string;
  remoteIPAddress?: string;
  remotePort?: number;
  /** Socket id from the network stack; 0 or undefined when no socket carried it (cache, service worker). */
  connectionId?: number;
  connectionReused?: boolean;
  securityState?: string;
  /** Subject, issuer and TLS protocol of the certificate, when TLS was used (`validTo` in epoch milliseconds). */
  tls?: { protocol: string; cipher: string; subjectName: string; sanList: string[]; issuer: string; validTo: number };
  alternateProtocolUsage?: string;

  /** Where the response came from; `pending` until a response arrives. */
  source: ResponseSource;
  /** Set by requestServedFromCache (memory cache unless the response says disk). */
  servedFromCache: boolean;
  fromDiskCache: boolean;
  fromPrefetchCache: boolean;
  fromServiceWorker: boolean;
  fromEarlyHints: boolean;
  serviceWorkerResponseSource?: string;
  cacheStorageCacheName?: string;
  /**
   * Response.responseTime: when the browser received the response headers (epoch ms). A cache hit
   * replays the stored response, whose responseTime is when it was received from the server (the
   * HTTP cache moves it forward when a 304 refreshes the entry), so a hit's age is known even when
   * the load that stored it is not in the session (seen on Chromium 156, memory and disk cache).
   */
  responseTimeWall?: number;

  /** Raw protocol timing (offsets in ms from `timing.requestTime`, which is in seconds). */
  timing?: Protocol.Network.ResourceTiming;
  phases: TimingPhases;
  /** Issued (requestWillBeSent.timestamp). */
  issuedAt: number;
  /** Issued, wall clock. */
  issuedWall: number;
  /** The network stack started (timing.requestTime). */
  startedAt?: number;
  /**
   * Response headers received (responseReceived.timestamp, or the redirect's requestWillBeSent),
   * moved back to timing.requestTime + receiveHeadersEnd when that is earlier, as DevTools does:
   * the network stack's clock is the better one.
   */
  responseAt?: number;
  /** Finished or failed (never before `responseAt`, as DevTools clamps it). */
  endedAt?: number;

  /** Bytes over the wire including headers (loadingFinished.encodedDataLength). */
  transferSize?: number;
  /** Response body bytes as transferred (compressed), when known. */
  encodedBodySize?: number;
  /** Response body bytes after decoding (sum of dataReceived.dataLength). */
  decodedBodySize: number;
  /** Response header bytes (from the raw headers text, or the size at response time). */
  responseHeadersSize?: number;

  /** Previous hop's id, when this hop is the target of a redirect. */
  redirectFrom?: HopId;
  /** Next hop's id, when this hop was redirected. */
  redirectTo?: HopId;
  /** 0 for the first hop of a chain. */
  redirectHop: number;

  finished: boolean;
  failure?: RequestFailure;
  /** Whether the raw request / response ExtraInfo events were merged (the protocol says when to expect them). */
  extraInfo: { request: boolean; response: boolean; expectResponse?: boolean };
}

/** A WebSocket frame, as the protocol reports it (close frames themselves are not reported). */
export interface WsFrame {
  direction: 'sent' | 'received';
  /** 1 text, 2 binary, 8 close, 9 ping, 10 pong. */
  opcode: number;
  /** Text as is; binary as base64 (as the protocol sends it). */
  payload: string;
  /** Payload bytes (UTF-8 length for text, decoded length for binary). */
  size: number;
  at: number;
  mask: boolean;
}

export interface WsChannel {
  /** Same as the handshake's NetworkRequest id. */
  id: string;
  requestId: string;
  target?: string;
  url: string;
  initiator?: Protocol.Network.Initiator;
  createdAt: number;
  handshake?: {
    requestHeaders: Header[];
    requestAt?: number;
    requestWall?: number;
    status?: number;
    statusText?: string;
    responseHeaders: Header[];
    responseHeadersText?: string;
    responseAt?: number;
  };
  frames: WsFrame[];
  /** Frame errors reported by the protocol. */
  errors: { at: number; message: string }[];
  closedAt?: number;
  sentBytes: number;
  receivedBytes: number;
}

/** One Server-Sent Event as EventSource delivered it (`retry` is not exposed by the protocol). */
export interface SseMessage {
  at: number;
  eventName: string;
  eventId: string;
  data: string;
}

/** One EventSource connection (a reconnect is a new request, hence a new channel). */
export interface SseChannel {
  /** Same as the NetworkRequest id of its request. */
  id: string;
  requestId: string;
  target?: string;
  url: string;
  /** Last-Event-ID the browser sent on this connection (from the raw request headers). */
  lastEventId?: string;
  messages: SseMessage[];
}

/** One socket as the protocol's connection ids show it; the pool analysis builds on this. */
export interface ConnectionRecord {
  id: number;
  protocol?: string;
  remoteIPAddress?: string;
  remotePort?: number;
  /** Origins of the requests it carried, in order of first use (several on a coalesced HTTP/2 connection). */
  origins: string[];
  /** Request ids it carried, in order of response. */
  requestIds: string[];
  /**
   * The first request seen on it (the earliest created) already said connectionReused: the socket
   * was opened ahead of time (preconnect, or an earlier page).
   */
  reusedOnFirstSight: boolean;
}

/** A top-level navigation (a HAR page). */
export interface PageRecord {
  id: string;
  frameId: string;
  loaderId?: string;
  url: string;
  startedAt?: number;
  startedWall?: number;
  title?: string;
  domContentLoadedAt?: number;
  loadAt?: number;
  /**
   * How the navigation started, from Page.frameStartedNavigating (`differentDocument`, `reload`,
   * `reloadBypassingCache`, `historyDifferentDocument`, `restore`, …); undefined when the log has
   * no such event (older Chromium, or a log recorded without it).
   */
  navigationType?: string;
}

/** A child target Netlens auto-attached to (cross-process iframe, worker). */
export interface TargetRecord {
  sessionId: string;
  targetId: string;
  type: string;
  url: string;
  attachedAt: number;
  detached: boolean;
}

/** What the recorder could not place. Nothing here is fatal; the panel shows it. */
export interface Diagnostics {
  events: number;
  /** Events for request ids never seen, by method (after waiting for their requestWillBeSent). */
  orphanEvents: Record<string, number>;
  /** Events seen twice (e.g. a second requestWillBeSent for the same hop), by method. */
  duplicateEvents: Record<string, number>;
  /** Methods the recorder does not use, by method. */
  unhandledEvents: Record<string, number>;
  /** Events whose params did not have the shape the protocol promises, by method. */
  malformedEvents: Record<string, number>;
  /** Events that arrived before the event they depend on and were applied later. */
  reorderedEvents: number;
  /**
   * Events waiting now for the event that creates their request (bounded; when the bound is hit the
   * longest-waiting request's events are dropped, and stay counted in `orphanEvents`).
   */
  heldEvents: number;
  /**
   * Fields repaired or left out at the recorder's edge, by kind (e.g. "Network.responseReceived
   * response.connectionId: text read as a number"): the event was folded, with that field fixed.
   */
  repairedFields: Record<string, number>;
  /**
   * The first example of each kind counted above, as a short sentence saying which event and what
   * was found, keyed "malformed METHOD", "repaired KIND", "orphan METHOD", "duplicate METHOD",
   * "unhandled METHOD".
   */
  examples: Record<string, string>;
}

/**
 * A response body read as a stream of messages (issue 17): Server-Sent Events (an EventSource's
 * own body, or a text/event-stream read with fetch or XHR), NDJSON, JSON text sequences. Built by
 * the fold from the capture's pseudo-events (`Netlens.streamResourceContent`, `Netlens.streamBody`)
 * and the `data` of each dataReceived; see docs/ARCHITECTURE.md "Streamed bodies".
 */
export interface BodyStream {
  /** The NetworkRequest id (hop) of the response. */
  id: HopId;
  requestId: CdpRequestId;
  url: string;
  format: 'sse' | 'ndjson' | 'json-seq';
  mimeType: string;
  /** Whether the request is an EventSource (its messages also come as eventSourceMessageReceived). */
  eventSource: boolean;
  /**
   * How the bytes were captured: `streaming` (streamResourceContent, each chunk with its time),
   * `body` (the request had finished first, or streaming is not supported: read whole at
   * loadingFinished, so every message has the end's time), `pending` (no answer yet), `none`
   * (nothing could be read: `captureNote` says why).
   */
  capture: 'streaming' | 'body' | 'pending' | 'none';
  captureNote?: string;
  messages: StreamMessage[];
  /** `retry:` fields in the order they came, with the time they arrived. */
  retries: { at: number; ms: number }[];
  comments: number;
  /** Bytes of body text read (decoded: after content encoding). */
  bytes: number;
  /** Lines that were not JSON (NDJSON, JSON sequences). */
  invalid: number;
  /** The response ended (loadingFinished or loadingFailed was folded). */
  ended: boolean;
}

/** One message of a BodyStream. */
export interface StreamMessage {
  /** Arrival time (ms, protocol clock): the dataReceived whose bytes completed it. */
  at: number;
  data: string;
  /** UTF-8 bytes of `data`. */
  size: number;
  /** SSE `event:` field (undefined for the default "message"). */
  eventName?: string;
  /** SSE `id:` field of this event. */
  eventId?: string;
  /** It came in bytes whose own arrival time is not known (buffered before streaming began, or the body read whole). */
  late?: boolean;
}
