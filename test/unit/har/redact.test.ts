// Redaction on a session recorded from real Chromium against a page that plants a secret of every
// kind (credential headers, cookies, query, form body, JSON bodies, a JWT in a header, a WebSocket
// frame and SSE data) next to decoys: every planted secret goes, nothing else changes.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { exportHar, previewRedaction, UNREDACTED_COMMENT } from '../../../src/core/har/export.ts';
import { buildHar, type HarBuildContext } from '../../../src/core/har/build.ts';
import { isSecretName } from '../../../src/core/redact/names.ts';
import { findTokens } from '../../../src/core/redact/key-formats.ts';
import type { Har } from '../../../src/core/har/types.ts';
import { DECOYS, PLANTED } from '../../server/scenarios/secrets.ts';
import { loadLog } from '../../fixtures/load.ts';
import { harValidator } from './validator.ts';

const rec = NetworkRecorder.fromLog(loadLog('secrets'));
const tokenBody = JSON.stringify({ access_token: PLANTED.responseJson, user: 'alice', expires_in: 3600 });
const ctx: HarBuildContext = {
  creator: { name: 'Netlens', version: 'test' },
  // As if the session had been recorded with response bodies.
  body: (r) => (r.url.includes('/secrets/token.json') ? { text: tokenBody, base64Encoded: false } : undefined),
};
const exported = (redact: Parameters<typeof exportHar>[2]['redact']) => {
  const out = exportHar(rec, ctx, { redact });
  const text = [...out.chunks].join('');
  return { text, har: JSON.parse(text) as Har, report: out.report() };
};
const secrets = Object.values(PLANTED);

describe('redacted HAR export (the default)', () => {
  const plain = exported(false);
  const redacted = exported({});

  it('the unredacted file holds every planted secret (so the test below means something), and says so', () => {
    for (const s of secrets) expect(plain.text, s).toContain(s);
    expect(plain.har.log.comment).toBe(UNREDACTED_COMMENT);
    expect(plain.har.log._netlensRedaction).toEqual({ redacted: false });
  });

  it('removes every planted secret', () => {
    for (const s of secrets) expect(redacted.text, s).not.toContain(s);
    expect(harValidator()(redacted.har)).toEqual([]);
  });

  it('changes nothing else: every value that differs held a planted secret; decoys stay', () => {
    const diffs: { path: string; before: unknown }[] = [];
    const walk = (a: unknown, b: unknown, path: string) => {
      if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      } else if (a !== b) diffs.push({ path, before: a });
    };
    walk(plain.har.log.entries, redacted.har.log.entries, 'entries');
    walk(plain.har.log.pages, redacted.har.log.pages, 'pages');
    // Each planted secret is behind at least one changed value.
    for (const secret of secrets) expect(diffs.some((d) => String(d.before).includes(secret)), secret).toBe(true);
    for (const d of diffs) {
      expect(typeof d.before, d.path).toBe('string');
      expect(secrets.some((s) => (d.before as string).includes(s)), `${d.path} changed but held no planted secret: ${String(d.before).slice(0, 80)}`).toBe(true);
    }
    for (const decoy of DECOYS) expect(redacted.text, decoy).toContain(decoy);
  });

  it('reports what it removed by kind, with examples that name places but show no values', () => {
    const r = redacted.report!;
    // The page plants a fixed set (test/server/scenarios/secrets.ts), so the counts are exact:
    // the Set-Cookie, then the Cookie header on each of the 6 later requests to the origin
    // (api.json, form.txt, json.json, token.json, the SSE stream, the WebSocket handshake);
    expect(r.counts.cookie).toBe(7);
    expect(r.counts.header).toBe(2); // Authorization, X-Api-Key
    expect(r.counts.query).toBe(1); // access_token
    expect(r.counts.form).toBe(1); // password
    // apiKey and refresh_token in the request bodies, access_token in the response, token in the SSE data;
    expect(r.counts.json).toBe(4);
    expect(r.counts.token).toBe(2); // the JWT in the WebSocket frame the page sent, and the server's echo of it
    expect(r.total).toBe(17);
    expect(r.total).toBe(Object.values(r.counts).reduce((a, b) => a + b, 0));
    const names = r.examples.map((e) => `${e.kind}:${e.name.toLowerCase()}`);
    for (const n of ['header:authorization', 'header:x-api-key', 'cookie:sid', 'query:access_token', 'form:password', 'json:apikey', 'json:refresh_token', 'token:json web token']) expect(names).toContain(n);
    // Places name fields, and the cookie's name stays in the file while its value goes.
    expect(r.places['response.headers[set-cookie]']).toBeGreaterThanOrEqual(1);
    expect(redacted.text).toContain('sid=[REDACTED]; Path=/; HttpOnly; SameSite=Lax');
    const exampleText = JSON.stringify(r.examples);
    for (const s of secrets) expect(exampleText).not.toContain(s);
    expect(redacted.har.log.comment).toMatch(/^Redacted by Netlens: .*credential headers.*cookies/);
    expect(redacted.har.log._netlensRedaction).toMatchObject({ redacted: true, total: r.total });
  });

  it('the preview counts exactly what the export removes', () => {
    expect(previewRedaction(rec, ctx, {})).toEqual(redacted.report);
  });

  it('honours the user’s extra header and parameter names', () => {
    const extra = exported({ extraHeaders: ['X-Request-Id'], extraParams: ['keyword', 'barcode'] });
    expect(extra.text).not.toContain('req-4242');
    expect(extra.text).not.toContain('keyword=blue');
    expect(extra.text).not.toContain('barcode=123');
    expect(extra.text).toContain('keep me');
    expect(extra.report!.extraHeaders).toEqual(['x-request-id']);
  });

  it('keeps the raw structure: redirect Location, URLs and query strings stay consistent', () => {
    const withQuery = redacted.har.log.entries.find((e) => e.request.url.includes('/res/api.json'))!;
    expect(withQuery.request.url).toMatch(/access_token=REDACTED&keyword=blue/);
    expect(withQuery.request.queryString).toEqual(expect.arrayContaining([{ name: 'access_token', value: 'REDACTED' }, { name: 'keyword', value: 'blue' }]));
  });
});

