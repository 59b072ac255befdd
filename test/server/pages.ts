// Scenario pages. Every page carries a data: favicon (so Chromium asks for no /favicon.ico) and
// passes its `run` query parameter to every resource, so URLs are unique per test run.
import type { Ctx } from './routes.ts';
import { esc, images, layout, num, run } from './html.ts';
import * as poolScenarios from './scenarios/pools.ts';
import * as corsScenarios from './scenarios/cors.ts';
import * as whatifScenarios from './scenarios/whatif.ts';
import * as cacheScenarios from './scenarios/cache.ts';
import * as secretScenarios from './scenarios/secrets.ts';
import * as hostileScenarios from './scenarios/hostile.ts';
import * as experimentScenarios from './scenarios/experiments.ts';
import * as bodyScenarios from './scenarios/bodies.ts';
import * as eventStreamScenarios from './scenarios/event-streams.ts';
import { floodPage, soakPage } from './scenarios/flood.ts';
import { wsLabPage } from './scenarios/ws-lab.ts';

const CACHE_PAGE_KINDS = ['max-age', 'no-cache', 'no-store', 'last-modified', 'immutable', 'vary', 'short'];

export const pages = {
  simple(title: string, text: string): string {
    return layout(title, `<p>${esc(text)}</p>`);
  },

  byPath: {
    '/': (ctx: Ctx) => {
      const r = run(ctx);
      const u = ctx.urls;
      const links: [string, string][] = [
        ['Demo: every scenario on one page', u.http('a.test', `/demo?run=${r}`)],
        ['HTTP/1.1 pool: 24 delayed images on a.test, 6 on b.test', u.http('a.test', `/pool?run=${r}`)],
        ['HTTP/2: 30 resources on h2.test, 10 on h2b.test (coalescing)', u.h2('h2.test', `/h2page?run=${r}`)],
        ['Cache: max-age, no-cache + ETag, no-store, Last-Modified, immutable, Vary', u.http('a.test', `/cache-page?run=${r}`)],
        ['Redirect chain 301 → 302 → 200 (cross-origin)', u.http('a.test', `/redirect/start?run=${r}`)],
        ['Connection: close', u.http('close.test', `/close-page?run=${r}`)],
        ['Domain sharding: shard1.test and shard2.test', u.http('shard1.test', `/shard-page?run=${r}`)],
        ['TLS HTTP/1.1', u.https('tls.test', `/tls-page?run=${r}`)],
        ['Server-Sent Events and WebSocket', u.http('a.test', `/streams-page?run=${r}`)],
        ['WebSocket lab: text, binary, 3 MiB each way, Engine.IO heartbeat, a burst behind a large message, close 4001', u.http('a.test', `/ws-lab-page?run=${r}`)],
      ];
      return layout('Netlens fixture server', `<ul>${links.map(([t, h]) => `<li><a href="${esc(h)}">${esc(t)}</a></li>`).join('')}</ul>`);
    },

    // HTTP/1.1: more delayed resources than the 6-per-host pool can carry at once, so requests queue.
    '/pool': (ctx: Ctx) => {
      const r = run(ctx);
      const delay = num(ctx, 'delay', 200);
      const n = num(ctx, 'n', 24);
      const other = num(ctx, 'other', 6);
      return layout('HTTP/1.1 socket pool',
        `<p>${n} images from this origin and ${other} from b.test, each delayed ${delay} ms.</p>` +
        images('', 'pool', n, `&delay=${delay}`, r) +
        images(ctx.urls.http('b.test', '').replace(/\/$/, ''), 'other', other, `&delay=${delay}`, r));
    },

    // HTTP/2: many resources multiplexed on one connection; h2b.test shares the certificate and IP.
    '/h2page': (ctx: Ctx) => {
      const r = run(ctx);
      const delay = num(ctx, 'delay', 100);
      const n = num(ctx, 'n', 30);
      const other = num(ctx, 'other', 10);
      const h2b = ctx.urls.h2('h2b.test', '').replace(/\/$/, '');
      return layout('HTTP/2 multiplexing and coalescing',
        `<p>${n} images from h2.test and ${other} from h2b.test, each delayed ${delay} ms.</p>` +
        images('', 'h2', n, `&delay=${delay}`, r) + images(h2b, 'h2b', other, `&delay=${delay}`, r));
    },

    '/cache-page': (ctx: Ctx) => {
      const r = run(ctx);
      const items = CACHE_PAGE_KINDS.map((k) => `<img alt="" src="/cache/${k}/${k}.png?run=${r}">`).join('');
      return layout('Cache scenarios', `<p>${CACHE_PAGE_KINDS.join(', ')}</p>${items}` +
        `<script src="/cache/max-age/app.js?run=${r}"></script>`);
    },

    '/close-page': (ctx: Ctx) => {
      const r = run(ctx);
      return layout('Connection: close', `<p>Every response closes its socket.</p>${images('', 'close', num(ctx, 'n', 6), '&close=1&delay=20', r)}`);
    },

    '/shard-page': (ctx: Ctx) => {
      const r = run(ctx);
      const s2 = ctx.urls.http('shard2.test', '').replace(/\/$/, '');
      return layout('Domain sharding', `<p>Images split across shard1.test and shard2.test (one address).</p>` +
        images('', 'shard', 8, '&delay=100', r) + images(s2, 'shard', 8, '&delay=100', r));
    },

    '/ws-flood-page': floodPage,
    '/soak-page': soakPage,
    '/ws-lab-page': wsLabPage,

    '/tls-page': (ctx: Ctx) => {
      const r = run(ctx);
      return layout('TLS, HTTP/1.1', images('', 'tls', 8, '&delay=50', r));
    },

    '/streams-page': (ctx: Ctx) => {
      const r = run(ctx);
      const ws = ctx.urls.ws('a.test', `/ws?run=${r}`);
      return layout('Server-Sent Events and WebSocket',
        `<pre id="out"></pre><script>
const out = document.getElementById('out');
const say = (s) => { out.textContent += s + '\\n'; };
const es = new EventSource('/sse?run=${r}&count=3');
let got = 0;
es.onmessage = (e) => { say('sse ' + e.lastEventId + ' ' + e.data); if (++got >= 6) { es.close(); say('sse done'); } };
es.addEventListener('tick', (e) => say('tick ' + e.data));
const ws = new WebSocket(${JSON.stringify(ws)});
ws.binaryType = 'arraybuffer';
ws.onopen = () => { ws.send('hello from the page'); ws.send(new Uint8Array([1, 2, 3, 4])); ws.send('close please'); };
ws.onmessage = (e) => say('ws ' + (typeof e.data === 'string' ? e.data : e.data.byteLength + ' bytes'));
ws.onclose = (e) => say('ws closed ' + e.code);
</script>`);
    },

    // A cross-site iframe (b.test inside a.test): Chromium runs it in its own process, so its
    // requests reach Netlens only through auto-attached child targets. A dedicated worker too.
    '/child-targets': (ctx: Ctx) => {
      const r = run(ctx);
      const frame = ctx.urls.http('b.test', `/frame?run=${r}`);
      return layout('Child targets', `<iframe title="cross-site frame" src="${esc(frame)}" width="300" height="80"></iframe>` +
        `<pre id="out"></pre><script>
const w = new Worker('/worker.js?run=${r}');
w.onmessage = (e) => { document.getElementById('out').textContent = 'worker ' + e.data; };
</script>`);
    },

    '/frame': (ctx: Ctx) => {
      const r = run(ctx);
      return layout('Cross-site frame', images('', 'frame', 3, '&delay=20', r));
    },

    ...poolScenarios.pages,
    ...cacheScenarios.pages,
    ...secretScenarios.pages,
    ...experimentScenarios.pages,
    ...bodyScenarios.pages,
    ...hostileScenarios.pages,
    ...corsScenarios.pages,
    ...whatifScenarios.pages,
    ...eventStreamScenarios.pages,

    // Everything at once: the page `npm start` opens.
    '/demo': (ctx: Ctx) => {
      const r = run(ctx);
      const b = ctx.urls.http('b.test', '').replace(/\/$/, '');
      const h2 = ctx.urls.h2('h2.test', '').replace(/\/$/, '');
      const h2b = ctx.urls.h2('h2b.test', '').replace(/\/$/, '');
      const cache = CACHE_PAGE_KINDS.map((k) => `<img alt="" src="/cache/${k}/demo-${k}.png?run=${r}">`).join('');
      return layout('Netlens demo',
        `<p>HTTP/1.1 pool (a.test, queued behind 6 sockets), a second origin (b.test), HTTP/2 with coalescing (h2.test, h2b.test), cache behaviours, a redirect chain.</p>` +
        images('', 'demo', 24, '&delay=150', r) + images(b, 'demo-b', 6, '&delay=150', r) +
        images(h2, 'demo-h2', 8, '&delay=50', r) + images(h2b, 'demo-h2b', 4, '&delay=50', r) +
        cache + `<img alt="" src="/redirect/start?run=${r}&as=img">` +
        `<script src="/cache/max-age/demo.js?run=${r}"></script>`);
    },
  } as Record<string, (ctx: Ctx) => string>,
};
