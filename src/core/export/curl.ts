// "Copy as cURL" (bash quoting), as DevTools writes it: the raw request headers when known, the
// body as --data-raw, pseudo-headers of HTTP/2 left out.
import type { NetworkRequest } from '../records.ts';

/**
 * Single-quotes a string for bash; ANSI-C quoting ($'…') when it holds control characters.
 * Only C0 controls and DEL are written as escapes: `\xHH` in $'…' is one byte, which is the
 * character itself only below 0x80 (a C1 control such as U+0085 is two bytes in UTF-8, so it
 * stays as it is, like every other character outside ASCII).
 */
export function bashQuote(s: string): string {
  if (/[\u0000-\u001f\u007f!]/.test(s)) {
    const body = s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[\u0000-\u001f\u007f!]/g, (c) => {
      const code = c.charCodeAt(0);
      return code === 0x0a ? '\\n' : code === 0x0d ? '\\r' : code === 0x09 ? '\\t' : code === 0x21 ? '\\041' : `\\x${code.toString(16).padStart(2, '0')}`;
    });
    return `$'${body}'`;
  }
  return `'${s.replace(/'/g, "'\\''")}'`;
}

const SKIPPED = new Set(['host', 'content-length', 'accept-encoding']);

export function toCurl(r: Pick<NetworkRequest, 'url' | 'method' | 'requestHeaders' | 'postData'>): string {
  const parts = [`curl ${bashQuote(r.url)}`];
  const hasBody = r.postData !== undefined;
  if (!(r.method === 'GET' && !hasBody) && !(r.method === 'POST' && hasBody)) parts.push(`-X ${bashQuote(r.method)}`);
  let compressed = false;
  for (const h of r.requestHeaders) {
    const name = h.name.toLowerCase();
    if (name.startsWith(':')) continue;
    if (name === 'accept-encoding') compressed = true;
    if (SKIPPED.has(name)) continue;
    parts.push(`-H ${bashQuote(`${h.name}: ${h.value}`)}`);
  }
  if (hasBody) parts.push(`--data-raw ${bashQuote(r.postData!)}`);
  if (compressed) parts.push('--compressed');
  return parts.join(' \\\n  ');
}
