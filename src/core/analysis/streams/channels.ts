// Which records are channels, of which kind, and one way to read any channel's messages. The
// analysis, the panel's worker window and the report all go through `channelSources` and
// `channelMessages`, so a message has one index everywhere.
import type { BodyStream, NetworkRequest, SseChannel, WsChannel } from '../../records.ts';
import type { ChannelKind } from './types.ts';

/** What the recorder gives the streams analysis (its read-only lists). */
export interface StreamsInput {
  requests: readonly NetworkRequest[];
  eventSources: readonly SseChannel[];
  bodyStreams: readonly BodyStream[];
  webSockets: readonly WsChannel[];
}

/** One channel's records, before analysis. */
export interface ChannelSource {
  id: string;
  kind: ChannelKind;
  request: NetworkRequest | undefined;
  sse?: SseChannel;
  body?: BodyStream;
  ws?: WsChannel;
}

/** Every channel, in order of its request. */
export function channelSources(input: StreamsInput): ChannelSource[] {
  const byId = new Map<string, ChannelSource>();
  const requestById = new Map<string, NetworkRequest>();
  for (const r of input.requests) requestById.set(r.id, r);
  for (const sse of input.eventSources) {
    byId.set(sse.id, { id: sse.id, kind: 'eventsource', request: requestById.get(sse.id), sse });
  }
  for (const body of input.bodyStreams) {
    const had = byId.get(body.id);
    if (had !== undefined) {
      had.body = body;
      continue;
    }
    const kind: ChannelKind = body.eventSource ? 'eventsource' : body.format === 'sse' ? 'fetch-sse' : body.format === 'ndjson' ? 'ndjson' : 'json-seq';
    byId.set(body.id, { id: body.id, kind, request: requestById.get(body.id), body });
  }
  for (const ws of input.webSockets) byId.set(ws.id, { id: ws.id, kind: 'websocket', request: requestById.get(ws.id), ws });
  const out = [...byId.values()];
  out.sort((a, b) => (a.request?.index ?? Infinity) - (b.request?.index ?? Infinity));
  return out;
}

/** Read access to a channel's messages by index; nothing is copied. */
export interface MessageList {
  readonly length: number;
  at(i: number): number;
  size(i: number): number;
  text(i: number): string;
  /** SSE event type ("message" for the default). */
  type(i: number): string;
  /** SSE id of the event itself (undefined when it set none). */
  eventId(i: number): string | undefined;
  /** WebSocket only. */
  direction(i: number): 'sent' | 'received' | undefined;
  opcode(i: number): number | undefined;
  /** The bytes' own arrival time is not known (buffered before streaming began, or read whole). */
  late(i: number): boolean;
}

const EMPTY: MessageList = {
  length: 0,
  at: () => 0,
  size: () => 0,
  text: () => '',
  type: () => 'message',
  eventId: () => undefined,
  direction: () => undefined,
  opcode: () => undefined,
  late: () => false,
};

/**
 * The messages of a channel. An EventSource's come from eventSourceMessageReceived (the browser's
 * own parse, with its arrival times); when its body was streamed too and gives as many events,
 * each event's own `id:` comes from the body (the protocol's eventId is the last id seen, which
 * an event without an id inherits).
 */
export function channelMessages(src: ChannelSource): MessageList {
  if (src.ws !== undefined) {
    const f = src.ws.frames;
    return {
      length: f.length,
      at: (i) => f[i]!.at,
      size: (i) => f[i]!.size,
      text: (i) => f[i]!.payload,
      type: (i) => (f[i]!.opcode === 2 ? 'binary' : 'text'),
      eventId: () => undefined,
      direction: (i) => f[i]!.direction,
      opcode: (i) => f[i]!.opcode,
      late: () => false,
    };
  }
  const body = src.body?.messages;
  const native = src.sse?.messages;
  if (native !== undefined && (native.length > 0 || body === undefined)) {
    const paired = body !== undefined && body.length === native.length ? body : undefined;
    return {
      length: native.length,
      at: (i) => native[i]!.at,
      size: (i) => paired?.[i]!.size ?? utf8Size(native[i]!.data),
      text: (i) => native[i]!.data,
      type: (i) => native[i]!.eventName || 'message',
      eventId: (i) => (paired !== undefined ? paired[i]!.eventId : native[i]!.eventId || undefined),
      direction: () => undefined,
      opcode: () => undefined,
      late: () => false,
    };
  }
  if (body === undefined) return EMPTY;
  return {
    length: body.length,
    at: (i) => body[i]!.at,
    size: (i) => body[i]!.size,
    text: (i) => body[i]!.data,
    type: (i) => body[i]!.eventName ?? 'message',
    eventId: (i) => body[i]!.eventId,
    direction: () => undefined,
    opcode: () => undefined,
    late: (i) => body[i]!.late === true,
  };
}

/** The last id an SSE channel delivered (the Last-Event-ID a reconnect should send). */
export function lastIdOf(src: ChannelSource): string | undefined {
  const native = src.sse?.messages;
  if (native !== undefined && native.length > 0) {
    const id = native[native.length - 1]!.eventId;
    if (id !== '') return id;
  }
  const body = src.body?.messages;
  if (body !== undefined) for (let i = body.length - 1; i >= 0; i--) if (body[i]!.eventId !== undefined) return body[i]!.eventId;
  return undefined;
}

function utf8Size(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
