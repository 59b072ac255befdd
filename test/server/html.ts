// HTML helpers for scenario pages: escaping, the page layout (with a data: favicon, so
// Chromium asks for no /favicon.ico), and lists of delayed images carrying the run id.
import type { Ctx } from './routes.ts';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function layout(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>` +
    `<link rel="icon" href="data:,"><style>body{font:14px system-ui;margin:16px}img{width:8px;height:8px;margin:1px}</style>` +
    `</head><body><h1>${esc(title)}</h1>${body}</body></html>`;
}

export function num(ctx: Ctx, name: string, dflt: number): number {
  const v = Number(ctx.url.searchParams.get(name));
  return Number.isFinite(v) && ctx.url.searchParams.has(name) ? v : dflt;
}

export function run(ctx: Ctx): string {
  return ctx.url.searchParams.get('run') ?? 'none';
}

/** Images `name-0..n-1` from `origin` (an absolute origin or '' for this page's), with a delay each. */
export function images(origin: string, name: string, n: number, extra: string, r: string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += `<img alt="" src="${esc(`${origin}/res/${name}-${i}.png?run=${r}${extra}`)}">`;
  return out;
}

