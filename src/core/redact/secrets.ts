// What counts as a secret: header names, parameter and field names, and JSON Web Tokens.
// Names are matched by their words (access_token → access, token; apiKey → api, key), so
// "keyword" or "barcode" are not mistaken for "key" or "code".

/** Headers whose whole value is a credential. */
export const SECRET_HEADERS = ['cookie', 'set-cookie', 'authorization', 'proxy-authorization'];

/** Words that make a parameter, form field or JSON key a secret. */
const SECRET_WORDS = new Set([
  'token', 'code', 'secret', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'session', 'sess', 'key', 'signature',
  'sig', 'samlresponse', 'samlrequest', 'auth', 'credential', 'credentials', 'otp', 'pin', 'csrf', 'xsrf', 'nonce',
  'jwt', 'bearer', 'cookie', 'ticket', 'assertion', 'verifier', 'hash',
]);

/** Whole names that are secrets though no single word is (compounds written without separators). */
const SECRET_NAMES = new Set([
  'sessionid', 'sessid', 'phpsessid', 'jsessionid', 'sid', 'apikey', 'authtoken', 'accesstoken', 'refreshtoken', 'idtoken',
  'clientsecret', 'privatekey', 'secretkey', 'xsrftoken', 'csrftoken', 'csrfmiddlewaretoken', 'authenticitytoken',
  'xapikey', 'xauthtoken', 'xcsrftoken', 'xxsrftoken', 'signedrequest', 'sessiontoken',
]);

/** The words of a name: split at non-letters/digits and at camelCase humps, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function isSecretName(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  const lower = name.toLowerCase();
  if (extra.has(lower)) return true;
  const compact = lower.replace(/[^a-z0-9]/g, '');
  if (SECRET_NAMES.has(compact)) return true;
  return nameWords(name).some((w) => SECRET_WORDS.has(w));
}

/** Standard headers whose names contain a secret-looking word but whose values are not secrets. */
const PUBLIC_HEADERS = new Set(['sec-websocket-key', 'sec-websocket-accept', 'public-key-pins', 'public-key-pins-report-only', 'accept-ch', 'access-control-allow-credentials']);

/** Credential headers, the user's extra names, and custom headers named like secrets (X-Api-Key, X-CSRF-Token…). */
export function isSecretHeader(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.includes(lower) || extra.has(lower)) return true;
  if (PUBLIC_HEADERS.has(lower) || lower.startsWith(':')) return false;
  return isSecretName(lower);
}

/**
 * A JSON Web Token: base64url header and payload that both decode to JSON objects (they start
 * with "eyJ", the encoding of '{"'), and a signature (empty for unsigned tokens).
 */
export const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

export const REDACTED = '[REDACTED]';
/** In URLs the marker stays readable and needs no escaping. */
export const REDACTED_IN_URL = 'REDACTED';
