// Fixture-server scenarios of the CORS issue: a page on a.test that calls an API on b.test (another
// origin of the same listener) case by case, and the API, whose CORS answer each call chooses in
// its query string. The server logs every OPTIONS and every real request (with Origin,
// Access-Control-Request-*, Authorization and Content-Type), the ground truth the tests compare
// Netlens's pairing, classes, preflight-cache hits and misses and failures with.
//
// API query parameters (all optional):
//   acao     echo (default: the request's Origin) | star | none | two | mismatch
//   acam     Access-Control-Allow-Methods on OPTIONS (default PUT, POST, DELETE, PATCH)
//   acah     Access-Control-Allow-Headers on OPTIONS (default x-token, content-type)
//   acac     1: Access-Control-Allow-Credentials: true on both answers
//   maxage   Access-Control-Max-Age on OPTIONS (default absent)
//   pfstatus status of the OPTIONS answer (default 204)
//   pfredirect 1: OPTIONS answered 307 to api.test
//   redirect 1: the real request answered 307 to api.test (same path, same query minus redirect)
//   case     a label, so each call is its own URL
import { send, type Ctx } from '../routes.ts';
import { layout, run } from '../html.ts';

/** Every call the lab page can make, by name: the fetch arguments, as page script. */
export const CORS_CALLS: Record<string, { query: string; init: string; note: string }> = {
  simple: { query: 'case=simple', init: `{}`, note: 'a simple cross-origin GET: no preflight' },
  put: { query: 'case=put&maxage=600', init: `{ method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }`, note: 'PUT with a custom header: OPTIONS, then PUT' },
  'put-query': { query: 'case=put&maxage=600&q=2', init: `{ method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }`, note: 'the same call with another query: a miss (per URL)' },
  'max-age-0': { query: 'case=ma0&maxage=0', init: `{ method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }`, note: 'max-age 0: OPTIONS every time' },
  'max-age-absent': { query: 'case=ma-absent', init: `{ method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }`, note: 'no max-age: cached 5 s' },
  json: { query: 'case=json', init: `{ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }`, note: 'a JSON POST: its Content-Type needs a preflight' },
  'method-denied': { query: 'case=method-denied&acam=PUT', init: `{ method: 'DELETE' }`, note: 'a method the preflight does not allow' },
  'header-denied': { query: 'case=header-denied&acah=x-token', init: `{ method: 'PUT', headers: { 'X-Other': 'b' }, body: 'x' }`, note: 'a header the preflight does not allow' },
  'no-acao': { query: 'case=no-acao&acao=none', init: `{}`, note: 'no Access-Control-Allow-Origin' },
  'two-acao': { query: 'case=two-acao&acao=two', init: `{}`, note: 'two Access-Control-Allow-Origin values' },
  mismatch: { query: 'case=mismatch&acao=mismatch', init: `{}`, note: 'an origin that does not match' },
  'cred-star': { query: 'case=cred-star&acao=star&acac=1', init: `{ credentials: 'include' }`, note: 'credentials with *' },
  'cred-no-acac': { query: 'case=cred-no-acac', init: `{ credentials: 'include' }`, note: 'credentialed, without Access-Control-Allow-Credentials' },
  'pf-500': { query: 'case=pf500&pfstatus=500', init: `{ method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }`, note: 'a preflight answered 500' },
  'pf-redirect': { query: 'case=pf-redirect&pfredirect=1', init: `{ method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }`, note: 'a preflight answered with a redirect' },
  'redirect-cross': { query: 'case=redirect-cross&redirect=1', init: `{ method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }`, note: 'a preflighted request redirected to another origin' },
  'no-cors': { query: 'case=no-cors&acao=none', init: `{ mode: 'no-cors' }`, note: "mode: 'no-cors': an opaque response" },
  'same-origin-mode': { query: 'case=same-origin-mode', init: `{ mode: 'same-origin' }`, note: "mode: 'same-origin' to another origin" },
  'auth-star': { query: 'case=auth-star&acah=*', init: `{ headers: { Authorization: 'Bearer t' } }`, note: 'Authorization against Access-Control-Allow-Headers: *' },
};

/** The order the fixture and the end-to-end test make the calls in (a call twice: the second may be a preflight-cache hit). */
export const CORS_SEQUENCE = ['simple', 'put', 'put', 'put-query', 'max-age-0', 'max-age-0', 'max-age-absent', 'max-age-absent', 'json', 'method-denied', 'header-denied', 'no-acao', 'two-acao', 'mismatch', 'cred-star', 'cred-no-acac', 'pf-500', 'pf-redirect', 'redirect-cross', 'no-cors', 'same-origin-mode', 'auth-star'];

