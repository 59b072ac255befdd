// JSON redaction without a parse tree: one pass over the text with an explicit stack, so a body
// nested 100,000 levels deep neither overflows the call stack nor is re-serialised (formatting
// and key order stay as they were; only the redacted tokens change).

export interface JsonSink {
  /** Whether a value under this key (JSON context) is a secret. */
  isSecretKey(key: string): boolean;
  /** A secret value under `key` was replaced. */
  noteSecret(key: string): void;
  /** Whether a key is a credential in a known format (noted when it is). */
  keyIsCredential?(key: string): boolean;
  /** Any other string value, redacted as free text; returns it unchanged when nothing matched. */
  stringValue(value: string, key: string | undefined): string;
}

interface Frame {
  obj: boolean;
  /** Everything inside is secret (the container sits under a secret key). */
  secret: boolean;
  /** The key that made it secret, for the report. */
  secretKey: string;
  key: string | undefined;
}

const enum S {
  Value,
  KeyOrClose,
  CommaOrClose,
  Colon,
  Key,
  ValueOrClose,
  End,
}

const REPLACEMENT = '"[REDACTED]"';

/** The redacted text, or undefined when `text` is not JSON (the caller then treats it as free text). */
export function redactJsonText(text: string, sink: JsonSink): string | undefined {
  const n = text.length;
  const stack: Frame[] = [];
  const parts: string[] = [];
  let copied = 0;
  let state = S.Value as S;
  let i = 0;
  const replace = (start: number, end: number, by: string) => {
    parts.push(text.slice(copied, start), by);
    copied = end;
  };
  const stringEnd = (from: number): number => {
    let j = from + 1;
    for (;;) {
      const k = text.indexOf('"', j);
      if (k < 0) return -1;
      let bs = 0;
      while (text.charCodeAt(k - 1 - bs) === 92) bs++;
      if (bs % 2 === 0) return k + 1;
      j = k + 1;
    }
  };
  const decode = (raw: string): string | undefined => {
    if (!raw.includes('\\')) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return undefined;
    }
  };
  const afterValue = () => {
    state = stack.length === 0 ? S.End : S.CommaOrClose;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (state === S.End) return undefined;
    if (state === S.ValueOrClose) {
      if (c === 93 /* ] */) {
        stack.pop();
        i++;
        afterValue();
        continue;
      }
      state = S.Value;
    }
    if (state === S.Value) {
      const top = stack[stack.length - 1];
      let secret = false;
      let secretKey = '';
      if (top) {
        if (top.secret) {
          secret = true;
          secretKey = top.secretKey;
        } else if (top.obj && top.key !== undefined && sink.isSecretKey(top.key)) {
          secret = true;
          secretKey = top.key;
        }
      }
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (secret && top && !top.secret) sink.noteSecret(secretKey);
        stack.push({ obj: c === 123, secret, secretKey, key: undefined });
        state = c === 123 ? S.KeyOrClose : S.ValueOrClose;
        i++;
        continue;
      }
      if (c === 34 /* " */) {
        const end = stringEnd(i);
        if (end < 0) return undefined;
        const raw = text.slice(i, end);
        const value = decode(raw);
        if (value === undefined) return undefined;
        if (secret) {
          if (value !== '' && value !== '[REDACTED]') {
            if (!top!.secret) sink.noteSecret(secretKey);
            replace(i, end, REPLACEMENT);
          }
        } else {
          const redacted = sink.stringValue(value, top?.obj ? top.key : undefined);
          if (redacted !== value) replace(i, end, JSON.stringify(redacted));
        }
        i = end;
        afterValue();
        continue;
      }
      // A number or a literal.
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 45 || d === 43 || d === 46 || d === 101 || d === 69 || (d >= 97 && d <= 122)) j++;
        else break;
      }
      const token = text.slice(i, j);
      if (token === 'true' || token === 'false' || token === 'null') {
        // Booleans and null say nothing secret.
      } else if (/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(token)) {
        // Numbers under secret keys (a PIN, an OTP, a CVV) go too.
        if (secret) {
          if (!top!.secret) sink.noteSecret(secretKey);
          replace(i, j, REPLACEMENT);
        }
      } else return undefined;
      i = j;
      afterValue();
      continue;
    }
    if (state === S.KeyOrClose || state === S.Key) {
      if (c === 125 /* } */ && state === S.KeyOrClose) {
        stack.pop();
        i++;
        afterValue();
        continue;
      }
      if (c !== 34) return undefined;
      const end = stringEnd(i);
      if (end < 0) return undefined;
      const key = decode(text.slice(i, end));
      if (key === undefined) return undefined;
      // A key can be a credential itself (a map keyed by session ids or tokens).
      if (key.length >= 16 && sink.keyIsCredential?.(key)) replace(i, end, REPLACEMENT);
      stack[stack.length - 1]!.key = key;
      i = end;
      state = S.Colon;
      continue;
    }
    if (state === S.Colon) {
      if (c !== 58 /* : */) return undefined;
      i++;
      state = S.Value;
      continue;
    }
    // S.CommaOrClose
    const top = stack[stack.length - 1]!;
    if (c === 44 /* , */) {
      state = top.obj ? S.Key : S.Value;
      i++;
      continue;
    }
    if ((c === 125 && top.obj) || (c === 93 && !top.obj)) {
      stack.pop();
      i++;
      afterValue();
      continue;
    }
    return undefined;
  }
  if (state !== S.End) return undefined;
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
