// Streamed bodies parsed in the fold (src/core/recorder/body-stream.ts), on logs written literally
// here: the capture's pseudo-events, chunk boundaries inside lines and inside a UTF-8 character,
// CR LF split between chunks, JSON text sequences, the fallback body, and a failed capture.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const bytesB64 = (b: Buffer) => b.toString('base64');

function log(mimeType: string, body: CdpEvent[], type = 'Fetch'): CdpEvent[] {
  return [
    { method: 'Network.requestWillBeSent', params: { requestId: 'r1', loaderId: 'L', documentURL: 'http://a.test/', request: { url: 'http://a.test/s', method: 'GET', headers: {} }, timestamp: 10, wallTime: 1_700_000_000, initiator: { type: 'script' }, type } },
    { method: 'Network.responseReceived', params: { requestId: 'r1', loaderId: 'L', timestamp: 10.1, type, response: { url: 'http://a.test/s', status: 200, statusText: 'OK', headers: { 'content-type': mimeType }, mimeType, connectionReused: false, connectionId: 1, encodedDataLength: 100, protocol: 'http/1.1' } } },
    ...body,
  ];
}
const data = (t: number, s: string | Buffer, withData = true): CdpEvent => {
  const buf = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  return { method: 'Network.dataReceived', params: { requestId: 'r1', timestamp: t, dataLength: buf.length, encodedDataLength: buf.length, ...(withData ? { data: bytesB64(buf) } : {}) } };
};
const streaming = (buffered: string): CdpEvent => ({ method: 'Netlens.streamResourceContent', params: { requestId: 'r1', bufferedData: b64(buffered) } });
const finished = (t: number): CdpEvent => ({ method: 'Network.loadingFinished', params: { requestId: 'r1', timestamp: t, encodedDataLength: 500 } });

const streamOf = (events: CdpEvent[]) => {
  const rec = NetworkRecorder.fromLog(events);
  expect(rec.diagnostics.malformedEvents).toEqual({});
  expect(rec.bodyStreams()).toHaveLength(1);
  return rec.bodyStreams()[0]!;
};

describe('streamed bodies in the fold', () => {
  it('SSE split inside a field name, inside a UTF-8 character and between CR and LF', () => {
    const e = Buffer.from('id: 7\r\ndata: caf\u00e9\r\n\r\n', 'utf8');
    const cut = e.indexOf(0xc3) + 1; // inside the two bytes of "é"
    const s = streamOf(log('text/event-stream', [
      streaming(''),
      data(10.2, 'retry: 1500\n: ping\nda'),
      data(10.3, 'ta: one\ndata: two\n\n'),
      data(10.4, e.subarray(0, cut)),
      data(10.5, e.subarray(cut, e.length - 1)), // ends with CR: the LF comes next
      data(10.6, e.subarray(e.length - 1)),
      data(10.7, 'event: done\ndata: {"ok":true}\n\n'),
      data(10.8, 'data: never ended'),
      finished(10.9),
    ]));
    expect(s.capture).toBe('streaming');
    expect(s.messages.map((m) => [m.data, m.eventId, m.eventName, m.at])).toEqual([
      ['one\ntwo', undefined, undefined, 10300],
      // The CR that ends the chunk already ends the blank line (a CR alone is a line end); the LF
      // after it in the next chunk is the same line end, not a second blank line.
      ['caf\u00e9', '7', undefined, 10500],
      ['{"ok":true}', undefined, 'done', 10700],
    ]);
    expect(s.retries).toEqual([{ at: 10200, ms: 1500 }]);
    expect(s.comments).toBe(1);
    expect(s.messages[1]!.size).toBe(5);
  });

  it('bytes buffered before streaming began are dated by the dataReceived events that brought them', () => {
    const s = streamOf(log('text/event-stream', [
      data(10.2, 'data: a\n\n', false),
      data(10.3, 'data: b\n\n', false),
      streaming('data: a\n\ndata: b\n\n'),
      data(10.4, 'data: c\n\n'),
      finished(10.5),
    ]));
    expect(s.messages.map((m) => [m.data, m.at, m.late ?? false])).toEqual([['a', 10200, false], ['b', 10300, false], ['c', 10400, false]]);
  });

  it('chunks that came before the pseudo-event wait for it, in order', () => {
    const s = streamOf(log('application/x-ndjson', [data(10.3, '{"i":2}\n'), streaming('{"i":1}\n'), finished(10.5)]));
    expect(s.messages.map((m) => m.data)).toEqual(['{"i":1}', '{"i":2}']);
    expect(s.messages[0]!.late).toBe(true);
  });

  it('NDJSON: CRLF, blank lines, a last line without LF, a line that is not JSON', () => {
    const s = streamOf(log('application/jsonl; charset=utf-8', [streaming(''), data(10.2, '{"a":1}\r\n\n{"b"'), data(10.3, ':2}\nnot json\n{"c":3}'), finished(10.4)]));
    expect(s.format).toBe('ndjson');
    expect(s.messages.map((m) => m.data)).toEqual(['{"a":1}', '{"b":2}', 'not json', '{"c":3}']);
    expect(s.invalid).toBe(1);
    expect(s.messages.at(-1)!.at).toBe(10300);
  });

  it('JSON text sequences are split at RS (RFC 7464)', () => {
    const RS = '\u001e';
    const s = streamOf(log('application/json-seq', [streaming(`${RS}{"a":1}\n${RS}[1,`), data(10.2, `2]\n${RS}"x"\n`), finished(10.3)]));
    expect(s.format).toBe('json-seq');
    expect(s.messages.map((m) => m.data)).toEqual(['{"a":1}', '[1,2]', '"x"']);
  });

  it('the request finished before streaming: the body read at the end, every message with the end time, marked', () => {
    const s = streamOf(log('text/event-stream', [
      data(10.2, 'id: 1\ndata: x\n\n', false),
      finished(10.5),
      { method: 'Netlens.streamResourceContent', params: { requestId: 'r1', error: 'No resource with given identifier found' } },
      { method: 'Netlens.streamBody', params: { requestId: 'r1', body: 'id: 1\ndata: x\n\nid: 2\ndata: y\n\n', base64Encoded: false } },
    ]));
    expect(s.capture).toBe('body');
    expect(s.captureNote).toMatch(/could not be turned on \(No resource with given identifier found\).*read whole/);
    expect(s.messages.map((m) => [m.data, m.eventId, m.at, m.late])).toEqual([['x', '1', 10500, true], ['y', '2', 10500, true]]);
  });

  it('nothing could be read: the channel says so, nothing is invented', () => {
    const s = streamOf(log('text/event-stream', [
      finished(10.5),
      { method: 'Netlens.streamResourceContent', params: { requestId: 'r1', error: 'gone' } },
      { method: 'Netlens.streamBody', params: { requestId: 'r1', error: 'No data found for resource with given identifier' } },
    ]));
    expect(s.capture).toBe('none');
    expect(s.messages).toEqual([]);
    expect(s.captureNote).toContain('No data found');
  });

  it('other MIME types are not streams; a pseudo-event for an unknown request is held like any orphan', () => {
    const rec = NetworkRecorder.fromLog([{ method: 'Netlens.streamResourceContent', params: { requestId: 'zz', bufferedData: '' } }, ...log('application/json', [streaming('{}'), finished(10.3)])]);
    expect(rec.bodyStreams()).toEqual([]);
    expect(rec.diagnostics.orphanEvents).toEqual({ 'Netlens.streamResourceContent': 1 });
  });
});
