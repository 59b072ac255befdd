// Which names carry secrets: a reviewed list, decided per name and per context, in both
// directions (names that must go, and names that look alike but are public and useful when
// debugging). Substring matching is both too wide (code_challenge, currency_code) and too narrow
// (RequestVerificationToken, X-Authorization), so a name is split into words and judged by its
// last word (the head of an English compound: access_token is a token, token_type is a type),
// with exact names listed where the head alone would decide wrongly.
//
// Context matters for three short names. In a URL, a form or a cookie, `code` is an OAuth
// authorization code, `state` an OAuth state and `key` a Google-style API key (`?key=AIza…`): all
// secrets. In JSON they are far more often an error code, an order state and an object key
// (S3's "Key", i18n keys, React keys): public. A JSON value that is itself a credential is still
// caught by its format (AIza…, ghp_…, JWT) whatever its name.
//
// Decisions, reviewed:
// - Public: names of keys rather than keys (key ids, `Key-Pair-Id`, `private_key_id`, `kid`),
//   public keys (`public_key`, `publishable_key`), content hashes and integrity values (`hash`,
//   `etag`, `sha256`, `integrity`, `Content-MD5`), PKCE's challenge and method, OAuth's
//   `client_id`, `scope`, `token_type`, `expires_in`.
// - Secret, conservatively: `nonce` (an OIDC nonce is harmless once used, but some services name
//   one-time login tokens so), every `session…` header, and anything under a secret key in JSON.
// - Not credentials, so not here: e-mail addresses and other personal data (the user adds such
//   names in the export dialog or with --redact-param, or uses strict).

export type NameContext = 'url' | 'json' | 'header';

