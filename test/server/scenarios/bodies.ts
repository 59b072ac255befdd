// Response bodies (issue 19): a page that loads one body of each kind Netlens must keep byte for
// byte (text, JSON, an image, binary), one over the test's limit, one with planted secrets, an
// event stream and a redirect; and a page of many requests for the bench. The bytes are defined
// here, so a test compares what Netlens stored and exported with what the server sent.
import { gzipSync } from 'node:zlib';
import type { Ctx } from '../routes.ts';
import { send } from '../routes.ts';
import { layout, num, run } from '../html.ts';

/** The limit per body the test records with: big.txt is over it, everything else under. */
export const BODY_TEST_LIMIT = 65_536;

/** Where big.txt's 3-byte character starts: the last byte boundary at or under the limit. */
export const BIG_CUT = BODY_TEST_LIMIT - 1;

/** Secrets planted in a response body; none may survive a redacted export. */
export const BODY_SECRETS = {
  accessToken: 'BodySecret-3d9e1f',
  clientSecret: 'BodySecret-77aa02',
  github: 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  password: 'BodySecret-pw-5c31',
} as const;

const PNG_2X2 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM////ZwAAHu8E/KPItPcAAAAASUVORK5CYII=', 'base64');

/** Path → content type and the exact bytes sent. */
export const BODY_FIXTURES: Record<string, { type: string; bytes: Buffer }> = {
  '/bodies/text.txt': { type: 'text/plain; charset=utf-8', bytes: Buffer.from('Plain text: ünïcødé ✓ 𝄞\nsecond line\n', 'utf8') },
  '/bodies/data.json': { type: 'application/json', bytes: Buffer.from(JSON.stringify({ list: [1, 2, 3], nested: { deep: { deeper: 'yes' } }, note: 'keep me', n: 42.5, ok: true, none: null })) },
  '/bodies/pixel.png': { type: 'image/png', bytes: PNG_2X2 },
  '/bodies/blob.bin': { type: 'application/octet-stream', bytes: Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) % 256)) },
  // 100,000 bytes over the test's limit of 65,536, with a 3-byte character across the limit: the
  // kept prefix must end before it (65,535 bytes).
  '/bodies/big.txt': { type: 'text/plain; charset=utf-8', bytes: Buffer.from(`${'0123456789abcdef'.repeat(4096).slice(0, BIG_CUT)}✓${'z'.repeat(100_000 - BIG_CUT - 3)}`, 'utf8') },
  '/bodies/secrets.json': {
    type: 'application/json',
    bytes: Buffer.from(
      JSON.stringify({ access_token: BODY_SECRETS.accessToken, token_type: 'Bearer', client_secret: BODY_SECRETS.clientSecret, repo_token: BODY_SECRETS.github, user: { name: 'alice', password: BODY_SECRETS.password }, note: 'keep me' }),
    ),
  },
};

/** A secret planted in the event stream's data: the rebuilt body in a redacted HAR must not hold it. */
export const STREAM_SECRET = 'ghp_S7r3amS3cr3tT0k3nAbCdEfGhIjKlMnOpQr';

/**
 * The event streams the page reads with fetch, written in these pieces about 20 ms apart (a UTF-8
 * character split between two of them). Every piece is in the canonical form Netlens writes a
 * stream back in (fields in the order event, id, data; LF line ends; no comments), so the body
 * rebuilt from the messages must equal the bytes sent, joined. Each message is also logged in the
 * server's TruthLog as it is written.
 */
const CAFE = Buffer.from('{"n":2,"text":"café"}', 'utf8');
const SPLIT = CAFE.indexOf(0xc3) + 1;
export const BODY_STREAMS: Record<string, { type: string; kind: 'sse' | 'ndjson'; parts: Buffer[]; messages: { data: string; eventId?: string; eventName?: string; retry?: number }[] }> = {
  '/bodies/stream': {
    type: 'text/event-stream',
    kind: 'sse',
    parts: [
      Buffer.from('retry: 1500\n\n'),
      Buffer.from('id: 1\ndata: one\n\n'),
      Buffer.concat([Buffer.from('event: update\nid: 2\ndata: '), CAFE.subarray(0, SPLIT)]),
      Buffer.concat([CAFE.subarray(SPLIT), Buffer.from(`\ndata: second line\n\ndata: {"token":"${STREAM_SECRET}"}\n\n`)]),
    ],
    messages: [{ data: '', retry: 1500 }, { data: 'one', eventId: '1' }, { data: '{"n":2,"text":"café"}\nsecond line', eventId: '2', eventName: 'update' }, { data: `{"token":"${STREAM_SECRET}"}` }],
  },
  '/bodies/ndjson': {
    type: 'application/x-ndjson',
    kind: 'ndjson',
    parts: [Buffer.from('{"i":1}\n{"i":'), Buffer.from('2,"s":"✓"}\n'), Buffer.from('{"i":3}\n')],
    messages: [{ data: '{"i":1}' }, { data: '{"i":2,"s":"✓"}' }, { data: '{"i":3}' }],
  },
};

