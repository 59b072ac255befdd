// Redaction of HAR entries, the default for every export (panel, `netlens convert`, `netlens
// record`): every field of an entry that can carry a secret goes through one Scrubber — URLs
// wherever they appear, headers (and any raw header text), cookies, bodies, WebSocket frames,
// SSE data, initiators and their stacks, page titles, and any field a later version adds (an
// unknown field is searched as free text rather than trusted). The report counts what went by
// kind and by place and names fields, never values.
import type { HarEntry, HarPage } from '../har/types.ts';
import { redactContent, redactPostData } from './bodies.ts';
import { redactCookies, redactHeaderList, redactHeadersText } from './headers.ts';
import { redactFrame } from './protocols.ts';
import { KIND_WORDS, REDACTED, Scrubber, type RedactionKind, type RedactionOptions, type RedactionReport } from './scrubber.ts';

export { KIND_WORDS, REDACTED, REDACTED_IN_URL, type RedactionExample, type RedactionKind, type RedactionLevel, type RedactionOptions, type RedactionReport } from './scrubber.ts';

/** Entry fields that hold no free text (numbers, enums, ids Netlens made). */
const SAFE_ENTRY_FIELDS = new Set(['startedDateTime', 'time', 'timings', 'cache', 'serverIPAddress', 'connection', '_connectionId', 'pageref', '_priority', '_resourceType', '_fromCache', '_netlensId', '_netlensSource', '_netlensConnectionReused', '_netlensTimes', '_netlensRedirectFrom', '_netlensPreflight', '_netlensPreflightFor']);
const HANDLED_ENTRY_FIELDS = new Set(['request', 'response', '_webSocketMessages', '_eventSourceMessages']);
const SAFE_REQUEST_FIELDS = new Set(['method', 'httpVersion', 'headersSize', 'bodySize']);
const HANDLED_REQUEST_FIELDS = new Set(['url', 'headers', 'cookies', 'queryString', 'postData']);
const SAFE_RESPONSE_FIELDS = new Set(['status', 'httpVersion', 'headersSize', 'bodySize', '_transferSize', '_fetchedViaServiceWorker', '_serviceWorkerResponseSource']);
const HANDLED_RESPONSE_FIELDS = new Set(['headers', 'cookies', 'content', 'redirectURL']);
const STRICT_NOTE = '[REMOVED by strict redaction]';

export class HarRedactor {
  private readonly sc: Scrubber;

  constructor(readonly options: RedactionOptions = {}) {
    this.sc = new Scrubber(options);
  }

  get strict(): boolean {
    return this.sc.strict;
  }

