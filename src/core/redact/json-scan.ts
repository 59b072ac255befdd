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
  // The stack, as two flat arrays (a million levels cost a few megabytes): whether each open
  // container is an object, and the key being read in it. Everything from `secretFrom` up sits
  // under a secret key (`secretKey`, for the report).
  const objs: number[] = [];
  const keys: (string | undefined)[] = [];
  let secretFrom = -1;
  let secretKey = '';
  const pop = () => {
    if (secretFrom === objs.length - 1) secretFrom = -1;
    objs.pop();
    keys.pop();
  };
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
    state = objs.length === 0 ? S.End : S.CommaOrClose;
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
        pop();
        i++;
        afterValue();
        continue;
      }
      state = S.Value;
    }
    if (state === S.Value) {
      const depth = objs.length - 1;
      const inherited = secretFrom >= 0;
      const key = depth >= 0 && objs[depth] === 1 ? keys[depth] : undefined;
      const secret = inherited || (key !== undefined && sink.isSecretKey(key));
      const name = inherited ? secretKey : (key ?? '');
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (secret && !inherited) {
          sink.noteSecret(name);
          secretFrom = objs.length;
          secretKey = name;
        }
        objs.push(c === 123 ? 1 : 0);
        keys.push(undefined);
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
            if (!inherited) sink.noteSecret(name);
            replace(i, end, REPLACEMENT);
          }
        } else {
          const redacted = sink.stringValue(value, key);
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
          if (!inherited) sink.noteSecret(name);
          replace(i, j, REPLACEMENT);
        }
      } else return undefined;
      i = j;
      afterValue();
      continue;
    }
    if (state === S.KeyOrClose || state === S.Key) {
      if (c === 125 /* } */ && state === S.KeyOrClose) {
        pop();
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
      keys[keys.length - 1] = key;
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
    const isObj = objs[objs.length - 1] === 1;
    if (c === 44 /* , */) {
      state = isObj ? S.Key : S.Value;
      i++;
      continue;
    }
    if ((c === 125 && isObj) || (c === 93 && !isObj)) {
      pop();
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
