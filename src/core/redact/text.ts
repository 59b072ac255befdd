// Free text: bodies, frames, header values, titles. JSON is walked key by key; a lone URL is
// redacted as a URL; anything else is searched for URLs, markup values (markup.ts), secret-named
// assignments (`password=…`, `"client_secret": "…"`, `passcode:…`, GraphQL `token: "…"`) and
// credentials in well-known formats. Every scanner moves forward only, so it is linear.
import { findCredentials } from './key-formats.ts';
import { redactJsonText } from './json-scan.ts';
import { redactQuery } from './url.ts';
import { MAX_NESTING, REDACTED, REDACTED_IN_URL } from './markers.ts';
import type { Scrubber } from './scrubber.ts';
import { redactEntityJson, redactHtmlTags, redactXmlElements } from './markup.ts';

/** scheme://… anywhere in text (http, ws, ftp, and database connection strings). */
const URL_IN_TEXT = /\b(?:jdbc:)?[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s"'<>`\\{}|^]+/g;
const LONE_URL = /^(?:[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/|\/(?!\/))[^\s"'<>`]*$/;

export function redactText(text: string, sc: Scrubber, depth: number): string {
  if (text.length < 6) return text;
  const first = firstNonSpace(text);
  if (first === '{' || first === '[') {
    const json = redactJsonText(text, jsonSink(sc, depth));
    if (json !== undefined) return json;
  }
  if (LONE_URL.test(text) && !text.includes('\n')) return sc.url(text, depth + 1);
  let out = text;
  if (depth < MAX_NESTING && out.includes('://')) out = out.replace(URL_IN_TEXT, (u) => sc.url(u, depth + 1));
  if (out.includes('<')) out = redactHtmlTags(out, sc);
  if (out.includes('</')) out = redactXmlElements(out, sc);
  if (out.includes('&quot;') || out.includes('&#34;')) out = redactEntityJson(out, sc);
  if (out.includes('=') || out.includes(':')) out = redactAssignments(out, sc);
  return redactCredentials(out, sc);
}

/** Credentials in well-known formats, JWT and JWE, private keys: each becomes [REDACTED]. */
export function redactCredentials(text: string, sc: Scrubber, marker = REDACTED): string {
  const found = findCredentials(text);
  if (found.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const f of found) {
    parts.push(text.slice(at, f.start), marker);
    at = f.end;
    sc.note(f.name.startsWith('JSON Web') ? 'token' : 'key', f.name);
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** A decoded parameter value. */
export function redactValue(value: string, sc: Scrubber, depth: number): string {
  if (value.length < 6) return value;
  if (depth >= MAX_NESTING) {
    // Too deep to follow: anything that could still hide a nested secret goes whole.
    if (/[=%{]/.test(value)) {
      sc.note('query', 'value nested too deep');
      return REDACTED_IN_URL;
    }
    return redactCredentials(value, sc);
  }
  const b64 = base64Json(value);
  if (b64) {
    const redacted = sc.text(b64.json, depth + 1);
    return redacted === b64.json ? value : b64.encode(redacted);
  }
  if (!/\s/.test(value) && value.includes('=') && !value.includes('://') && firstNonSpace(value) !== '{' && /^[^=&]+=/.test(value) && value.includes('&')) {
    return redactQuery(value, sc, depth + 1, 'query');
  }
  return sc.text(value, depth + 1);
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 64; i++) {
    const c = text[i]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}

function jsonSink(sc: Scrubber, depth: number) {
  return {
    isSecretKey: (key: string) => sc.secretName(key, 'json'),
    noteSecret: (key: string) => sc.note('json', key),
    keyIsCredential: (key: string) => redactCredentials(key, sc) !== key,
    stringValue: (value: string) => (value.length < 6 ? value : depth >= MAX_NESTING ? redactCredentials(value, sc) : sc.value(value, depth + 1)),
  };
}

/** Base64 or base64url that decodes to a JSON object or array (tokens and state blobs often are). */
function base64Json(value: string): { json: string; encode(text: string): string } | undefined {
  if (value.length < 8 || !(value.startsWith('ey') || value.startsWith('W'))) return undefined;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const urlSafe = /[-_]/.test(value);
  const padded = value.endsWith('=');
  try {
    const std = value.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
    const json = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const f = json.trimStart()[0];
    if (f !== '{' && f !== '[') return undefined;
    return {
      json,
      encode(text: string) {
        let out = encodeBase64(text);
        if (urlSafe) out = out.replace(/\+/g, '-').replace(/\//g, '_');
        if (!padded) out = out.replace(/=+$/, '');
        return out;
      },
    };
  } catch {
    return undefined;
  }
}

export function encodeBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** Bytes read one per character (offsets in the text are offsets in the bytes). */
export function latin1Of(bytes: Uint8Array): string {
  let latin1 = '';
  for (let i = 0; i < bytes.length; i += 0x8000) latin1 += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return latin1;
}

/**
 * Binary data searched for credentials in well-known formats in its ASCII runs; each one found is
 * overwritten with `*` in a copy, so the data keeps its length. Undefined when there is none.
 */
export function maskCredentialsInBytes(bytes: Uint8Array, sc: Scrubber, latin1 = latin1Of(bytes)): Uint8Array | undefined {
  const found = findCredentials(latin1);
  if (!found.length) return undefined;
  const out = Uint8Array.from(bytes);
  for (const f of found) {
    sc.note(f.name.startsWith('JSON Web') ? 'token' : 'key', f.name);
    out.fill(0x2a /* * */, f.start, f.end);
  }
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const isNameChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 36 || c === 37 || c === 91 || c === 93;
const isQuote = (c: number) => c === 34 || c === 39 || c === 96;
const isSpace = (c: number) => c === 32 || c === 9;
const MAX_NAME = 64;
const AUTH_SCHEME_WORD = /^(Bearer|Basic|Token|token|Digest|ApiKey|Key|SSWS|Sentry|Splunk|Bot|DPoP)$/;
const MAX_VALUE = 16384;

/**
 * `name=value`, `name: value`, `"name": "value"`, `name = 'value'` with a secret name: the value
 * goes. '=' judges the name as a URL or form field would be judged, ':' as a JSON key. Values run to
 * the closing quote, or unquoted to the next separator.
 */
export function redactAssignments(text: string, sc: Scrubber): string {
  const parts: string[] = [];
  let copied = 0;
  const n = text.length;
  // The next quote of each kind at or after a position (moves forward only, so the search is linear).
  const nextQuote: Record<number, { from: number; at: number }> = {};
  const quoteAfter = (q: number, from: number): number => {
    const cached = nextQuote[q];
    if (cached && from >= cached.from && (cached.at < 0 || from <= cached.at)) return cached.at;
    const at = text.indexOf(String.fromCharCode(q), from);
    nextQuote[q] = { from, at };
    return at;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 61 && c !== 58) continue;
    const sep = c;
    if (sep === 58 && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) continue; // scheme://
    if (sep === 61 && (text.charCodeAt(i + 1) === 61 || text.charCodeAt(i - 1) === 61 || text.charCodeAt(i - 1) === 33 || text.charCodeAt(i - 1) === 60 || text.charCodeAt(i - 1) === 62)) continue; // == != <= >=
    // The name before the separator.
    let e = i;
    let back = 0;
    while (e > 0 && isSpace(text.charCodeAt(e - 1)) && back++ < 8) e--;
    if (e > 0 && isQuote(text.charCodeAt(e - 1))) {
      e--;
      if (e > 0 && text.charCodeAt(e - 1) === 92) e--;
    }
    let b = e;
    while (b > 0 && e - b < MAX_NAME && isNameChar(text.charCodeAt(b - 1))) b--;
    if (b === e) continue;
    const name = text.slice(b, e);
    if (sep === 58 && /^\d+$/.test(name)) continue;
    // The value after it.
    let v = i + 1;
    back = 0;
    while (v < n && isSpace(text.charCodeAt(v)) && back++ < 8) v++;
    // `name=value` with nothing around '=' is a query, a form, a cookie or a .env line; with
    // spaces it is code (`key = "Enter"`), judged like a JSON key.
    const code = sep === 58 || e !== i || v !== i + 1;
    if (!sc.secretName(name.replace(/^[$.\-[]+|[\]]+$/g, ''), code ? 'json' : 'url')) continue;
    let vs = v;
    let ve: number;
    let q = text.charCodeAt(v);
    let escaped = false;
    if (q === 92 && isQuote(text.charCodeAt(v + 1))) {
      escaped = true;
      v++;
      q = text.charCodeAt(v);
    }
    if (isQuote(q)) {
      vs = v + 1;
      let close = quoteAfter(q, vs);
      while (close > 0 && text.charCodeAt(close - 1) === 92 && !escaped && close - vs < MAX_VALUE) close = quoteAfter(q, close + 1);
      if (escaped && close > 0) close--; // the backslash of \"
      if (close < 0 || close - vs > MAX_VALUE) continue;
      ve = close;
    } else {
      ve = vs;
      while (ve < n && ve - vs < MAX_VALUE) {
        const d = text.charCodeAt(ve);
        if (d === 38 || d === 59 || d === 44 || d === 32 || d === 9 || d === 10 || d === 13 || d === 34 || d === 39 || d === 60 || d === 62 || d === 41 || d === 125 || d === 93 || d === 92 || d === 96) break;
        if (code && (d === 40 || d === 91)) break; // a call or an index: code, not a literal
        ve++;
      }
    }
    // `Authorization: Bearer TOKEN` in a text line: the scheme word stays, the token after it goes.
    if (!isQuote(q) && AUTH_SCHEME_WORD.test(text.slice(vs, ve)) && isSpace(text.charCodeAt(ve))) {
      let t = ve;
      while (t < n && isSpace(text.charCodeAt(t)) && t - ve < 8) t++;
      let te = t;
      while (te < n && te - t < MAX_VALUE && !isSpace(text.charCodeAt(te)) && text.charCodeAt(te) !== 10 && text.charCodeAt(te) !== 13 && text.charCodeAt(te) !== 34 && text.charCodeAt(te) !== 39 && text.charCodeAt(te) !== 44) te++;
      if (te > t) {
        vs = t;
        ve = te;
      }
    }
    const value = text.slice(vs, ve);
    if (value === '' || value === REDACTED || value === REDACTED_IN_URL || value === 'true' || value === 'false' || value === 'null' || value === 'undefined') continue;
    if (value.startsWith('[REDACTED')) continue;
    if (!isQuote(q) && (value.startsWith('{') || value.startsWith('(') || value === 'function')) continue;
    // In code, an unquoted value without a digit is an identifier or an expression (a GraphQL
    // $variable, `token = nextToken`), and a quoted one with spaces in it is prose (an error message).
    if (code && !isQuote(q) && (!/\d/.test(value) || value.includes('$') || text.charCodeAt(ve) === 40 || /^(this|new|await|typeof|void)\b/.test(value))) continue;
    if (value.length <= 2 || value.startsWith('${')) continue; // too short to be a credential; a template's ${…}
    if (code && isQuote(q) && / \S* /.test(value)) continue;
    parts.push(text.slice(copied, vs), isQuote(q) ? REDACTED : REDACTED_IN_URL);
    copied = ve;
    sc.note('text', name);
    i = Math.max(i, ve - 1);
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

