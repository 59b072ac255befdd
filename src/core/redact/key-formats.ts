// Credentials recognised by their format wherever they appear (URLs, headers, bodies, frames):
// JSON Web Tokens (JWS, three parts) and JWE (five parts), private-key blocks, and the key
// formats of well-known services. Every pattern is linear: a literal prefix and bounded
// character classes with nothing after them that could make the engine backtrack, and the
// JWT/JWE scanner and the private-key finder are hand-written loops that never revisit a
// character run. (A regular expression like /eyJ[\w-]{4,}\.eyJ/ is quadratic on "-eyJ-eyJ…"
// and overflows the engine on megabytes of it.)

export interface KeyFormat {
  /** The name shown in the report (never the value). */
  name: string;
  /** A literal every match contains, to skip the pattern cheaply on text without it. */
  hint: string;
  pattern: RegExp;
  /** A last check on the match (e.g. that a Basic credential decodes to user:password). */
  check?(match: string): boolean;
}

/** Service key formats. The publishable Stripe key (pk_…) and Google's AIza key are different cases: see README. */
export const KEY_FORMATS: readonly KeyFormat[] = [
  { name: 'Stripe secret key', hint: 'k_', pattern: /\b[sr]k_(?:live|test)_[0-9A-Za-z]{10,247}/g },
  { name: 'Stripe webhook secret', hint: 'whsec_', pattern: /\bwhsec_[0-9A-Za-z]{16,128}/g },
  { name: 'GitHub token', hint: 'gh', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,251}/g },
  { name: 'GitHub fine-grained token', hint: 'github_pat_', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,251}/g },
  { name: 'GitLab token', hint: 'gl', pattern: /\bgl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,64}/g },
  { name: 'Slack token', hint: 'x', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,250}/g },
  { name: 'Slack app token', hint: 'xapp-', pattern: /\bxapp-[0-9]-[A-Za-z0-9-]{10,250}/g },
  { name: 'AWS access key id', hint: 'A', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z0-9]{16}\b/g },
  { name: 'Google API key', hint: 'AIza', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { name: 'Google OAuth access token', hint: 'ya29.', pattern: /\bya29\.[0-9A-Za-z_-]{20,2048}/g },
  { name: 'Google OAuth refresh token', hint: '1//', pattern: /\b1\/\/0[0-9A-Za-z_-]{20,512}/g },
  { name: 'OpenAI or Anthropic key', hint: 'sk-', pattern: /\bsk-(?:proj-|ant-(?:api|admin)\d\d-|svcacct-)?[A-Za-z0-9_-]{20,200}/g },
  { name: 'npm token', hint: 'npm_', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { name: 'PyPI token', hint: 'pypi-', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,300}/g },
  { name: 'SendGrid key', hint: 'SG.', pattern: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g },
  { name: 'Mailgun key', hint: 'key-', pattern: /\bkey-[0-9a-f]{32}\b/g },
  { name: 'Shopify token', hint: 'shp', pattern: /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b/g },
  { name: 'Square token', hint: 'sq0', pattern: /\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,60}/g },
  { name: 'Telegram bot token', hint: ':', pattern: /\b(?:bot)?\d{8,10}:AA[0-9A-Za-z_-]{33}/g },
  { name: 'Firebase Cloud Messaging server key', hint: 'AAAA', pattern: /\bAAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,200}/g },
  // In free text (a WebSocket frame, a STOMP header, a log line): the scheme and a token that has a digit or is long.
  { name: 'Bearer credential', hint: 'earer', pattern: /\b[Bb]earer[ \t]{1,16}[A-Za-z0-9._~+/=-]{12,4096}/g, check: (m) => /\d/.test(m) || m.length >= 40 },
  { name: 'Basic credential', hint: 'asic', pattern: /\bBasic[ \t]{1,16}[A-Za-z0-9+/]{6,1024}={0,2}/g, check: (m) => basicDecodes(m) },
];

export interface Found {
  start: number;
  end: number;
  name: string;
}

const B64URL = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') B64URL[c.charCodeAt(0)] = 1;
const isB64Url = (code: number) => code < 128 && B64URL[code] === 1;
const isAlnum = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * JSON Web Tokens and JWE in `text`: a base64url header starting "eyJ" (the encoding of '{"'),
 * then either a payload starting "eyJ" and a signature (JWS; the signature may be empty), or four
 * more parts (JWE; the encrypted key is empty for direct encryption). One pass over the text:
 * every base64url run is read once.
 */
