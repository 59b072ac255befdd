// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) with the custom fields Chrome
// DevTools writes and reads back (underscore-prefixed), and Netlens's own `_netlens…` verdicts.
// Times are epoch-based ISO strings or milliseconds; -1 means "did not happen / unknown".

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
}

export interface HarPostData {
  mimeType: string;
  text: string;
  params?: { name: string; value?: string; fileName?: string; contentType?: string }[];
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  headersSize: number;
  bodySize: number;
}

export interface HarContent {
  size: number;
  compression?: number;
  mimeType: string;
  text?: string;
  encoding?: string;
  comment?: string;
  /** Why the body is absent, when the session recorded bodies (src/core/bodies.ts). */
  _netlensBodyReason?: { reason: string; detail?: string; text: string };
  /** Only the body's first `kept` bytes are in `text` (of `size`), cut at the limit per body or the session's; `text` here says so in words. */
  _netlensTruncated?: { kept: number; size: number; limit: string; text: string };
  /** The body was rebuilt from an event stream's messages (src/core/stream-body.ts). */
  _netlensStreamBody?: { from: string; format: string; messages: number; complete: boolean; notes: string[] };
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  _transferSize?: number;
  _error?: string | null;
  _fetchedViaServiceWorker?: boolean;
  _serviceWorkerResponseSource?: string;
  _responseCacheStorageCacheName?: string;
}

export interface HarTimings {
  blocked: number;
  dns: number;
  connect: number;
  send: number;
  wait: number;
  receive: number;
  ssl: number;
  _blocked_queueing?: number;
  _blocked_proxy?: number;
}

/** One WebSocket frame as Chrome writes it: `time` in seconds since the epoch. */
export interface HarWebSocketMessage {
  /** `error` is a frame error (Chrome writes it with opcode -1 and the error message as data). */
  type: 'send' | 'receive' | 'error';
  time: number;
  opcode: number;
  data: string;
}

/** One Server-Sent Event as Chrome writes it: `time` in seconds since the epoch. */
export interface HarEventSourceMessage {
  time: number;
  eventName: string;
  eventId: string;
  data: string;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  serverIPAddress?: string;
  /** Chrome (since 2023) writes the remote port here and the socket id in `_connectionId`; older Chrome wrote the socket id here. */
  connection?: string;
  _connectionId?: string;
  _fromCache?: 'memory' | 'disk';
  _initiator?: unknown;
  _priority?: string;
  _resourceType?: string;
  _webSocketMessages?: HarWebSocketMessage[];
  _eventSourceMessages?: HarEventSourceMessage[];
  [netlensField: `_netlens${string}`]: unknown;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad: number; onLoad: number };
}

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

export interface HarLog {
  version: '1.2';
  creator: HarCreator;
  browser?: HarCreator;
  pages: HarPage[];
  entries: HarEntry[];
  comment?: string;
  /** What redaction removed (absent when the file was exported unredacted). */
  _netlensRedaction?: unknown;
}

export interface Har {
  log: HarLog;
}
