// Reading headers for the cache rules: a lower-case name → value map (what http-cache-semantics
// takes), and the Cache-Control directives, parsed only to *name* them in sentences (the rules
// themselves are the library's).
import type { Header } from '../../records.ts';

/** Header name (lower case) → value; repeated fields joined with ", " as HTTP allows. */
export type HeaderMap = Record<string, string>;

/**
 * The last maps made, by header list: the analysis reads a request's headers in two or three
 * places one after the other (its load's cache mode, its verdict, the entry it stores), and a
 * record's lists do not change once folded. Only the last few are kept (not one per list for the
 * whole session: those lived as long as the records, and every collection had to copy or scan
 * them). The maps are shared, so they are read, never written.
 */
const recent: { list: readonly Header[] | undefined; map: HeaderMap }[] = [
  { list: undefined, map: {} },
  { list: undefined, map: {} },
  { list: undefined, map: {} },
];
let next = 0;

export function headerMap(list: readonly Header[]): HeaderMap {
  for (const slot of recent) if (slot.list === list) return slot.map;
  const out = buildHeaderMap(list);
  const slot = recent[next]!;
  next = (next + 1) % recent.length;
  slot.list = list;
  slot.map = out;
  return out;
}

function buildHeaderMap(list: readonly Header[]): HeaderMap {
  const out: HeaderMap = {};
  for (const h of list) {
    const name = h.name.toLowerCase();
    // HTTP/2 pseudo-headers (":authority") are not fields a cache reads.
    if (name.startsWith(':')) continue;
    const seen = out[name];
    out[name] = seen === undefined ? h.value : `${seen}, ${h.value}`;
  }
  return out;
}

/** Cache-Control directives by lower-case name; `true` for a directive without a value. */
export type Directives = ReadonlyMap<string, string | true>;

const NO_DIRECTIVES: Directives = new Map();
/** Directives already parsed, by header text: a session repeats a few Cache-Control values many times. */
const parsed = new Map<string, Directives>();
/** Bound on `parsed` (a session of distinct values refills it rather than growing it). */
const PARSED_MAX = 4096;

/** The directives of a Cache-Control value; shared between callers, so read, never written. */
export function directives(value: string | undefined): Directives {
  if (!value) return NO_DIRECTIVES;
  let out = parsed.get(value);
  if (out === undefined) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(value, (out = parseDirectives(value)));
  }
  return out;
}

function parseDirectives(value: string): Directives {
  const out = new Map<string, string | true>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!name) continue;
    const raw = eq < 0 ? true : part.slice(eq + 1).trim().replace(/^"|"$/g, '');
    if (!out.has(name)) out.set(name, raw);
  }
  return out;
}

/** The Cache-Control directive as written, e.g. "max-age=600", for a code span. */
export function directiveText(d: Directives, name: string): string {
  const v = d.get(name);
  return v === undefined || v === true ? name : `${name}=${v}`;
}

/** Seconds of a numeric directive (max-age=600 → 600), or undefined when absent or not a number. */
export function directiveSeconds(d: Directives, name: string): number | undefined {
  const v = d.get(name);
  if (typeof v !== 'string') return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** Epoch ms of an HTTP date header, or undefined when absent or unparsable. */
export function httpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The names in a Vary header, lower case ("*" kept). */
export function varyNames(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}
