// Truncated bodies and event-stream bodies rebuilt from their messages (issue 19), on literal
// inputs: where a cut falls in UTF-8 text (as text and as base64), the words, the HAR fields; an
// SSE and an NDJSON stream written literally as a CDP log, rebuilt and exported, open and ended.
import { describe, expect, it } from 'vitest';
import { bodyForRecord, fitBody, harBodies, truncateBody, truncationText, type BodyEntry } from '../../../src/core/bodies.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import { limitStreamBody, reconstructStreamBody } from '../../../src/core/stream-body.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';

const b64 = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64');

describe('truncated text bodies', () => {
  it('cuts on a UTF-8 character boundary, in text and in base64', () => {
    // "ab✓" is 5 bytes: a cut at 3 or 4 would split the check mark (3 bytes), so 2 are kept.
    expect(truncateBody('ab✓cd', false, 4)).toEqual({ body: 'ab', kept: 2 });
    expect(truncateBody('ab✓cd', false, 5)).toEqual({ body: 'ab✓', kept: 5 });
    // A 4-byte character (a surrogate pair) is never split into halves.
    expect(truncateBody('a𝄞b', false, 4)).toEqual({ body: 'a', kept: 1 });
    expect(truncateBody('a𝄞b', false, 5)).toEqual({ body: 'a𝄞', kept: 5 });
    const bytes = Buffer.from('ab✓cd', 'utf8');
    const cut = truncateBody(b64(bytes), true, 4);
    expect(Buffer.from(cut.body, 'base64').equals(bytes.subarray(0, 2))).toBe(true);
    expect(cut.kept).toBe(2);
    // Latin-1 bytes that are not UTF-8 are cut where the limit says.
    const latin = Buffer.from([0x61, 0xe9, 0x62, 0xe9, 0x63]);
    expect(Buffer.from(truncateBody(b64(latin), true, 3).body, 'base64').equals(latin.subarray(0, 3))).toBe(true);
  });

  it('keeps the first bytes of text over the limit, and what is left at the session’s edge', () => {
    const limits = { perBodyBytes: 10, perSessionBytes: 25 };
    expect(fitBody({ body: '0123456789abcdef', base64Encoded: false }, 'text/plain', 0, limits)).toEqual({ body: '0123456789', base64Encoded: false, size: 16, truncated: { kept: 10, limit: 'body' } });
    expect(fitBody({ body: '0123456789', base64Encoded: false }, 'application/json', 20, limits)).toEqual({ body: '01234', base64Encoded: false, size: 10, truncated: { kept: 5, limit: 'session' } });
    expect(fitBody({ body: '0123456789', base64Encoded: false }, 'text/plain', 25, limits)).toEqual({ reason: 'session-limit', detail: '25 of 25 bytes kept', size: 10 });
    expect(truncationText({ kept: 65_536, limit: 'body' }, 100_000)).toBe('kept the first 65,536 of 100,000 bytes (the limit per body)');
    expect(truncationText({ kept: 5, limit: 'session' }, 10)).toBe('kept the first 5 of 10 bytes (the session limit was reached)');
  });

  it('exports a truncated body with the whole size and _netlensTruncated', () => {
    const events: CdpEvent[] = [
      { method: 'Network.requestWillBeSent', params: { requestId: 't1', loaderId: 'L', documentURL: 'http://a.test/', request: { url: 'http://a.test/big.txt', method: 'GET', headers: {} }, timestamp: 1, wallTime: 1_700_000_000, initiator: { type: 'other' }, type: 'Fetch' } },
      { method: 'Network.responseReceived', params: { requestId: 't1', loaderId: 'L', timestamp: 1.1, type: 'Fetch', response: { url: 'http://a.test/big.txt', status: 200, statusText: 'OK', headers: { 'content-type': 'text/plain' }, mimeType: 'text/plain', connectionReused: false, connectionId: 1, encodedDataLength: 100, protocol: 'http/1.1' } } },
      { method: 'Network.dataReceived', params: { requestId: 't1', timestamp: 1.2, dataLength: 16, encodedDataLength: 16 } },
      { method: 'Network.loadingFinished', params: { requestId: 't1', timestamp: 1.3, encodedDataLength: 116 } },
    ];
    const rec = NetworkRecorder.fromLog(events);
    const entry: BodyEntry = { requestId: 't1', hop: 0, body: '0123456789', base64Encoded: false, size: 16, truncated: { kept: 10, limit: 'body' } };
    const har = buildHar(rec, { creator: { name: 't', version: '1' }, body: harBodies(new Map([['t1', entry]])) });
    const c = har.log.entries[0]!.response.content;
    expect(c.text).toBe('0123456789');
    expect(c.size).toBe(16);
    expect(c._netlensTruncated).toEqual({ kept: 10, size: 16, limit: 'body', text: 'kept the first 10 of 16 bytes (the limit per body)' });
  });
});

function streamLog(id: string, mimeType: string, chunks: string[], end: 'finished' | 'open', type = 'Fetch'): CdpEvent[] {
  const url = `http://a.test/${id}`;
  const out: CdpEvent[] = [
    { method: 'Network.requestWillBeSent', params: { requestId: id, loaderId: 'L', documentURL: 'http://a.test/', request: { url, method: 'GET', headers: {} }, timestamp: 10, wallTime: 1_700_000_000, initiator: { type: 'script' }, type } },
    { method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: 10.1, type, response: { url, status: 200, statusText: 'OK', headers: { 'content-type': mimeType }, mimeType, connectionReused: false, connectionId: 1, encodedDataLength: 100, protocol: 'http/1.1' } } },
    { method: 'Netlens.streamResourceContent', params: { requestId: id, bufferedData: '' } },
  ];
  chunks.forEach((c, i) => out.push({ method: 'Network.dataReceived', params: { requestId: id, timestamp: 10.2 + i / 10, dataLength: Buffer.byteLength(c), encodedDataLength: Buffer.byteLength(c), data: b64(c) } }));
  if (end === 'finished') out.push({ method: 'Network.loadingFinished', params: { requestId: id, timestamp: 11, encodedDataLength: 500 } });
  return out;
}

