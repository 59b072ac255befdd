// The streams analysis: every channel with its figures, end, buffering, reconnect, badges and
// hints, and the sockets streams held. Linear in messages (one pass per channel for the figures,
// one for buffering).
import type { PageRecord } from '../../records.ts';
import type { PoolData } from '../pools/index.ts';
import { channelMessages, channelSources, type ChannelSource, type StreamsInput } from './channels.ts';
import { badgesOf, hintsOf } from './event-stream-explain.ts';
import { bufferingOf, endOf, reconnectsOf } from './event-stream-health.ts';
import { socketHolds } from './event-stream-holds.ts';
import { channelStats } from './event-stream-stats.ts';
import type { ChannelKind, StreamChannel, StreamsData } from './types.ts';

export interface StreamsOptions {
  pages?: readonly PageRecord[];
  /** The pool analysis of the same records: for the sockets streams held. */
  pools?: PoolData;
  /** When the recording ended (ms, protocol clock): the end of channels still open. */
  endAt?: number;
}

export function analyseStreamsData(input: StreamsInput, options: StreamsOptions = {}): StreamsData {
  const sources = channelSources(input);
  const pages = options.pages ?? [];
  const reconnects = reconnectsOf(sources);
  const kinds = new Map<string, ChannelKind>();
  for (const s of sources) kinds.set(s.id, s.kind);
  const holds = options.pools !== undefined ? socketHolds(options.pools, input.requests, kinds) : [];
  const holding = new Set<string>();
  for (const h of holds) for (const x of h.holders) holding.add(x.id);
  const sessionEnd = options.endAt ?? latestTime(input);
  const channels: StreamChannel[] = [];
  for (const src of sources) channels.push(channelOf(src, pages, sessionEnd, reconnects, holding.has(src.id)));
  const byId = new Map(channels.map((c) => [c.id, c]));
  for (const c of channels) if (c.reconnect !== undefined) {
    const prev = byId.get(c.reconnect.previousId);
    if (prev !== undefined) prev.reconnectedBy = c.id;
  }
  const byKind = new Map<ChannelKind, { kind: ChannelKind; channels: number; messages: number }>();
  let messages = 0;
  let bytes = 0;
  for (const c of channels) {
    messages += c.stats.messages;
    bytes += c.stats.bytes;
    const k = byKind.get(c.kind) ?? { kind: c.kind, channels: 0, messages: 0 };
    k.channels++;
    k.messages += c.stats.messages;
    byKind.set(c.kind, k);
  }
  return { channels, holds, totals: { channels: channels.length, messages, bytes, byKind: [...byKind.values()] } };
}

function channelOf(src: ChannelSource, pages: readonly PageRecord[], sessionEnd: number, reconnects: ReadonlyMap<string, StreamChannel['reconnect']>, holdsSocket: boolean): StreamChannel {
  const r = src.request;
  const list = channelMessages(src);
  const end = endOf(src, pages);
  const startedAt = r?.issuedAt ?? src.ws?.createdAt ?? (list.length > 0 ? list.at(0) : 0);
  const responseAt = r?.responseAt ?? src.ws?.handshake?.responseAt;
  const endAt = end.endedAt ?? Math.max(sessionEnd, list.length > 0 ? list.at(list.length - 1) : startedAt);
  const ch: StreamChannel = {
    id: src.id,
    kind: src.kind,
    url: r?.url ?? src.ws?.url ?? src.sse?.url ?? src.body?.url ?? '',
    origin: r?.origin ?? '',
    index: r?.index ?? -1,
    state: end.end === 'open' ? 'open' : 'ended',
    end: end.end,
    startedAt,
    stats: channelStats(list, { sentAt: r?.startedAt ?? startedAt, responseAt, endAt }),
    retries: src.body?.retries.map((x) => x.ms) ?? [],
    comments: src.body?.comments ?? 0,
    invalid: src.body?.invalid ?? 0,
    buffering: src.ws === undefined ? bufferingOf(list, responseAt) : [],
    badges: [],
    hints: [],
  };
  if (r?.protocol !== undefined) ch.protocol = r.protocol;
  if (r?.connectionId !== undefined) ch.connectionId = r.connectionId;
  if (end.detail !== undefined) ch.endDetail = end.detail;
  if (end.note !== undefined) ch.endNote = end.note;
  if (responseAt !== undefined) ch.responseAt = responseAt;
  if (end.endedAt !== undefined) ch.endedAt = end.endedAt;
  if (src.body !== undefined) {
    ch.capture = src.body.capture;
    if (src.body.captureNote !== undefined) ch.captureNote = src.body.captureNote;
  } else ch.capture = 'events';
  const link = reconnects.get(src.id);
  if (link !== undefined) ch.reconnect = link;
  ch.badges = badgesOf(ch, holdsSocket);
  ch.hints = hintsOf(ch);
  return ch;
}

function latestTime(input: StreamsInput): number {
  let t = 0;
  for (const r of input.requests) t = Math.max(t, r.endedAt ?? r.responseAt ?? r.issuedAt);
  for (const s of input.eventSources) if (s.messages.length > 0) t = Math.max(t, s.messages[s.messages.length - 1]!.at);
  for (const b of input.bodyStreams) if (b.messages.length > 0) t = Math.max(t, b.messages[b.messages.length - 1]!.at);
  for (const w of input.webSockets) if (w.frames.length > 0) t = Math.max(t, w.frames[w.frames.length - 1]!.at);
  return t;
}
