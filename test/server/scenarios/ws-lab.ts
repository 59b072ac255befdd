// The WebSocket lab (issue 18): a channel whose server logs every message it sent and received
// (direction, opcode, bytes, order, time, and whether it was a heartbeat) and how the channel
// closed (code, reason, which side), so the end-to-end test can hold Netlens's frames against it.
//
// /ws-lab-page?run=R&big=BYTES&pings=N&interval=MS opens ws://a.test/ws-lab?EIO=4&transport=websocket&…
// (an Engine.IO-style URL). What happens, in order:
//   server → '0{"sid":…,"pingInterval":…}' (an Engine.IO open packet), a MessagePack binary frame,
//            then "2" (an Engine.IO ping) every `interval` ms, `pings` times; the page answers "3";
//   page   → a text, a 32-byte binary, a JSON-RPC request (id 7), a large binary message (`big`
//            bytes, default 3 MiB, pseudo-random so permessage-deflate cannot shrink it);
//   server → a JSON-RPC response to id 7; on the page's large message, a large binary message of
//            its own immediately followed by a burst of 20 small JSON messages (queued behind it on
//            the one TCP stream);
//   server closes with 4001 "lab done" once every ping was answered and everything was sent.
// The page writes the close code it saw into window.wsLab.closeCode and sets the title "lab done".
// ?bad=utf8: the server sends one text, then a text frame that is not UTF-8; the page only listens.
import { WebSocketServer, type WebSocket } from 'ws';
import type { TruthLog, TruthRequest } from '../truth-log.ts';
import type { Ctx } from '../routes.ts';
import { layout, num, run } from '../html.ts';

export interface WsLabFrame {
  direction: 'sent' | 'received';
  opcode: 1 | 2;
  /** Payload bytes (UTF-8 for text). */
  bytes: number;
  /** Text as is; binary as base64. */
  data: string;
  /** The server's own clock, ms since the epoch. */
  at: number;
  /** An Engine.IO ping ("2") the server sent, or a pong ("3") it received. */
  heartbeat: boolean;
  /** A frame the server wrote on purpose broken (?bad=utf8): not valid UTF-8. */
  invalid?: boolean;
}

export interface WsLabLog {
  run: string;
  requestId: number;
  frames: WsLabFrame[];
  close?: { code: number; reason: string; side: 'server' | 'client'; at: number };
  /** The Sec-WebSocket-Extensions the server answered (permessage-deflate). */
  extensions?: string;
  /** The subprotocol the server chose ('' for none). */
  protocol?: string;
}

const labs = new WeakMap<TruthLog, Map<string, WsLabLog>>();

/** The lab log of one run (undefined until the page's WebSocket reached the server). */
export function wsLabLog(log: TruthLog, runId: string): WsLabLog | undefined {
  return labs.get(log)?.get(runId);
}

/** The lab's own WebSocket server (one per fixture server): permessage-deflate on, which the main one has off. */
export function newWsLabServer(): WebSocketServer {
  // The page offers two subprotocols; the server picks the second when offered, so a test can tell
  // the chosen one from the first offered.
  return new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 256 }, handleProtocols: (offered) => (offered.has('lab.v2') ? 'lab.v2' : false) });
}

/** Deterministic pseudo-random bytes (xorshift), so the large messages do not compress. */
export function labBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** MessagePack of {hello: "msgpack", n: 1}, written by hand so the server needs no encoder. */
export const LAB_MSGPACK = Buffer.from([0x82, 0xa5, ...Buffer.from('hello'), 0xa7, ...Buffer.from('msgpack'), 0xa1, 0x6e, 0x01]);

/**
 * ?bad=utf8: one good text message, then a text frame whose payload is not UTF-8 (0xff 0xfe),
 * written straight to the socket (ws would not send it). RFC 6455 §8.1 makes the browser fail the
 * connection; Chromium reports a frame error. The server logs the bad frame as sent, marked.
 */
function badUtf8(ws: WebSocket, lab: WsLabLog): void {
  ws.send('before the bad frame');
  lab.frames.push({ direction: 'sent', opcode: 1, bytes: 20, data: 'before the bad frame', at: Date.now(), heartbeat: false });
  setTimeout(() => {
    const socket = (ws as unknown as { _socket: { write(b: Buffer): void } })._socket;
    socket.write(Buffer.from([0x81, 0x02, 0xff, 0xfe]));
    lab.frames.push({ direction: 'sent', opcode: 1, bytes: 2, data: '', at: Date.now(), heartbeat: false, invalid: true });
  }, 50);
  ws.on('close', (code, reason) => {
    lab.close ??= { code, reason: reason.toString('utf8'), side: 'client', at: Date.now() };
  });
}

