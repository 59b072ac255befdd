// Request routing for the fixture server: scenario pages and the generic resource they load.
import type http from 'node:http';
import type http2 from 'node:http2';
import type { TruthLog, TruthRequest } from './truth-log.ts';
import { pages } from './pages.ts';
import { serveSse } from './streams.ts';
import * as poolScenarios from './scenarios/pools.ts';
import * as cacheScenarios from './scenarios/cache.ts';
import * as secretScenarios from './scenarios/secrets.ts';
import * as hostileScenarios from './scenarios/hostile.ts';
import * as corsScenarios from './scenarios/cors.ts';
import * as diffScenarios from './scenarios/diff.ts';
import * as bodyScenarios from './scenarios/bodies.ts';
import * as whatifScenarios from './scenarios/whatif.ts';
import * as eventStreamScenarios from './scenarios/event-streams.ts';

/** Routes (full handlers) that scenario modules add, matched on the exact path. */
const extraRoutes: Record<string, (ctx: Ctx) => void | Promise<void>> = { ...poolScenarios.routes, ...cacheScenarios.routes, ...secretScenarios.routes, ...hostileScenarios.routes, ...corsScenarios.routes, ...diffScenarios.routes, ...bodyScenarios.routes, ...whatifScenarios.routes, ...eventStreamScenarios.routes };

export interface ServerUrls {
  /** Cleartext HTTP/1.1 listener. */
  http(host: string, path?: string): string;
  /** TLS HTTP/1.1-only listener (host tls.test). */
  https(host: string, path?: string): string;
  /** TLS HTTP/2 listener (hosts h2.test, h2b.test). */
  h2(host: string, path?: string): string;
  /** WebSocket on the cleartext listener. */
  ws(host: string, path?: string): string;
}

/** The part of node's HTTP/1.1 and HTTP/2 response objects the scenarios use. */
export interface Res {
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  write(chunk: string | Buffer): boolean;
  end(body?: string | Buffer): unknown;
  on(event: 'close' | 'finish', listener: () => void): unknown;
  readonly headersSent: boolean;
  readonly statusCode: number;
}

export interface Ctx {
  req: http.IncomingMessage | http2.Http2ServerRequest;
  res: Res;
  entry: TruthRequest;
  urls: ServerUrls;
  log: TruthLog;
  url: URL;
}

/** A 1×1 transparent PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const TYPES: Record<string, string> = {
  png: 'image/png',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A fixed Last-Modified one day before the server started, so heuristic freshness is ~2.4 hours. */
const LAST_MODIFIED = new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000).toUTCString();

export function send(ctx: Ctx, status: number, headers: Record<string, string | number>, body?: string | Buffer): void {
  ctx.entry.status = status;
  ctx.entry.respondedAt = Date.now();
  ctx.res.writeHead(status, headers);
  if (body === undefined) ctx.res.end();
  else ctx.res.end(body);
}

/**
 * Sleeps at least `ms` by the real clock. A plain setTimeout can fire early by however long the
 * event loop was busy before it was set (libuv measures from the loop's cached time), and tests
 * compare this delay with the browser's own timing.
 */
export async function sleepAtLeast(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) await new Promise((r) => setTimeout(r, Math.ceil(left)));
}

/**
 * Named cache behaviours, so a page can say "/cache/<kind>/<name>" instead of spelling headers.
 * Each maps to the query parameters the generic resource understands.
 */
export const CACHE_KINDS: Record<string, Record<string, string>> = {
  'max-age': { cc: 'max-age=600', etag: '1' },
  'no-cache': { cc: 'no-cache', etag: '1' },
  'no-store': { cc: 'no-store' },
  'last-modified': { lm: '1', cc: '' },
  immutable: { cc: 'max-age=31536000, immutable', etag: '1' },
  vary: { cc: 'max-age=600', vary: 'Accept-Encoding', etag: '1' },
  short: { cc: 'max-age=1', etag: '1' },
};

/**
 * The generic resource: /res/<name>.<ext>?delay=ms&size=bytes&cc=<Cache-Control>&etag=1&lm=1
 * &vary=<header>&close=1&status=<n>&run=<id>. Answers 304 to a matching If-None-Match or
 * If-Modified-Since. Without cc it is `no-store`, so repeated loads always reach the server.
 */
