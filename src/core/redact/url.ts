// URLs, wherever they appear (request URL, :path, Referer, Location, redirectURL, initiators,
// page titles, Link headers, text): user names and passwords, tokens in paths (password-reset
// and magic links, webhook URLs, ;jsessionid=), secret-named query and fragment parameters, and
// values nested inside parameters (a URL, JSON, base64-wrapped JSON, a query string). The URL is
// taken apart as a string, never normalised, so what is not a secret stays byte for byte.
import { decodeName } from './names.ts';
import { findCredentials } from './key-formats.ts';
import { REDACTED_IN_URL } from './markers.ts';
import type { RedactionKind, Scrubber } from './scrubber.ts';

/** A URL with a scheme: its host is its own (only a relative URL inside it is read on the entry's host). */
export const SCHEME = /^(?:jdbc:)?[a-zA-Z][a-zA-Z0-9+.-]{0,30}:\/\//;

export function redactUrl(url: string, sc: Scrubber, depth: number): string {
  if (url.length < 2) return url;
  let prefix = '';
  let rest = url;
  const scheme = SCHEME.exec(url);
  if (scheme) {
    const afterScheme = scheme[0].length;
    let authEnd = afterScheme;
    while (authEnd < url.length) {
      const c = url.charCodeAt(authEnd);
      if (c === 47 || c === 63 || c === 35) break;
      authEnd++;
    }
    prefix = scheme[0] + redactAuthority(url.slice(afterScheme, authEnd), sc);
    rest = url.slice(authEnd);
  }
  const hashAt = rest.indexOf('#');
  const beforeHash = hashAt < 0 ? rest : rest.slice(0, hashAt);
  const fragment = hashAt < 0 ? undefined : rest.slice(hashAt + 1);
  const q = beforeHash.indexOf('?');
  const path = q < 0 ? beforeHash : beforeHash.slice(0, q);
  const query = q < 0 ? undefined : beforeHash.slice(q + 1);
  const host = scheme ? prefix.slice(scheme[0].length).replace(/^.*@/, '').toLowerCase() : rest.startsWith('/') ? sc.host : '';
  let out = prefix + redactPath(path, host, sc);
  if (query !== undefined) out += '?' + redactQuery(query, sc, depth, 'query');
  if (fragment !== undefined) out += '#' + redactFragment(fragment, sc, depth);
  return out;
}

/** user:password@host — the password goes; a user name alone is often a token (https://TOKEN@github.com), so it goes too. */
export function redactAuthority(authority: string, sc: Scrubber): string {
  const at = authority.lastIndexOf('@');
  if (at < 0) return authority;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon >= 0) {
    if (colon === userinfo.length - 1 || userinfo.slice(colon + 1) === REDACTED_IN_URL) return authority;
    sc.note('userinfo', 'password');
    const user = userinfo.slice(0, colon);
    const userIsKey = findCredentials(user).length > 0;
    if (userIsKey) sc.note('userinfo', 'user');
    return `${userIsKey ? REDACTED_IN_URL : user}:${REDACTED_IN_URL}${authority.slice(at)}`;
  }
  if (userinfo === '' || userinfo === REDACTED_IN_URL) return authority;
  sc.note('userinfo', 'user');
  return REDACTED_IN_URL + authority.slice(at);
}

/** Path segments after which the next segment is a capability (reset links, magic links, invitations, webhooks). */
const PATH_MARKERS = new Set([
  'reset', 'resetpassword', 'passwordreset', 'forgotpassword', 'magic', 'magiclink', 'loginlink', 'signinlink', 'verify',
  'verifyemail', 'emailverification', 'verification', 'confirm', 'confirmemail', 'confirmation', 'activate', 'activation',
  'invite', 'invites', 'invitation', 'invitations', 'acceptinvite', 'token', 'tokens', 'auth', 'sso', 'signin', 'login',
  'unsubscribe', 'webhook', 'webhooks', 'hooks', 'hook', 'ticket', 'tickets', 'session', 'sessions', 'secret', 'otp',
  'share', 'shared', 'download', 'recover', 'recovery', 'setpassword', 'newpassword', 'changepassword', 'callback', 'key',
  'apikey', 'incomingwebhook', 'catch', 'trigger',
]);

/** A segment that looks machine-made: long, letters and digits (or 32+ characters of base64url). */
function looksLikeToken(segment: string): boolean {
  if (segment.length < 16 || segment === REDACTED_IN_URL) return false;
  if (!/^[A-Za-z0-9._~%+=@-]+$/.test(segment)) return false;
  return (/\d/.test(segment) && /[A-Za-z]/.test(segment)) || segment.length >= 32;
}

