// The redaction pass's state: the options, the place being redacted, and the tally of what was
// removed (kinds, names and places; never a value). Every export path goes through one Scrubber
// per file; the HAR redactor walks the entries and calls it on each field.
import { isSecretName, type NameContext } from './names.ts';
import { findCredentials } from './key-formats.ts';
import { redactText, redactValue } from './text.ts';
import { redactUrl, SCHEME as ABSOLUTE_URL } from './url.ts';
import { work } from '../work.ts';

export type RedactionLevel = 'default' | 'strict';

export type RedactionKind =
  | 'header'
  | 'cookie'
  | 'query'
  | 'fragment'
  | 'path'
  | 'userinfo'
  | 'form'
  | 'multipart'
  | 'json'
  | 'html'
  | 'text'
  | 'token'
  | 'key'
  | 'protocol'
  | 'body'
  | 'message';

export const KIND_WORDS: Record<RedactionKind, string> = {
  header: 'credential headers',
  cookie: 'cookies',
  query: 'query parameters',
  fragment: 'URL fragment parameters',
  path: 'tokens in URL paths',
  userinfo: 'user names or passwords in URLs',
  form: 'form fields',
  multipart: 'multipart form fields',
  json: 'JSON fields',
  html: 'HTML form and meta values',
  text: 'secret-named values in text and scripts',
  token: 'JSON Web Tokens (JWT, JWE)',
  key: 'keys in well-known formats',
  protocol: 'WebSocket protocol credentials',
  body: 'bodies dropped (strict)',
  message: 'WebSocket and SSE payloads dropped (strict)',
};

export const ALL_KINDS = Object.keys(KIND_WORDS) as RedactionKind[];

export interface RedactionOptions {
  /** Extra header names to remove (case-insensitive), on top of the built-in ones. */
  extraHeaders?: readonly string[];
  /** Extra query, form and JSON field names to remove (case-insensitive). */
  extraParams?: readonly string[];
  /** `strict` also drops every body, every WebSocket/SSE payload and every query and fragment value. */
  level?: RedactionLevel;
}

export interface RedactionExample {
  kind: RedactionKind;
  /** The header, cookie, parameter or field name, or the credential's format ("JSON Web Token"). */
  name: string;
  /** Which entry: number, method and the redacted URL without its query. */
  where: string;
  /** Which field of the entry (request.url, request.headers[Referer], response.content…). */
  field: string;
}

export interface RedactionReport {
  redacted: true;
  level: RedactionLevel;
  total: number;
  counts: Record<RedactionKind, number>;
  /** How many values were removed per field (request.url, response.content, _webSocketMessages…). */
  places: Record<string, number>;
  examples: RedactionExample[];
  extraHeaders: string[];
  extraParams: string[];
}

export { REDACTED, REDACTED_IN_URL, MAX_NESTING } from './markers.ts';

const MAX_EXAMPLES = 40;
const MAX_CACHED_NAMES = 10_000;

export class Scrubber {
  readonly strict: boolean;
  readonly level: RedactionLevel;
  readonly headers: ReadonlySet<string>;
  readonly params: ReadonlySet<string>;
  /** The field being redacted, for the report. */
  field = '';
  /** The entry being redacted, for the report. */
  where = '';
  /** The host of the entry's URL: relative URLs (:path, a relative Location) are on it. */
  get host(): string {
    this.hostReads++;
    return this.entryHost;
  }
  set host(host: string) {
    this.entryHost = host;
  }
  private entryHost = '';
  /** How many times the entry's host was read: a text or URL whose redaction never read it is clean on every host. */
  private hostReads = 0;
  private readonly counts = Object.fromEntries(ALL_KINDS.map((k) => [k, 0])) as Record<RedactionKind, number>;
  private readonly places = new Map<string, number>();
  private readonly examples: RedactionExample[] = [];
  private readonly seenExamples = new Set<string>();
  private readonly verdicts = new Map<NameContext, Map<string, boolean>>();
  private cachedNames = 0;
  /**
   * Short texts already found clean (a session repeats the same header values thousands of
   * times), by the entry's host: a relative URL inside a text (JSON with "next":"/…") is read on
   * that host, so a text clean on one host may not be on another (a webhook path).
   */
  private readonly clean = new Map<string, Set<string>>();
  /** The same for texts found inside others (depth > 0), keyed by depth and text. */
  private readonly cleanNested = new Map<string, Set<string>>();
  /**
   * Texts (at the top, and nested, keyed as above) found clean without reading the entry's host:
   * clean on every host. Most are (header values, MIME types…); keeping them once rather than
   * once per host is what keeps a session over thousands of hostnames from filling the cache.
   */
  private readonly cleanAnyHost = new Set<string>();
  private readonly cleanNestedAnyHost = new Set<string>();
  private cleanCount = 0;
  /** Absolute URLs already found clean, by the entry's host, and those clean on every host (as above). */
  private readonly cleanUrls = new Map<string, Set<string>>();
  private readonly cleanUrlsAnyHost = new Set<string>();
  private cleanUrlCount = 0;
  private notes = 0;

