// Server-Sent Events and WebSocket endpoints. Both log every message sent and received.
import type { WebSocket } from 'ws';
import type { TruthLog, TruthRequest } from './truth-log.ts';
import type { Ctx } from './routes.ts';

/**
 * /sse?count=N&interval=ms — `retry: 200`, then N messages with ids continuing from the
 * request's Last-Event-ID, plus one named `tick` event, then the stream ends so that the browser
 * reconnects (sending Last-Event-ID). After 3 × N events it answers 204, which stops EventSource.
 */
export function serveSse(ctx: Ctx): void {
  const q = ctx.url.searchParams;
  const count = Number(q.get('count') ?? 3);
  const interval = Number(q.get('interval') ?? 30);
  const last = Number(ctx.req.headers['last-event-id'] ?? 0) || 0;
  if (last >= count * 3) {
    ctx.entry.status = 204;
    ctx.entry.respondedAt = Date.now();
    ctx.res.writeHead(204, { 'cache-control': 'no-store' });
    ctx.res.end();
    return;
  }
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  ctx.res.write('retry: 200\n\n');
  let sent = 0;
  const timer = setInterval(() => {
    if (sent === count) {
      clearInterval(timer);
      const data = `tick after ${last + sent}`;
      ctx.res.write(`event: tick\ndata: ${data}\n\n`);
      ctx.log.addMessage({ kind: 'sse', requestId: ctx.entry.id, direction: 'sent', data });
      ctx.res.end();
      return;
    }
    sent++;
    const id = String(last + sent);
    const data = `message ${id}`;
    ctx.res.write(`id: ${id}\ndata: ${data}\n\n`);
    ctx.log.addMessage({ kind: 'sse', requestId: ctx.entry.id, direction: 'sent', data, eventId: id });
  }, interval);
  ctx.res.on('close', () => clearInterval(timer));
}

/** WebSocket: greets with a text and a binary frame, echoes everything, closes 1000 on "close please". */
export function handleWebSocket(ws: WebSocket, entry: TruthRequest, log: TruthLog, _url: URL): void {
  const sendText = (data: string) => {
    ws.send(data);
    log.addMessage({ kind: 'ws', requestId: entry.id, direction: 'sent', opcode: 1, data });
  };
  const sendBinary = (data: Buffer) => {
    ws.send(data);
    log.addMessage({ kind: 'ws', requestId: entry.id, direction: 'sent', opcode: 2, data: data.toString('base64') });
  };
  sendText('welcome');
  sendBinary(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  ws.on('message', (data, isBinary) => {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    log.addMessage({ kind: 'ws', requestId: entry.id, direction: 'received', opcode: isBinary ? 2 : 1, data: isBinary ? buf.toString('base64') : buf.toString('utf8') });
    if (!isBinary && buf.toString('utf8') === 'close please') {
      ws.close(1000, 'bye');
      return;
    }
    if (isBinary) sendBinary(buf);
    else sendText(`echo: ${buf.toString('utf8')}`);
  });
}
