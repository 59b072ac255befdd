// The body rules of src/core/bodies.ts on literal inputs: what is fetched and what is skipped
// with which reason, the buffer sizes asked of Chromium, byte lengths, the limits a user types,
// the body items a log or a HAR carries, and which record a stored body belongs to.
import { describe, expect, it } from 'vitest';
import {
  BodyCollector,
  bodyByteLength,
  bodyForRecord,
  bufferSizes,
  checkBodyLimits,
  fitBody,
  planBody,
  reasonOfFetchError,
} from '../../../src/core/bodies.ts';
import { importHar } from '../../../src/core/import/import-har.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';

const limits = { perBodyBytes: 1000, perSessionBytes: 5000 };
const res = (mimeType: string, size: number, status = 200) => ({ mimeType, size, status, fromCache: false });

describe('planBody and fitBody', () => {
  it('fetches what fits and names the reason for everything else', () => {
    expect(planBody(res('application/json', 1000), 0, limits)).toEqual({ fetch: true, keep: 1000 });
    // Text over the limit is fetched: its first bytes are kept. Binary over it is skipped whole.
    expect(planBody(res('text/html', 1001), 0, limits)).toEqual({ fetch: true, keep: 1000 });
    expect(planBody(res('image/png', 1001), 0, limits)).toEqual({ reason: 'binary-over-limit', detail: '1001 bytes; the limit is 1000' });
    // At the session's edge: text keeps what is left, binary that does not fit is skipped, nothing once it is full.
    expect(planBody(res('text/plain', 600), 4500, limits)).toEqual({ fetch: true, keep: 500 });
    expect(planBody(res('image/png', 600), 4500, limits)).toEqual({ reason: 'session-limit', detail: '4500 of 5000 bytes kept' });
    expect(planBody(res('text/plain', 600), 5000, limits)).toEqual({ reason: 'session-limit', detail: '5000 of 5000 bytes kept' });
    expect(planBody(res('text/event-stream', 10), 0, limits)).toEqual({ reason: 'event-stream' });
    expect(planBody(res('application/x-ndjson', 10), 0, limits)).toEqual({ reason: 'event-stream' });
    expect(planBody(res('text/html', 0, 304), 0, limits)).toEqual({ reason: 'no-body' });
    expect(planBody(res('text/plain', 0), 0, limits)).toEqual({ reason: 'no-body' });
    // A cached response reports no bytes: asked for all the same.
    expect(planBody({ ...res('text/plain', 0), fromCache: true }, 0, limits)).toEqual({ fetch: true, keep: 1000 });
    // The size Chromium reported may be short: the body's own length decides again.
    expect(fitBody({ body: 'x'.repeat(1200), base64Encoded: false }, 'text/plain', 0, limits)).toEqual({ body: 'x'.repeat(1000), base64Encoded: false, size: 1200, truncated: { kept: 1000, limit: 'body' } });
    expect(fitBody({ body: btoa('x'.repeat(1200)), base64Encoded: true }, 'image/png', 0, limits)).toEqual({ reason: 'binary-over-limit', detail: '1200 bytes; the limit is 1000', size: 1200 });
    expect(fitBody({ body: 'x'.repeat(900), base64Encoded: false }, 'text/plain', 0, limits)).toEqual({ body: 'x'.repeat(900), base64Encoded: false, size: 900 });
    expect(reasonOfFetchError('No resource with given identifier found', true).reason).toBe('cache-gone');
    expect(reasonOfFetchError('No data found for resource with given identifier', false).reason).toBe('evicted');
  });

  it('asks Chromium for buffers that hold the limits, with its defaults as the floor', () => {
    expect(bufferSizes({ perBodyBytes: 1_048_576, perSessionBytes: 52_428_800 })).toEqual({ maxResourceBufferSize: 10_000_000, maxTotalBufferSize: 100_000_000 });
    expect(bufferSizes({ perBodyBytes: 50_000_000, perSessionBytes: 300_000_000 })).toEqual({ maxResourceBufferSize: 50_001_024, maxTotalBufferSize: 300_000_000 });
    expect(bufferSizes({ perBodyBytes: 200_000_000, perSessionBytes: 2_000_000_000 }).maxTotalBufferSize).toBe(800_004_096);
  });

  it('counts bytes as decoded: UTF-8 for text, base64 without padding', () => {
    expect(bodyByteLength('ünï ✓ 𝄞', false)).toBe(2 + 2 + 1 + 1 + 3 + 1 + 4);
    expect(bodyByteLength('AAEC/w==', true)).toBe(4);
    expect(bodyByteLength('AAECAw==', true)).toBe(4);
    expect(bodyByteLength('AAECAwQ=', true)).toBe(5);
  });

  it('checks limits a user types, in sentences', () => {
    expect(checkBodyLimits({ perBodyBytes: 10, perSessionBytes: 100 })).toEqual({ perBodyBytes: 10, perSessionBytes: 100 });
    expect(checkBodyLimits({ perBodyBytes: 0, perSessionBytes: 100 })).toMatch(/per body/);
    expect(checkBodyLimits({ perBodyBytes: 100, perSessionBytes: 10 })).toMatch(/at least the limit per body/);
    expect(checkBodyLimits('big')).toMatch(/must be an object/);
  });
});

