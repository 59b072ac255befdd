// The analysis of one WebSocket channel (HPBN ch. 17): messages and bytes each way, rate over
// time, the largest messages, the size distribution, head-of-line hints, heartbeats (so a view can
// hide them), request/response pairs where the protocol carries ids, the handshake's subprotocol
// and extensions, and the close as far as Chromium lets anyone know it.
//
// Pure and plain data (structured-cloneable, JSON-able). Linear in the frames: one pass for the
// totals, buckets, sizes and the largest messages, one each for heartbeats, pairs and hints.
import type { WsChannel, WsFrame } from '../../records.ts';
import { closeKnowledge, notReported, readHandshake, type WsCloseKnowledge, type WsHandshake } from './websocket-handshake.ts';
import { findHeartbeats, type HeartbeatGroup } from './websocket-heartbeats.ts';
import { findHeadOfLine, type HolHint } from './websocket-hol.ts';
import { findPairs, pairStats, type PairStats, type WsPair } from './websocket-pairs.ts';

export type { WsCloseKnowledge, WsExtension, WsHandshake } from './websocket-handshake.ts';
export type { HeartbeatGroup, HeartbeatKind } from './websocket-heartbeats.ts';
export type { HolHint } from './websocket-hol.ts';
export type { PairProtocol, PairStats, WsPair } from './websocket-pairs.ts';

export interface WsDirectionTotals {
  messages: number;
  bytes: number;
  text: number;
  binary: number;
  /** Messages with another opcode (continuation or control; Chromium does not normally report them). */
  other: number;
}

export interface WsRate {
  /** Protocol ms of the first bucket's start. */
  startAt: number;
  bucketMs: number;
  sentMessages: number[];
  receivedMessages: number[];
  sentBytes: number[];
  receivedBytes: number[];
}

export interface WsLargest {
  index: number;
  direction: WsFrame['direction'];
  opcode: number;
  size: number;
  at: number;
}

export interface WsSizes {
  /** Upper bounds (inclusive) of every bucket but the last, which holds everything larger. */
  bounds: number[];
  sent: number[];
  received: number[];
}

export interface WsAnalysis {
  id: string;
  url: string;
  createdAt: number;
  /** When the handshake's response arrived, protocol ms. */
  openedAt?: number;
  frameCount: number;
  firstFrameAt?: number;
  lastFrameAt?: number;
  sent: WsDirectionTotals;
  received: WsDirectionTotals;
  handshake: WsHandshake;
  close: WsCloseKnowledge;
  errors: { at: number; message: string }[];
  rate: WsRate;
  largest: WsLargest[];
  sizes: WsSizes;
  headOfLine: HolHint[];
  /** Indexes into channel.frames of the heartbeat messages, ascending: what "hide heartbeats" hides. */
  heartbeatFrames: number[];
  heartbeats: HeartbeatGroup[];
  pairs: WsPair[];
  pairStats: PairStats[];
  /** What Chromium does not report about this channel, in sentences. */
  notReported: string[];
}

export const SIZE_BOUNDS = [16, 64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576];
const LARGEST = 10;
const MAX_BUCKETS = 120;
const NICE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

export function bucketWidth(spanMs: number, maxBuckets = MAX_BUCKETS): number {
  for (const w of NICE) if (spanMs / w < maxBuckets) return w;
  return Math.ceil(spanMs / maxBuckets / 3_600_000) * 3_600_000;
}

function sizeBucket(size: number): number {
  let b = 0;
  while (b < SIZE_BOUNDS.length && size > SIZE_BOUNDS[b]!) b++;
  return b;
}

/** The median from a size histogram: the upper bound of the bucket that holds it (an estimate). */
function medianOf(counts: number[], total: number): number {
  let seen = 0;
  for (let b = 0; b < counts.length; b++) {
    seen += counts[b]!;
    if (seen * 2 >= total) return SIZE_BOUNDS[b] ?? SIZE_BOUNDS[SIZE_BOUNDS.length - 1]! * 4;
  }
  return 0;
}

