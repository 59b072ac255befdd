// Pages for the storage benchmarks and the flood test: a page the server floods with WebSocket
// frames (it counts what it received in window.floodReceived and in its title when done), and
// the soak page (a request every 50 ms and a stream of frames, until the page is closed).
import type { Ctx } from '../routes.ts';
import { layout, num, run } from '../html.ts';

/** /ws-flood-page?run=R&frames=N&size=B — opens /ws-flood and counts the frames. */
export function floodPage(ctx: Ctx): string {
  const r = run(ctx);
  const frames = num(ctx, 'frames', 1000);
  const size = num(ctx, 'size', 64);
  const ws = ctx.urls.ws('a.test', `/ws-flood?run=${encodeURIComponent(r)}&frames=${frames}&size=${size}`);
  return layout('WebSocket flood', `<p id="out">0</p><script>
window.floodReceived = 0;
const out = document.getElementById('out');
const ws = new WebSocket(${JSON.stringify(ws)});
ws.onmessage = () => {
  window.floodReceived++;
  if (window.floodReceived === ${frames}) { out.textContent = String(window.floodReceived); document.title = 'flood done'; }
};
</script>`);
}

/** /soak-page?run=R&every=50&frameEvery=20 — a fetch every `every` ms and a frame every `frameEvery` ms, forever. */
export function soakPage(ctx: Ctx): string {
  const r = run(ctx);
  const every = num(ctx, 'every', 50);
  const frameEvery = num(ctx, 'frameEvery', 20);
  const ws = ctx.urls.ws('a.test', `/ws-flood?run=${encodeURIComponent(r)}&frames=0&size=120&interval=${frameEvery}`);
  return layout('Soak', `<p id="out">0</p><script>
let n = 0;
const out = document.getElementById('out');
setInterval(() => {
  n++;
  fetch(n % 3 === 0 ? '/res/soak-cached-' + (n % 50) + '.json?run=${r}&cc=max-age%3D60' : '/res/soak-' + n + '.json?run=${r}').then((res) => res.text()).then(() => { out.textContent = String(n); });
}, ${every});
const ws = new WebSocket(${JSON.stringify(ws)});
</script>`);
}