/** The words of a name: percent-decoded, split at non-letters/digits and camelCase humps, lower-cased. */
export function nameWords(name: string): string[] {
  return decodeName(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Percent-decodes a name up to three times (`access%5Ftoken`, `access%255Ftoken`); `+` is a space. */
export function decodeName(name: string): string {
  let out = name.length > 256 ? name.slice(0, 256) : name;
  for (let i = 0; i < 3 && out.includes('%'); i++) {
    try {
      out = decodeURIComponent(out.replace(/\+/g, ' '));
    } catch {
      break;
    }
  }
  return out;
}

/** Public whatever the context: looks like a secret by its words, is not one. */
const PUBLIC_NAMES = new Set([
  // PKCE: the challenge is sent in the clear by design; only the verifier is secret.
  'codechallenge', 'codechallengemethod',
  // Codes that are identifiers, not credentials.
  'currencycode', 'countrycode', 'errorcode', 'statuscode', 'responsecode', 'languagecode', 'langcode', 'localecode',
  'postalcode', 'zipcode', 'regioncode', 'areacode', 'barcode', 'qrcode', 'productcode', 'httpcode', 'exitcode', 'reasoncode',
  'declinecode', 'iatacode', 'airportcode', 'colorcode', 'sourcecode', 'keycode', 'charcode', 'shortcode', 'hashcode',
  // Keys that are identifiers or ordering, not credentials.
  'idempotencykey', 'xidempotencykey', 'keyid', 'kid', 'keypairid', 'publickey', 'publishablekey', 'sortkey', 'cachekey',
  'primarykey', 'partitionkey', 'rangekey', 'hashkey', 'objectkey', 'keyname', 'keys', 'keyword', 'keywords', 'monkey',
  'foreignkey', 'groupkey', 'rowkey', 'lookupkey', 'searchkey', 'i18nkey', 'translationkey', 'storagekey', 'routekey',
  'publickeypins', 'publickeypinsreportonly', 'secwebsocketkey', 'secwebsocketaccept',
  // OAuth parameters that are not secrets.
  'tokentype', 'granttype', 'responsetype', 'responsemode', 'clientid', 'redirecturi', 'scope', 'expiresin', 'tokenendpoint',
  'tokenurl', 'authurl', 'authtype', 'authmethod', 'authprovider', 'sessionexpires', 'sessiontimeout', 'passwordpolicy',
  // Content hashes and integrity: useful when debugging caches, never credentials.
  'hash', 'contenthash', 'sha256', 'sha1', 'md5', 'contentmd5', 'etag', 'integrity', 'checksum', 'digest', 'xamzcontentsha256',
  'xgooghash', 'crc32c', 'filehash',
]);

/** Secret whatever the context (compact form: lower-case letters and digits only). */
const SECRET_NAMES = new Set([
  'token', 'tokens', 'secret', 'secrets', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pin', 'otp', 'totp',
  'cvv', 'cvc', 'signature', 'sig', 'assertion', 'samlresponse', 'samlrequest', 'relaystate', 'ticket', 'credential',
  'credentials', 'auth', 'authorization', 'cookie', 'jwt', 'bearer', 'csrf', 'xsrf', 'nonce', 'sid', 'sessid',
  'sessionid', 'phpsessid', 'jsessionid', 'aspsessionid', 'connectsid', 'sessionstate', 'session', 'apikey', 'xapikey',
  'authtoken', 'accesstoken', 'refreshtoken', 'idtoken', 'clientsecret', 'codeverifier', 'privatekey', 'secretkey',
  'accesskey', 'accountkey', 'sharedaccesskey', 'sharedaccesssignature', 'masterkey', 'encryptionkey', 'signingkey',
  'licensekey', 'uploadid', 'uploadtoken', 'awssecretaccesskey', 'secretaccesskey', 'sessiontoken', 'securitytoken',
  'xamzsecuritytoken', 'xamzsignature', 'xamzcredential', 'xgoogsignature', 'xgoogcredential', 'signedrequest',
  'requestverificationtoken', 'authenticitytoken', 'csrfmiddlewaretoken', 'xsrftoken', 'csrftoken', 'magiclink',
  'resettoken', 'inviteToken'.toLowerCase(), 'devicecode', 'usercode', 'authcode', 'authorizationcode', 'verificationcode',
  'mfacode', 'smscode', 'otpcode', 'resetcode', 'recoverycode', 'backupcode', 'accesscode', 'securitycode',
  'confirmationcode', 'activationcode', 'logincode', 'onetimecode', 'pairingcode', 'invitecode', 'invitationcode',
  'subscriptionkey', 'ocpapimsubscriptionkey', 'hmac', 'mac', 'apisecret', 'appsecret', 'webhooksecret',
]);

/** Words that make any name they appear in a secret (password_confirmation, secret_answer, csrf_value…). */
const SECRET_ANYWHERE = new Set(['password', 'passwd', 'passphrase', 'secret', 'csrf', 'xsrf', 'jwt', 'bearer', 'credential', 'credentials', 'apikey', 'passcode']);

/** Head words (the last word) that make a name a secret: access_token, RequestVerificationToken, X-Authorization… */
const SECRET_HEADS = new Set([
  'token', 'tokens', 'signature', 'sig', 'session', 'sessionid', 'sid', 'cookie', 'auth', 'authorization', 'assertion',
  'ticket', 'otp', 'pin', 'verifier', 'pass', 'pwd', 'nonce', 'hmac', 'secret', 'password',
]);

/** Words before `key` that make it a credential even in JSON (apiKey, accessKey, AccountKey…). */
const SECRET_KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'account', 'shared', 'master', 'encryption', 'signing', 'license', 'client', 'app',
  'auth', 'session', 'subscription', 'server', 'service', 'admin', 'write', 'deploy', 'ssh', 'pgp', 'gpg', 'aes', 'hmac',
  'x', 'storage', 'sas', 'webhook', 'root',
]);

