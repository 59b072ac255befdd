// What the Body tab shows for a stored body: its bytes decoded, its kind (JSON, text, image,
// binary), a hex dump, and the places a search matches. Pure functions over the stored row.
import { isTextMime, type BodyEntry } from '../../../src/core/bodies.ts';

export type BodyKind = 'json' | 'text' | 'image' | 'binary';

export interface DecodedBody {
  kind: BodyKind;
  /** The body's bytes. */
  bytes: Uint8Array;
  /** The body as text (UTF-8), when it is text. */
  text?: string;
  /** The parsed JSON, when it is JSON. */
  json?: unknown;
  mimeType: string;
}

/** Images <img> can show from a data: URL (the panel's CSP allows `img-src data:`). */
const IMAGE = /^image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon|svg\+xml)$/i;

export function decodeBody(entry: BodyEntry & { body: string }, mimeType: string): DecodedBody {
  const mime = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  const bytes = entry.base64Encoded ? base64Bytes(entry.body) : new TextEncoder().encode(entry.body);
  if (IMAGE.test(mime)) return { kind: 'image', bytes, mimeType: mime };
  let text: string | undefined = entry.base64Encoded ? undefined : entry.body;
  if (text === undefined) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
    // Valid UTF-8 with NUL bytes in a non-text type is binary.
    if (text !== undefined && !isTextMime(mime) && text.slice(0, 1024).includes('\u0000')) text = undefined;
  }
  if (text === undefined) return { kind: 'binary', bytes, mimeType: mime };
  if (/json/.test(mime) || /^\s*[[{]/.test(text)) {
    try {
      return { kind: 'json', bytes, text, json: JSON.parse(text), mimeType: mime };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { kind: 'text', bytes, text, mimeType: mime };
}

export function base64Bytes(b64: string): Uint8Array {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return new Uint8Array(0);
  }
}

/** A data: URL for an image body (never a page: only <img> reads it). */
export function imageUrl(entry: BodyEntry & { body: string }, mimeType: string): string {
  const b64 = entry.base64Encoded ? entry.body.replace(/\s+/g, '') : bytesBase64(new TextEncoder().encode(entry.body));
  return `data:${mimeType};base64,${b64}`;
}

/** The hex dump: 16 bytes a line, offset, hex, and printable ASCII. At most `maxBytes` bytes. */
export function hexLines(bytes: Uint8Array, maxBytes = 65_536): string[] {
  const out: string[] = [];
  const end = Math.min(bytes.length, maxBytes);
  for (let off = 0; off < end; off += 16) {
    let hex = '';
    let ascii = '';
    for (let i = off; i < off + 16; i++) {
      if (i < end) {
        const b = bytes[i]!;
        hex += b.toString(16).padStart(2, '0') + (i % 16 === 7 ? '  ' : ' ');
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += i % 16 === 7 ? '    ' : '   ';
    }
    out.push(`${off.toString(16).padStart(8, '0')}  ${hex} ${ascii}`);
  }
  return out;
}

/** Where `query` occurs in `text`, case-insensitively: start offsets, at most `limit`. Linear. */
export function findMatches(text: string, query: string, limit = 1000): number[] {
  if (!query) return [];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  const out: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0 && out.length < limit; i = hay.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/** The text cut into plain and matched parts, for rendering with <mark> (never as HTML). */
export function splitMatches(text: string, query: string, limit = 1000): { text: string; match: boolean }[] {
  const at = findMatches(text, query, limit);
  if (at.length === 0) return [{ text, match: false }];
  const parts: { text: string; match: boolean }[] = [];
  let last = 0;
  for (const i of at) {
    if (i > last) parts.push({ text: text.slice(last, i), match: false });
    parts.push({ text: text.slice(i, i + query.length), match: true });
    last = i + query.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

function bytesBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(bin);
}
