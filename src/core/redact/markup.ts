// Markup: values in HTML <input> and <meta> tags, XML elements with secret names, and JSON
// entity-encoded in HTML attributes. Each scanner moves forward only (a regular expression over
// tag attributes backtracks quadratically), so all are linear.
import { REDACTED } from './markers.ts';
import type { Scrubber } from './scrubber.ts';

const MAX_TAG = 4096;

/** <input name="csrf_token" value="…">, <meta name="csrf-token" content="…">: the value or content goes. */
export function redactHtmlTags(text: string, sc: Scrubber): string {
  const lower = text.toLowerCase();
  const parts: string[] = [];
  let copied = 0;
  let nextClose = -2;
  let i = 0;
  while (i < text.length) {
    const a = lower.indexOf('<input', i);
    const m = lower.indexOf('<meta', i);
    const start = a < 0 ? m : m < 0 ? a : Math.min(a, m);
    if (start < 0) break;
    if (nextClose !== -1 && nextClose < start) nextClose = lower.indexOf('>', start);
    if (nextClose < 0) break;
    const end = nextClose + 1;
    i = start + 5;
    if (end - start > MAX_TAG) continue;
    const tag = text.slice(start, end);
    const attrs = tagAttributes(tag);
    const name = attrs.get('name')?.value ?? attrs.get('id')?.value ?? attrs.get('property')?.value ?? attrs.get('itemprop')?.value;
    const target = attrs.get('value') ?? attrs.get('content');
    const password = attrs.get('type')?.value.toLowerCase() === 'password';
    if (target && target.len > 0 && target.value !== REDACTED && (password || (name && sc.secretName(name, 'url')))) {
      parts.push(text.slice(copied, start + target.at), REDACTED);
      copied = start + target.at + target.len;
      sc.note('html', name ?? 'password input');
    }
    i = end;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** name=value attributes of one tag, read in a single forward pass (a regular expression here backtracks quadratically). */
function tagAttributes(tag: string): Map<string, { value: string; at: number; len: number }> {
  const attrs = new Map<string, { value: string; at: number; len: number }>();
  const n = tag.length;
  const stop = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 61 || c === 47 || c === 62 || c === 34 || c === 39;
  let i = 1;
  while (i < n) {
    while (i < n && stop(tag.charCodeAt(i)) && tag.charCodeAt(i) !== 61) i++;
    const nameStart = i;
    while (i < n && !stop(tag.charCodeAt(i))) i++;
    const name = tag.slice(nameStart, i);
    while (i < n && (tag.charCodeAt(i) === 32 || tag.charCodeAt(i) === 9)) i++;
    if (tag.charCodeAt(i) !== 61) {
      if (i === nameStart) i++;
      continue;
    }
    i++;
    while (i < n && (tag.charCodeAt(i) === 32 || tag.charCodeAt(i) === 9)) i++;
    const q = tag.charCodeAt(i);
    let at: number;
    let end: number;
    if (q === 34 || q === 39) {
      at = i + 1;
      end = tag.indexOf(String.fromCharCode(q), at);
      if (end < 0) break;
      i = end + 1;
    } else {
      at = i;
      while (i < n && !stop(tag.charCodeAt(i))) i++;
      end = i;
    }
    if (name) attrs.set(name.toLowerCase(), { value: tag.slice(at, end), at, len: end - at });
  }
  return attrs;
}

/**
 * XML elements with a secret name and text content: AWS STS answers
 * <SecretAccessKey>…</SecretAccessKey><SessionToken>…</SessionToken>, SOAP sends
 * <wsse:Password>…</wsse:Password>. The local name (after any prefix) is judged as a JSON key.
 */
export function redactXmlElements(text: string, sc: Scrubber): string {
  const parts: string[] = [];
  let copied = 0;
  let nextClose = -2;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length - 2) {
    if (nextClose !== -1 && nextClose < i) nextClose = text.indexOf('>', i);
    if (nextClose < 0) break;
    const tagEnd = nextClose;
    const c = text.charCodeAt(i + 1);
    // An opening tag: <name …>, not </…>, <!…>, <?…> or self-closing.
    if (c !== 47 && c !== 33 && c !== 63 && tagEnd - i < 512 && text.charCodeAt(tagEnd - 1) !== 47) {
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>]/.exec(text.slice(i, Math.min(tagEnd + 1, i + 130)));
      if (m) {
        const contentEnd = text.indexOf('<', tagEnd + 1);
        const qname = (m[1] ?? '') + m[2]!;
        if (contentEnd > tagEnd + 1 && text.startsWith(`</${qname}>`, contentEnd) && sc.secretName(m[2]!, 'json')) {
          const content = text.slice(tagEnd + 1, contentEnd);
          if (content.trim() !== '' && content !== REDACTED) {
            parts.push(text.slice(copied, tagEnd + 1), REDACTED);
            copied = contentEnd;
            sc.note('text', m[2]!);
          }
        }
        if (contentEnd < 0) break;
        i = contentEnd;
        continue;
      }
    }
    i = text.indexOf('<', i + 1);
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** JSON inside an HTML attribute, entity-encoded: data-props="{&quot;csrfToken&quot;:&quot;…&quot;}". */
const ENTITY_PAIR = /(&quot;|&#34;)([A-Za-z0-9_$.-]{1,64})\1[ \t]{0,4}:[ \t]{0,4}\1([^&"<>]{1,4096})\1/g;

export function redactEntityJson(text: string, sc: Scrubber): string {
  return text.replace(ENTITY_PAIR, (all, q: string, name: string, value: string) => {
    if (value === REDACTED || !sc.secretName(name, 'json')) return all;
    sc.note('html', name);
    return `${q}${name}${q}:${q}${REDACTED}${q}`;
  });
}
