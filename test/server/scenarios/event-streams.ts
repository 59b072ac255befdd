// The event-streams lab (issue 17): every stream logs what it sent, field by field, in the
// TruthLog (kind 'sse' or 'ndjson'; `retry` and `comment` entries are fields, not messages).
//
// /event-streams?run=R (on a.test) runs, one after the other:
//   1. an EventSource on /es-lab: comments, retry, ids, multi-line data, a named event, CRLF
//      line ends; then the server drops the connection, the browser reconnects with
//      Last-Event-ID and the stream goes on; a `done` event makes the page close it;
//   2. a text/event-stream read with fetch, as AI APIs stream tokens (lines and a UTF-8
//      character split between writes), ending with `data: [DONE]`;
//   3. an NDJSON stream read with fetch (lines split between writes);
//   4. a stream the server holds back and releases at once (each message says when it was made);
// then says "streams done". /stream-hold-page?run=R (on hold.test) opens six EventSources to its
// own HTTP/1.1 origin, which keep their sockets for 1.2 s, and then fetches a resource from the
// same origin, which must wait for a socket; it says "hold done" when the fetch is answered.
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { layout, num, run } from '../html.ts';
import type { Ctx } from '../routes.ts';

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-store' } as const;

function sse(ctx: Ctx, m: { data?: string; eventId?: string; eventName?: string; retry?: number; comment?: string }): void {
  ctx.log.addMessage({ kind: 'sse', requestId: ctx.entry.id, direction: 'sent', data: m.data ?? '', ...(m.eventId !== undefined ? { eventId: m.eventId } : {}),
    ...(m.eventName !== undefined ? { eventName: m.eventName } : {}), ...(m.retry !== undefined ? { retry: m.retry } : {}), ...(m.comment !== undefined ? { comment: m.comment } : {}) });
}

/** The EventSource of step 1. First connection: fields of every kind, then a drop; second: two more and `done`. */
function esLab(ctx: Ctx): void {
  const last = ctx.req.headers['last-event-id'];
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, SSE_HEADERS);
  if (last === undefined) {
    const parts: [string, () => void][] = [
      [': hello, this is a comment\n\n', () => sse(ctx, { comment: ' hello, this is a comment' })],
      ['retry: 300\n\n', () => sse(ctx, { retry: 300 })],
      ['id: 1\ndata: line one\ndata: line two\n\n', () => sse(ctx, { eventId: '1', data: 'line one\nline two' })],
      ['event: update\nid: 2\ndata: {"n":2,"text":"caf\u00e9"}\n\n', () => sse(ctx, { eventId: '2', eventName: 'update', data: '{"n":2,"text":"caf\u00e9"}' })],
      [': keep-alive\n', () => sse(ctx, { comment: ' keep-alive' })],
      ['id: 3\r\ndata: crlf message\r\n\r\n', () => sse(ctx, { eventId: '3', data: 'crlf message' })],
    ];
    let i = 0;
    const next = () => {
      if (i === parts.length) {
        // The server drops the connection (no end of the chunked body): the browser reconnects.
        setTimeout(() => ctx.req.socket.destroy(), 30);
        return;
      }
      const [text, log] = parts[i++]!;
      ctx.res.write(text);
      log();
      setTimeout(next, 25);
    };
    next();
    return;
  }
  const parts: [string, () => void][] = [
    ['id: 4\ndata: after the reconnect\n\n', () => sse(ctx, { eventId: '4', data: 'after the reconnect' })],
    ['id: 5\ndata: last one\n\n', () => sse(ctx, { eventId: '5', data: 'last one' })],
    ['event: done\ndata: bye\n\n', () => sse(ctx, { eventName: 'done', data: 'bye' })],
  ];
  let i = 0;
  const next = () => {
    if (i === parts.length) return void setTimeout(() => ctx.res.end(), 200);
    const [text, log] = parts[i++]!;
    ctx.res.write(text);
    log();
    setTimeout(next, 25);
  };
  next();
}

/** Writes `writes` one by one, `ms` apart, each logging what it completed as it goes out; then ends. */
function writeLogged(ctx: Ctx, writes: { bytes: Buffer; log?: () => void }[], ms: number): void {
  let i = 0;
  let closed = false;
  ctx.res.on('close', () => {
    closed = true;
  });
  const next = () => {
    if (closed) return;
    if (i === writes.length) return void ctx.res.end();
    const w = writes[i++]!;
    ctx.res.write(w.bytes);
    w.log?.();
    setTimeout(next, ms);
  };
  next();
}

