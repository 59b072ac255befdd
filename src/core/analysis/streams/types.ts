// The streams analysis as plain data (structured-cloneable, JSON-able): one channel model for
// every long-lived stream of messages — an EventSource, a text/event-stream read with fetch or
// XHR, NDJSON, JSON text sequences, and WebSocket — with its health figures. Messages themselves
// are not in the model (a channel may hold a million): the panel's worker reads them from the
// records through `channelMessages` (channels.ts) and sends only the rows in view.
import type { HopId } from '../../records.ts';

export type ChannelKind = 'eventsource' | 'fetch-sse' | 'ndjson' | 'json-seq' | 'websocket';

/**
 * How a channel ended. `completed`: the server ended the response (for an EventSource the browser
 * then reconnects); `aborted`: the page closed or cancelled it (EventSource.close(), an aborted
 * fetch); `page-left`: cancelled as the page navigated away; `network-error`: the connection
 * broke (its error text says how); `closed`: a WebSocket closed (the protocol does not say who
 * closed it or with which code); `open`: still open when the recording ends.
 */
export type ChannelEnd = 'open' | 'completed' | 'aborted' | 'page-left' | 'network-error' | 'closed';

/** Gaps between consecutive messages (ms). */
export interface GapStats {
  median?: number;
  p95?: number;
  longest?: { ms: number; afterIndex: number };
  /** Gaps over STALL_MS (1 s). */
  stalls: number;
  stallMs: number;
}

/** Messages and bytes per time bucket, from the channel's start. */
export interface RateSeries {
  startAt: number;
  bucketMs: number;
  counts: number[];
  bytes: number[];
}

/** Messages that were produced over time but arrived together after a wait (a proxy or compression holding the stream). */
export interface BufferingFinding {
  fromIndex: number;
  count: number;
  /** The wait before the burst (ms): since the previous message, or since the response began. */
  waitedMs: number;
  /** How far apart the burst's messages arrived (ms). */
  arrivalSpreadMs: number;
  /** How far apart they were made, by a time stamp in their data, when they carry one. */
  producedSpreadMs?: number;
  /** The data field that carried the time stamp. */
  timestampField?: string;
  /** First and last SSE id of the burst, when they have ids. */
  ids?: { first: string; last: string };
  /** `certain` when time stamps in the data prove it; `likely` from arrival times alone. */
  confidence: 'certain' | 'likely';
}

/** An EventSource connection that is the browser's reconnect of an earlier one. */
export interface ReconnectLink {
  /** The channel it reconnects (the previous connection). */
  previousId: HopId;
  /** From the previous connection's end to this request (ms). */
  gapMs?: number;
  /** The Last-Event-ID the browser sent. */
  lastEventIdSent?: string;
  /** The last id the previous connection delivered. */
  previousLastId?: string;
  /** This connection's first id. */
  firstId?: string;
  /**
   * Whether the ids went on where they stopped: `continued` (first id = sent + 1, or ids that
   * are not numbers in an order that cannot be checked but the sent id was the last one seen),
   * `skipped` (messages lost: `missing` ids), `repeated` (the server sent again what was seen),
   * `unknown` (no ids).
   */
  ids: 'continued' | 'skipped' | 'repeated' | 'unknown';
  missing?: number;
  /** The reconnection delay in force (ms), and where it came from. */
  retryMs: number;
  retryFrom: 'stream' | 'default';
}

export interface ChannelStats {
  messages: number;
  bytes: number;
  /** WebSocket: each way. */
  sent?: { messages: number; bytes: number };
  received?: { messages: number; bytes: number };
  /** The largest messages (index and bytes), largest first (at most 5). */
  largest: { index: number; size: number }[];
  /** From the request being sent to the first message (time to first token for AI streams). */
  firstMessageMs?: number;
  /** From the response headers to the first message. */
  firstMessageAfterResponseMs?: number;
  durationMs?: number;
  gaps: GapStats;
  rate: RateSeries;
  /** SSE event types with their counts ("message" for the default), most used first. */
  eventTypes: { name: string; count: number }[];
}

/** A short verdict shown as a badge, with the sentence behind it. */
export interface HealthBadge {
  kind: 'stalls' | 'buffered' | 'reconnected' | 'lost-ids' | 'error' | 'late-capture' | 'holds-socket' | 'invalid' | 'open';
  label: string;
  title: string;
  severity: 'info' | 'warn' | 'error';
}

export interface StreamChannel {
  /** The NetworkRequest id of its request (the WebSocket's handshake record). */
  id: HopId;
  kind: ChannelKind;
  url: string;
  origin: string;
  /** NetworkRequest.index of its request (the Requests table's #). */
  index: number;
  protocol?: string;
  connectionId?: number;
  state: 'open' | 'ended';
  end: ChannelEnd;
  /** The error text when it ended in error, or the cancel. */
  endDetail?: string;
  /** A caveat about the end (a fetch read with a stream reader is reported as aborted). */
  endNote?: string;
  startedAt: number;
  responseAt?: number;
  endedAt?: number;
  stats: ChannelStats;
  /** How the message bytes were captured (streamed bodies): see BodyStream.capture. */
  capture?: 'streaming' | 'body' | 'pending' | 'none' | 'events';
  captureNote?: string;
  /** `retry:` values the stream set, in order (SSE). */
  retries: number[];
  comments: number;
  /** Lines that were not JSON (NDJSON, JSON sequences). */
  invalid: number;
  buffering: BufferingFinding[];
  reconnect?: ReconnectLink;
  /** Channels that reconnect this one (the next connection, if any). */
  reconnectedBy?: HopId;
  badges: HealthBadge[];
  /** Sentences: statistics and hints in plain words. */
  hints: string[];
}

/** Long-lived streams that held an HTTP/1.1 origin's sockets while other requests waited (HPBN ch. 11 and 16). */
export interface SocketHold {
  origin: string;
  /** The per-host limit (6). */
  limit: number;
  /** Most sockets the streams held at once. */
  heldSockets: number;
  holders: { id: HopId; kind: ChannelKind | 'long-poll'; index: number }[];
  byKind: { kind: ChannelKind | 'long-poll'; count: number }[];
  /** Requests that waited for a socket while streams held them, with the longest wait. */
  waited: HopId[];
  longestWaitMs: number;
  sentence: string;
}

export interface StreamsData {
  channels: StreamChannel[];
  holds: SocketHold[];
  totals: { channels: number; messages: number; bytes: number; byKind: { kind: ChannelKind; channels: number; messages: number }[] };
}
