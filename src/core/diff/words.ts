// Small wording helpers the diff's sentences share (figures come from src/core/format).
import { codeSpan, formatBytes, formatDuration } from '../format/index.ts';

export { codeSpan, plural } from '../format/index.ts';

/** `GET /path?query` of a URL (the origin left out), cut to a readable length, as a code span. */
export function requestLabel(method: string, url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url);
  let path = m ? m[1] || '/' : url;
  if (path.length > 100) path = `${path.slice(0, 99)}…`;
  return codeSpan(`${method} ${path}`);
}

export function signedBytes(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatBytes(Math.abs(n))}`;
}

export function signedMs(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatDuration(Math.abs(n))}`;
}

/** A list of labels for a sentence: the first `max`, then "and N more". */
export function listed(labels: readonly string[], max = 5): string {
  if (labels.length <= max) return labels.join(', ');
  return `${labels.slice(0, max).join(', ')} and ${labels.length - max} more`;
}
