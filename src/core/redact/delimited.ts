// CSV and TSV bodies (an export of users with a password or api_key column): the cells under a
// secret-named header lose their value, every record, and the rest is searched as text. The
// header names are judged as JSON keys are (`code`, `state` or `key` alone are public columns).
// One linear pass over RFC 4180 text: quoted fields, doubled quotes, newlines inside quotes.
import { REDACTED } from './markers.ts';
import type { Scrubber } from './scrubber.ts';

const DELIMITED = /^(text\/csv|text\/tab-separated-values|application\/csv)\b/i;

/** The separator for a CSV or TSV type, or undefined for any other type. */
export function delimiterOf(mimeType: string): ',' | '\t' | undefined {
  if (!DELIMITED.test(mimeType)) return undefined;
  return /tab-separated/i.test(mimeType) ? '\t' : ',';
}

interface Field {
  start: number;
  end: number;
  quoted: boolean;
}

/** The records of a delimited text, each a list of field spans (quotes included when quoted). */
function* records(text: string, sep: string): Generator<Field[]> {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const fields: Field[] = [];
    for (;;) {
      const start = i;
      let quoted = false;
      if (text[i] === '"') {
        quoted = true;
        i++;
        while (i < n) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') i += 2;
            else {
              i++;
              break;
            }
          } else i++;
        }
      }
      while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') i++;
      fields.push({ start, end: i, quoted });
      if (i < n && text[i] === sep) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      break;
    }
    yield fields;
  }
}

function cell(text: string, f: Field): string {
  const raw = text.slice(f.start, f.end);
  return f.quoted ? raw.replace(/^"|"$/g, '').replace(/""/g, '"') : raw;
}

/** Redacts the secret-named columns of a CSV or TSV text, then searches the whole as text. */
export function redactDelimited(text: string, sep: string, sc: Scrubber): string {
  let secretColumns: Set<number> | undefined;
  let header: string[] = [];
  const out: string[] = [];
  let last = 0;
  for (const fields of records(text, sep)) {
    if (!secretColumns) {
      header = fields.map((f) => cell(text, f).trim());
      secretColumns = new Set(header.flatMap((name, i) => (name && sc.secretName(name, 'json') ? [i] : [])));
      if (secretColumns.size === 0) break;
      continue;
    }
    for (const i of secretColumns) {
      const f = fields[i];
      if (!f || f.end === f.start || cell(text, f) === REDACTED) continue;
      out.push(text.slice(last, f.start), REDACTED);
      last = f.end;
      sc.note('text', header[i]!);
    }
  }
  const redacted = out.length ? out.join('') + text.slice(last) : text;
  return sc.text(redacted);
}
