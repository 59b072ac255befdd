// Fixture-server scenarios of the cache issue: extra pages (HTML by path) and routes (full handlers).
//
// `/cache-lab/res?k=<kind>&n=<name.ext>&run=<id>` is a resource whose caching headers are fixed by
// its kind (KINDS below), including ones the generic /res/ resource cannot say: Last-Modified with
// no Cache-Control at all (heuristic freshness), Expires, an Age header, and a Date header that is
// deliberately wrong (the server's clock behind or ahead of the browser's). It answers 304 to a
// matching If-None-Match or If-Modified-Since, with the same caching headers as its 200.
//
// Pages that load those resources (all pass `run` on, so URLs are unique per test run):
//   /cache-lab/page?k=a,b,c   one <img> per kind        /cache-lab/page2?k=a,b,c  a second page with the same images
//   /cache-lab/blank          nothing (to navigate away) /cache-lab/fetch?k=a      fetch() the resource twice in a row
// Pages themselves answer `Cache-Control: max-age=600` with an ETag (unless doc=no-store), so a
// normal reload shows Chrome revalidating the main document (a 304) while reusing subresources.
import type { Ctx } from '../routes.ts';
import { send } from '../routes.ts';
import { esc, layout, run } from '../html.ts';

/** A fixed Last-Modified one day before the server started, so heuristic freshness is 10% of a day (2.4 h). */
const LAST_MODIFIED_MS = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;

/** Seconds the `skew-*` kinds move their Date header away from the server's real clock. */
export const SKEW_SECONDS = 700;

interface Kind {
  /** Cache-Control, or undefined for none at all. */
  cc?: string;
  etag?: boolean;
  lastModified?: boolean;
  /** Expires = now + this many seconds. */
  expiresIn?: number;
  /** Age header, seconds. */
  age?: number;
  /** Date header moved by this many seconds (negative: the server's clock is behind). */
  dateShift?: number;
  vary?: string;
}

/** Every kind of caching the scenarios exercise, by name. */
export const KINDS: Record<string, Kind> = {
  'max-age': { cc: 'max-age=600', etag: true },
  'no-cache': { cc: 'no-cache', etag: true },
  'lm-only': { lastModified: true },
  'no-store': { cc: 'no-store' },
  immutable: { cc: 'max-age=31536000, immutable', etag: true },
  vary: { cc: 'max-age=600', vary: 'Accept-Encoding', etag: true },
  short: { cc: 'max-age=1', etag: true },
  'short-no-validator': { cc: 'max-age=1' },
  expires: { expiresIn: 3600, etag: true },
  // Fresh for 600 s by max-age, but the server's Date is 700 s behind the browser's clock, so the
  // response is already 700 s old when it arrives (RFC 9111 §4.2.3 apparent age): stale at once.
  'skew-behind': { cc: 'max-age=600', etag: true, dateShift: -SKEW_SECONDS },
  // The server's Date is 700 s ahead: the apparent age is clamped at 0, so it stays fresh.
  'skew-ahead': { cc: 'max-age=600', etag: true, dateShift: SKEW_SECONDS },
  // A cache upstream says it is already 600 s old: with max-age=600 it is stale on arrival.
  aged: { cc: 'max-age=600', etag: true, age: 600 },
  // Lifetime from Expires − Date, both from the server's clock 700 s behind: skew cancels out.
  'expires-skew': { expiresIn: 3600, etag: true, dateShift: -SKEW_SECONDS },
};

const TYPES: Record<string, string> = {
  png: 'image/png',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
};

/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

/** The caching headers of `kind` at `nowMs` (shared by the 200 and the 304). */
function cachingHeaders(kind: Kind, etag: string, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (kind.cc !== undefined) headers['cache-control'] = kind.cc;
  if (kind.etag) headers.etag = etag;
  if (kind.lastModified) headers['last-modified'] = new Date(LAST_MODIFIED_MS).toUTCString();
  const date = nowMs + (kind.dateShift ?? 0) * 1000;
  headers.date = new Date(date).toUTCString();
  if (kind.expiresIn !== undefined) headers.expires = new Date(date + kind.expiresIn * 1000).toUTCString();
  if (kind.age !== undefined) headers.age = String(kind.age);
  if (kind.vary !== undefined) headers.vary = kind.vary;
  return headers;
}

