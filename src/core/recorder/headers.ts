// Headers as the protocol sends them (an object, duplicates joined with "\n") turned into the
// ordered name/value list of records.ts, plus the few look-ups the recorder needs.
import type { Header } from '../records.ts';

// Memory: the same header (User-Agent, Accept, sec-ch-ua, Content-Type, Cache-Control, Server, …)
// comes back on almost every request, in up to four lists each (the renderer's and the raw request
// headers, the reported and the raw response headers). Every list entry is one shared
// {name, value} object per distinct pair, instead of a new object and a new value string each
// time: nothing may change a header in place (nothing does; redaction and HAR copy). Not frozen:
// the fold of bench/lib/scaled-log.ts × 60 took 1.8× as long with frozen entries, 1.2–1.3× without.
// Values longer than SHARED_VALUE_MAX (cookies, long CSP) stay apart, and the table is emptied
// when it reaches SHARED_MAX pairs, so it stays bounded whatever the session holds.
const SHARED_VALUE_MAX = 256;
const SHARED_MAX = 50_000;
let shared = new Map<string, Map<string, Header>>();
let sharedCount = 0;

function header(name: string, value: string): Header {
  if (value.length > SHARED_VALUE_MAX) return { name, value };
  let byValue = shared.get(name);
  let h = byValue?.get(value);
  if (h) return h;
  if (sharedCount >= SHARED_MAX) {
    shared = new Map();
    sharedCount = 0;
    byValue = undefined;
  }
  if (!byValue) shared.set(name, (byValue = new Map()));
  h = { name, value };
  byValue.set(value, h);
  sharedCount++;
  return h;
}

/**
 * The protocol's `Headers` object as a list (entries are shared: copy one to change it). Raw ExtraInfo headers join repeated fields (two
 * Set-Cookie lines, say) with "\n"; they are split back into one entry each, as DevTools does.
 */
export function headerList(headers: unknown): Header[] {
  const out: Header[] = [];
  if (typeof headers !== 'object' || headers === null) return out;
  for (const name in headers) {
    const raw = (headers as Record<string, unknown>)[name];
    const value = typeof raw === 'string' ? raw : String(raw);
    if (value.indexOf('\n') < 0) out.push(header(name, value));
    else for (const part of value.split('\n')) out.push(header(name, part));
  }
  return out;
}

/** The first value of header `name` (case-insensitive), or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  // Lower-casing changes the length of no name that could become an ASCII one (only U+0130 grows),
  // so names of another length are passed over without a lower-cased copy.
  for (const h of headers) {
    const n = h.name;
    if (n.length === lower.length && (n === lower || n.toLowerCase() === lower)) return h.value;
  }
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