const totals = (): WsDirectionTotals => ({ messages: 0, bytes: 0, text: 0, binary: 0, other: 0 });

export function analyseWebSocket(channel: WsChannel): WsAnalysis {
  const frames = channel.frames;
  const sent = totals();
  const received = totals();
  const sizes: WsSizes = { bounds: SIZE_BOUNDS.slice(), sent: new Array(SIZE_BOUNDS.length + 1).fill(0), received: new Array(SIZE_BOUNDS.length + 1).fill(0) };
  const n = frames.length;
  const firstAt = n > 0 ? frames[0]!.at : undefined;
  let lastAt = firstAt;
  // Frames of one socket are time-ordered, but a replayed or imported log may not be: take the extremes.
  for (let i = 0; i < n; i++) {
    const at = frames[i]!.at;
    if (at > lastAt!) lastAt = at;
  }
  let startAt = firstAt ?? channel.createdAt;
  for (let i = 0; i < n; i++) if (frames[i]!.at < startAt) startAt = frames[i]!.at;
  const width = bucketWidth(Math.max(0, (lastAt ?? startAt) - startAt));
  const count = n === 0 ? 0 : Math.floor(((lastAt ?? startAt) - startAt) / width) + 1;
  const rate: WsRate = {
    startAt,
    bucketMs: width,
    sentMessages: new Array(count).fill(0),
    receivedMessages: new Array(count).fill(0),
    sentBytes: new Array(count).fill(0),
    receivedBytes: new Array(count).fill(0),
  };
  const largest: WsLargest[] = [];
  for (let i = 0; i < n; i++) {
    const f = frames[i]!;
    const t = f.direction === 'sent' ? sent : received;
    t.messages++;
    t.bytes += f.size;
    if (f.opcode === 1) t.text++;
    else if (f.opcode === 2) t.binary++;
    else t.other++;
    const b = Math.floor((f.at - startAt) / width);
    if (f.direction === 'sent') {
      rate.sentMessages[b]!++;
      rate.sentBytes[b]! += f.size;
      sizes.sent[sizeBucket(f.size)]!++;
    } else {
      rate.receivedMessages[b]!++;
      rate.receivedBytes[b]! += f.size;
      sizes.received[sizeBucket(f.size)]!++;
    }
    // The top ten by size, kept sorted (ties keep the earlier message first).
    if (largest.length < LARGEST || f.size > largest[largest.length - 1]!.size) {
      let k = largest.length < LARGEST ? largest.length : LARGEST - 1;
      while (k > 0 && largest[k - 1]!.size < f.size) k--;
      largest.splice(k, 0, { index: i, direction: f.direction, opcode: f.opcode, size: f.size, at: f.at });
      if (largest.length > LARGEST) largest.pop();
    }
  }
  const handshake = readHandshake(channel);
  const hs = channel.handshake;
  const toWall = hs?.requestWall !== undefined && hs.requestAt !== undefined ? hs.requestWall - hs.requestAt : undefined;
  const heartbeats = findHeartbeats(channel.url, frames);
  const pairs = findPairs(frames, handshake.subprotocol);
  return {
    id: channel.id,
    url: channel.url,
    createdAt: channel.createdAt,
    ...(hs?.responseAt !== undefined ? { openedAt: hs.responseAt } : {}),
    frameCount: n,
    ...(firstAt !== undefined ? { firstFrameAt: startAt, lastFrameAt: lastAt! } : {}),
    sent,
    received,
    handshake,
    close: closeKnowledge(channel, handshake),
    errors: channel.errors.map((e) => ({ at: e.at, message: e.message })),
    rate,
    largest,
    sizes,
    headOfLine: findHeadOfLine(frames, medianOf(sizes.received, received.messages), toWall),
    heartbeatFrames: heartbeats.frames,
    heartbeats: heartbeats.groups,
    pairs,
    pairStats: pairStats(pairs),
    notReported: notReported(handshake),
  };
}