/** Answers 304 when the request's validator matches the one this response carries, else the full body. */
function answer(ctx: Ctx, kind: Kind, etag: string, type: string, body: Buffer): void {
  const headers = cachingHeaders(kind, etag, Date.now());
  const inm = ctx.req.headers['if-none-match'];
  const ims = ctx.req.headers['if-modified-since'];
  const notModified =
    (kind.etag === true && inm !== undefined && inm === etag) ||
    (kind.lastModified === true && inm === undefined && ims !== undefined && Date.parse(String(ims)) >= LAST_MODIFIED_MS);
  if (notModified) return send(ctx, 304, headers);
  send(ctx, 200, { ...headers, 'content-type': type, 'content-length': body.length }, body);
}

function resource(ctx: Ctx): void {
  const q = ctx.url.searchParams;
  const kind = KINDS[q.get('k') ?? ''];
  if (!kind) return send(ctx, 404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }, 'unknown kind');
  const name = q.get('n') ?? 'res.txt';
  const ext = name.split('.').pop() ?? 'txt';
  const size = Number(q.get('size') ?? 0);
  let body: Buffer;
  if (ext === 'png') body = size > PNG.length ? Buffer.concat([PNG, Buffer.alloc(size - PNG.length)]) : PNG;
  else {
    const text = ext === 'json' ? `{"name":${JSON.stringify(name)}}` : `/* ${name} */\n`;
    body = Buffer.from(size > text.length ? text + ' '.repeat(size - text.length) : text);
  }
  answer(ctx, kind, `"${hash(ctx.url.pathname + ctx.url.search)}"`, TYPES[ext] ?? TYPES.txt!, body);
}

/** The resource URL (path and query) of one kind in a run. */
export function labResource(kind: string, r: string, name = `${kind}.png`): string {
  return `/cache-lab/res?k=${encodeURIComponent(kind)}&n=${encodeURIComponent(name)}&run=${encodeURIComponent(r)}`;
}

function kindsOf(ctx: Ctx): string[] {
  return (ctx.url.searchParams.get('k') ?? '').split(',').filter((k) => k in KINDS);
}

/** A page: cacheable for 600 s with an ETag (so reloads revalidate it), or no-store when doc=no-store. */
function page(ctx: Ctx, html: string): void {
  const docKind: Kind = ctx.url.searchParams.get('doc') === 'no-store' ? { cc: 'no-store' } : { cc: 'max-age=600', etag: true };
  answer(ctx, docKind, `"doc-${hash(ctx.url.pathname + ctx.url.search)}"`, 'text/html; charset=utf-8', Buffer.from(html));
}

function images(ctx: Ctx): string {
  const r = run(ctx);
  return kindsOf(ctx).map((k) => `<img alt="${esc(k)}" src="${esc(labResource(k, r))}">`).join('');
}

export const pages: Record<string, (ctx: Ctx) => string> = {};

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  '/cache-lab/res': resource,
  '/cache-lab/page': (ctx) => page(ctx, layout('Cache lab', `<p>${esc(kindsOf(ctx).join(', '))}</p>${images(ctx)}`)),
  '/cache-lab/page2': (ctx) => page(ctx, layout('Cache lab, second page', `<p>The same resources from another page.</p>${images(ctx)}`)),
  '/cache-lab/blank': (ctx) => page(ctx, layout('Cache lab, blank', '<p>Nothing to load.</p>')),
  // fetch() the same resource twice, the second after the first finished: fetch never uses the
  // renderer's memory cache, so a fresh second copy comes from the HTTP (disk) cache.
  '/cache-lab/fetch': (ctx) => {
    const url = labResource(kindsOf(ctx)[0] ?? 'max-age', run(ctx), 'fetched.json');
    page(ctx, layout('Cache lab, fetch()', `<pre id="out"></pre><script>
const out = document.getElementById('out');
(async () => {
  const a = await (await fetch(${JSON.stringify(url)})).text();
  const b = await (await fetch(${JSON.stringify(url)})).text();
  out.textContent = 'fetched ' + a.length + ' + ' + b.length;
})();
</script>`));
  },
};
