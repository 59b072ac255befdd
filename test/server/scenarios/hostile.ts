// A hostile page: everything it makes the browser record is built to act if a view ever renders
// it as markup, follows it as a link or evaluates it. Markup, script, `javascript:` URLs, control
// characters and bidi overrides, in URLs, header names and values, cookies, the page title, an
// initiator's URL, EventSource data and WebSocket frames. Every payload sets the marker below;
// the tests check that it stays unset and that the text is shown as text.
import type { Ctx } from '../routes.ts';
import { send } from '../routes.ts';
import { layout, run } from '../html.ts';

/** The global every payload would set; it must stay undefined in every extension page. */
export const MARKER = '__netlensPwned';

const act = `${MARKER}=1;try{top.${MARKER}=1}catch(e){}`;

/** The payloads, each a string that would act if treated as markup, a URL or code. */
export const HOSTILE = {
  img: `<img src=x onerror="${act}">`,
  script: `<script>${act}</script>`,
  svg: `<svg/onload=${act}>`,
  js: `javascript:${act}//`,
  attr: `" onmouseover="${act}" x="`,
  /** U+202E RIGHT-TO-LEFT OVERRIDE: "txt.exe" reads as "exe.txt". */
  bidi: '\u202Eexe.txt',
  /** C0 controls and an ANSI escape (a terminal would turn the rest red). */
  ctrl: 'a\u0007b\u001b[31mred\u0008',
} as const;

/** The page title: markup, a bidi override and controls (the layout escapes it into the document, so the title's text is exactly this). */
export const HOSTILE_TITLE = `Hostile ${HOSTILE.img}${HOSTILE.bidi}`;
/** A header name made only of token characters that look like markup or quoting. */
export const HOSTILE_HEADER_NAME = "x-'`&|~!onerror";

/** A latin1 string holding the UTF-8 bytes of `s`: how node writes raw bytes into a header. */
const rawUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

export const pages: Record<string, (ctx: Ctx) => string> = {
  '/hostile-page': (ctx) => {
    const r = run(ctx);
    const ws = ctx.urls.ws(ctx.url.hostname, `/ws?run=${r}`);
    const q = (s: string) => encodeURIComponent(s);
    return layout(HOSTILE_TITLE, `<pre id="out"></pre>
<script src="/hostile/init.js?run=${r}&amp;x=${q(HOSTILE.img)}"></script>
<script>
const H = ${JSON.stringify(HOSTILE).replace(/</g, '\\u003c')};
const out = document.getElementById('out');
(async () => {
  // Markup, a javascript: URL and controls in the query and the path.
  await fetch('/hostile/res?run=${r}&q=' + encodeURIComponent(H.img + H.script + H.svg) + '&u=' + encodeURIComponent(H.js) + '&c=' + encodeURIComponent(H.ctrl + H.bidi));
  await fetch('/hostile/' + encodeURIComponent(H.script) + '?run=${r}');
  // Markup in request header values (node's parser refuses control characters in them, so those go in the URL, frames and events).
  await fetch('/hostile/res?run=${r}&h=1', { headers: { 'X-Hostile': H.img, 'X-Script': H.script, 'X-Attr': H.attr, 'X-Js': H.js } });
  // A redirect to a javascript: URL (Chromium refuses to follow it).
  await fetch('/hostile/redirect?run=${r}').catch(() => undefined);
  await window.initDone;
  const es = new EventSource('/hostile/sse?run=${r}');
  await new Promise((done) => {
    let n = 0;
    const tick = () => { if (++n === 3) { es.close(); done(); } };
    es.onmessage = tick;
    es.addEventListener(H.script, tick);
    es.onerror = () => { es.close(); done(); };
  });
  const ws = new WebSocket(${JSON.stringify(ws)});
  await new Promise((done) => { ws.onopen = done; });
  for (const v of Object.values(H)) ws.send(v);
  ws.send('close please');
  await new Promise((done) => { ws.onclose = done; });
  out.textContent = 'hostile done';
})();
</script>`);
  },
};

export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {
  // A script whose own URL carries markup: the initiator of what it fetches.
  '/hostile/init.js': (ctx) =>
    send(ctx, 200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' },
      `window.initDone = fetch('/hostile/res?run=${run(ctx)}&from=init').then((r) => r.text());\n`),
  '/hostile/res': (ctx) =>
    send(ctx, 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-hostile': HOSTILE.img,
      'x-script': HOSTILE.script,
      'x-attr': HOSTILE.attr,
      'x-js': HOSTILE.js,
      // Raw UTF-8 bytes of a bidi override in a value.
      'x-bidi': rawUtf8(HOSTILE.bidi),
      [HOSTILE_HEADER_NAME]: HOSTILE.svg,
      'set-cookie': `hostile=${encodeURIComponent(HOSTILE.script)}; Path=/; SameSite=Lax`,
      link: `<${HOSTILE.js}>; rel="help"`,
    }, `<!doctype html>${HOSTILE.script}${HOSTILE.img}`),
  '/hostile/redirect': (ctx) => send(ctx, 302, { location: HOSTILE.js, 'cache-control': 'no-store', 'x-hostile': HOSTILE.img }, ''),
  '/hostile/sse': (ctx) => {
    ctx.entry.status = 200;
    ctx.entry.respondedAt = Date.now();
    ctx.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    const events: { id: string; event?: string; data: string }[] = [
      { id: '1', data: HOSTILE.img },
      { id: HOSTILE.js, event: HOSTILE.script, data: HOSTILE.svg },
      { id: '3', data: `${HOSTILE.bidi} ${HOSTILE.ctrl}` },
    ];
    for (const e of events) {
      ctx.res.write(`id: ${e.id}\n${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`);
      ctx.log.addMessage({ kind: 'sse', requestId: ctx.entry.id, direction: 'sent', data: e.data, eventId: e.id });
    }
  },
};
