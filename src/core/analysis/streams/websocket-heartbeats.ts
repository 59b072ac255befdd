// Heartbeats: messages that only keep a channel alive, recognised so a view can hide them.
//   - Engine.IO (Socket.IO's transport): the text packets "2" (ping) and "3" (pong), on a channel
//     that is Engine.IO's (an `EIO=` query, a /socket.io/ path, or an open packet `0{"sid":…}`).
//   - JSON pings: {"type":"ping"|"pong"|"ka"} (graphql-transport-ws, graphql-ws keep-alive, many
//     home-made protocols), {"op":"ping"|…}, {"event":"ping"|…}, and the bare texts "ping"/"pong".
//   - Anything else: one small text repeated as is (≤ 64 bytes, the same direction) at least 3
//     times at a regular interval of 500 ms or more (among the first 4,096 distinct small texts).
// One pass over the frames; the generic rule keeps one entry per distinct small text.
import type { WsFrame } from '../../records.ts';

export type HeartbeatKind = 'engine.io' | 'json' | 'text' | 'repeated';

export interface HeartbeatGroup {
  kind: HeartbeatKind;
  direction: WsFrame['direction'];
  /** The payload (a heartbeat is small text). */
  payload: string;
  count: number;
  /** Median time between two of them, ms (undefined with fewer than two). */
  medianIntervalMs?: number;
}

export interface Heartbeats {
  /** Indexes into channel.frames, ascending. */
  frames: number[];
  groups: HeartbeatGroup[];
}

const SMALL = 64;
const GENERIC_MIN_COUNT = 3;
const GENERIC_MIN_INTERVAL = 500;
const MAX_CANDIDATES = 4096;
const JSON_PING = /^\{\s*"(?:type|op|event|t)"\s*:\s*"(ping|pong|ka|heartbeat|keepalive|keep-alive)"\s*(?:,[^{}]*)?\}$/i;
const TEXT_PING = /^(?:ping|pong|heartbeat|keepalive)$/i;

/** Whether the channel speaks Engine.IO: its URL or its first received message says so. */
export function isEngineIo(url: string, frames: readonly WsFrame[]): boolean {
  if (/[?&]EIO=\d/.test(url) || /\/socket\.io\//.test(url) || /\/engine\.io\//.test(url)) return true;
  for (let i = 0; i < frames.length && i < 8; i++) {
    const f = frames[i]!;
    if (f.direction === 'received' && f.opcode === 1) return f.payload.startsWith('0{') && f.payload.includes('"sid"');
  }
  return false;
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function intervals(ats: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < ats.length; i++) out.push(ats[i]! - ats[i - 1]!);
  return out;
}

/** Regular: the median interval is ≥ 500 ms and 80% of intervals are within ±50% of it. */
function regular(ats: number[]): number | undefined {
  const gaps = intervals(ats);
  const m = median(gaps);
  if (m === undefined || m < GENERIC_MIN_INTERVAL) return undefined;
  let near = 0;
  for (const g of gaps) if (g >= m * 0.5 && g <= m * 1.5) near++;
  return near >= gaps.length * 0.8 ? m : undefined;
}

const DIGITS = /\d+/g;

interface Bucket {
  kind: HeartbeatKind;
  direction: WsFrame['direction'];
  payload: string;
  idx: number[];
  ats: number[];
}

export function findHeartbeats(url: string, frames: readonly WsFrame[]): Heartbeats {
  const engine = isEngineIo(url, frames);
  const known = new Map<string, Bucket>();
  // Keyed by the payload itself, one map per direction: no key string is built per frame (V8
  // keeps a string's hash with it, so a look-up costs no allocation).
  const candidates = { sent: new Map<string, Bucket>(), received: new Map<string, Bucket>() };
  let distinct = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.opcode !== 1 || f.size > SMALL) continue;
    const p = f.payload;
    let kind: HeartbeatKind | undefined;
    const c = p.charCodeAt(0);
    if (engine && p.length === 1 && (c === 50 || c === 51)) kind = 'engine.io';
    else if (c === 123 /* { */ && JSON_PING.test(p)) kind = 'json';
    else if (p.length <= 9 && p.length >= 4 && TEXT_PING.test(p)) kind = 'text';
    if (kind !== undefined) {
      // A JSON ping that carries a counter or a time stamp ({"op":"ping","n":41}) is one heartbeat,
      // not one per number: its numbers are left out of the key (the group keeps the first payload).
      const key = `${f.direction}\u0000${kind === 'json' ? p.replace(DIGITS, '#') : p}`;
      let b = known.get(key);
      if (!b) known.set(key, (b = { kind, direction: f.direction, payload: p, idx: [], ats: [] }));
      b.idx.push(i);
      b.ats.push(f.at);
      continue;
    }
    const into = candidates[f.direction];
    let b = into.get(p);
    if (!b) {
      // A channel of a million distinct small texts must not build a million buckets: a heartbeat
      // repeats from the start, so the first few thousand distinct texts are enough to find it.
      if (distinct >= MAX_CANDIDATES) continue;
      distinct++;
      into.set(p, (b = { kind: 'repeated', direction: f.direction, payload: p, idx: [], ats: [] }));
    }
    b.idx.push(i);
    b.ats.push(f.at);
  }
  const groups: HeartbeatGroup[] = [];
  const marked: number[][] = [];
  const add = (b: Bucket, medianIntervalMs: number | undefined) => {
    groups.push({ kind: b.kind, direction: b.direction, payload: b.payload, count: b.idx.length, ...(medianIntervalMs !== undefined ? { medianIntervalMs } : {}) });
    marked.push(b.idx);
  };
  for (const b of known.values()) {
    const m = median(intervals(b.ats));
    add(b, m !== undefined && m >= 0 ? m : undefined);
  }
  for (const b of [...candidates.sent.values(), ...candidates.received.values()]) {
    if (b.idx.length < GENERIC_MIN_COUNT) continue;
    const m = regular(b.ats);
    if (m !== undefined) add(b, m);
  }
  // Merge the groups' ascending index lists (few groups: a flat sort of the marked frames is fine).
  const frameList = marked.length === 1 ? marked[0]!.slice() : marked.flat().sort((a, b) => a - b);
  return { frames: frameList, groups };
}