/** Step 2: tokens as `data: {"token": …}` events, some lines split between two writes. */
function aiStream(ctx: Ctx): void {
  const n = num(ctx, 'tokens', 20);
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, SSE_HEADERS);
  const writes: { bytes: Buffer; log?: () => void }[] = [];
  for (let i = 0; i < n; i++) {
    const token = i === 7 ? ' na\u00efve' : ` word${i}`;
    const data = JSON.stringify({ id: `tok-${i}`, token });
    const log = () => sse(ctx, { data });
    const bytes = Buffer.from(`data: ${data}\n\n`, 'utf8');
    if (i % 3 === 1) {
      // Split inside the line (for token 7, inside the two bytes of "ï").
      const cut = i === 7 ? bytes.indexOf(0xc3) + 1 : Math.floor(bytes.length / 2);
      writes.push({ bytes: bytes.subarray(0, cut) }, { bytes: bytes.subarray(cut), log });
    } else writes.push({ bytes, log });
  }
  writes.push({ bytes: Buffer.from('data: [DONE]\n\n'), log: () => sse(ctx, { data: '[DONE]' }) });
  writeLogged(ctx, writes, 12);
}

/** Step 3: NDJSON, one JSON text per line, every other line split between writes. */
function ndjson(ctx: Ctx): void {
  const n = num(ctx, 'n', 10);
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  const writes: { bytes: Buffer; log?: () => void }[] = [];
  for (let i = 0; i < n; i++) {
    const data = JSON.stringify({ i, status: i === n - 1 ? 'complete' : 'progress', pct: Math.round((i / (n - 1)) * 100) });
    const log = () => ctx.log.addMessage({ kind: 'ndjson', requestId: ctx.entry.id, direction: 'sent', data });
    const line = Buffer.from(`${data}\n`, 'utf8');
    if (i % 2 === 1) writes.push({ bytes: line.subarray(0, 5) }, { bytes: line.subarray(5), log });
    else writes.push({ bytes: line, log });
  }
  writeLogged(ctx, writes, 12);
}

/**
 * Step 3b: a JSON text sequence (RFC 7464): each record is RS (0x1E), a JSON text, LF; one record
 * split between writes inside its text, one with a JSON string holding a LF of its own (escaped,
 * as JSON must), so only RS separates records.
 */
function jsonSeq(ctx: Ctx): void {
  const n = num(ctx, 'n', 6);
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, { 'content-type': 'application/json-seq', 'cache-control': 'no-store' });
  const writes: { bytes: Buffer; log?: () => void }[] = [];
  for (let i = 0; i < n; i++) {
    const data = JSON.stringify({ seq: i, note: i === 2 ? 'two\nlines' : `record ${i}` });
    const log = () => ctx.log.addMessage({ kind: 'json-seq', requestId: ctx.entry.id, direction: 'sent', data });
    const record = Buffer.from(`\x1e${data}\n`, 'utf8');
    if (i === 3) writes.push({ bytes: record.subarray(0, 7) }, { bytes: record.subarray(7), log });
    else writes.push({ bytes: record, log });
  }
  writeLogged(ctx, writes, 12);
}

/**
 * Step 3c: a token stream compressed with gzip, as a CDN or a framework's compression middleware
 * sends it: each message flushed (Z_SYNC_FLUSH) so it leaves at once; the first three written with
 * the headers (they arrive before streaming is on: the buffered part), the rest every 12 ms.
 * Messages of different lengths, so compressed and decoded byte counts differ from message to
 * message.
 */
function gzipStream(ctx: Ctx): void {
  const n = num(ctx, 'n', 12);
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, { ...SSE_HEADERS, 'content-encoding': 'gzip' });
  const gz = createGzip();
  // Each compressed chunk goes out as it is made (the Res interface is write/end, not a stream).
  gz.on('data', (chunk: Buffer) => ctx.res.write(chunk));
  gz.on('end', () => ctx.res.end());
  let i = 0;
  let closed = false;
  ctx.res.on('close', () => {
    closed = true;
  });
  const one = () => {
    const data = JSON.stringify({ i, text: `compressed token ${i} `.repeat(1 + (i % 4)) });
    gz.write(`data: ${data}\n\n`);
    gz.flush(zlibConstants.Z_SYNC_FLUSH);
    sse(ctx, { data });
    i++;
  };
  while (i < Math.min(3, n)) one();
  const next = () => {
    if (closed) return;
    if (i >= n) return void gz.end();
    one();
    setTimeout(next, 12);
  };
  setTimeout(next, 12);
}