export function findTokens(text: string): Found[] {
  const out: Found[] = [];
  let i = text.indexOf('eyJ');
  while (i >= 0 && i < text.length) {
    // The run of base64url characters that contains this "eyJ".
    let runStart = i;
    while (runStart > 0 && isB64Url(text.charCodeAt(runStart - 1))) runStart--;
    let runEnd = i;
    while (runEnd < text.length && isB64Url(text.charCodeAt(runEnd))) runEnd++;
    // The header starts at the first "eyJ" of the run that is not glued to a letter or digit.
    let start = -1;
    for (let k = text.indexOf('eyJ', runStart); k >= 0 && k < runEnd; k = text.indexOf('eyJ', k + 1)) {
      if (k === runStart || !isAlnum(text.charCodeAt(k - 1))) {
        start = k;
        break;
      }
    }
    if (start >= 0 && runEnd - start >= 8 && text.charCodeAt(runEnd) === 46 /* . */) {
      // Read up to four more dot-separated parts.
      const ends: number[] = [runEnd];
      let p = runEnd;
      while (ends.length < 5 && text.charCodeAt(p) === 46) {
        let q = p + 1;
        while (q < text.length && isB64Url(text.charCodeAt(q))) q++;
        ends.push(q);
        p = q;
      }
      const partStart = (n: number) => ends[n - 1]! + 1;
      let end = -1;
      let name = '';
      if (ends.length >= 3 && text.startsWith('eyJ', partStart(1)) && ends[1]! - partStart(1) >= 8) {
        end = ends[2]!;
        name = 'JSON Web Token';
      } else if (ends.length >= 5 && ends[2]! > partStart(2) && ends[3]! > partStart(3) && ends[4]! > partStart(4)) {
        end = ends[4]!;
        name = 'JSON Web Encryption token';
      }
      if (end > 0) {
        out.push({ start, end, name });
        i = text.indexOf('eyJ', end);
        continue;
      }
      i = text.indexOf('eyJ', Math.max(runEnd, i + 3));
      continue;
    }
    i = text.indexOf('eyJ', Math.max(runEnd, i + 3));
  }
  return out;
}

/** PEM private-key blocks (RSA, EC, OpenSSH, PKCS#8, encrypted): from BEGIN to END, or 64 KB when END is missing. */
export function findPrivateKeys(text: string): Found[] {
  const out: Found[] = [];
  let i = text.indexOf('-----BEGIN ');
  while (i >= 0) {
    const lineEnd = text.indexOf('-----', i + 11);
    if (lineEnd < 0) break;
    const label = text.slice(i + 11, lineEnd);
    if (label.length <= 40 && label.endsWith('PRIVATE KEY')) {
      const endMarker = text.indexOf(`-----END ${label}-----`, lineEnd + 5);
      const end = endMarker < 0 ? Math.min(text.length, lineEnd + 5 + 65536) : endMarker + label.length + 14;
      out.push({ start: i, end, name: 'private key' });
      i = text.indexOf('-----BEGIN ', end);
    } else i = text.indexOf('-----BEGIN ', lineEnd + 5);
  }
  return out;
}

/** Every key format, token and private key in `text`, without overlaps, in order. */
export function findCredentials(text: string): Found[] {
  // Called on nearly every text of a session, and nearly always finds nothing: no array is made
  // until something is found.
  const keys = text.includes('-----BEGIN ') ? findPrivateKeys(text) : undefined;
  const tokens = text.includes('eyJ') ? findTokens(text) : undefined;
  const found: Found[] = keys?.length || tokens?.length ? [...(keys ?? []), ...(tokens ?? [])] : [];
  for (const f of KEY_FORMATS) {
    if (!text.includes(f.hint)) continue;
    f.pattern.lastIndex = 0;
    for (let m = f.pattern.exec(text); m; m = f.pattern.exec(text)) {
      if (f.check && !f.check(m[0])) continue;
      // Bearer and Basic keep their scheme word: only the credential goes.
      const skip = f.check ? /^\S+\s+/.exec(m[0])![0].length : 0;
      found.push({ start: m.index + skip, end: m.index + m[0].length, name: f.name });
    }
  }
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Found[] = [];
  for (const f of found) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      if (f.end > last.end) last.end = f.end;
    } else merged.push({ ...f });
  }
  return merged;
}

function basicDecodes(match: string): boolean {
  const b64 = match.replace(/^Basic[ \t]+/, '');
  try {
    return atob(b64).includes(':');
  } catch {
    return false;
  }
}