describe('secret names', () => {
  it('matches secret words, not words that merely contain them', () => {
    for (const n of ['access_token', 'apiKey', 'api-key', 'password', 'client_secret', 'SAMLResponse', 'sessionid', 'JSESSIONID', 'code', 'sig', 'x_csrf_token']) expect(isSecretName(n), n).toBe(true);
    for (const n of ['keyword', 'barcode', 'monkey', 'passage', 'user', 'note', 'tokenizer', 'keys_pressed_count']) expect(isSecretName(n), n).toBe(false);
    for (const h of ['Authorization', 'Cookie', 'Set-Cookie', 'Proxy-Authorization', 'X-Api-Key', 'X-CSRF-Token', 'X-Auth-Token']) expect(isSecretName(h, 'header'), h).toBe(true);
    for (const h of ['Content-Type', 'Sec-WebSocket-Key', 'X-Request-Id', 'Cache-Control', 'Keep-Alive', ':path']) expect(isSecretName(h, 'header'), h).toBe(false);
  });

  it('finds a JWT in free text, and leaves other base64 alone', () => {
    const text = `user=alice; t=${PLANTED.jwt}; blob=SGVsbG8gd29ybGQ=; id=eyJub3QiOiJhIHRva2VuIn0`;
    expect(findTokens(text).map((f) => text.slice(f.start, f.end))).toEqual([PLANTED.jwt]);
    // The built (unredacted) HAR really carries the token in the frames and SSE data redaction cleans.
    const har = buildHar(rec, ctx);
    const carriers = har.log.entries.filter((e) => JSON.stringify(e._webSocketMessages ?? e._eventSourceMessages ?? []).includes(PLANTED.jwt));
    expect(carriers.map((e) => e._resourceType).sort()).toEqual(['eventsource', 'websocket']);
  });
});