/** Writes a stream piece by piece; each message goes to the TruthLog when the piece that completes it is written. */
function streamRoute(path: string) {
  const s = BODY_STREAMS[path]!;
  return (ctx: Ctx) =>
    new Promise<void>((done) => {
      ctx.entry.status = 200;
      ctx.entry.respondedAt = Date.now();
      ctx.res.writeHead(200, { 'content-type': s.type, 'cache-control': 'no-store' });
      // The message each piece completes, by index (retry fields count as one, as the server writes them).
      const completes = s.kind === 'sse' ? [[0], [1], [], [2, 3]] : [[0], [1], [2]];
      let i = 0;
      const next = () => {
        if (i === s.parts.length) {
          ctx.res.end();
          done();
          return;
        }
        ctx.res.write(s.parts[i]!);
        for (const k of completes[i] ?? []) {
          const m = s.messages[k]!;
          ctx.log.addMessage({ kind: s.kind, requestId: ctx.entry.id, direction: 'sent', data: m.data, ...(m.eventId !== undefined ? { eventId: m.eventId } : {}), ...(m.eventName !== undefined ? { eventName: m.eventName } : {}), ...(m.retry !== undefined ? { retry: m.retry } : {}) });
        }
        i++;
        setTimeout(next, 20);
      };
      next();
    });
}

/** A JSON body sent gzip-compressed: HAR's content.size is its decoded length, compression the bytes saved. */
export const GZIP_JSON = Buffer.from(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, label: `item number ${i}` })) }));
export const GZIP_SENT = gzipSync(GZIP_JSON, { level: 9 });

export const pages: Record<string, (ctx: Ctx) => string> = {
  '/bodies-page': (ctx) => {
    const r = run(ctx);
    return layout('Response bodies', `<pre id="out"></pre><img id="px" alt="" src="/bodies/pixel.png?run=${r}"><script>
(async () => {
  const get = (p) => fetch(p + '?run=${r}').then((res) => res.arrayBuffer());
  await new Promise((done) => { const i = document.getElementById('px'); if (i.complete) done(); else { i.onload = done; i.onerror = done; } });
  for (const p of ['/bodies/text.txt', '/bodies/data.json', '/bodies/blob.bin', '/bodies/big.txt', '/bodies/secrets.json', '/bodies/stream', '/bodies/ndjson', '/bodies/redirect', '/bodies/gzip.json']) await get(p);
  document.getElementById('out').textContent = 'bodies done';
})();
</script>`);
  },
  /** n requests (default 300): images and small JSON fetches, for bench/bodies.ts. */
  '/bodies-many': (ctx) => {
    const r = run(ctx);
    const n = num(ctx, 'n', 300);
    const imgs = Math.floor(n / 2);
    let html = '';
    for (let i = 0; i < imgs; i++) html += `<img alt="" src="/res/many-${i}.png?run=${r}&size=2048">`;
    return layout('Many bodies', `${html}<pre id="out"></pre><script>
(async () => {
  const jobs = [];
  for (let i = 0; i < ${n - imgs - 1}; i++) jobs.push(fetch('/res/many-' + i + '.json?run=${r}&size=4096').then((res) => res.text()));
  await Promise.all(jobs);
  await Promise.all([...document.images].map((im) => im.complete ? 0 : new Promise((d) => { im.onload = d; im.onerror = d; })));
  document.getElementById('out').textContent = 'many done';
})();
</script>`);
  },
};

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  ...Object.fromEntries(
    Object.entries(BODY_FIXTURES).map(([path, f]) => [path, (ctx: Ctx) => send(ctx, 200, { 'content-type': f.type, 'cache-control': 'no-store', 'content-length': f.bytes.length }, f.bytes)]),
  ),
  '/bodies/stream': streamRoute('/bodies/stream'),
  '/bodies/ndjson': streamRoute('/bodies/ndjson'),
  '/bodies/gzip.json': (ctx) => send(ctx, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'cache-control': 'no-store', 'content-length': GZIP_SENT.length }, GZIP_SENT),
  '/bodies/redirect': (ctx) => send(ctx, 302, { location: `/bodies/text.txt${ctx.url.search}&via=redirect`, 'cache-control': 'no-store' }),
};
