// Headers: credential headers lose their value (the scheme word of Authorization stays, it helps
// debugging), cookies lose their values but keep their names and attributes, headers that carry
// URLs (:path, Referer, Location, Link…) are redacted as URLs, Sec-WebSocket-Protocol loses the
// tokens some servers smuggle in it, and every other value is searched as free text. The same
// rules apply to raw header text (headersText) and to STOMP frame headers.
import type { HarCookie, HarNameValue } from '../har/types.ts';
import { URL_HEADERS } from './names.ts';
import { findCredentials } from './key-formats.ts';
import { redactAuthority } from './url.ts';
import { REDACTED } from './markers.ts';
import type { Scrubber } from './scrubber.ts';

const AUTH_SCHEMES = /^(Bearer|Basic|Digest|Token|token|Negotiate|NTLM|HOBA|Mutual|MAC|DPoP|OAuth|SharedKey|SharedKeyLite|SharedAccessSignature|AWS4-HMAC-SHA256|AWS|GoogleLogin|Key|ApiKey|Apikey|Bot|Client-ID|sso-key|Splunk|SSWS|Hawk|Signature|GenieKey|Zoho-oauthtoken)\s+\S/;

export function redactHeaderValue(name: string, value: string, sc: Scrubber, fieldBase: string): string {
  if (value === '') return value;
  const lower = name.toLowerCase();
  sc.field = `${fieldBase}[${name}]`;
  if (lower === 'cookie') return redactCookieHeader(value, sc);
  if (lower === 'set-cookie') return value.split('\n').map((line) => redactSetCookieLine(line, sc)).join('\n');
  if (lower === 'sec-websocket-protocol') return redactSubprotocols(value, sc);
  if (sc.secretName(name, 'header')) {
    if (value === REDACTED || value.endsWith(` ${REDACTED}`)) return value;
    sc.note('header', name);
    const scheme = AUTH_SCHEMES.exec(value);
    return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
  }
  if (lower === ':authority' || lower === 'host') return redactAuthority(value, sc);
  if (URL_HEADERS.has(lower) || /^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(value)) return sc.url(value);
  return sc.text(value);
}

export function redactHeaderList(headers: HarNameValue[], sc: Scrubber, fieldBase: string): HarNameValue[] {
  return headers.map((h) => {
    const value = redactHeaderValue(h.name, h.value, sc, fieldBase);
    return value === h.value ? h : { ...h, value };
  });
}

/** Cookie: a=1; b=2 → a=[REDACTED]; b=[REDACTED] (every cookie value can be a session). */
function redactCookieHeader(value: string, sc: Scrubber): string {
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0 || eq === part.length - 1 || part.slice(eq + 1).trim() === REDACTED) return part;
      sc.note('cookie', part.slice(0, eq).trim());
      return `${part.slice(0, eq)}=${REDACTED}`;
    })
    .join(';');
}

/** Set-Cookie: sid=…; Path=/; HttpOnly → sid=[REDACTED]; Path=/; HttpOnly. */
function redactSetCookieLine(line: string, sc: Scrubber): string {
  const semi = line.indexOf(';');
  const pair = semi < 0 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  if (eq < 0 || eq === pair.length - 1 || pair.slice(eq + 1).trim() === REDACTED) return line;
  sc.note('cookie', pair.slice(0, eq).trim());
  return `${pair.slice(0, eq)}=${REDACTED}${semi < 0 ? '' : line.slice(semi)}`;
}

/** The HAR cookie lists: every value goes (counted with their Cookie / Set-Cookie header). */
export function redactCookies(cookies: HarCookie[]): HarCookie[] {
  return cookies.map((c) => (c.value === '' || c.value === REDACTED ? c : { ...c, value: REDACTED }));
}

/** Subprotocol names that are protocols, not credentials. */
const KNOWN_SUBPROTOCOL = /^(graphql-ws|graphql-transport-ws|mqtt|mqttv3\.1|v1[0-2]\.stomp|stomp|wamp\.2\.[a-z]+|actioncable-v1-json|actioncable-unsupported|soap|xmpp|json|msgpack|protobuf|sip|chat|superchat|[a-z0-9.]*channel\.k8s\.io|ocpp[0-9.]+|binary|base64|text|echo-protocol|wss?|v[0-9.]+\.[a-z.]+)$/i;
const TOKEN_MARKER = /^(access[_-]?token|bearer|token|auth|authorization|jwt|apikey|api[_-]?key|x-auth-token)$/i;

/**
 * Sec-WebSocket-Protocol: browsers cannot set headers on a WebSocket, so services put the
 * bearer token in the subprotocol list ("access_token, eyJ…", "Bearer, TOKEN",
 * "base64url.bearer.authorization.k8s.io.TOKEN"). Known protocol names stay; an item after a
 * marker, a long item or one in a credential format goes.
 */
function redactSubprotocols(value: string, sc: Scrubber): string {
  let afterMarker = false;
  let changed = false;
  const items = value.split(',').map((raw) => {
    const item = raw.trim();
    const marker = afterMarker;
    afterMarker = TOKEN_MARKER.test(item);
    if (item === '' || item === REDACTED || afterMarker || KNOWN_SUBPROTOCOL.test(item)) return raw;
    const k8s = /^(base64url\.bearer\.authorization\.k8s\.io\.)(.+)$/.exec(item);
    if (marker || k8s || item.length >= 24 || findCredentials(item).length) {
      sc.note('protocol', 'Sec-WebSocket-Protocol token');
      changed = true;
      return raw.replace(item, k8s ? k8s[1] + REDACTED : REDACTED);
    }
    return raw;
  });
  return changed ? items.join(',') : value;
}

/** Raw header text (HTTP/1.1 request or status line, then Name: value lines). */
export function redactHeadersText(text: string, sc: Scrubber, fieldBase: string): string {
  const lines = text.split(/(\r?\n)/);
  let changed = false;
  for (let i = 0; i < lines.length; i += 2) {
    const line = lines[i]!;
    if (line === '') continue;
    let next = line;
    if (i === 0) {
      // GET /path?query HTTP/1.1 — or a status line, left as it is.
      const m = /^([A-Z]+) (\S+)( HTTP\/[\d.]+)?$/.exec(line);
      if (m) {
        sc.field = `${fieldBase}[request line]`;
        next = `${m[1]} ${sc.url(m[2]!)}${m[3] ?? ''}`;
      }
    } else {
      const colon = line.indexOf(':', line.startsWith(':') ? 1 : 0);
      if (colon > 0) {
        const name = line.slice(0, colon);
        const spaces = /^\s*/.exec(line.slice(colon + 1))![0];
        const value = line.slice(colon + 1 + spaces.length);
        const redacted = redactHeaderValue(name, value, sc, fieldBase);
        if (redacted !== value) next = `${name}:${spaces}${redacted}`;
      }
    }
    if (next !== line) {
      lines[i] = next;
      changed = true;
    }
  }
  return changed ? lines.join('') : text;
}
