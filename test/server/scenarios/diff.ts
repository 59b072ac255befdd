// Fixture-server scenario of the diff issue: one page in two versions that differ in four known
// ways, for `netlens diff` to find exactly those. The version is chosen by the run (the test
// registers a run as version "b" in `diffVersions`), so both versions have the same URLs but for
// the run value, which the diff folds:
//   - /diff/cached.png: `Cache-Control: max-age=600` in a, `no-store` in b;
//   - a fetch to b.test's /diff/api: simple in a, with an `X-Diff` header (a preflight,
//     `Access-Control-Max-Age: 0`, so every load pays it) in b;
//   - three images from shard2.test in a, from shard1.test in b (the shard removed);
//   - four images from the HTTP/2 listener (h2.test): HTTP/2 is turned off by the test with
//     `FixtureServer.setHttp2(false)` before recording b (same origin, ALPN http/1.1);
//   - a fetch of /diff/slow, made once the page has loaded (so the load event does not wait for
//     it): answered at once in a, SLOW_MS (1,500 ms) late in b: the one known timing change.
// Everything else answers no-store and is the same in both. When both fetches have answered, the
// page sets `data-done` on its body (the test waits for it before the next load).
import { send, sleepAtLeast, type Ctx } from '../routes.ts';
import { layout, run } from '../html.ts';

/** Runs recorded as version b; any other run is version a. */
export const diffVersions = new Set<string>();

const version = (ctx: Ctx) => (diffVersions.has(run(ctx)) ? 'b' : 'a');
/** How late /diff/slow answers in version b, ms. */
export const SLOW_MS = 1500;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function page(ctx: Ctx): void {
  const r = encodeURIComponent(run(ctx));
  const b = version(ctx) === 'b';
  const shard1 = ctx.urls.http('shard1.test', '').replace(/\/$/, '');
  const shard2 = ctx.urls.http('shard2.test', '').replace(/\/$/, '');
  const h2 = ctx.urls.h2('h2.test', '').replace(/\/$/, '');
  let imgs = `<img alt="" src="/diff/cached.png?run=${r}">`;
  for (let i = 0; i < 6; i++) imgs += `<img alt="" src="${i < 3 || b ? shard1 : shard2}/res/diff-shard-${i}.png?run=${r}&delay=100">`;
  for (let i = 0; i < 4; i++) imgs += `<img alt="" src="${h2}/res/diff-h2-${i}.png?run=${r}&delay=100">`;
  const api = JSON.stringify(ctx.urls.http('b.test', `/diff/api?run=${r}`));
  const slow = JSON.stringify(`/diff/slow?run=${r}`);
  const init = b ? `{ headers: { 'X-Diff': '1' } }` : '{}';
  const script =
    `const api = fetch(${api}, ${init}).then((res) => res.text()).then((t) => { document.title = 'api ' + t.length; });` +
    `addEventListener('load', () => { Promise.all([api, fetch(${slow}).then((res) => res.text())]).then(() => { document.body.dataset.done = '1'; }); });`;
  const body = `<p>Diff scenario, version ${b ? 'b' : 'a'}.</p>${imgs}<script>${script}</script>`;
  send(ctx, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, layout('Diff scenario', body));
}

function cached(ctx: Ctx): void {
  const cc = version(ctx) === 'b' ? 'no-store' : 'max-age=600';
  send(ctx, 200, { 'content-type': 'image/png', 'cache-control': cc, 'content-length': PNG.length, date: new Date().toUTCString() }, PNG);
}

function api(ctx: Ctx): void {
  const origin = String(ctx.req.headers.origin ?? '*');
  if (ctx.req.method === 'OPTIONS') {
    return send(ctx, 204, { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'x-diff', 'access-control-max-age': '0', 'cache-control': 'no-store' });
  }
  send(ctx, 200, { 'content-type': 'application/json', 'access-control-allow-origin': origin, 'cache-control': 'no-store' }, '{"ok":true}');
}

async function slow(ctx: Ctx): Promise<void> {
  if (version(ctx) === 'b') await sleepAtLeast(SLOW_MS);
  send(ctx, 200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }, 'slow');
}

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  '/diff/page': page,
  '/diff/cached.png': cached,
  '/diff/api': api,
  '/diff/slow': slow,
};
