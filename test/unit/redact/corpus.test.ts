// The redaction corpus (test/fixtures/redaction-corpus/corpus.json): a CDP log of a session that
// meets credentials the way real services send them, planted in every place a HAR can carry
// them, with decoys that must survive. It goes through the real export path (recorder → HAR
// builder → redactor → streaming writer) and the whole serialised file is searched for every
// secret, in every spelling it could take there (as is, JSON-escaped, percent-encoded, base64).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { exportHar, previewRedaction } from '../../../src/core/har/export.ts';
import type { HarBuildContext } from '../../../src/core/har/build.ts';
import type { Har } from '../../../src/core/har/types.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { RedactionOptions } from '../../../src/core/redact/redact-har.ts';
import { harValidator } from '../har/validator.ts';

interface Corpus {
  secrets: { value: string; kind: string; place: string; forms?: string[]; notInHar?: boolean }[];
  decoys: { value: string; why: string }[];
  bodies: Record<string, { body: string; base64Encoded: boolean }>;
  events: CdpEvent[];
}
const corpus = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/redaction-corpus/corpus.json'), 'utf8')) as Corpus;
const rec = NetworkRecorder.fromLog(corpus.events);
const ctx: HarBuildContext = {
  creator: { name: 'Netlens', version: 'test' },
  body: (r) => {
    const b = r.redirectTo ? undefined : corpus.bodies[r.requestId];
    return b && { text: b.body, base64Encoded: b.base64Encoded };
  },
};
const exported = (redact: RedactionOptions | false) => {
  const out = exportHar(rec, ctx, { redact });
  const file = [...out.chunks].join('');
  const har = JSON.parse(file) as Har;
  // What is base64 in the file (bodies, binary frames) is searched decoded too, byte per character.
  const decoded = har.log.entries.flatMap((e) => [
    ...(e.response.content.encoding === 'base64' && e.response.content.text ? [e.response.content.text] : []),
    ...(e._webSocketMessages ?? []).filter((m) => m.opcode === 2).map((m) => m.data),
  ]);
  const text = [file, ...decoded.map((b) => Buffer.from(b, 'base64').toString('latin1'))].join('\n');
  return { file, text, har, report: out.report() };
};
const escaped = (s: string) => JSON.stringify(s).slice(1, -1);
/** Every spelling of a secret that could appear in the file. */
const spellings = (s: { value: string; forms?: string[] }) => [
  ...new Set([s.value, escaped(s.value), encodeURIComponent(s.value), Buffer.from(s.value).toString('base64'), Buffer.from(s.value).toString('base64url'), ...(s.forms ?? [])]),
];

