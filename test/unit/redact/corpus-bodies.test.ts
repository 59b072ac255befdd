// The redaction corpus applied to response bodies as Netlens stores them (issue 19): the
// corpus's bodies become rows of the bodies table (a memory JobStore), the panel's export job
// writes the HAR through the body look-up every exporter uses (`harBodies`), and every secret
// planted in a response body — JSON, forms, HTML, JavaScript, XML, text, key formats, base64 and
// binary — is absent from the default file and present in the unredacted one. Then the
// unredacted HAR is imported again (its bodies back into rows) and exported redacted: still none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { SessionInfo } from '../../../src/core/session.ts';
import { exportText, memoryJobStore } from '../../memory-job-store.ts';
import { runImport } from '../../../panel/jobs/import-job.ts';
import type { Har } from '../../../src/core/har/types.ts';
import { harValidator } from '../har/validator.ts';

interface Corpus {
  secrets: { value: string; kind: string; place: string; forms?: string[]; notInHar?: boolean }[];
  bodies: Record<string, { body: string; base64Encoded: boolean }>;
  events: CdpEvent[];
}
const corpus = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/redaction-corpus/corpus.json'), 'utf8')) as Corpus;
/** The places of the corpus that are response bodies. */
const RESPONSE_BODY = /^(JSON response|form-urlencoded response|GraphQL JSON response|JS response body|JSON response \(a key\)|text response|response body \(base64\)|XML response|response body \(base64, not UTF-8\)|response body \(binary\)|CSV response)$/;
const bodySecrets = corpus.secrets.filter((s) => RESPONSE_BODY.test(s.place));

/** The file, with its base64 bodies decoded (byte per character) so a secret inside one is found. */
function searchable(file: string): string {
  const har = JSON.parse(file) as Har;
  const decoded = har.log.entries.flatMap((e) => (e.response.content.encoding === 'base64' && e.response.content.text ? [Buffer.from(e.response.content.text, 'base64').toString('latin1')] : []));
  return [file, ...decoded].join('\n');
}
const spellings = (s: { value: string; forms?: string[] }) => [...new Set([s.value, JSON.stringify(s.value).slice(1, -1), Buffer.from(s.value).toString('base64'), ...(s.forms ?? [])])];

describe('the redaction corpus, on stored response bodies', () => {
  const s = memoryJobStore();
  const session: SessionInfo = { id: 'corpus', url: '', title: '', startedAt: 1, state: 'stopped', eventCount: corpus.events.length, source: 'live', options: { bodies: true } };
  void s.create(session);
  void s.append(
    'corpus',
    corpus.events.map((e, i) => ({ sessionId: 'corpus', seq: i + 1, t: 0, method: e.method, params: e.params, ...(e.sessionId ? { target: e.sessionId } : {}) })),
  );
  s.rows.set('corpus', Object.entries(corpus.bodies).map(([requestId, b]) => ({ requestId, body: b.body, base64Encoded: b.base64Encoded })));

  it('has response-body secrets of every body format', () => {
    expect(bodySecrets.length).toBeGreaterThanOrEqual(40);
    expect(new Set(bodySecrets.map((x) => x.place)).size).toBeGreaterThanOrEqual(9);
  });

  it('writes every one unredacted, none by default, and none after a round trip through import', async () => {
    const plainFile = await exportText(s, 'corpus', false);
    // A session that recorded bodies: every entry has its body or the reason, and the file is valid HAR 1.2.
    const entries = (JSON.parse(plainFile) as Har).log.entries;
    expect(entries.filter((e) => e.response.content.text === undefined && !e.response.content._netlensBodyReason)).toEqual([]);
    expect(harValidator()(JSON.parse(plainFile))).toEqual([]);
    const plain = searchable(plainFile);
    expect(bodySecrets.filter((x) => !spellings(x).some((v) => plain.includes(v))).map((x) => `${x.kind} (${x.place})`)).toEqual([]);
    const redactedFile = await exportText(s, 'corpus', { extraHeaders: [], extraParams: [], level: 'default' });
    const redacted = searchable(redactedFile);
    // The EventSource's body rebuilt from its messages (issue 19) goes through the same pass: no
    // secret of the corpus, from any place, is in it.
    const sse = (JSON.parse(redactedFile) as Har).log.entries.find((e) => e._netlensId === 'REQ-sse')!.response.content;
    expect(sse._netlensStreamBody).toMatchObject({ from: 'eventsource-events', messages: 3 });
    const sseSecrets = corpus.secrets.filter((x) => x.place === 'SSE data');
    const plainSse = (JSON.parse(plainFile) as Har).log.entries.find((e) => e._netlensId === 'REQ-sse')!.response.content.text!;
    expect(sseSecrets.length).toBeGreaterThan(0);
    expect(sseSecrets.filter((x) => !plainSse.includes(x.value))).toEqual([]);
    expect(corpus.secrets.filter((x) => !x.notInHar && spellings(x).some((v) => sse.text!.includes(v))).map((x) => `${x.kind} (${x.place})`)).toEqual([]);
    expect(bodySecrets.filter((x) => spellings(x).some((v) => redacted.includes(v))).map((x) => `${x.kind} (${x.place})`)).toEqual([]);

    const imported = await runImport(await exportText(s, 'corpus', false), 'corpus.har', s, () => undefined);
    // Every stored body, and the corpus's EventSource (REQ-sse), whose body the export rebuilt from its messages.
    expect((s.rows.get(imported.session.id) ?? []).filter((b) => b.body !== undefined).length).toBe(Object.keys(corpus.bodies).length + 1);
    const again = searchable(await exportText(s, imported.session.id, { extraHeaders: [], extraParams: [], level: 'default' }));
    expect(bodySecrets.filter((x) => spellings(x).some((v) => again.includes(v))).map((x) => `${x.kind} (${x.place})`)).toEqual([]);
    const againPlain = searchable(await exportText(s, imported.session.id, false));
    expect(bodySecrets.filter((x) => !spellings(x).some((v) => againPlain.includes(v))).map((x) => `${x.kind} (${x.place})`)).toEqual([]);
  });
});