export async function resource(ctx: Ctx, name: string, params: URLSearchParams): Promise<void> {
  const delay = Number(params.get('delay') ?? 0);
  if (delay > 0) await sleepAtLeast(delay);
  const ext = name.split('.').pop() ?? 'txt';
  const size = Number(params.get('size') ?? 0);
  const body = ext === 'png' ? padded(PNG, size) : Buffer.from(textBody(ext, name, size));
  const headers: Record<string, string | number> = { 'content-type': TYPES[ext] ?? TYPES.txt! };
  // Without cc the resource is no-store; an empty cc sends no Cache-Control at all.
  const cc = params.get('cc') ?? 'no-store';
  if (cc !== '') headers['cache-control'] = cc;
  // A validator that does not change between loads of the same URL (the body does not either).
  const etag = `"${hash(ctx.url.pathname + ctx.url.search)}"`;
  if (params.get('etag')) headers.etag = etag;
  if (params.get('lm')) headers['last-modified'] = LAST_MODIFIED;
  if (params.get('vary')) headers.vary = params.get('vary')!;
  if (params.get('close')) headers.connection = 'close';
  if (params.get('acao')) headers['access-control-allow-origin'] = params.get('acao')!;
  headers.date = new Date().toUTCString();
  const inm = ctx.req.headers['if-none-match'];
  const ims = ctx.req.headers['if-modified-since'];
  const notModified =
    (params.get('etag') && inm !== undefined && inm === etag) ||
    (params.get('lm') && inm === undefined && ims !== undefined && Date.parse(String(ims)) >= Date.parse(LAST_MODIFIED));
  if (notModified) {
    delete headers['content-type'];
    send(ctx, 304, headers);
    return;
  }
  headers['content-length'] = body.length;
  send(ctx, Number(params.get('status') ?? 200), headers, body);
}

function padded(png: Buffer, size: number): Buffer {
  return size > png.length ? Buffer.concat([png, Buffer.alloc(size - png.length)]) : png;
}

function textBody(ext: string, name: string, size: number): string {
  const base = ext === 'js' ? `/* ${name} */\n` : ext === 'css' ? `/* ${name} */\n` : ext === 'json' ? `{"name":"${name}"}` : `${name}\n`;
  return size > base.length ? base + ' '.repeat(size - base.length) : base;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

export async function route(ctx: Ctx): Promise<void> {
  const { url } = ctx;
  const path = url.pathname;
  const q = url.searchParams;

  const extra = extraRoutes[path];
  if (extra) return extra(ctx);

  if (path.startsWith('/res/')) return resource(ctx, path.slice(5), q);

  if (path.startsWith('/cache/')) {
    const [, , kind, name] = path.split('/');
    const preset = CACHE_KINDS[kind ?? ''];
    if (!preset || !name) return send(ctx, 404, { 'content-type': 'text/plain' }, 'unknown cache kind');
    const params = new URLSearchParams({ ...preset });
    for (const [k, v] of q) params.set(k, v);
    return resource(ctx, name, params);
  }

  // Redirect chain: 301 → 302 (to another origin) → 200.
  if (path === '/redirect/start') {
    return send(ctx, 301, { location: `/redirect/middle${url.search}`, 'cache-control': 'no-store' });
  }
  if (path === '/redirect/middle') {
    return send(ctx, 302, { location: ctx.urls.http('b.test', `/redirect/end${url.search}`), 'cache-control': 'no-store' });
  }
  if (path === '/redirect/end') {
    if (q.get('as') === 'img') return resource(ctx, 'redirected.png', q);
    return send(ctx, 200, { 'content-type': TYPES.html!, 'cache-control': 'no-store' }, pages.simple('Redirected here', 'The end of a 301 → 302 → 200 chain.'));
  }

  if (path === '/sse') return serveSse(ctx);

  if (path === '/worker.js') {
    const r = q.get('run') ?? 'none';
    return send(ctx, 200, { 'content-type': TYPES.js!, 'cache-control': 'no-store' },
      `fetch('/res/from-worker.json?run=${encodeURIComponent(r)}').then((res) => res.text()).then((t) => postMessage(t.length + ' bytes'));`);
  }

  const page = pages.byPath[path];
  if (page) {
    return send(ctx, 200, { 'content-type': TYPES.html!, 'cache-control': 'no-store' }, page(ctx));
  }
  return send(ctx, 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'not found\n');
}
