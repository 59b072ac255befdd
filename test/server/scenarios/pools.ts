// Fixture-server scenarios of the pools issue: extra pages (HTML by path) and routes (full handlers).
// Each page passes its `run` id to every resource, so a test finds exactly its own requests in
// the server's log, and no resource is ever served from a cache (the generic resource is no-store).
import { send, type Ctx } from '../routes.ts';
import { esc, images, layout, num, run } from '../html.ts';

const originOf = (url: string) => url.replace(/\/$/, '');

export const pages: Record<string, (ctx: Ctx) => string> = {
  // HTTP/2 connection coalescing, made deterministic: one image from h2.test first, and only once
  // it has loaded (so the h2.test connection is up) images from h2b.test and more from h2.test.
  // h2b.test resolves to the same address and the server's certificate covers both names, so
  // Chromium sends h2b.test's requests over the h2.test connection. The page itself is on a.test:
  // Chromium coalesced subresources of an a.test page in the demo recording, while it opened a
  // second connection for h2b.test images of an h2.test document (the h2 fixture).
  '/pools/coalesce': (ctx: Ctx) => {
    const r = run(ctx);
    const h2 = originOf(ctx.urls.h2('h2.test', ''));
    const h2b = originOf(ctx.urls.h2('h2b.test', ''));
    const n = num(ctx, 'n', 6);
    const delay = num(ctx, 'delay', 100);
    const later = [
      ...Array.from({ length: n }, (_, i) => `${h2b}/res/coalesce-b-${i}.png?run=${r}&delay=${delay}`),
      ...Array.from({ length: n }, (_, i) => `${h2}/res/coalesce-a-${i + 1}.png?run=${r}&delay=${delay}`),
    ];
    return layout('HTTP/2 connection coalescing',
      `<p>One image from h2.test; once it has loaded, ${n} from h2b.test (same address, same certificate) and ${n} more from h2.test.</p>` +
      `<div id="imgs"></div><pre id="out"></pre><script>
const later = ${JSON.stringify(later)};
const box = document.getElementById('imgs');
let left = later.length;
const done = () => { if (--left === 0) document.getElementById('out').textContent = 'coalesce done'; };
const first = new Image();
first.onload = first.onerror = () => {
  for (const src of later) { const img = new Image(); img.onload = img.onerror = done; img.src = src; box.append(img); }
};
first.src = ${JSON.stringify(`${h2}/res/coalesce-a-0.png?run=${r}&delay=${delay}`)};
box.append(first);
</script>`);
  },

  // Connection: close from another origin: every close.test response closes its socket, so each
  // request needs a socket of its own. The page is on a.test so no close.test socket carries
  // anything but those requests.
  '/pools/close': (ctx: Ctx) => {
    const r = run(ctx);
    const close = originOf(ctx.urls.http('close.test', ''));
    return layout('Connection: close', `<p>Every close.test response says Connection: close.</p>` +
      images(close, 'close', num(ctx, 'n', 10), `&close=1&delay=${num(ctx, 'delay', 30)}`, r));
  },

  // A fetch that needs a CORS preflight: the time it waits for the preflight is not socket time.
  '/pools/preflight': (ctx: Ctx) => {
    const r = run(ctx);
    const api = ctx.urls.http('api.test', `/pools/api?run=${r}&pfdelay=${num(ctx, 'pfdelay', 150)}`);
    return layout('CORS preflight', `<pre id="out"></pre><script>
fetch(${JSON.stringify(api)}, { method: 'PUT', headers: { 'x-netlens': '1' }, body: 'x' })
  .then((res) => res.text()).then((t) => { document.getElementById('out').textContent = 'fetched ' + t; })
  .catch((e) => { document.getElementById('out').textContent = 'failed ' + e; });
</script>`);
  },

  // A page and a handful of images on a.test, loaded twice (the test reloads it): the second load
  // finds the sockets the first one left open (keep-alive) and reuses them.
  '/pools/warm': (ctx: Ctx) => {
    const r = run(ctx);
    return layout('Warm sockets', `<p>Six images; reload to reuse the sockets of the first load.</p>` +
      images('', 'warm', num(ctx, 'n', 6), `&delay=${num(ctx, 'delay', 50)}`, r) + `<p><a href="${esc(ctx.url.pathname + ctx.url.search)}">again</a></p>`);
  },
};

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  // A cross-origin API that needs a CORS preflight (PUT with a custom header). The preflight is
  // answered after `pfdelay` ms, so the real request visibly waits for it before it can go out.
  '/pools/api': async (ctx: Ctx) => {
    const origin = String(ctx.req.headers.origin ?? '*');
    const cors = { 'access-control-allow-origin': origin, 'cache-control': 'no-store' };
    if (ctx.req.method === 'OPTIONS') {
      const delay = num(ctx, 'pfdelay', 150);
      await new Promise((r) => setTimeout(r, delay));
      send(ctx, 204, { ...cors, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-netlens', 'access-control-max-age': '0' });
      return;
    }
    send(ctx, 200, { ...cors, 'content-type': 'application/json' }, '{"ok":true}');
  },
};
