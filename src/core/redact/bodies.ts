// Request and response bodies: form-urlencoded (requests, and token endpoints that answer in
// it), multipart form data field by field, base64 bodies decoded when they are text, and
// everything else (JSON, GraphQL, HTML, JavaScript, XML, plain text) as free text.
import type { HarPostData } from '../har/types.ts';
import { decodeName } from './names.ts';
import { redactQuery } from './url.ts';
import { bytesToBase64, latin1Of, maskCredentialsInBytes } from './text.ts';
import { REDACTED } from './markers.ts';
import { delimiterOf, redactDelimited } from './delimited.ts';
import type { Scrubber } from './scrubber.ts';

const FORM = /^application\/x-www-form-urlencoded/i;
const MULTIPART = /^multipart\/form-data/i;
const TEXTUAL = /^(text\/|application\/(json|javascript|x-javascript|ecmascript|xml|x-www-form-urlencoded|graphql|csv|x-ndjson|jwt|jose|problem\+json|ld\+json|manifest\+json|soap\+xml)|[^;]*\+(json|xml))/i;

export function redactBody(text: string, mimeType: string, sc: Scrubber): string {
  if (text === '') return text;
  if (FORM.test(mimeType)) return redactQuery(text.replace(/\r?\n$/, ''), sc, 0, 'form') + (/\r?\n$/.exec(text)?.[0] ?? '');
  if (MULTIPART.test(mimeType)) return redactMultipart(text, mimeType, sc);
  const sep = delimiterOf(mimeType);
  if (sep) return redactDelimited(text, sep, sc);
  return sc.text(text);
}

/** A response body as HAR holds it (maybe base64). Binary bodies are left alone unless they decode as UTF-8 text. */
export function redactContent(text: string, mimeType: string, base64: boolean, sc: Scrubber): string {
  if (!base64) return redactBody(text, mimeType, sc);
  const bytes = decodeBase64(text);
  if (!bytes) return text;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return redactLatin1(bytes, text, mimeType, sc);
  }
  if (!TEXTUAL.test(mimeType) && decoded.slice(0, 1024).includes('\u0000')) return text;
  const redacted = redactBody(decoded, mimeType, sc);
  return redacted === decoded ? text : bytesToBase64(new TextEncoder().encode(redacted));
}

export function redactPostData(data: HarPostData, sc: Scrubber): HarPostData {
  const out: HarPostData = { ...data };
  out.text = redactBody(data.text, data.mimeType, sc);
  if (data.params) {
    if (FORM.test(data.mimeType)) out.params = [...new URLSearchParams(out.text)].map(([name, value]) => ({ name, value }));
    else
      out.params = data.params.map((p) => {
        if (p.value === undefined || p.value === '' || p.value === REDACTED) return p;
        const value = sc.secretName(p.name, 'url') ? REDACTED : sc.text(p.value);
        if (value === REDACTED && p.value !== REDACTED) sc.note('multipart', p.name);
        return value === p.value ? p : { ...p, value };
      });
  }
  return out;
}

/** Each part: a secret-named field loses its content; other fields and files are searched as text. */
function redactMultipart(text: string, mimeType: string, sc: Scrubber): string {
  const m = /boundary=(?:"([^"]{1,200})"|([^;\s]{1,200}))/i.exec(mimeType);
  const boundary = m?.[1] ?? m?.[2] ?? /^--([^\r\n]{1,200})\r?\n/.exec(text)?.[1];
  if (!boundary) return sc.text(text);
  const delimiter = `--${boundary}`;
  const parts = text.split(delimiter);
  let changed = false;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith('--')) continue; // the closing delimiter
    const headEnd = part.search(/\r?\n\r?\n/);
    if (headEnd < 0) continue;
    const sepLen = /\r?\n\r?\n/.exec(part.slice(headEnd))![0].length;
    const head = part.slice(0, headEnd);
    const bodyEnd = part.endsWith('\r\n') ? part.length - 2 : part.endsWith('\n') ? part.length - 1 : part.length;
    const body = part.slice(headEnd + sepLen, bodyEnd);
    const name = /\bname="([^"]{0,200})"/i.exec(head)?.[1] ?? /\bname=([^;\s]{1,200})/i.exec(head)?.[1] ?? '';
    let redacted: string;
    if (name && sc.secretName(decodeName(name), 'url') && body !== '' && body !== REDACTED) {
      sc.note('multipart', name);
      redacted = REDACTED;
    } else redacted = sc.text(body);
    if (redacted !== body) {
      parts[i] = part.slice(0, headEnd + sepLen) + redacted + part.slice(bodyEnd);
      changed = true;
    }
  }
  return changed ? parts.join(delimiter) : text;
}

/**
 * A body that is not UTF-8: a legacy-encoded text page (windows-1252, ISO-8859-1) is redacted as
 * text read one byte per character; anything else (images, PDFs, archives) is only searched for
 * credentials in well-known formats, overwritten in place so the file keeps its length.
 */
function redactLatin1(bytes: Uint8Array, original: string, mimeType: string, sc: Scrubber): string {
  const latin1 = latin1Of(bytes);
  if (TEXTUAL.test(mimeType)) {
    const redacted = redactBody(latin1, mimeType, sc);
    if (redacted === latin1) return original;
    const out = new Uint8Array(redacted.length);
    for (let i = 0; i < redacted.length; i++) out[i] = Math.min(redacted.charCodeAt(i), 0xff);
    return bytesToBase64(out);
  }
  const masked = maskCredentialsInBytes(bytes, sc, latin1);
  return masked ? bytesToBase64(masked) : original;
}

export function decodeBase64(b64: string): Uint8Array | undefined {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
