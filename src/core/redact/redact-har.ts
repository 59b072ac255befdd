// Redaction of HAR entries, the default for every export: credential headers and cookies,
// query parameters, form fields and JSON keys named like secrets, and JSON Web Tokens anywhere
// (URLs, headers, bodies, WebSocket frames, SSE data). It counts what it removed by kind and
// keeps a few examples (names and places, never values) for the export dialog and the file.
import type { HarCookie, HarEntry, HarNameValue, HarPage, HarPostData } from '../har/types.ts';
import { isSecretHeader, isSecretName, JWT, REDACTED, REDACTED_IN_URL } from './secrets.ts';

export type RedactionKind = 'header' | 'cookie' | 'query' | 'form' | 'json' | 'jwt';

export interface RedactionOptions {
  /** Extra header names to remove (case-insensitive), on top of the built-in ones. */
  extraHeaders?: readonly string[];
  /** Extra query, form and JSON field names to remove (case-insensitive). */
  extraParams?: readonly string[];
}

export interface RedactionExample {
  kind: RedactionKind;
  /** The header, cookie, parameter or field name ("JWT" for tokens found in free text). */
  name: string;
  /** Where: entry number, method and URL path (without its query). */
  where: string;
}

export interface RedactionReport {
  redacted: true;
  total: number;
  counts: Record<RedactionKind, number>;
  examples: RedactionExample[];
  extraHeaders: string[];
  extraParams: string[];
}

const MAX_EXAMPLES = 25;

export class HarRedactor {
  private readonly headers: ReadonlySet<string>;
  private readonly params: ReadonlySet<string>;
  /** Verdicts per header / parameter name: a session repeats the same few names many times. */
  private readonly secretHeader = new Map<string, boolean>();
  private readonly secretParam = new Map<string, boolean>();
  private readonly counts: Record<RedactionKind, number> = { header: 0, cookie: 0, query: 0, form: 0, json: 0, jwt: 0 };
  private readonly examples: RedactionExample[] = [];
  private readonly seenExamples = new Set<string>();
  private where = '';

  constructor(readonly options: RedactionOptions = {}) {
    this.headers = new Set((options.extraHeaders ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
    this.params = new Set((options.extraParams ?? []).map((p) => p.trim().toLowerCase()).filter(Boolean));
  }

  /**
   * Redacts an entry in place and returns it. The builder makes every entry afresh for writing
   * (its header, cookie and message objects are its own); the one object it shares with the
   * records, the initiator, is copied before it is changed. `index` numbers it in examples.
   */
  entry(e: HarEntry, index: number): HarEntry {
    this.where = `#${index + 1} ${e.request.method} ${pathOf(e.request.url)}`;
    e.request.url = this.url(e.request.url);
    e.request.queryString = queryOf(e.request.url);
    e.request.headers = this.headerList(e.request.headers);
    e.request.cookies = this.cookies(e.request.cookies);
    if (e.request.postData) e.request.postData = this.postData(e.request.postData);
    e.response.headers = this.headerList(e.response.headers);
    e.response.cookies = this.cookies(e.response.cookies);
    e.response.redirectURL = this.url(e.response.redirectURL);
    const content = e.response.content;
    if (content.text !== undefined) content.text = this.bodyText(content.text, content.mimeType, content.encoding === 'base64');
    if (e._webSocketMessages) for (const m of e._webSocketMessages) if (m.opcode === 1) m.data = this.freeText(m.data);
    if (e._eventSourceMessages) for (const m of e._eventSourceMessages) m.data = this.freeText(m.data);
    if (e._initiator) e._initiator = this.initiator(e._initiator as { url?: string; stack?: StackLike });
    return e;
  }

  pages(pages: readonly HarPage[]): HarPage[] {
    return pages.map((p) => {
      this.where = `page ${p.id}`;
      return { ...p, title: this.url(p.title) };
    });
  }

  private isSecretParam(name: string): boolean {
    let v = this.secretParam.get(name);
    if (v === undefined) this.secretParam.set(name, (v = isSecretName(name, this.params)));
    return v;
  }

  private isSecretHeaderName(lower: string): boolean {
    let v = this.secretHeader.get(lower);
    if (v === undefined) this.secretHeader.set(lower, (v = isSecretHeader(lower, this.headers)));
    return v;
  }

  report(): RedactionReport {
    const total = Object.values(this.counts).reduce((a, b) => a + b, 0);
    return { redacted: true, total, counts: { ...this.counts }, examples: this.examples.slice(), extraHeaders: [...this.headers], extraParams: [...this.params] };
  }

  private note(kind: RedactionKind, name: string): void {
    this.counts[kind]++;
    const key = `${kind}\u0000${name.toLowerCase()}`;
    if (this.examples.length < MAX_EXAMPLES && !this.seenExamples.has(key)) {
      this.seenExamples.add(key);
      this.examples.push({ kind, name, where: this.where });
    }
  }

  /** Replaces every JWT in a string. */
  private jwts(text: string): string {
    if (!text.includes('eyJ')) return text;
    return text.replace(JWT, () => {
      this.note('jwt', 'JWT');
      return REDACTED;
    });
  }

  /** Query parameters named like secrets, and tokens anywhere in the URL. */
  url(url: string): string {
    if (!url) return url;
    let out = url;
    const q = out.indexOf('?');
    if (q >= 0) {
      const hashAt = out.indexOf('#', q);
      const query = out.slice(q + 1, hashAt < 0 ? undefined : hashAt);
      const redacted = query
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          const rawName = eq < 0 ? pair : pair.slice(0, eq);
          let name = rawName;
          try {
            name = decodeURIComponent(rawName.replace(/\+/g, ' '));
          } catch {
            // A malformed escape: match on the raw name.
          }
          if (eq >= 0 && pair.length > eq + 1 && this.isSecretParam(name)) {
            this.note('query', name);
            return `${rawName}=${REDACTED_IN_URL}`;
          }
          return pair;
        })
        .join('&');
      out = out.slice(0, q + 1) + redacted + (hashAt < 0 ? '' : out.slice(hashAt));
    }
    return out.includes('eyJ') ? out.replace(JWT, () => (this.note('jwt', 'JWT'), REDACTED_IN_URL)) : out;
  }

