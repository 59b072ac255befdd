// Fixture-server pages of the experiments issue (21): a two-page flow for `netlens record --steps`.
//   /flow/start?run=<id>   a form with a name field and a "Next" button, and one image
//   /flow/next?run=<id>&name=<text>   what the form sent, one image and one fetch() of a JSON resource
// Both pass `run` on, so every URL of a test is unique to it.
import type { Ctx } from '../routes.ts';
import { esc, layout, run } from '../html.ts';

export const pages: Record<string, (ctx: Ctx) => string> = {
  '/flow/start': (ctx) => {
    const r = run(ctx);
    return layout(
      'Flow, first page',
      `<img alt="" src="/res/flow-start.png?run=${esc(r)}">` +
        `<form action="/flow/next" method="get"><input type="hidden" name="run" value="${esc(r)}">` +
        `<input id="name" name="name"><button id="next" type="submit">Next</button></form>`,
    );
  },
  '/flow/next': (ctx) => {
    const r = run(ctx);
    return layout(
      'Flow, second page',
      `<p id="who">${esc(ctx.url.searchParams.get('name') ?? '')}</p><img alt="" src="/res/flow-next.png?run=${esc(r)}">` +
        `<pre id="out"></pre><script>fetch('/res/flow-data.json?run=${encodeURIComponent(r)}').then((x) => x.text()).then((t) => { document.getElementById('out').textContent = t; document.title = 'done'; });</script>`,
    );
  },
};
