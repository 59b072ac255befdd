// The redactor remembers texts and URLs it found clean, to skip them when they come back. A
// relative URL inside one (a query's next=/…, a JSON "next":"/…") is read on the entry's host,
// where a Slack webhook path is a credential: what is clean on one host may not be on another,
// and the answer must not depend on which entry came first.
import { describe, expect, it } from 'vitest';
import { HarRedactor } from '../../../src/core/redact/redact-har.ts';
import type { HarEntry } from '../../../src/core/har/types.ts';

const HOOK = '/services/T0000000/B0000000/abcdefghijklmnopqrstuvwx';
const URL_WITH_HOOK = `https://a.test/x?next=${HOOK}`;
const JSON_WITH_HOOK = `{"next":"${HOOK}"}`;

function entry(url: string): HarEntry {
  return {
    startedDateTime: '2026-12-01T00:00:00.000Z',
    time: 0,
    request: { method: 'GET', url, httpVersion: 'http/1.1', cookies: [], headers: [{ name: 'Referer', value: URL_WITH_HOOK }, { name: 'X-Next', value: JSON_WITH_HOOK }], queryString: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'http/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: 0, receive: 0, ssl: -1 },
  } as HarEntry;
}

const headersOf = (e: HarEntry) => e.request.headers.map((h) => h.value);

describe('clean texts and URLs are remembered per host', () => {
  for (const order of [['https://a.test/', 'https://hooks.slack.com/'], ['https://hooks.slack.com/', 'https://a.test/']]) {
    it(`the same header values on a.test and on hooks.slack.com, ${order[0]} first`, () => {
      const red = new HarRedactor({});
      const out = new Map(order.map((url, i) => [url, headersOf(red.entry(entry(url), i))]));
      // On a.test the path is an ordinary one: both values stay as they are.
      expect(out.get('https://a.test/')).toEqual([URL_WITH_HOOK, JSON_WITH_HOOK]);
      // On hooks.slack.com the same path is a webhook: its last segment goes, in both.
      expect(out.get('https://hooks.slack.com/')).toEqual(['https://a.test/x?next=%2Fservices%2FT0000000%2FB0000000%2FREDACTED', '{"next":"/services/T0000000/B0000000/REDACTED"}']);
    });
  }
});

// Issue 13: a text whose redaction never reads the entry's host is remembered once for every host
// (a session over thousands of hostnames filled the per-host cache and then read every text in
// full again). What holds a text remembered for one host depends on the host too.
describe('texts clean on every host are remembered once', () => {
  it('a text found clean only on its host makes what holds it host-bound too', () => {
    const inner = JSON.stringify({ next: HOOK });
    const first = JSON.stringify({ a: inner });
    const second = JSON.stringify({ b: inner });
    const withHeaders = (url: string, values: string[]) => {
      const e = entry(url);
      e.request.headers = values.map((value, i) => ({ name: `X-Data-${i}`, value }));
      return e;
    };
    const red = new HarRedactor({});
    // On a.test the inner text is clean (read on a.test's host) and remembered for a.test; the
    // second header meets it again there.
    expect(headersOf(red.entry(withHeaders('https://a.test/', [first, second]), 0))).toEqual([first, second]);
    // On hooks.slack.com the second text must be read again: its inner path is a webhook there.
    const out = headersOf(red.entry(withHeaders('https://hooks.slack.com/', [second]), 1));
    expect(out[0]).not.toBe(second);
    expect(out[0]).toContain('REDACTED');
    expect(out[0]).not.toContain('abcdefghijklmnopqrstuvwx');
  });

  it('a header value clean on one host is not read in full again on another', async () => {
    const { work } = await import('../../../src/core/work.ts');
    const values = ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', 'gzip, deflate, br, zstd'];
    const withHeaders = (url: string) => {
      const e = entry(url);
      e.request.headers = values.map((value, i) => ({ name: `X-Value-${i}`, value }));
      return e;
    };
    const red = new HarRedactor({});
    work.steps = 0;
    red.entry(withHeaders('https://s0.shard.test/'), 0);
    const firstHost = work.steps;
    // Every value was read in full on the first host.
    expect(firstHost).toBeGreaterThanOrEqual(values.join('').length);
    work.steps = 0;
    red.entry(withHeaders('https://s1.shard.test/'), 1);
    // On the second host only its own URL is new (the values are known clean on every host).
    expect(work.steps).toBeLessThanOrEqual('https://s1.shard.test/'.length);
  });
});