describe('the redaction corpus', () => {
  const plain = exported(false);
  const redacted = exported({});

  it('is big and varied: over 80 secrets of over 60 kinds, dozens of decoys', () => {
    expect(corpus.secrets.length).toBeGreaterThan(80);
    expect(new Set(corpus.secrets.map((s) => s.kind)).size).toBeGreaterThan(60);
    expect(corpus.decoys.length).toBeGreaterThan(40);
  });

  it('really reaches the export: every secret and every decoy is in the unredacted file', () => {
    const missing = corpus.secrets.filter((s) => !s.notInHar && !spellings(s).some((v) => plain.text.includes(v)));
    expect(missing.map((s) => `${s.kind} (${s.place})`)).toEqual([]);
    const missingDecoys = corpus.decoys.filter((d) => !plain.text.includes(escaped(d.value)));
    expect(missingDecoys.map((d) => d.value)).toEqual([]);
  });

  it('never writes the CDP fields a HAR does not carry (documentURL, raw header text), redacted or not', () => {
    const hidden = corpus.secrets.filter((s) => s.notInHar);
    expect(hidden.length).toBeGreaterThan(0);
    for (const s of hidden) {
      expect(plain.text.includes(s.value), s.kind).toBe(false);
      expect(redacted.text.includes(s.value), s.kind).toBe(false);
    }
  });

  it('removes every planted secret, in every spelling, from the whole file', () => {
    const left = corpus.secrets.filter((s) => spellings(s).some((v) => redacted.text.includes(v)));
    expect(left.map((s) => `${s.kind} (${s.place})`)).toEqual([]);
  });

  it('keeps every decoy', () => {
    const lost = corpus.decoys.filter((d) => !redacted.text.includes(escaped(d.value)));
    expect(lost.map((d) => `${d.value} — ${d.why}`)).toEqual([]);
  });

  it('writes a valid HAR whose query lists match its URLs', () => {
    expect(harValidator()(redacted.har)).toEqual([]);
    for (const e of redacted.har.log.entries) {
      const q = e.request.url.indexOf('?');
      const expected = q < 0 ? [] : [...new URLSearchParams(e.request.url.slice(q + 1))].map(([name, value]) => ({ name, value }));
      expect(e.request.queryString, e.request.url).toEqual(expected);
    }
  });

  it('reports what went by kind and by place, never a value; the preview is the same report', () => {
    const r = redacted.report!;
    expect(previewRedaction(rec, ctx, {})).toEqual(r);
    expect(redacted.har.log._netlensRedaction).toEqual(r);
    expect(r.total).toBe(Object.values(r.counts).reduce((a, b) => a + b, 0));
    expect(r.total).toBeGreaterThanOrEqual(corpus.secrets.length);
    for (const kind of ['header', 'cookie', 'query', 'fragment', 'path', 'userinfo', 'form', 'multipart', 'json', 'html', 'text', 'token', 'key', 'protocol'] as const) {
      expect(r.counts[kind], kind).toBeGreaterThan(0);
    }
    for (const place of ['request.url', 'request.headers[:path]', 'request.headers[Referer]', 'response.headers[Location]', 'response.headers[link]', 'response.redirectURL', 'request.postData', 'response.content', '_webSocketMessages[]', '_eventSourceMessages[]', 'pages.title', '_initiator.url', '_initiator.stack.parent.callFrames.url', 'request.headers[Sec-WebSocket-Protocol]']) {
      expect(r.places[place], place).toBeGreaterThan(0);
    }
    // Every example names its entry by method and redacted URL (or its page), and a field.
    for (const ex of r.examples) {
      expect(ex.where).toMatch(/^(#\d+ [A-Z]+ \S+|page \S+)$/);
      expect(ex.field).not.toBe('');
    }
    const reportText = JSON.stringify(r) + (redacted.har.log.comment ?? '');
    expect(redacted.file).toContain(JSON.stringify(r).slice(1, -1));
    const leaked = corpus.secrets.filter((s) => spellings(s).some((v) => reportText.includes(v)));
    expect(leaked.map((s) => s.kind)).toEqual([]);
  });

  it('the unredacted export stays possible, and says so', () => {
    expect(plain.report).toBeUndefined();
    expect(plain.har.log._netlensRedaction).toEqual({ redacted: false });
  });
});

describe('strict redaction of the corpus', () => {
  const strict = exported({ level: 'strict' });

  it('drops every body, every WebSocket and SSE payload and every query value, and every secret', () => {
    const entries = strict.har.log.entries;
    for (const e of entries) {
      expect(e.response.content.text, e.request.url).toBeUndefined();
      if (e.request.postData) expect(e.request.postData.text).toBe('[REMOVED by strict redaction]');
      for (const q of e.request.queryString) expect(['', 'REDACTED'], `${e.request.url} ${q.name}`).toContain(q.value);
      for (const m of e._webSocketMessages ?? []) expect(m.data).toBe('');
      for (const m of e._eventSourceMessages ?? []) expect(m.data).toBe('');
    }
    expect(entries.some((e) => (e._webSocketMessages ?? []).length > 0)).toBe(true);
    expect(entries.some((e) => (e._eventSourceMessages ?? []).length > 0)).toBe(true);
    const left = corpus.secrets.filter((s) => spellings(s).some((v) => strict.text.includes(v)));
    expect(left.map((s) => s.kind)).toEqual([]);
    expect(harValidator()(strict.har)).toEqual([]);
  });

  it('still keeps what is not a body, payload or query value, and reports the strict level', () => {
    for (const d of ['req-7f3a9c', 'SameSite=Strict', 'graphql-transport-ws', 'v4.channel.k8s.io', '5f0f2f4e-8d3a-4b55-9e27-1c2d3e4f5a6b', '"d41d8cd98f00b204e9800998ecf8427e"']) {
      expect(strict.text.includes(escaped(d)), d).toBe(true);
    }
    const r = strict.report!;
    expect(r.level).toBe('strict');
    expect(r.counts.body).toBeGreaterThan(20);
    expect(r.counts.message).toBeGreaterThan(10);
    expect(strict.har.log.comment).toMatch(/strict/);
    expect(previewRedaction(rec, ctx, { level: 'strict' })).toEqual(r);
  });
});