/** Step 4: messages made every 50 ms, each saying when, but held back and written at once. */
function heldStream(ctx: Ctx): void {
  const n = num(ctx, 'n', 8);
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, SSE_HEADERS);
  // Headers now, so the browser sees the response (and streaming is on) before the held bytes.
  (ctx.res as unknown as { flushHeaders?: () => void }).flushHeaders?.();
  let made = 0;
  let held = '';
  let closed = false;
  ctx.res.on('close', () => {
    closed = true;
  });
  const timer = setInterval(() => {
    if (closed) return void clearInterval(timer);
    made++;
    const data = JSON.stringify({ seq: made, madeAt: Date.now() });
    sse(ctx, { eventId: String(made), data });
    held += `id: ${made}\ndata: ${data}\n\n`;
    if (made === n) {
      clearInterval(timer);
      ctx.res.write(held);
      ctx.res.end();
    }
  }, 50);
}

/** Six of these keep an HTTP/1.1 socket each for `ms`; a reconnect (Last-Event-ID) gets 204, which stops EventSource. */
function holdStream(ctx: Ctx): void {
  const ms = num(ctx, 'ms', 1200);
  if (ctx.req.headers['last-event-id'] !== undefined) {
    ctx.entry.status = 204;
    ctx.entry.respondedAt = Date.now();
    ctx.res.writeHead(204, { 'cache-control': 'no-store' });
    ctx.res.end();
    return;
  }
  ctx.entry.status = 200;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(200, SSE_HEADERS);
  const data = `open ${ctx.url.searchParams.get('i') ?? ''}`;
  ctx.res.write(`id: 1\ndata: ${data}\n\n`);
  sse(ctx, { eventId: '1', data });
  const timer = setTimeout(() => ctx.res.end(), ms);
  ctx.res.on('close', () => clearTimeout(timer));
}

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  '/es-lab': esLab,
  '/ai-stream': aiStream,
  '/ndjson-stream': ndjson,
  '/json-seq-stream': jsonSeq,
  '/gzip-stream': gzipStream,
  '/held-stream': heldStream,
  '/hold-stream': holdStream,
};

export const pages: Record<string, (ctx: Ctx) => string> = {
  '/event-streams': (ctx: Ctx) => {
    const r = run(ctx);
    return layout('Event streams', `<pre id="out"></pre><script>
const out = document.getElementById('out');
const say = (s) => { out.textContent += s + '\\n'; };
async function readAll(url) {
  const res = await fetch(url);
  const reader = res.body.getReader();
  let bytes = 0;
  for (;;) { const { done, value } = await reader.read(); if (done) break; bytes += value.length; }
  return bytes;
}
(async () => {
  await new Promise((resolve) => {
    const es = new EventSource('/es-lab?run=${r}');
    es.onmessage = (e) => say('es ' + e.lastEventId + ' ' + JSON.stringify(e.data));
    es.addEventListener('update', (e) => say('es update ' + e.data));
    es.addEventListener('done', () => { es.close(); say('es done'); resolve(); });
  });
  say('ai ' + await readAll('/ai-stream?run=${r}&tokens=20') + ' bytes');
  say('ndjson ' + await readAll('/ndjson-stream?run=${r}&n=10') + ' bytes');
  say('json-seq ' + await readAll('/json-seq-stream?run=${r}&n=6') + ' bytes');
  say('gzip ' + await readAll('/gzip-stream?run=${r}&n=12') + ' bytes');
  say('held ' + await readAll('/held-stream?run=${r}&n=8') + ' bytes');
  say('streams done');
})();
</script>`);
  },
  '/stream-hold-page': (ctx: Ctx) => {
    const r = run(ctx);
    return layout('Six streams hold the pool', `<pre id="out"></pre><script>
const out = document.getElementById('out');
const say = (s) => { out.textContent += s + '\\n'; };
let open = 0;
for (let i = 0; i < 6; i++) {
  const es = new EventSource('/hold-stream?run=${r}&i=' + i + '&ms=1200');
  es.onmessage = () => { if (++open === 6) after(); };
  es.onerror = () => { if (es.readyState === EventSource.CLOSED) say('es ' + i + ' closed'); };
}
async function after() {
  say('six open');
  const t0 = performance.now();
  const res = await fetch('/res/after-streams.json?run=${r}');
  await res.text();
  say('fetch waited ' + Math.round(performance.now() - t0) + ' ms');
  say('hold done');
}
</script>`);
  },
};
