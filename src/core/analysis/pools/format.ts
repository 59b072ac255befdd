// Figures and request names as the explanations print them.
import type { NetworkRequest } from '../../records.ts';

/** Milliseconds as a person reads them: "0.4 ms", "12 ms", "340 ms", "1.2 s". */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return '?';
  if (x < 0.995) return `${x.toFixed(x < 0.095 ? 2 : 1)} ms`;
  if (x < 9.95) return `${x.toFixed(1)} ms`;
  if (x < 999.5) return `${Math.round(x)} ms`;
  if (x < 59_950) return `${(x / 1000).toFixed(x < 9_950 ? 1 : 0)} s`;
  const min = Math.floor(x / 60_000);
  return `${min} min ${Math.round((x - min * 60_000) / 1000)} s`;
}

export function percent(share: number): string {
  const p = share * 100;
  return p < 0.95 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The path of a URL without its query, shortened: what a sentence names a request by. */
export function pathOf(url: string): string {
  const i = url.indexOf('//');
  let path = url;
  if (i >= 0) {
    const slash = url.indexOf('/', i + 2);
    path = slash < 0 ? '/' : url.slice(slash);
  }
  const q = path.search(/[?#]/);
  if (q >= 0) path = path.slice(0, q);
  return path.length > 48 ? `…${path.slice(-47)}` : path;
}

/** "#4" — the request's number as the Requests table shows it. */
export function num(r: Pick<NetworkRequest, 'index'>): string {
  return `#${r.index + 1}`;
}

/** "#4 /app.js" */
export function label(r: Pick<NetworkRequest, 'index' | 'url'>): string {
  return `${num(r)} ${pathOf(r.url)}`;
}

/** Request numbers as a range when contiguous ("#12–#17"), else listed ("#3, #5 and #9"), with what was left out. */
export function numbers(indexes: readonly number[], more = 0): string {
  const sorted = [...indexes].sort((a, b) => a - b).map((i) => i + 1);
  if (sorted.length === 0) return '';
  let text: string;
  const contiguous = sorted.every((n, i) => i === 0 || n === sorted[i - 1]! + 1);
  if (sorted.length >= 3 && contiguous) text = `#${sorted[0]}–#${sorted[sorted.length - 1]}`;
  else if (sorted.length === 1) text = `#${sorted[0]}`;
  else if (more > 0) text = sorted.map((n) => `#${n}`).join(', ');
  else text = `${sorted.slice(0, -1).map((n) => `#${n}`).join(', ')} and #${sorted[sorted.length - 1]}`;
  return more > 0 ? `${text} and ${more} more` : text;
}