  private headerList(headers: HarNameValue[]): HarNameValue[] {
    return headers.map((h) => {
      const lower = h.name.toLowerCase();
      if (this.isSecretHeaderName(lower)) {
        if (h.value === '') return h;
        this.note(lower === 'cookie' || lower === 'set-cookie' ? 'cookie' : 'header', h.name);
        return { ...h, value: REDACTED };
      }
      // Headers that carry URLs can carry secrets in their query.
      if (lower === 'referer' || lower === 'location' || lower === 'content-location' || lower === 'origin') return { ...h, value: this.url(h.value) };
      return { ...h, value: this.jwts(h.value) };
    });
  }

  private cookies(cookies: HarCookie[]): HarCookie[] {
    // The cookies were already counted with their Cookie / Set-Cookie header.
    return cookies.map((c) => (c.value === '' ? c : { ...c, value: REDACTED }));
  }

  private postData(data: HarPostData): HarPostData {
    const mime = data.mimeType.toLowerCase();
    const out: HarPostData = { ...data };
    if (mime.startsWith('application/x-www-form-urlencoded')) {
      out.text = data.text
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq < 0) return pair;
          let name = pair.slice(0, eq);
          try {
            name = decodeURIComponent(name.replace(/\+/g, ' '));
          } catch {
            // keep the raw name
          }
          if (this.isSecretParam(name)) {
            this.note('form', name);
            return `${pair.slice(0, eq)}=${REDACTED_IN_URL}`;
          }
          return this.jwts(pair);
        })
        .join('&');
      if (data.params) out.params = [...new URLSearchParams(out.text)].map(([name, value]) => ({ name, value }));
      return out;
    }
    out.text = this.bodyText(data.text, mime, false);
    if (data.params) out.params = data.params.map((p) => (p.value !== undefined && this.isSecretParam(p.name) ? (this.note('form', p.name), { ...p, value: REDACTED }) : p));
    return out;
  }

  /** A request or response body: JSON walked key by key, other text searched for tokens. */
  private bodyText(text: string, mimeType: string, base64: boolean): string {
    if (base64) {
      if (!/^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(json|xml))/i.test(mimeType)) return text;
      const decoded = decodeBase64(text);
      if (decoded === undefined) return text;
      const redacted = this.bodyText(decoded, mimeType, false);
      return redacted === decoded ? text : encodeBase64(redacted);
    }
    return this.freeText(text);
  }

  /** Text that may be JSON: secret keys in JSON; JWTs anywhere. */
  private freeText(text: string): string {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        const json = JSON.parse(text) as unknown;
        const walked = this.json(json);
        if (walked.changed) return JSON.stringify(walked.value);
        return text;
      } catch {
        // Not JSON after all.
      }
    }
    return this.jwts(text);
  }

  private json(value: unknown): { value: unknown; changed: boolean } {
    if (typeof value === 'string') {
      const v = this.jwts(value);
      return { value: v, changed: v !== value };
    }
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((v) => {
        const r = this.json(v);
        changed ||= r.changed;
        return r.value;
      });
      return { value: out, changed };
    }
    if (value && typeof value === 'object') {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v !== null && v !== '' && this.isSecretParam(k) && (typeof v !== 'object' || Array.isArray(v))) {
          this.note('json', k);
          out[k] = REDACTED;
          changed = true;
        } else {
          const r = this.json(v);
          changed ||= r.changed;
          out[k] = r.value;
        }
      }
      return { value: out, changed };
    }
    return { value, changed: false };
  }

  /** The initiator with its URLs redacted: a copy when something changed (the record keeps its own). */
  private initiator(init: { url?: string; stack?: StackLike }): unknown {
    const urls = (s: StackLike | undefined): string[] => (s ? [...(s.callFrames ?? []).map((f) => f.url ?? ''), ...urls(s.parent)] : []);
    const all = [init.url ?? '', ...urls(init.stack)];
    if (!all.some((u) => u.includes('?') || u.includes('eyJ'))) return init;
    const copy = structuredClone(init);
    if (copy.url) copy.url = this.url(copy.url);
    for (let s: StackLike | undefined = copy.stack; s; s = s.parent) for (const f of s.callFrames ?? []) if (f.url) f.url = this.url(f.url);
    return copy;
  }
}

interface StackLike {
  callFrames?: { url?: string }[];
  parent?: StackLike;
}

function pathOf(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

function queryOf(url: string): HarNameValue[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  return [...new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash))].map(([name, value]) => ({ name, value }));
}

function decodeBase64(b64: string): string | undefined {
  try {
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The sentence a redacted file carries in log.comment. */
export function redactionComment(report: RedactionReport): string {
  const parts = (Object.entries(report.counts) as [RedactionKind, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${KIND_WORDS[k]}`);
  return `Redacted by Netlens: ${parts.length ? parts.join(', ') : 'nothing matched'} replaced with ${REDACTED}. Export unredacted only on purpose.`;
}

export const KIND_WORDS: Record<RedactionKind, string> = {
  header: 'credential headers',
  cookie: 'cookies',
  query: 'query parameters',
  form: 'form fields',
  json: 'JSON fields',
  jwt: 'JSON Web Tokens',
};
