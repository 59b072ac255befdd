// How a request is named: its URL's path (the table's column, a sentence's name for it), its
// number as the Requests table shows it, and text as code in sentences.
import type { NetworkRequest } from '../records.ts';

/**
 * The path of a URL (what the table shows; the origin is in the tooltip): with its query unless
 * `query: false`; longer than `max` characters, its end is kept after "…". A `data:` URL is shown
 * from its start, cut at `max` (60 unless given).
 */
export function formatPath(url: string, options: { query?: boolean; max?: number } = {}): string {
  if (url.startsWith('data:')) {
    const max = options.max ?? 60;
    return url.length > max ? `${url.slice(0, max - 3)}…` : url;
  }
  const i = url.indexOf('//');
  let path = url;
  if (i >= 0) {
    const slash = url.indexOf('/', i + 2);
    path = slash < 0 ? '/' : url.slice(slash);
  }
  if (options.query === false) {
    const q = path.search(/[?#]/);
    if (q >= 0) path = path.slice(0, q);
  }
  const max = options.max;
  return max !== undefined && path.length > max ? `…${path.slice(-(max - 1))}` : path;
}

/** "#4": the request's number as the Requests table shows it. */
export function requestNumber(r: Pick<NetworkRequest, 'index'>): string {
  return `#${r.index + 1}`;
}

/** "#4 /app.js": how a sentence names a request (its path without the query, at most 48 characters). */
export function requestLabel(r: Pick<NetworkRequest, 'index' | 'url'>): string {
  return `${requestNumber(r)} ${formatPath(r.url, { query: false, max: 48 })}`;
}

/** Request numbers as a range when contiguous ("#12–#17"), else listed ("#3, #5 and #9"), with what was left out. */
export function requestNumbers(indexes: readonly number[], more = 0): string {
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

/** Text as a code span (backticks mark code in every sentence; a backtick inside becomes '). */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
