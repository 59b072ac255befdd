// The Streams view's window, built in the analysis worker: the channel list (small: one row per
// channel with its counts and badges), and for the selected channel its statistics and hints, the
// rate chart's series, the rows of the message list in view after its filter (text or regular
// expression, event type, size; direction and opcode for WebSocket; hidden message indexes from
// the heartbeat detection), and the selected message in full. The panel holds only what it shows:
// a million messages stay in the worker's records.
import { engineIoVersion, socketIoAttachments, type AttachmentLink } from '../../src/core/decode/index.ts';
import { channelMessages, type ChannelSource, type HealthBadge, type MessageList, type SocketHold, type StreamChannel, type StreamsData } from '../../src/core/analysis/streams/index.ts';
import { analyseWebSocket, type WsAnalysis } from '../../src/core/analysis/streams/websocket.ts';
import { websocketLines } from '../../src/core/report/websocket-section.ts';
import type { WsChannel } from '../../src/core/records.ts';

export interface StreamsFilter {
  text?: string;
  /** `text` is a regular expression. */
  regex?: boolean;
  /** SSE event type ("message" for the default), or for WebSocket "text" / "binary". */
  type?: string;
  minSize?: number;
  maxSize?: number;
  direction?: 'sent' | 'received';
  opcode?: number;
  /** Message indexes to leave out. */
  hidden?: readonly number[];
  /** For a WebSocket channel: leave out the heartbeats the analysis recognised (analyseWebSocket). */
  hideHeartbeats?: boolean;
}

export interface StreamsQuery {
  channelId?: string;
  /** Rows of the filtered list (first, last exclusive). */
  from: number;
  to: number;
  filter: StreamsFilter;
  /** The selected message (its index in the channel, not in the filtered list). */
  selected?: number;
  /** Bumped by the panel to ask again (a pending WebSocket analysis); not read here. */
  poll?: number;
}

export interface ChannelRow {
  id: string;
  kind: StreamChannel['kind'];
  url: string;
  index: number;
  state: StreamChannel['state'];
  end: StreamChannel['end'];
  messages: number;
  bytes: number;
  badges: HealthBadge[];
}

export interface MessageRow {
  /** Index in the channel. */
  index: number;
  /** ms from the channel's start. */
  t: number;
  size: number;
  type: string;
  eventId?: string;
  direction?: 'sent' | 'received';
  opcode?: number;
  late?: boolean;
  /** The start of the text, one line. */
  preview: string;
}

export interface FullMessage extends MessageRow {
  /** The whole text (a WebSocket binary payload as base64), cut at MAX_TEXT characters. */
  text: string;
  truncated: boolean;
  /** WebSocket: the Socket.IO binary packet it heads, or the packet it is an attachment of. */
  socketIo?: AttachmentLink;
  /** WebSocket: the Engine.IO version the channel's open packet shows (v3 frames binary packets with a type byte). */
  engineIo?: 3 | 4;
}

export interface StreamsWindow {
  sessionId: string;
  seq: number;
  channels: ChannelRow[];
  holds: SocketHold[];
  /** The selected channel (the first when none was asked for). */
  channel?: StreamChannel;
  /** Filtered count and the channel's total. */
  filtered: number;
  total: number;
  from: number;
  rows: MessageRow[];
  /** The filter's regular expression did not compile: the sentence. */
  filterError?: string;
  /** Event types of the channel, for the filter's menu. */
  types: string[];
  selected?: FullMessage;
  /** Index of the selected message in the filtered list (-1 when filtered out). */
  selectedRow: number;
  /** For a WebSocket channel: its analysis in sentences (issue 18), and how many heartbeats it found. */
  websocket?: { lines: string[]; heartbeats: number };
  /** The WebSocket analysis is being made in the background: ask again shortly. */
  websocketPending?: boolean;
  ms?: number;
}

const PREVIEW = 160;
const MAX_TEXT = 1_000_000;
/** Rows sent at most per answer. */
const MAX_ROWS = 400;

/** Keeps the filtered index list of one channel for one filter and fold position, so a scroll redoes nothing. */
export class StreamsFilterCache {
  private key = '';
  private indexes: Int32Array | undefined;
  private error: string | undefined;

  get(seq: number, channelId: string, list: MessageList, filter: StreamsFilter, heartbeats?: ReadonlySet<number>): { indexes: Int32Array | undefined; error?: string } {
    const key = `${seq}\n${channelId}\n${list.length}\n${JSON.stringify(filter)}`;
    if (key !== this.key) {
      this.key = key;
      const r = filterMessages(list, filter, heartbeats);
      this.indexes = r.indexes;
      this.error = r.error;
    }
    return this.error !== undefined ? { indexes: this.indexes, error: this.error } : { indexes: this.indexes };
  }
}

