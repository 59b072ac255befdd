// Headers as the protocol sends them (an object, duplicates joined with "\n") turned into the
// ordered name/value list of records.ts, plus the few look-ups the recorder needs.
import type { Header } from '../records.ts';

/**
 * The protocol's `Headers` object as a list. Raw ExtraInfo headers join repeated fields (two
 * Set-Cookie lines, say) with "\n"; they are split back into one entry each, as DevTools does.
 */
export function headerList(headers: unknown): Header[] {
  const out: Header[] = [];
  if (typeof headers !== 'object' || headers === null) return out;
  for (const name in headers) {
    const raw = (headers as Record<string, unknown>)[name];
    const value = typeof raw === 'string' ? raw : String(raw);
    if (value.indexOf('\n') < 0) out.push({ name, value });
    else for (const part of value.split('\n')) out.push({ name, value: part });
  }
  return out;
}

/** The first value of header `name` (case-insensitive), or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/** Whether two header lists hold the same fields in the same order. */
export function sameHeaders(a: readonly Header[], b: readonly Header[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.value !== y.value) return false;
  }
  return true;
}

/** The status line of raw response headers text (`HTTP/1.1 304 Not Modified`). */
export function parseStatusLine(text: string): { version: string; status: number; reason: string } | undefined {
  const eol = text.indexOf('\r\n');
  const line = eol < 0 ? text : text.slice(0, eol);
  const m = /^(HTTP\/[0-9.]+) (\d{3})(?: (.*))?$/.exec(line);
  if (!m) return undefined;
  return { version: m[1]!, status: Number(m[2]), reason: m[3] ?? '' };
}

/** `HTTP/1.1` → `http/1.1`, the spelling `Response.protocol` uses. */
export function protocolOfVersion(version: string): string {
  return version.toLowerCase();
}
