// The key two recordings' requests are matched by: the method and a normalised URL, in which the
// parts that change from one load to the next (ids, content hashes, cache-busters, UUIDs, session
// values) are folded into placeholders. The rules, in order (docs/ARCHITECTURE.md, "Diff", and
// `netlens diff --help` say the same):
//
// 1. Scheme and host lower case; the port kept (it names another origin); the fragment dropped.
// 2. Every path segment and every query value is split into tokens at `-`, `_`, `.`, `~`, `,`
//    and `+`; a token is folded when it is
//      - a UUID (8-4-4-4-12 hex digits: the segment as a whole)          → `{uuid}`
//      - 4 or more digits (ids, timestamps)                             → `{n}`
//      - 8 or more hex digits with at least one digit (hashes, ids)     → `{hex}`
//      - 8 or more letters and digits with at least one of each
//        (base-36 and base-64 hashes, tokens: `index-BfT3x9Qa.js`)      → `{id}`
// 3. Query parameters are sorted by name (values of one name keep their order). The value of a
//    cache-buster or session name (`_`, `t`, `ts`, `v`, `cb`, `nocache`, `rand`, `timestamp`,
//    `sid`, `nonce`, `token`, `sig`, …: VOLATILE_NAMES) is folded whole to `{v}`; a bare key
//    (`?1712345678`) is folded by rule 2.
//
// Pure and linear in the URL's length.

/** Query names whose values change from one load to the next by design. */
export const VOLATILE_NAMES: ReadonlySet<string> = new Set([
  '_', '__', 't', 'ts', 'v', 'ver', 'cb', 'cachebust', 'cachebuster', 'cache_bust', 'bust', 'nocache', 'no_cache', 'rnd', 'rand', 'random', 'r',
  'timestamp', 'time', '_t', '_ts', 'sid', 'session', 'sessionid', 'session_id', 'nonce', 'token', 'sig', 'signature', 'expires', 'requestid', 'request_id',
  'rid', 'cid', 'gclid', 'fbclid', 'msclkid', 'x-amz-date', 'x-amz-signature', 'x-amz-credential', 'x-amz-security-token', 'correlator', 'jsessionid',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEPARATORS = /([-_.~,+])/;

/** The placeholder for one token, or the token itself. */
export function foldToken(token: string): string {
  const n = token.length;
  if (n < 4) return token;
  let digits = 0;
  let hex = 0;
  let alnum = 0;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      hex++;
      alnum++;
    } else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) {
      hex++;
      alnum++;
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      alnum++;
    } else {
      return token;
    }
  }
  if (digits === n) return '{n}';
  if (n >= 8 && hex === n && digits > 0) return '{hex}';
  if (n >= 8 && alnum === n && digits > 0 && digits < n) return '{id}';
  return token;
}

/** A path segment or query value with its volatile tokens folded. */
export function foldPart(part: string): string {
  if (part.length < 4) return part;
  if (part.length === 36 && UUID.test(part)) return '{uuid}';
  const pieces = part.split(SEPARATORS);
  // A UUID inside a longer part (`avatar-<uuid>.png`): join the five pieces back and test them.
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (i % 2 === 1) {
      out += p;
      continue;
    }
    if (p.length === 8 && i + 8 < pieces.length) {
      const candidate = pieces.slice(i, i + 9).join('');
      if (UUID.test(candidate)) {
        out += '{uuid}';
        i += 8;
        continue;
      }
    }
    out += foldToken(p);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The normalised URL (see the rules above). A text that is not a URL is returned as it is, without its fragment. */
export function normaliseUrl(url: string): string {
  const hash = url.indexOf('#');
  const noFragment = hash >= 0 ? url.slice(0, hash) : url;
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?]*)([^?]*)(\?.*)?$/i.exec(noFragment);
  if (!m) return noFragment;
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  const path = m[3]!.split('/').map(foldPart).join('/');
  const query = m[4] ? normaliseQuery(m[4].slice(1)) : '';
  return `${scheme}://${host}${path}${query ? `?${query}` : ''}`;
}

function normaliseQuery(query: string): string {
  if (!query) return '';
  const params: { name: string; value: string | undefined; at: number }[] = [];
  const parts = query.split('&');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (!p) continue;
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq);
    const value = eq < 0 ? undefined : p.slice(eq + 1);
    if (value === undefined) {
      params.push({ name: foldPart(name), value: undefined, at: i });
      continue;
    }
    const folded = VOLATILE_NAMES.has(safeDecode(name).toLowerCase()) ? (value ? '{v}' : '') : foldPart(value);
    params.push({ name, value: folded, at: i });
  }
  params.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.at - y.at));
  return params.map((p) => (p.value === undefined ? p.name : `${p.name}=${p.value}`)).join('&');
}

/** The matching key of a request: its method and its normalised URL. */
export function matchKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${normaliseUrl(url)}`;
}

/** The key without the origin (scheme and host): requests that moved to another origin match on it. */
export function pathKey(method: string, url: string): string {
  const n = normaliseUrl(url);
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*(.*)$/i.exec(n);
  return `${method.toUpperCase()} ${m ? m[1] || '/' : n}`;
}
