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
  '/bodies/big.txt': { type: 'text/plain; charset=utf-8', bytes: Buffer.from('0123456789abcdef'.repeat(6250)) },
  '/bodies/secrets.json': {
    type: 'application/json',
    bytes: Buffer.from(
      JSON.stringify({ access_token: BODY_SECRETS.accessToken, token_type: 'Bearer', client_secret: BODY_SECRETS.clientSecret, repo_token: BODY_SECRETS.github, user: { name: 'alice', password: BODY_SECRETS.password }, note: 'keep me' }),
    ),
  },
  '/bodies/stream': { type: 'text/event-stream', bytes: Buffer.from('id: 1\ndata: one\n\nid: 2\ndata: two\n\n') },
};

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
  for (const p of ['/bodies/text.txt', '/bodies/data.json', '/bodies/blob.bin', '/bodies/big.txt', '/bodies/secrets.json', '/bodies/stream', '/bodies/redirect', '/bodies/gzip.json']) await get(p);
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
  '/bodies/gzip.json': (ctx) => send(ctx, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'cache-control': 'no-store', 'content-length': GZIP_SENT.length }, GZIP_SENT),
  '/bodies/redirect': (ctx) => send(ctx, 302, { location: `/bodies/text.txt${ctx.url.search}&via=redirect`, 'cache-control': 'no-store' }),
};
