// A page that sends and receives planted secrets of every kind redaction must remove — and decoys
// that must survive — so a recording of it tests HAR redaction end to end.
import type { Ctx } from '../routes.ts';
import { send } from '../routes.ts';
import { layout, run } from '../html.ts';

/** A JSON Web Token (HS256 header, {"sub":"12345","name":"alice"}, a dummy signature). */
export const PLANTED_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NSIsIm5hbWUiOiJhbGljZSJ9.c2lnbmF0dXJlLXBsYW50ZWQ';

/** Every planted secret value; none may survive a redacted export. */
export const PLANTED = {
  cookie: 'CookieSecret-7f3a',
  apiKeyHeader: 'HeaderSecret-51c2',
  query: 'QuerySecret-9e04',
  form: 'FormSecret-22d8',
  json: 'JsonSecret-6b1f',
  nestedJson: 'NestedSecret-0c77',
  responseJson: 'ResponseSecret-4a90',
  jwt: PLANTED_JWT,
} as const;

/** Values that look harmless and must stay. */
export const DECOYS = ['keyword=blue', 'barcode=123', 'req-4242', 'keep me'] as const;

export const pages: Record<string, (ctx: Ctx) => string> = {
  '/secrets-page': (ctx) => {
    const r = run(ctx);
    const ws = ctx.urls.ws(ctx.url.hostname, `/ws?run=${r}`);
    return layout('Secrets (for redaction tests)', `<pre id="out"></pre><script>
const out = document.getElementById('out');
const jwt = ${JSON.stringify(PLANTED_JWT)};
(async () => {
  await fetch('/secrets/set-cookie?run=${r}');
  await fetch('/res/api.json?run=${r}&access_token=${PLANTED.query}&keyword=blue', { headers: { Authorization: 'Bearer ' + jwt, 'X-Api-Key': ${JSON.stringify(PLANTED.apiKeyHeader)}, 'X-Request-Id': 'req-4242' } });
  await fetch('/res/form.txt?run=${r}', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=alice&password=${PLANTED.form}&barcode=123' });
  await fetch('/res/json.json?run=${r}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'alice', apiKey: ${JSON.stringify(PLANTED.json)}, nested: { refresh_token: ${JSON.stringify(PLANTED.nestedJson)} }, note: 'keep me' }) });
  await fetch('/secrets/token.json?run=${r}').then((res) => res.text());
  const es = new EventSource('/secrets/sse?run=${r}');
  await new Promise((done) => { es.onmessage = () => { es.close(); done(); }; });
  const ws = new WebSocket(${JSON.stringify(ws)});
  await new Promise((done) => { ws.onopen = done; });
  ws.send('token ' + jwt);
  ws.send('close please');
  await new Promise((done) => { ws.onclose = done; });
  out.textContent = 'secrets done';
})();
</script>`);
  },
};

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  '/secrets/set-cookie': (ctx) =>
    send(ctx, 200, { 'content-type': 'text/plain', 'cache-control': 'no-store', 'set-cookie': `sid=${PLANTED.cookie}; Path=/; HttpOnly; SameSite=Lax` }, 'cookie set\n'),
  '/secrets/token.json': (ctx) =>
    send(ctx, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, JSON.stringify({ access_token: PLANTED.responseJson, user: 'alice', expires_in: 3600 })),
  '/secrets/sse': (ctx) => {
    ctx.entry.status = 200;
    ctx.entry.respondedAt = Date.now();
    ctx.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    ctx.res.write(`retry: 60000\nid: 1\ndata: {"token":"${PLANTED_JWT}","note":"keep me"}\n\n`);
    ctx.log.addMessage({ kind: 'sse', requestId: ctx.entry.id, direction: 'sent', data: `{"token":"${PLANTED_JWT}","note":"keep me"}`, eventId: '1' });
  },
};