  /**
   * Redacts an entry and returns it. The builder makes every entry afresh for writing (its
   * header, cookie and message objects are its own); objects it shares with the records (the
   * initiator) are copied, never changed in place.
   */
  entry(e: HarEntry, index: number): HarEntry {
    const sc = this.sc;
    sc.where = `#${index + 1} ${e.request.method}`;
    sc.host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#]*@)?([^/?#:]*)/i.exec(e.request.url)?.[1]?.toLowerCase() ?? '';
    sc.field = 'request.url';
    const before = sc.exampleCount();
    e.request.url = sc.url(e.request.url);
    // The place names the redacted URL (its path can hold a token too), without its query.
    sc.where = `#${index + 1} ${e.request.method} ${pathOf(e.request.url)}`;
    sc.relabel(before, sc.where);
    e.request.queryString = queryOf(e.request.url);
    e.request.headers = redactHeaderList(e.request.headers, sc, 'request.headers');
    e.request.cookies = redactCookies(e.request.cookies);
    if (e.request.postData) {
      sc.field = 'request.postData';
      if (sc.strict) {
        if (e.request.postData.text !== '') sc.note('body', 'request body');
        e.request.postData = { mimeType: e.request.postData.mimeType, text: STRICT_NOTE };
      } else e.request.postData = redactPostData(e.request.postData, sc);
    }
    e.response.headers = redactHeaderList(e.response.headers, sc, 'response.headers');
    e.response.cookies = redactCookies(e.response.cookies);
    sc.field = 'response.redirectURL';
    e.response.redirectURL = sc.url(e.response.redirectURL);
    const content = e.response.content;
    if (content.text !== undefined) {
      sc.field = 'response.content';
      if (sc.strict) {
        if (content.text !== '') sc.note('body', 'response body');
        delete content.text;
        delete content.encoding;
        content.comment = STRICT_NOTE;
      } else content.text = redactContent(content.text, content.mimeType, content.encoding === 'base64', sc);
    }
    if (e._webSocketMessages) {
      e._webSocketMessages.forEach((m) => {
        // The report writes every index as "[]": one constant, not a new string per frame (a
        // million frames made a million strings for the collector).
        sc.field = '_webSocketMessages[]';
        // A frame error's text is the browser's, not a payload: strict keeps it (still scrubbed).
        if (sc.strict && m.type !== 'error') {
          if (m.data !== '') sc.note('message', 'WebSocket payload');
          m.data = '';
        } else m.data = redactFrame(m.data, m.opcode, sc);
      });
    }
    if (e._eventSourceMessages) {
      e._eventSourceMessages.forEach((m) => {
        sc.field = '_eventSourceMessages[]';
        if (sc.strict) {
          if (m.data !== '') sc.note('message', 'SSE data');
          m.data = '';
        } else m.data = sc.text(m.data);
        m.eventId = sc.text(m.eventId);
        m.eventName = sc.text(m.eventName);
      });
    }
    // Everything else that can hold text: the initiator and its stacks, error texts, verdicts,
    // and any field added later.
    const rec = e as unknown as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      if (SAFE_ENTRY_FIELDS.has(key) || HANDLED_ENTRY_FIELDS.has(key)) continue;
      rec[key] = this.walk(rec[key], key);
    }
    const req = e.request as unknown as Record<string, unknown>;
    for (const key of Object.keys(req)) if (!SAFE_REQUEST_FIELDS.has(key) && !HANDLED_REQUEST_FIELDS.has(key)) req[key] = this.walk(req[key], `request.${key}`);
    const res = e.response as unknown as Record<string, unknown>;
    for (const key of Object.keys(res)) if (!SAFE_RESPONSE_FIELDS.has(key) && !HANDLED_RESPONSE_FIELDS.has(key)) res[key] = this.walk(res[key], `response.${key}`);
    return e;
  }

  pages(pages: readonly HarPage[]): HarPage[] {
    return pages.map((p) => {
      this.sc.where = `page ${p.id}`;
      this.sc.field = 'pages.title';
      return { ...p, title: this.sc.text(p.title) };
    });
  }

  report(): RedactionReport {
    return this.sc.report();
  }

  /**
   * A copy of `value` with every string redacted: fields named like URLs as URLs, raw header
   * text as headers, anything else as free text. Iterative (an async stack chain can be deep).
   */
  private walk(value: unknown, field: string): unknown {
    const sc = this.sc;
    const redactString = (s: string, key: string, path: string): string => {
      sc.field = path;
      const kind = keyKind(key);
      if (kind === 'headers-text') return redactHeadersText(s, sc, path);
      if (kind === 'url') return sc.url(s);
      return sc.text(s);
    };
    if (typeof value === 'string') return redactString(value, field, field);
    if (value === null || typeof value !== 'object') return value;
    const root: unknown = Array.isArray(value) ? [] : {};
    const work: { from: unknown; to: Record<string, unknown>; path: string }[] = [{ from: value, to: root as Record<string, unknown>, path: field }];
    while (work.length) {
      const { from, to, path } = work.pop()!;
      const array = Array.isArray(from);
      const obj = from as Record<string, unknown>;
      // Object.keys and a loop: the same order as Object.entries, without a pair per field.
      const keys = Object.keys(obj);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const v = obj[k];
        if (typeof v === 'string') to[k] = redactString(v, k, array ? path : `${path}.${k}`);
        else if (v !== null && typeof v === 'object') {
          const copy = Array.isArray(v) ? [] : {};
          to[k] = copy;
          work.push({ from: v, to: copy as Record<string, unknown>, path: array ? path : `${path}.${k}` });
        } else to[k] = v;
      }
    }
    return root;
  }
}

/** How a field's text is read, by its name: raw header text, a URL, or free text; cached by name (a session has few). */
const kinds = new Map<string, 'headers-text' | 'url' | 'text'>();
function keyKind(key: string): 'headers-text' | 'url' | 'text' {
  let kind = kinds.get(key);
  if (kind === undefined) {
    kind = /headerstext$/i.test(key) ? 'headers-text' : /ur[li]$/i.test(key) ? 'url' : 'text';
    if (kinds.size < 10_000) kinds.set(key, kind);
  }
  return kind;
}

function pathOf(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

function queryOf(url: string) {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  return [...new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash))].map(([name, value]) => ({ name, value }));
}

/** The sentence a redacted file carries in log.comment. */
export function redactionComment(report: RedactionReport): string {
  const parts = (Object.entries(report.counts) as [RedactionKind, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${KIND_WORDS[k]}`);
  const level = report.level === 'strict' ? ' (strict: bodies, WebSocket/SSE payloads and query values dropped)' : '';
  return `Redacted by Netlens${level}: ${parts.length ? parts.join(', ') : 'nothing matched'} replaced with ${REDACTED}. Export unredacted only on purpose.`;
}
