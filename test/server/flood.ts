// /ws-flood: a WebSocket that sends text frames as fast as the socket takes them (or one every
// `interval` ms), and counts them in the truth log (one counter, not a message per frame, so a
// flood of a million frames costs the server nothing but the sending).
//   frames=N    how many (0: until the page closes the socket)
//   size=B      payload bytes per frame (at least the frame's number and run id)
//   interval=ms 0 (default): back to back, in bursts, pausing while more than 1 MB is unsent
import type { WebSocket } from 'ws';
import type { TruthLog, TruthRequest } from './truth-log.ts';

const BURST = 500;
const HIGH_WATER = 1 << 20;

export function handleFlood(ws: WebSocket, entry: TruthRequest, log: TruthLog, url: URL): void {
  const q = url.searchParams;
  const frames = Math.max(0, Number(q.get('frames') ?? 1000) || 0);
  const size = Math.max(0, Number(q.get('size') ?? 64) || 0);
  const interval = Math.max(0, Number(q.get('interval') ?? 0) || 0);
  const run = q.get('run') ?? 'none';
  const flood = log.startFlood(entry.id, run, frames);
  let stopped = false;
  ws.on('close', () => (stopped = true));
  const frame = (i: number) => {
    const head = `${i} ${run} `;
    return head.length >= size ? head : head + 'x'.repeat(size - head.length);
  };
  const sendOne = () => {
    ws.send(frame(flood.sent + 1));
    log.floodSent(flood);
  };
  const more = () => frames === 0 || flood.sent < frames;
  if (interval > 0) {
    const timer = setInterval(() => {
      if (stopped || !more()) {
        clearInterval(timer);
        if (!stopped) log.floodDone(flood);
        return;
      }
      sendOne();
    }, interval);
    return;
  }
  const burst = () => {
    if (stopped) return;
    if (ws.bufferedAmount > HIGH_WATER) {
      setTimeout(burst, 1);
      return;
    }
    for (let k = 0; k < BURST && more(); k++) sendOne();
    if (more()) setImmediate(burst);
    else log.floodDone(flood);
  };
  burst();
}