  constructor(options: RedactionOptions = {}) {
    this.headers = new Set((options.extraHeaders ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
    this.params = new Set((options.extraParams ?? []).map((p) => p.trim().toLowerCase()).filter(Boolean));
    this.level = options.level === 'strict' ? 'strict' : 'default';
    this.strict = this.level === 'strict';
  }

  note(kind: RedactionKind, name: string): void {
    this.notes++;
    this.counts[kind]++;
    const field = this.field.replace(/\[\d+\]/g, '[]');
    this.places.set(field, (this.places.get(field) ?? 0) + 1);
    // A name is shown, never a value; a name that is itself a credential is shown by its format.
    const format = name.length >= 16 ? findCredentials(name)[0] : undefined;
    const shown = format ? format.name : name.length > 60 ? `${name.slice(0, 57)}…` : name;
    const key = `${kind}\u0000${shown.toLowerCase()}\u0000${field}`;
    if (this.examples.length < MAX_EXAMPLES && !this.seenExamples.has(key)) {
      this.seenExamples.add(key);
      this.examples.push({ kind, name: shown, where: this.where, field });
    }
  }

  /** How many examples are kept so far (to relabel the ones noted before the entry's place was known). */
  exampleCount(): number {
    return this.examples.length;
  }

  relabel(from: number, where: string): void {
    for (let i = from; i < this.examples.length; i++) this.examples[i]!.where = where;
  }

  /** Whether a name is secret in its context, with the user's extra names; cached. */
  secretName(name: string, context: NameContext): boolean {
    // One map per context, keyed by the name itself: no key string is built per look-up (header
    // names are looked up some twenty times per entry).
    let byName = this.verdicts.get(context);
    if (byName === undefined) this.verdicts.set(context, (byName = new Map()));
    let v = byName.get(name);
    if (v === undefined) {
      v = isSecretName(name, context, context === 'header' ? this.headers : this.params);
      if (this.cachedNames < MAX_CACHED_NAMES) {
        byName.set(name, v);
        this.cachedNames++;
      }
    }
    return v;
  }

  /** Free text: JSON, a URL, or prose/HTML/script with URLs, secret-named values and credentials in it. */
  text(text: string, depth = 0): string {
    // Relative URLs depend on the entry's host; long texts are rarely repeated; texts under 6
    // characters are never changed (redactText returns them as they are).
    if (text.length > 1024 || text.length < 6 || text.startsWith('/')) return redactText(text, this, depth);
    // Texts at the top (depth 0: almost every call) are looked up as they are, without building a
    // key string: a million SSE messages made a million keys, and the collector paid for them.
    const anyHost = depth === 0 ? this.cleanAnyHost : this.cleanNestedAnyHost;
    const key = depth === 0 ? text : `${depth}\u0000${text}`;
    if (anyHost.has(key)) return text;
    const byHost = depth === 0 ? this.clean : this.cleanNested;
    const clean = byHost.get(this.entryHost);
    if (clean !== undefined && clean.has(key)) {
      this.hostReads++; // clean on this host: whatever holds this text depends on the host too
      return text;
    }
    const before = this.notes;
    const reads = this.hostReads;
    work.steps += text.length; // read in full (tests count it: a cache that stops holding shows here)
    const out = redactText(text, this, depth);
    if (out === text && this.notes === before && this.cleanCount < MAX_CACHED_NAMES * 5) {
      if (this.hostReads === reads) anyHost.add(key);
      else if (clean !== undefined) clean.add(key);
      else byHost.set(this.entryHost, new Set([key]));
      this.cleanCount++;
    }
    return out;
  }

  url(url: string, depth = 0): string {
    // Absolute URLs at the top are looked up among those already found clean: the same few
    // hundred URLs come back in every entry (the request, its initiator, the stack frames, the
    // Referer). Keyed by the entry's host as well, since a relative URL inside the query (next=/…)
    // is read on that host.
    if (depth !== 0 || url.length > 2048 || !ABSOLUTE_URL.test(url)) return redactUrl(url, this, depth);
    if (this.cleanUrlsAnyHost.has(url)) return url;
    const clean = this.cleanUrls.get(this.entryHost);
    if (clean !== undefined && clean.has(url)) {
      this.hostReads++;
      return url;
    }
    const before = this.notes;
    const reads = this.hostReads;
    work.steps += url.length;
    const out = redactUrl(url, this, 0);
    if (out === url && this.notes === before && this.cleanUrlCount < MAX_CACHED_NAMES * 5) {
      if (this.hostReads === reads) this.cleanUrlsAnyHost.add(url);
      else if (clean !== undefined) clean.add(url);
      else this.cleanUrls.set(this.entryHost, new Set([url]));
      this.cleanUrlCount++;
    }
    return out;
  }

  /** A decoded parameter value: maybe a URL, JSON, base64-wrapped JSON, a nested query string, or text. */
  value(value: string, depth = 0): string {
    return redactValue(value, this, depth);
  }

  report(): RedactionReport {
    const total = Object.values(this.counts).reduce((a, b) => a + b, 0);
    return {
      redacted: true,
      level: this.level,
      total,
      counts: { ...this.counts },
      places: Object.fromEntries([...this.places].sort((a, b) => b[1] - a[1])),
      examples: this.examples.slice(),
      extraHeaders: [...this.headers],
      extraParams: [...this.params],
    };
  }
}
