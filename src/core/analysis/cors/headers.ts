// Reading CORS headers from a record: every value of a field (the protocol joins repeated raw
// fields with "\n"), and the Fetch standard's lists (comma-separated tokens).
import type { Header } from '../../records.ts';

/** Every value of a header (case-insensitive name), repeated fields and "\n"-joined ones split apart. */
export function values(list: readonly Header[], name: string): string[] {
  const out: string[] = [];
  const want = name.toLowerCase();
  for (const h of list) {
    const n = h.name;
    // A name of another length cannot match (lower-casing keeps the length of every name that
    // could become an ASCII one), and most names are lower case already: no lower-cased copy.
    if (n.length !== want.length || (n !== want && n.toLowerCase() !== want)) continue;
    for (const v of h.value.split('\n')) out.push(v.trim());
  }
  return out;
}

/** The value of a header, repeated fields joined with ", "; undefined when absent. */
export function value(list: readonly Header[], name: string): string | undefined {
  const v = values(list, name);
  return v.length === 0 ? undefined : v.join(', ');
}

/** A comma-separated list (Access-Control-Allow-Methods / -Headers / -Expose-Headers), empty items dropped. */
export function tokens(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v.split(',').map((s) => s.replace(/^[ \t]+|[ \t]+$/g, '')).filter((s) => s !== '');
}

/**
 * An Access-Control-Allow-Methods / -Headers list as Chromium parses it
 * (services/network/cors/preflight_result.cc): split on commas, spaces and tabs around an item and
 * empty items ignored; every item must be an HTTP token, else the whole list is refused (`valid`
 * false, no items), and so is the preflight.
 */
export function allowList(v: string | undefined): { items: string[]; valid: boolean } {
  const items = tokens(v);
  return items.every((t) => TOKEN.test(t)) ? { items, valid: true } : { items: [], valid: false };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** scheme://host[:port] of a URL, or undefined when it has none (data:, about:). */
const origins = new Map<string, string | undefined>();

export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  // Documents repeat across a session's requests: each is parsed once (the map is bounded).
  if (origins.has(url)) return origins.get(url);
  const o = parseOrigin(url);
  if (origins.size > 10_000) origins.clear();
  origins.set(url, o);
  return o;
}

function parseOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}
