// Fixture page of the what-if validation (issue 23): the same page over HTTP/1.1 (the TLS HTTP/1.1
// listener) or HTTP/2 (the h2 listener), reached through a delaying proxy. Every URL is relative
// or built from the Host the browser sent (the proxy's port), so the whole load goes through it.
// Dependencies of every kind the model reads: the parser (a stylesheet, a blocking script, images
// from this origin and from b.test, which shares the address and the certificate, so HTTP/2 may
// coalesce it), a script's fetch, and images the fetch's callback adds. `size=N` pads every image
// to N bytes (a page heavy enough for bandwidth to matter); `cache=1` makes the page's images
// fresh for an hour and its stylesheet and b.test images revalidated (no-cache with an ETag), for a
// cold and a warm visit.
import { send, type Ctx } from '../routes.ts';
import { esc, layout, num, run } from '../html.ts';

export const pages: Record<string, (ctx: Ctx) => string> = {
  '/whatif/page': (ctx: Ctx) => {
    const r = encodeURIComponent(run(ctx));
    const port = ctx.url.port;
    const b = `${ctx.url.protocol}//b.test${port ? `:${port}` : ''}`;
    const n = num(ctx, 'n', 10);
    const other = num(ctx, 'other', 6);
    const size = num(ctx, 'size', 0);
    const cache = ctx.url.searchParams.get('cache') === '1';
    const fresh = cache ? '&cc=max-age%3D3600' : '';
    const revalidate = cache ? '&cc=no-cache&etag=1' : '';
    const extra = `${size > 0 ? `&size=${size}` : ''}`;
    const imgs = (origin: string, name: string, count: number, delay: number, cc: string) =>
      Array.from({ length: count }, (_, i) => `<img alt="" src="${esc(`${origin}/res/${name}-${i}.png?run=${r}&delay=${delay}${extra}${cc}`)}">`).join('');
    return layout('What-if validation page',
      `<link rel="stylesheet" href="${esc(`/res/wi-style.css?run=${r}&delay=20${revalidate}`)}">` +
      `<script src="${esc(`/whatif/app.js?run=${r}&delay=30${extra}${cache ? '&cache=1' : ''}`)}"></script>` +
      `<p>${n} images from this origin, ${other} from b.test, a fetch and what its callback adds.</p>` +
      imgs('', 'wi-img', n, 40, fresh) + imgs(b, 'wi-b', other, 40, revalidate) + `<div id="late"></div><pre id="out"></pre>`);
  },
};

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  // A blocking script that fetches data and then adds images (a chain three requests deep).
  '/whatif/app.js': async (ctx: Ctx) => {
    const r = run(ctx);
    const delay = Number(ctx.url.searchParams.get('delay') ?? 0);
    if (delay > 0) await new Promise((res) => setTimeout(res, delay));
    const late = Number(ctx.url.searchParams.get('late') ?? 4);
    const size = Number(ctx.url.searchParams.get('size') ?? 0);
    const lateQuery = `${size > 0 ? `&size=${size}` : ''}${ctx.url.searchParams.get('cache') === '1' ? '&cc=max-age%3D3600' : ''}`;
    send(ctx, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
      `fetch('/res/wi-data.json?run=${encodeURIComponent(r)}&delay=50').then((res) => res.text()).then(() => {
  const box = document.getElementById('late');
  let left = ${late};
  for (let i = 0; i < ${late}; i++) {
    const img = new Image();
    img.onload = img.onerror = () => { if (--left === 0) document.getElementById('out').textContent = 'whatif done'; };
    img.src = '/res/wi-late-' + i + '.png?run=${encodeURIComponent(r)}&delay=30${lateQuery}';
    box.append(img);
  }
});
`);
  },
};