describe('event-stream bodies rebuilt from their messages', () => {
  const SSE = ['retry: 2000\n\nid: 1\ndata: one\n\n', 'event: update\nid: 2\ndata: {"a":1}\ndata: {"b":2}\n\n: a comment\n\n', 'data: no id\n\n'];
  const NDJSON = ['{"i":1}\n{"i"', ':2}\n', '{"i":3}\n'];

  it('writes SSE and NDJSON back in their format, and says whether each is complete', () => {
    const rec = NetworkRecorder.fromLog([...streamLog('s1', 'text/event-stream', SSE, 'finished'), ...streamLog('n1', 'application/x-ndjson', NDJSON, 'open')]);
    const [sse, nd] = rec.bodyStreams();
    const s = reconstructStreamBody(rec.request('s1')!, sse, undefined)!;
    expect(s.text).toBe('retry: 2000\n\nid: 1\ndata: one\n\nevent: update\nid: 2\ndata: {"a":1}\ndata: {"b":2}\n\ndata: no id\n\n');
    expect(s).toMatchObject({ channelId: 's1', from: 'stream', format: 'sse', messages: 3, complete: true, notes: ['1 comment left out'] });
    const n = reconstructStreamBody(rec.request('n1')!, nd, undefined)!;
    expect(n.text).toBe('{"i":1}\n{"i":2}\n{"i":3}\n');
    expect(n).toMatchObject({ format: 'ndjson', messages: 3, complete: false, notes: ['the stream was still open: later messages are not in it'] });
  });

  it('cuts a rebuilt body to the limit per body for the Body tab, on a character boundary', () => {
    const rec = NetworkRecorder.fromLog(streamLog('n1', 'application/x-ndjson', ['{"s":"✓✓"}\n'], 'finished'));
    const full = reconstructStreamBody(rec.request('n1')!, rec.bodyStreams()[0], undefined)!;
    expect(full.text).toBe('{"s":"✓✓"}\n');
    // 15 bytes: a cut at 8 would split the first check mark (bytes 6 to 8), so 6 are kept.
    expect(limitStreamBody(full, 8)).toMatchObject({ text: '{"s":"', truncated: { kept: 6, size: 15 } });
    expect(limitStreamBody(full, 15)).toBe(full);
  });

  it('falls back to the browser’s EventSource events, writing an id only where it changed', () => {
    const events: CdpEvent[] = [
      ...streamLog('e1', 'text/event-stream', [], 'open', 'EventSource').slice(0, 2),
      { method: 'Netlens.streamResourceContent', params: { requestId: 'e1', error: 'No resource with given identifier found' } },
      { method: 'Network.eventSourceMessageReceived', params: { requestId: 'e1', timestamp: 10.3, eventName: 'message', eventId: '5', data: 'a' } },
      { method: 'Network.eventSourceMessageReceived', params: { requestId: 'e1', timestamp: 10.4, eventName: 'tick', eventId: '5', data: 'b\nc' } },
      { method: 'Network.loadingFinished', params: { requestId: 'e1', timestamp: 11, encodedDataLength: 500 } },
    ];
    const rec = NetworkRecorder.fromLog(events);
    const s = reconstructStreamBody(rec.request('e1')!, rec.bodyStreams()[0], rec.eventSources()[0])!;
    expect(s.text).toBe('id: 5\ndata: a\n\nevent: tick\ndata: b\ndata: c\n\n');
    expect(s.from).toBe('eventsource-events');
    expect(s.complete).toBe(true);
    expect(s.notes.join('; ')).toContain('streaming could not be turned on');
  });

  it('HAR: content.text of a stream whose session recorded bodies is the rebuilt text, marked', () => {
    const rec = NetworkRecorder.fromLog(streamLog('s1', 'text/event-stream', SSE, 'finished'));
    const rows = new Map<string, BodyEntry>([['s1', { requestId: 's1', hop: 0, reason: 'event-stream' }]]);
    expect(bodyForRecord(rec.request('s1')!, rows.get('s1'), true)).toEqual({ kind: 'none', reason: 'event-stream' });
    const har = buildHar(rec, { creator: { name: 't', version: '1' }, body: harBodies(rows) });
    const c = har.log.entries[0]!.response.content;
    expect(c.text).toBe('retry: 2000\n\nid: 1\ndata: one\n\nevent: update\nid: 2\ndata: {"a":1}\ndata: {"b":2}\n\ndata: no id\n\n');
    expect(c._netlensStreamBody).toEqual({ from: 'stream', format: 'sse', messages: 3, complete: true, notes: ['1 comment left out'] });
    expect(c._netlensBodyReason).toBeUndefined();
    // A session without bodies writes neither.
    const plain = buildHar(rec, { creator: { name: 't', version: '1' } }).log.entries[0]!.response.content;
    expect(plain.text).toBeUndefined();
    expect(plain._netlensStreamBody).toBeUndefined();
  });
});
