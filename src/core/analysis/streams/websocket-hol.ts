// Head-of-line hints: a WebSocket is one TCP stream, so a large message holds back everything the
// server sent after it until its last byte is through. What the browser shows of that: a large
// received message, then several small ones arriving together right behind it. When the small
// ones carry the sender's clock (a "sentAt", "ts", "timestamp" or "time" field in epoch ms), the
// hint also says how long they waited by that clock, and how many were sent before the large
// message had arrived. This is a hint with its evidence, not a proof: the protocol shows arrival
// times only.
import type { WsFrame } from '../../records.ts';

export interface HolHint {
  /** Index into channel.frames of the large message. */
  large: number;
  size: number;
  at: number;
  /** The received message before it arrived this long before it, ms (undefined for the first). */
  quietBeforeMs?: number;
  /** Indexes of the small messages that arrived in one run right behind it. */
  followers: number[];
  /** From the large message's arrival to the first follower's, ms. */
  firstAfterMs: number;
  /** From the large message's arrival to the last follower's, ms. */
  spanMs: number;
  /** The followers' largest size. */
  followerMaxSize: number;
  /** When the followers carry the sender's clock: the longest wait, sent → arrived, by that clock. */
  longestWaitMs?: number;
  /** …and how many of them were sent before the large message finished arriving. */
  sentBeforeLargeArrived?: number;
}

/** A message at least this large, and 8× the median received size, may hold others back. */
export const HOL_LARGE = 64 * 1024;
/**
 * Followers arrive within this of each other (Chromium 156 on a loaded machine: runs of messages
 * queued together arrive 0.01–0.2 ms apart, with an occasional 10 ms stall among them).
 */
const BURST_GAP = 20;
/**
 * The first follower may come much later than that: the renderer hands a large message to the
 * protocol (and stamps the ones behind it) only after it has it whole, inflated and encoded, which
 * takes time by its size. Seen on Chromium 156 on a loaded machine: 63 ms to 500 ms between a 3 MiB
 * message and the run behind it. So: up to 1 s, or 1 ms per kB of the large message.
 */
const firstGap = (size: number) => Math.max(1000, size / 1024);
const MIN_FOLLOWERS = 3;
const STAMP = /"(?:sentAt|sent_at|ts|timestamp|time)"\s*:\s*(\d{12,14}(?:\.\d+)?)/;

function stamp(f: WsFrame): number | undefined {
  if (f.opcode !== 1 || f.size > 4096) return undefined;
  const m = STAMP.exec(f.payload);
  return m ? Number(m[1]) : undefined;
}

/**
 * `medianSize` is the median received size (an estimate is fine); `toWall` turns a protocol time
 * into the wall clock (ms), when the recording knows the offset.
 */
export function findHeadOfLine(frames: readonly WsFrame[], medianSize: number, toWall: number | undefined): HolHint[] {
  const threshold = Math.max(HOL_LARGE, medianSize * 8);
  const hints: HolHint[] = [];
  let prevAt: number | undefined;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.direction !== 'received') continue;
    const quiet = prevAt === undefined ? undefined : f.at - prevAt;
    prevAt = f.at;
    if (f.size < threshold) continue;
    const followers: number[] = [];
    let last = f.at;
    let maxSize = 0;
    let j = i + 1;
    for (; j < frames.length; j++) {
      const g = frames[j]!;
      if (g.direction !== 'received') continue;
      // Out of time order (a damaged log): the run ends.
      if (g.at < last) break;
      if (g.at - last > (followers.length === 0 ? firstGap(f.size) : BURST_GAP) || g.size * 8 > f.size) break;
      followers.push(j);
      last = g.at;
      if (g.size > maxSize) maxSize = g.size;
    }
    if (followers.length < MIN_FOLLOWERS) continue;
    // The run must be much denser than the traffic before the large message: a steady stream (a
    // game's 60 updates a second) that simply goes on after a large message is not held back.
    const meanGap = (last - frames[followers[0]!]!.at) / (followers.length - 1);
    if (quiet !== undefined && quiet >= 0 && meanGap * 4 > quiet) continue;
    const hint: HolHint = { large: i, size: f.size, at: f.at, ...(quiet !== undefined && quiet >= 0 ? { quietBeforeMs: quiet } : {}), followers, firstAfterMs: frames[followers[0]!]!.at - f.at, spanMs: last - f.at, followerMaxSize: maxSize };
    if (toWall !== undefined) {
      let longest: number | undefined;
      let before = 0;
      let stamped = 0;
      const largeWall = f.at + toWall;
      for (const k of followers) {
        const s = stamp(frames[k]!);
        if (s === undefined) continue;
        stamped++;
        const wait = frames[k]!.at + toWall - s;
        if (longest === undefined || wait > longest) longest = wait;
        if (s < largeWall) before++;
      }
      // A negative wait means the two clocks disagree: then the sender's stamps prove nothing.
      if (stamped > 0 && longest !== undefined && longest >= 0) {
        hint.longestWaitMs = longest;
        hint.sentBeforeLargeArrived = before;
      }
    }
    hints.push(hint);
    // Carry on after the followers: each frame is looked at by at most one large message.
    i = followers[followers.length - 1]!;
    prevAt = frames[i]!.at;
  }
  return hints;
}