export function handleWsLab(ws: WebSocket, entry: TruthRequest, log: TruthLog, url: URL): void {
  const q = url.searchParams;
  const runId = q.get('run') ?? 'none';
  const pings = Math.max(1, Number(q.get('pings') ?? 4) || 4);
  const interval = Math.max(10, Number(q.get('interval') ?? 200) || 200);
  const big = Math.max(1024, Number(q.get('big') ?? 3 * 1024 * 1024) || 0);
  const lab: WsLabLog = { run: runId, requestId: entry.id, frames: [], extensions: ws.extensions, protocol: ws.protocol };
  let byRun = labs.get(log);
  if (!byRun) labs.set(log, (byRun = new Map()));
  byRun.set(runId, lab);
  if (q.get('bad') === 'utf8') {
    badUtf8(ws, lab);
    return;
  }
  const record = (direction: WsLabFrame['direction'], opcode: 1 | 2, buf: Buffer, heartbeat: boolean) => {
    const data = opcode === 1 ? buf.toString('utf8') : buf.toString('base64');
    lab.frames.push({ direction, opcode, bytes: buf.length, data, at: Date.now(), heartbeat });
    log.addMessage({ kind: 'ws', requestId: entry.id, direction, opcode, data });
  };
  const sendText = (text: string, heartbeat = false) => {
    ws.send(text);
    record('sent', 1, Buffer.from(text, 'utf8'), heartbeat);
  };
  const sendBinary = (buf: Buffer) => {
    ws.send(buf, { binary: true });
    record('sent', 2, buf, false);
  };

  let pingsSent = 0;
  let pongs = 0;
  let bigDone = false;
  let rpcDone = false;
  let closing = false;
  const maybeClose = () => {
    if (closing || pongs < pings || !bigDone || !rpcDone) return;
    closing = true;
    lab.close = { code: 4001, reason: 'lab done', side: 'server', at: Date.now() };
    ws.close(4001, 'lab done');
  };
  ws.on('close', (code, reason) => {
    lab.close ??= { code, reason: reason.toString('utf8'), side: 'client', at: Date.now() };
  });

  sendText(`0${JSON.stringify({ sid: runId, upgrades: [], pingInterval: interval, pingTimeout: 5000, maxPayload: 10_000_000 })}`);
  sendBinary(LAB_MSGPACK);
  const timer = setInterval(() => {
    if (pingsSent >= pings || ws.readyState !== ws.OPEN) {
      clearInterval(timer);
      return;
    }
    pingsSent++;
    sendText('2', true);
  }, interval);
  ws.on('close', () => clearInterval(timer));

  ws.on('message', (raw, isBinary) => {
    const buf = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    const text = isBinary ? '' : buf.toString('utf8');
    record('received', isBinary ? 2 : 1, buf, !isBinary && text === '3');
    if (!isBinary && text === '3') {
      pongs++;
      maybeClose();
      return;
    }
    if (!isBinary && text.startsWith('{')) {
      const msg = JSON.parse(text) as { id?: number; method?: string; params?: number[] };
      if (msg.method === 'lab.sum') {
        sendText(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: (msg.params ?? []).reduce((a, b) => a + b, 0) }));
        rpcDone = true;
        maybeClose();
      }
      return;
    }
    if (isBinary && buf.length >= big) {
      // The large message, then small ones straight behind it: they wait on the socket until it is through.
      sendBinary(labBytes(big, 0x5eed));
      for (let i = 1; i <= 20; i++) sendText(JSON.stringify({ burst: i, sentAt: Date.now() }));
      bigDone = true;
      maybeClose();
    }
  });
}

/** The lab page: see the header comment. */
export function wsLabPage(ctx: Ctx): string {
  const r = run(ctx);
  const big = num(ctx, 'big', 3 * 1024 * 1024);
  const pings = num(ctx, 'pings', 4);
  const interval = num(ctx, 'interval', 200);
  const bad = ctx.url.searchParams.get('bad') === 'utf8' ? '&bad=utf8' : '';
  const ws = ctx.urls.ws('a.test', `/ws-lab?EIO=4&transport=websocket&run=${encodeURIComponent(r)}&big=${big}&pings=${pings}&interval=${interval}${bad}`);
  return layout('WebSocket lab', `<pre id="out"></pre><script>
window.wsLab = { received: 0, closeCode: undefined, closeReason: undefined };
const out = document.getElementById('out');
const bytes = (n, seed) => { const b = new Uint8Array(n); let x = seed | 0 || 1; for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x & 255; } return b; };
const ws = new WebSocket(${JSON.stringify(ws)}, ${bad ? '[]' : `['lab.v1', 'lab.v2']`});
ws.binaryType = 'arraybuffer';
ws.onopen = () => {
  if (${JSON.stringify(bad !== '')}) return;
  ws.send('hello from the page');
  ws.send(bytes(32, 7));
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'lab.sum', params: [2, 3] }));
  ws.send(bytes(${big}, 0x1abe1));
};
ws.onmessage = (e) => { window.wsLab.received++; if (e.data === '2') ws.send('3'); };
ws.onclose = (e) => { window.wsLab.closeCode = e.code; window.wsLab.closeReason = e.reason; out.textContent = 'closed ' + e.code; document.title = 'lab done'; };
</script>`);
}
