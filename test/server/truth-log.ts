// Ground truth: what the fixture server itself saw. Tests compare Netlens's reconstruction with
// this log, never with Netlens's own view alone.

/** One accepted TCP (or TLS) connection. Times are epoch milliseconds. */
export interface TruthSocket {
  id: number;
  /** Which listener accepted it: 'http' (HTTP/1.1 cleartext), 'https' (TLS, HTTP/1.1 only), 'h2' (TLS, h2 or HTTP/1.1 by ALPN). */
  listener: 'http' | 'https' | 'h2';
  /** Negotiated application protocol: 'http/1.1' or 'h2' (known once the first request arrives for cleartext). */
  protocol: 'http/1.1' | 'h2';
  /** TLS server name (SNI) for TLS sockets. */
  servername?: string;
  /** For TLS sockets: whether the handshake resumed an earlier TLS session (an abbreviated handshake). */
  tlsResumed?: boolean;
  remotePort: number;
  openedAt: number;
  closedAt?: number;
  /** Hosts (with port) of the requests that arrived on this socket, in order of first use. */
  hosts: string[];
}

/** One HTTP request as received and answered. Times are epoch milliseconds. */
export interface TruthRequest {
  id: number;
  socketId: number;
  /** HTTP/2 stream id, when the request came over h2. */
  streamId?: number;
  protocol: 'http/1.1' | 'h2';
  method: string;
  /** Absolute URL as the client addressed it (scheme://host:port/path?query). */
  url: string;
  host: string;
  path: string;
  /** Request headers that matter for the scenarios (conditional, CORS, SSE, upgrade); lower-case names. */
  headers: Record<string, string>;
  /** Status the server answered, once it answered. */
  status?: number;
  receivedAt: number;
  respondedAt?: number;
  finishedAt?: number;
}

/** A WebSocket frame or SSE event as the server sent or received it. */
export interface TruthMessage {
  /** `ndjson`: one line of an NDJSON stream (test/server/scenarios/event-streams.ts). */
  kind: 'ws' | 'sse' | 'ndjson' | 'json-seq';
  /** Connection: the request id that opened the channel. */
  requestId: number;
  direction: 'sent' | 'received';
  opcode?: number;
  data: string;
  /** SSE event id, when one was sent. */
  eventId?: string;
  /** SSE event type, when one was sent (`event:`). */
  eventName?: string;
  /** An SSE `retry:` field (then `data` is empty and this is not a message). */
  retry?: number;
  /** An SSE comment line (then `data` is empty and this is not a message). */
  comment?: string;
  at: number;
}

const KEPT_HEADERS = [
  'if-none-match', 'if-modified-since', 'cache-control', 'pragma', 'last-event-id', 'origin',
  'access-control-request-method', 'access-control-request-headers', 'upgrade', 'connection',
  'accept-encoding', 'purpose', 'sec-purpose', 'range', 'authorization', 'cookie', 'content-type',
] as const;

export function keptHeaders(all: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = all[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** A WebSocket flood (/ws-flood): how many frames the server sent, and when. */
export interface TruthFlood {
  /** The request id of the WebSocket handshake. */
  requestId: number;
  run: string;
  /** Frames asked for (0: until the page closed the socket). */
  frames: number;
  sent: number;
  startedAt: number;
  /** When the last frame was handed to the socket (also while it goes on). */
  lastAt: number;
  /** Every frame asked for was sent. */
  done: boolean;
  /** Time of each 1,000th frame (frame k × 1000 at index k - 1), to tell what was sent before a moment. */
  thousands: number[];
}

export class TruthLog {
  readonly floods: TruthFlood[] = [];
  readonly sockets: TruthSocket[] = [];
  readonly requests: TruthRequest[] = [];
  readonly messages: TruthMessage[] = [];
  private nextSocket = 1;
  private nextRequest = 1;

  openSocket(s: Omit<TruthSocket, 'id' | 'hosts' | 'openedAt'>): TruthSocket {
    const socket: TruthSocket = { ...s, id: this.nextSocket++, hosts: [], openedAt: Date.now() };
    this.sockets.push(socket);
    return socket;
  }

  socket(id: number): TruthSocket | undefined {
    return this.sockets[id - 1];
  }

  addRequest(r: Omit<TruthRequest, 'id' | 'receivedAt'>): TruthRequest {
    const request: TruthRequest = { ...r, id: this.nextRequest++, receivedAt: Date.now() };
    this.requests.push(request);
    const socket = this.socket(r.socketId);
    if (socket) {
      socket.protocol = r.protocol;
      if (!socket.hosts.includes(r.host)) socket.hosts.push(r.host);
    }
    return request;
  }

  addMessage(m: Omit<TruthMessage, 'at'>): void {
    this.messages.push({ ...m, at: Date.now() });
  }

  startFlood(requestId: number, run: string, frames: number): TruthFlood {
    const now = Date.now();
    const flood: TruthFlood = { requestId, run, frames, sent: 0, startedAt: now, lastAt: now, done: false, thousands: [] };
    this.floods.push(flood);
    return flood;
  }

  floodSent(flood: TruthFlood): void {
    flood.sent++;
    flood.lastAt = Date.now();
    if (flood.sent % 1000 === 0) flood.thousands.push(flood.lastAt);
  }

  floodDone(flood: TruthFlood): void {
    flood.done = true;
  }

  /** Frames a flood had sent by time `at` (to the thousand below). */
  floodSentBy(flood: TruthFlood, at: number): number {
    let k = 0;
    while (k < flood.thousands.length && flood.thousands[k]! <= at) k++;
    return k * 1000;
  }

  /** Requests whose URL contains `needle` (typically a run id), in arrival order. */
  requestsMatching(needle: string): TruthRequest[] {
    return this.requests.filter((r) => r.url.includes(needle));
  }

  /** Sockets that carried at least one of the given requests (preconnects that carried none are left out). */
  socketsOf(requests: readonly TruthRequest[]): TruthSocket[] {
    const ids = new Set(requests.map((r) => r.socketId));
    return this.sockets.filter((s) => ids.has(s.id));
  }

  toJSON(): { sockets: TruthSocket[]; requests: TruthRequest[]; messages: TruthMessage[] } {
    return { sockets: this.sockets, requests: this.requests, messages: this.messages };
  }
}