/** The indexes that pass the filter (undefined: every message, nothing filtered). Linear. */
export function filterMessages(list: MessageList, f: StreamsFilter, heartbeats?: ReadonlySet<number>): { indexes: Int32Array | undefined; error?: string } {
  let re: RegExp | undefined;
  let error: string | undefined;
  const text = f.text ?? '';
  if (text !== '' && f.regex) {
    try {
      re = new RegExp(text, 'i');
    } catch (e) {
      error = `Not a regular expression: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const needle = text !== '' && !f.regex ? text.toLowerCase() : '';
  const hidden = f.hidden !== undefined && f.hidden.length > 0 ? new Set(f.hidden) : undefined;
  const beats = f.hideHeartbeats && heartbeats !== undefined && heartbeats.size > 0 ? heartbeats : undefined;
  const any = needle !== '' || re !== undefined || f.type || f.minSize !== undefined || f.maxSize !== undefined || f.direction || f.opcode !== undefined || hidden || beats;
  if (!any) return error !== undefined ? { indexes: undefined, error } : { indexes: undefined };
  const out = new Int32Array(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    if (hidden?.has(i)) continue;
    if (beats?.has(i)) continue;
    if (f.type && list.type(i) !== f.type) continue;
    if (f.direction && list.direction(i) !== f.direction) continue;
    if (f.opcode !== undefined && list.opcode(i) !== f.opcode) continue;
    const size = list.size(i);
    if (f.minSize !== undefined && size < f.minSize) continue;
    if (f.maxSize !== undefined && size > f.maxSize) continue;
    if (needle !== '' && !list.text(i).toLowerCase().includes(needle)) continue;
    if (re !== undefined) {
      re.lastIndex = 0;
      if (!re.test(list.text(i))) continue;
    }
    out[n++] = i;
  }
  const indexes = out.subarray(0, n);
  return error !== undefined ? { indexes, error } : { indexes };
}

function row(list: MessageList, i: number, start: number): MessageRow {
  const text = list.text(i);
  const r: MessageRow = { index: i, t: list.at(i) - start, size: list.size(i), type: list.type(i), preview: oneLine(text.length > PREVIEW ? text.slice(0, PREVIEW) : text) };
  const id = list.eventId(i);
  if (id !== undefined) r.eventId = id;
  const d = list.direction(i);
  if (d !== undefined) r.direction = d;
  const op = list.opcode(i);
  if (op !== undefined) r.opcode = op;
  if (list.late(i)) r.late = true;
  return r;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

export function streamsWindow(sessionId: string, seq: number, data: StreamsData, sourceOf: (id: string) => ChannelSource | undefined, cache: StreamsFilterCache, query: StreamsQuery): StreamsWindow {
  const channels: ChannelRow[] = data.channels.map((c) => ({ id: c.id, kind: c.kind, url: c.url, index: c.index, state: c.state, end: c.end, messages: c.stats.messages, bytes: c.stats.bytes, badges: c.badges }));
  const channel = data.channels.find((c) => c.id === query.channelId) ?? data.channels[0];
  const out: StreamsWindow = { sessionId, seq, channels, holds: data.holds, filtered: 0, total: 0, from: query.from, rows: [], types: [], selectedRow: -1 };
  if (channel === undefined) return out;
  out.channel = channel;
  const src = sourceOf(channel.id);
  if (src === undefined) return out;
  const list = channelMessages(src);
  out.total = list.length;
  out.types = channel.stats.eventTypes.map((t) => t.name);
  // The WebSocket analysis of a big channel takes a while (about 1.3 s for a million frames): the
  // rows go first, and the analysis follows in the background unless the filter needs it now.
  const ws = src.ws !== undefined ? webSocketOf(src.ws, query.filter.hideHeartbeats === true) : undefined;
  if (ws !== undefined) out.websocket = { lines: ws.lines, heartbeats: ws.heartbeats.size };
  else if (src.ws !== undefined) out.websocketPending = true;
  const { indexes, error } = cache.get(seq, channel.id, list, query.filter, ws?.heartbeats);
  if (error !== undefined) out.filterError = error;
  const count = indexes === undefined ? list.length : indexes.length;
  out.filtered = count;
  const from = Math.max(0, Math.min(query.from, count));
  const to = Math.min(count, Math.max(from, query.to), from + MAX_ROWS);
  out.from = from;
  const start = channel.startedAt;
  for (let k = from; k < to; k++) out.rows.push(row(list, indexes === undefined ? k : indexes[k]!, start));
  const sel = query.selected;
  if (sel !== undefined && sel >= 0 && sel < list.length) {
    const text = list.text(sel);
    out.selected = { ...row(list, sel, start), text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text, truncated: text.length > MAX_TEXT };
    if (list.opcode(sel) !== undefined) {
      const link = socketIoAttachments(list, sel);
      if (link) out.selected.socketIo = link;
      const eio = engineIoVersion(list);
      if (eio !== undefined) out.selected.engineIo = eio;
    }
    out.selectedRow = indexes === undefined ? sel : binarySearch(indexes, sel);
  }
  return out;
}

/** A WebSocket channel's analysis, made again only when frames were added (a live channel). */
const webSockets = new WeakMap<WsChannel, { frames: number; lines: string[]; heartbeats: ReadonlySet<number> }>();
const scheduled = new WeakSet<WsChannel>();
/** The channel's analysis when it is current; else undefined, with one made in the background (or now, when `now`). */
function webSocketOf(ws: WsChannel, now: boolean): { lines: string[]; heartbeats: ReadonlySet<number> } | undefined {
  const had = webSockets.get(ws);
  if (had !== undefined && had.frames === ws.frames.length) return had;
  const make = () => {
    const a: WsAnalysis = analyseWebSocket(ws);
    const made = { frames: ws.frames.length, lines: websocketLines(a), heartbeats: new Set(a.heartbeatFrames) };
    webSockets.set(ws, made);
    return made;
  };
  if (now || ws.frames.length < SYNC_FRAMES) return make();
  if (!scheduled.has(ws)) {
    scheduled.add(ws);
    setTimeout(() => {
      scheduled.delete(ws);
      make();
    }, 0);
  }
  return undefined;
}
/** Up to this many frames the WebSocket analysis is made with the rows (a few ms). */
const SYNC_FRAMES = 20_000;

function binarySearch(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