describe('bodies in logs and HAR', () => {
  it('takes Netlens body items and chrome-har response.body out of a log; the recorder never sees the items', () => {
    const c = new BodyCollector();
    const events = c.split([
      { method: 'Network.responseReceived', params: { requestId: '1', response: { body: 'from chrome-har' } } },
      { method: 'Netlens.responseBody', params: { requestId: '2', hop: 1, body: 'AAEC', base64Encoded: true } },
      { method: 'Netlens.responseBody', params: { requestId: '3', reason: 'over-limit', detail: '2000 bytes; the limit is 1000' } },
      { method: 'Netlens.responseBody', params: { requestId: 4 } },
    ]);
    expect(events.map((e) => e.method)).toEqual(['Network.responseReceived']);
    expect([...c.bodies.values()]).toEqual([
      { requestId: '1', body: 'from chrome-har', base64Encoded: false, size: 15 },
      { requestId: '2', hop: 1, body: 'AAEC', base64Encoded: true, size: 3 },
      { requestId: '3', reason: 'over-limit', detail: '2000 bytes; the limit is 1000' },
    ]);
  });

  it('reads a HAR entry’s content.text (base64 too) and Netlens’s reason into body items for the last hop of a chain', () => {
    const entry = (url: string, status: number, content: object, extra: object = {}) => ({
      startedDateTime: '2026-01-01T00:00:00.000Z',
      time: 1,
      request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status, statusText: '', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 3, mimeType: 'image/png', ...content }, redirectURL: '', headersSize: -1, bodySize: 3, ...extra },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'x', version: '1' },
        entries: [
          entry('http://a.test/start', 302, {}, { redirectURL: 'http://a.test/end' }),
          entry('http://a.test/end', 200, { text: 'AAEC', encoding: 'base64' }),
          entry('http://a.test/big', 200, { _netlensBodyReason: { reason: 'over-limit', detail: '9 bytes', text: 'over the limit per body (9 bytes)' } }),
          entry('http://a.test/cut', 200, { text: '0123456789', _netlensTruncated: { kept: 10, size: 16, limit: 'body', text: 'kept the first 10 of 16 bytes (the limit per body)' } }),
          // A marker that does not match the text it came with is not believed.
          entry('http://a.test/odd', 200, { text: '0123', _netlensTruncated: { kept: 10, size: 16, limit: 'body' } }),
        ],
      },
    };
    const c = new BodyCollector();
    const events = c.split(importHar(har).events);
    const rec = NetworkRecorder.fromLog(events);
    expect(rec.diagnostics.unhandledEvents).toEqual({});
    const [start, end, big, cut, odd] = rec.requests();
    expect([start!.status, end!.status, big!.status]).toEqual([302, 200, 200]);
    // A truncated body exported by Netlens comes back truncated, with its whole size.
    expect(c.bodies.get(cut!.requestId)).toEqual({ requestId: cut!.requestId, hop: 0, body: '0123456789', base64Encoded: false, size: 16, truncated: { kept: 10, limit: 'body' } });
    expect(c.bodies.get(odd!.requestId)).toEqual({ requestId: odd!.requestId, hop: 0, body: '0123', base64Encoded: false, size: 4 });
    const endBody = c.bodies.get(end!.requestId);
    expect(endBody).toEqual({ requestId: end!.requestId, hop: 1, body: 'AAEC', base64Encoded: true, size: 3 });
    expect(bodyForRecord(end!, endBody, true)).toEqual({ kind: 'body', entry: endBody });
    expect(bodyForRecord(start!, endBody, true)).toEqual({ kind: 'none', reason: 'redirect' });
    expect(bodyForRecord(big!, c.bodies.get(big!.requestId), true)).toEqual({ kind: 'none', reason: 'over-limit', detail: '9 bytes' });
    // A body row for another hop of the chain does not belong to this record.
    expect(bodyForRecord(end!, { ...endBody!, hop: 0 }, true)).toEqual({ kind: 'none', reason: 'evicted', detail: 'no body was stored for this request' });
    expect(bodyForRecord(big!, undefined, false)).toEqual({ kind: 'none', reason: 'not-recorded' });
    // Without a row: a WebSocket handshake is the streams', a preflight or a 304 has no body.
    expect(bodyForRecord({ ...big!, resourceType: 'WebSocket', status: 101 }, undefined, true)).toEqual({ kind: 'none', reason: 'event-stream' });
    expect(bodyForRecord({ ...big!, resourceType: 'Preflight', status: 204 }, undefined, true)).toEqual({ kind: 'none', reason: 'no-body' });
    expect(bodyForRecord({ ...big!, status: 304 }, undefined, true)).toEqual({ kind: 'none', reason: 'no-body' });
  });
});