export function redactPath(path: string, host: string, sc: Scrubber): string {
  if (path.length < 2) return path;
  const segments = path.split('/');
  let changed = false;
  let afterMarker = '';
  host = host.replace(/:\d+$/, '');
  const slackHook = host === 'hooks.slack.com' && /^\/(services|workflows|triggers)\//.test(path);
  const discordHook = /(^|\.)discord(app)?\.com$/.test(host) && /^\/api\/(v\d+\/)?webhooks\//.test(path);
  for (let i = 0; i < segments.length; i++) {
    let seg = segments[i]!;
    if (seg === '') continue;
    // Matrix parameters: /cart;jsessionid=…
    const semi = seg.indexOf(';');
    if (semi >= 0) {
      const params = seg
        .slice(semi + 1)
        .split(';')
        .map((p) => {
          const eq = p.indexOf('=');
          if (eq < 0 || eq === p.length - 1) return p;
          const name = p.slice(0, eq);
          if (!sc.secretName(name, 'url') && !sc.strict) return p;
          if (p.slice(eq + 1) === REDACTED_IN_URL) return p;
          sc.note('path', decodeName(name));
          return `${name}=${REDACTED_IN_URL}`;
        });
      const next = seg.slice(0, semi + 1) + params.join(';');
      if (next !== seg) {
        seg = next;
        changed = true;
      }
    }
    const last = i === segments.length - 1 || (i === segments.length - 2 && segments[i + 1] === '');
    if ((slackHook && last && seg.length >= 8) || (discordHook && last && i >= 4 && seg.length >= 20) || (afterMarker && looksLikeToken(seg))) {
      sc.note('path', slackHook ? 'Slack webhook secret' : discordHook ? 'Discord webhook token' : `after /${afterMarker}/`);
      seg = REDACTED_IN_URL;
      changed = true;
    } else if (seg.length >= 16) {
      const decoded = safeDecode(seg);
      if (findCredentials(decoded).length) {
        for (const f of findCredentials(decoded)) sc.note(f.name.startsWith('JSON Web') ? 'token' : 'key', f.name);
        seg = REDACTED_IN_URL;
        changed = true;
      }
    }
    const marker = seg.toLowerCase().replace(/[^a-z0-9]/g, '');
    afterMarker = PATH_MARKERS.has(marker) ? marker : afterMarker && looksLikeToken(segments[i]!) ? afterMarker : '';
    segments[i] = seg;
  }
  return changed ? segments.join('/') : path;
}

/** encodeURIComponent that never throws: a lone surrogate (possible in recorded text) becomes U+FFFD. */
export function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  }
}

export function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * name=value&… (a query, a fragment, a form body): secret names lose their value; other values
 * are decoded and redacted as nested values, and encoded again only when something changed.
 * Strict redaction drops every value.
 */
export function redactQuery(query: string, sc: Scrubber, depth: number, kind: RedactionKind): string {
  if (query === '') return query;
  let changed = false;
  const pairs = query.split('&');
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      // A bare value (?TOKEN): only its format can tell.
      if (pair.length >= 16 && findCredentials(safeDecode(pair)).length) {
        sc.note(kind, 'unnamed value');
        pairs[i] = REDACTED_IN_URL;
        changed = true;
      }
      continue;
    }
    let rawName = pair.slice(0, eq);
    const rawValue = pair.slice(eq + 1);
    let name = decodeName(rawName);
    if (name.length >= 16 && findCredentials(name).length) {
      // The name itself is a credential (?ghp_…=1).
      sc.note(kind, 'unnamed value');
      rawName = name = REDACTED_IN_URL;
      pairs[i] = `${rawName}=${rawValue}`;
      changed = true;
    }
    if (rawValue === '' || rawValue === REDACTED_IN_URL) continue;
    if (sc.strict || sc.secretName(name, 'url')) {
      sc.note(kind, name);
      pairs[i] = `${rawName}=${REDACTED_IN_URL}`;
      changed = true;
      continue;
    }
    const value = safeDecode(rawValue);
    const redacted = sc.value(value, depth + 1);
    if (redacted !== value) {
      pairs[i] = `${rawName}=${safeEncode(redacted).replace(/%20/g, '+')}`;
      changed = true;
    }
  }
  return changed ? pairs.join('&') : query;
}

/** #access_token=…&state=… (the implicit flow), #/reset/TOKEN or #/callback?code=… (single-page routes). */
function redactFragment(fragment: string, sc: Scrubber, depth: number): string {
  if (fragment === '') return fragment;
  const route = /^!?\//.exec(fragment);
  if (route) {
    const q = fragment.indexOf('?');
    const path = q < 0 ? fragment : fragment.slice(0, q);
    const redactedPath = redactPath(path, '', sc);
    return q < 0 ? redactedPath : `${redactedPath}?${redactQuery(fragment.slice(q + 1), sc, depth, 'fragment')}`;
  }
  if (fragment.includes('=')) return redactQuery(fragment, sc, depth, 'fragment');
  if (sc.strict && fragment.length >= 16) {
    sc.note('fragment', 'fragment');
    return REDACTED_IN_URL;
  }
  const decoded = safeDecode(fragment);
  if (findCredentials(decoded).length) {
    sc.note('fragment', 'token');
    return REDACTED_IN_URL;
  }
  return fragment;
}