export const pages: Record<string, (ctx: Ctx) => string> = {
  // Local Network Access: the test marks this page's address public (--ip-address-space-overrides),
  // so a fetch to the TLS listener (another loopback port) reaches from a public page into the
  // loopback address space. A simple GET, then a PUT with a custom header (a preflight).
  '/cors/lna': (ctx: Ctx) => {
    const r = run(ctx);
    const target = (c: string) => ctx.urls.https('tls.test', `/cors/api?case=${c}&run=${r}`);
    return layout('Local Network Access', `<pre id="out"></pre><script>
const out = document.getElementById('out');
(async () => {
  for (const [name, init] of [['lna-get', {}], ['lna-put', { method: 'PUT', headers: { 'X-Token': 'a' }, body: 'x' }]]) {
    const url = { 'lna-get': ${JSON.stringify(target('lna-get'))}, 'lna-put': ${JSON.stringify(target('lna-put'))} }[name];
    out.textContent += name + ': ' + (await fetch(url, init).then(async (res) => { await res.text(); return 'ok ' + res.status; }, () => 'failed')) + '\\n';
  }
  out.textContent += 'lna done';
})();
</script>`);
  },

  // The lab: window.corsCall(name) makes one call, reads the body (so the request finishes), and
  // resolves with 'ok STATUS' or 'failed';
  // `calls` (comma-separated names) are made one after the other on load, then #out says "cors done".
  '/cors/lab': (ctx: Ctx) => {
    const r = run(ctx);
    const api = ctx.urls.http('b.test', '/cors/api');
    const calls = (ctx.url.searchParams.get('calls') ?? '').split(',').filter((c) => c in CORS_CALLS);
    const table = Object.fromEntries(Object.entries(CORS_CALLS).map(([k, v]) => [k, { url: `${api}?${v.query}&run=${r}` }]));
    const inits = Object.entries(CORS_CALLS).map(([k, v]) => `${JSON.stringify(k)}: () => (${v.init})`).join(',\n');
    return layout('CORS lab', `<pre id="out"></pre><script>
const table = ${JSON.stringify(table)};
const inits = {${inits}};
const out = document.getElementById('out');
window.corsCall = (name) => fetch(table[name].url, inits[name]()).then(async (res) => { await res.text(); return 'ok ' + res.status; }, () => 'failed');
(async () => {
  for (const name of ${JSON.stringify(calls)}) out.textContent += name + ': ' + (await window.corsCall(name)) + '\\n';
  out.textContent += 'cors done';
})();
</script>`);
  },
};

function allowOrigin(ctx: Ctx, q: URLSearchParams): Record<string, string | string[]> {
  const origin = String(ctx.req.headers.origin ?? '');
  switch (q.get('acao') ?? 'echo') {
    case 'none':
      return {};
    case 'star':
      return { 'access-control-allow-origin': '*' };
    case 'two':
      return { 'access-control-allow-origin': [origin, 'http://other.test'] };
    case 'mismatch':
      return { 'access-control-allow-origin': 'http://other.test' };
    default:
      return { 'access-control-allow-origin': origin };
  }
}

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  '/cors/api': (ctx: Ctx) => {
    const q = ctx.url.searchParams;
    const base: Record<string, string | string[]> = { ...allowOrigin(ctx, q), 'cache-control': 'no-store' };
    if (q.get('acac') === '1') base['access-control-allow-credentials'] = 'true';
    const elsewhere = () => {
      const next = new URLSearchParams(q);
      next.delete('redirect');
      next.delete('pfredirect');
      return ctx.urls.http('api.test', `/cors/api?${next}`);
    };
    if (ctx.req.method === 'OPTIONS') {
      if (q.get('pfredirect') === '1') return send(ctx, 307, { ...base, location: elsewhere() } as never);
      const headers: Record<string, string | string[]> = {
        ...base,
        'access-control-allow-methods': q.get('acam') ?? 'PUT, POST, DELETE, PATCH',
        'access-control-allow-headers': q.get('acah') ?? 'x-token, content-type',
      };
      if (q.has('maxage')) headers['access-control-max-age'] = q.get('maxage')!;
      return send(ctx, Number(q.get('pfstatus') ?? 204), headers as never);
    }
    if (q.get('redirect') === '1') return send(ctx, 307, { ...base, location: elsewhere() } as never);
    send(ctx, 200, { ...base, 'content-type': 'text/plain' } as never, 'ok');
  },
};