/** Words before `code` that make it a credential (auth_code, verification_code, device_code…). */
const SECRET_CODE_QUALIFIERS = new Set([
  'auth', 'authorization', 'verification', 'verify', 'otp', 'mfa', 'sms', 'reset', 'recovery', 'backup', 'access', 'device',
  'user', 'invite', 'invitation', 'confirmation', 'confirm', 'activation', 'security', 'login', 'magic', 'pairing', 'secret',
  'one', 'time', 'email', 'phone', 'twofa', '2fa', 'tfa', 'sso', 'oauth',
]);

/** Standard headers that look like secrets by their words but are not. */
const PUBLIC_HEADERS = new Set([
  'sec-websocket-key', 'sec-websocket-accept', 'public-key-pins', 'public-key-pins-report-only', 'access-control-allow-credentials',
  'access-control-allow-headers', 'access-control-request-headers', 'access-control-expose-headers', 'www-authenticate',
  'proxy-authenticate', 'idempotency-key', 'x-idempotency-key', 'content-md5', 'digest', 'x-amz-content-sha256', 'x-goog-hash',
  'sec-websocket-protocol', 'accept-ch', 'critical-ch',
]);

/** Headers whose whole value is a credential (besides those the rules find). */
const SECRET_HEADERS = new Set([
  'cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'x-api-key', 'x-auth-token', 'x-csrf-token', 'x-xsrf-token',
  'x-amz-security-token', 'x-goog-api-key', 'x-goog-iap-jwt-assertion', 'cf-access-jwt-assertion', 'x-shopify-access-token',
  'x-hub-signature', 'x-hub-signature-256', 'x-slack-signature', 'stripe-signature', 'x-client-secret', 'x-session-id',
  'x-refresh-token', 'x-access-token', 'x-id-token', 'x-upload-id', 'x-goog-upload-url', 'ocp-apim-subscription-key', 'x-functions-key',
  'x-vault-token', 'x-consul-token', 'x-nomad-token', 'private-token', 'job-token', 'x-gitlab-token', 'x-github-token',
  'x-amz-signature', 'x-amz-credential', 'x-goog-signature', 'x-goog-credential', 'x-firebase-appcheck', 'x-csrftoken',
]);

const compact = (words: string[]) => words.join('');

/**
 * Whether a parameter, form field, JSON key, cookie or header name carries a secret in its
 * context. `extra` are the user's own names (lower-case), secret in every context.
 */
export function isSecretName(name: string, context: NameContext = 'url', extra: ReadonlySet<string> = EMPTY): boolean {
  const decoded = decodeName(name).trim();
  const lower = decoded.toLowerCase();
  if (extra.size && extra.has(lower)) return true;
  if (context === 'header') {
    if (lower.startsWith(':')) return false;
    if (SECRET_HEADERS.has(lower)) return true;
    if (PUBLIC_HEADERS.has(lower)) return false;
  }
  const words = nameWords(decoded);
  if (words.length === 0) return false;
  const whole = compact(words);
  if (PUBLIC_NAMES.has(whole)) return false;
  if (SECRET_NAMES.has(whole)) return true;
  if (context === 'header' && words.includes('session')) return true;
  // Ignore a trailing array marker or index: token[0], password_2.
  const head = words[words.length - 1]!;
  const before = words.length > 1 ? words[words.length - 2]! : '';
  if (words.some((w) => SECRET_ANYWHERE.has(w))) return true;
  if (SECRET_HEADS.has(head)) return true;
  if (head === 'key') {
    if (words.length === 1) return context !== 'json';
    if (SECRET_KEY_QUALIFIERS.has(before)) return true;
    return context === 'header';
  }
  if (head === 'code') return words.length === 1 ? context !== 'json' : SECRET_CODE_QUALIFIERS.has(before);
  if (head === 'state') return words.length === 1 && context !== 'json';
  return false;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Header names whose value is a URL (redacted as a URL, not dropped). */
export const URL_HEADERS = new Set(['referer', 'location', 'content-location', ':path', 'origin', 'x-original-url', 'x-rewrite-url', 'x-forwarded-uri', 'ping-from', 'ping-to', 'sourcemap', 'x-sourcemap']);
