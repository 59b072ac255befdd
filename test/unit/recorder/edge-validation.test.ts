// The recorder's edge (sanitise.ts): fields of the wrong type are repaired or left out, counted
// with their first example, and said in the report's first lines, instead of silently losing
// events or letting NaN, Infinity or `[object Object]` through to the views, report and HAR.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import { analysisSections } from '../../../src/core/report/sections.ts';
import { renderReport } from '../../../src/cli/render-report.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import { loadLog } from '../../fixtures/load.ts';

type Params = Record<string, unknown> & { response?: Record<string, unknown> };

describe('a log whose connectionIds are strings (as some tools write them)', () => {
  const log = loadLog('demo');
  const withIds = log.filter((e) => e.method === 'Network.responseReceived' && typeof (e.params as Params).response?.connectionId === 'number');
  const stringly: CdpEvent[] = log.map((e) => {
    const p = e.params as Params;
    if (e.method !== 'Network.responseReceived' || typeof p.response?.connectionId !== 'number') return e;
    return { ...e, params: { ...p, response: { ...p.response, connectionId: String(p.response.connectionId) } } };
  });

  it('loses no response: every one is folded with its connection id read as a number', () => {
    const sound = NetworkRecorder.fromLog(log);
    const r = NetworkRecorder.fromLog(stringly);
    expect(withIds.length).toBeGreaterThan(40);
    const pending = (rec: NetworkRecorder) => rec.requests().filter((q) => q.source === 'pending').length;
    expect(pending(r)).toBe(pending(sound));
    expect(r.requests().map((q) => q.connectionId)).toEqual(sound.requests().map((q) => q.connectionId));
    expect(r.diagnostics.repairedFields['Network.responseReceived response.connectionId: text read as a number']).toBe(withIds.length);
    expect(r.diagnostics.malformedEvents).toEqual({});
  });

  it('says so in the report’s first lines, with the first example', () => {
    const r = NetworkRecorder.fromLog(stringly);
    const report = buildReport(r, analysisSections);
    const first = (withIds[0]!.params as Params).response!.connectionId;
    expect(report.inputProblems[0]).toMatch(new RegExp(`^Repaired ${withIds.length} × Network\\.responseReceived response\\.connectionId: text read as a number \\(first: event \\d+: "${first}"\\)\\.$`));
    const text = renderReport(report, 'demo');
    expect(text.split('\n').slice(2, 4).join('\n')).toMatch(/Problems in the input[^\n]*\n {2}Repaired \d+ × Network\.responseReceived response\.connectionId/);
  });
});

describe('fields of the wrong type, written literally', () => {
  const rwbs = (id: string, extra: Params = {}): CdpEvent => ({
    method: 'Network.requestWillBeSent',
    params: { requestId: id, loaderId: 'L', timestamp: 100, wallTime: 1_700_000_000, type: 'Fetch', request: { url: `http://a.test/${id}`, method: 'GET', headers: {} }, initiator: { type: 'other' }, ...extra },
  });
  const response = (id: string, response: Params, extra: Params = {}): CdpEvent => ({
    method: 'Network.responseReceived',
    params: { requestId: id, timestamp: 100.05, type: 'Fetch', response: { url: `http://a.test/${id}`, status: 200, headers: {}, mimeType: 'text/plain', ...response }, ...extra },
  });

  it('refuses an event dated Infinity (1e999 in the file), and says which field', () => {
    const r = NetworkRecorder.fromLog([{ method: 'Network.requestWillBeSent', params: JSON.parse('{"requestId":"a","timestamp":1e999,"request":{"url":"http://a.test/","method":"GET","headers":{}}}') }]);
    expect(r.requests()).toHaveLength(0);
    expect(r.diagnostics.malformedEvents['Network.requestWillBeSent']).toBe(1);
    expect(r.diagnostics.examples['malformed Network.requestWillBeSent']).toMatch(/timestamp is a number beyond the largest there is, not a finite number/);
  });

  it('reads headers written as a list of {name, value}, numbers as text, repeated fields as lists', () => {
    const r = NetworkRecorder.fromLog([
      rwbs('a'),
      response('a', { headers: [{ name: 'Content-Length', value: 12 }, { name: 'Set-Cookie', value: ['a=1', 'b=2'] }, { name: 'X-Bad', value: { nested: true } }] }),
    ]);
    expect(r.request('a')!.responseHeaders).toEqual([
      { name: 'Content-Length', value: '12' },
      { name: 'Set-Cookie', value: 'a=1' },
      { name: 'Set-Cookie', value: 'b=2' },
    ]);
    expect(Object.keys(r.diagnostics.repairedFields)).toEqual(['Network.responseReceived response.headers: a list, read as name/value headers; 1 that could not be read left out']);
  });

  it('reads a negative size as 0 and a timing offset below -1 as "did not happen"; never writes them to the HAR', () => {
    const r = NetworkRecorder.fromLog([
      rwbs('a'),
      response('a', { timing: { requestTime: 100.01, dnsStart: -5, dnsEnd: -7, connectStart: -1, connectEnd: -1, sslStart: -1, sslEnd: -1, sendStart: 1, sendEnd: '2', receiveHeadersEnd: 30, proxyStart: -1, proxyEnd: -1 } }),
      { method: 'Network.dataReceived', params: { requestId: 'a', timestamp: 100.06, dataLength: -100, encodedDataLength: 0 } },
      { method: 'Network.loadingFinished', params: { requestId: 'a', timestamp: 100.07, encodedDataLength: -1e12 } },
    ]);
    const q = r.request('a')!;
    expect(q.timing?.dnsStart).toBe(-1);
    expect(q.timing?.sendEnd).toBe(2);
    expect(q.decodedBodySize).toBe(0);
    expect(q.transferSize ?? 0).toBeGreaterThanOrEqual(0);
    const entry = buildHar(r, { creator: { name: 't', version: '1' } }).log.entries[0]!;
    for (const v of Object.values(entry.timings)) expect(v === -1 || v >= 0).toBe(true);
    expect(entry.response.content.size).toBe(0);
    expect(entry.response._transferSize).toBeGreaterThanOrEqual(0);
  });

  it('bounds a deeply nested initiator, so the HAR and the report can be written', () => {
    let deep: Params = { leaf: true };
    for (let i = 0; i < 100_000; i++) deep = { parent: deep };
    const r = NetworkRecorder.fromLog([rwbs('a', { initiator: { type: 'script', url: 42, stack: deep } }), response('a', {})]);
    const init = r.request('a')!.initiator as unknown as Params;
    expect(init.type).toBe('script');
    expect(init.url).toBeUndefined();
    expect(() => JSON.stringify(buildHar(r, { creator: { name: 't', version: '1' } }))).not.toThrow();
    expect(() => JSON.stringify(buildReport(r, analysisSections))).not.toThrow();
  });

  it('refuses a request whose URL is not a URL', () => {
    const r = NetworkRecorder.fromLog([rwbs('a', { request: { url: 'not a url', method: 'GET', headers: {} } })]);
    expect(r.requests()).toHaveLength(0);
    expect(r.diagnostics.examples['malformed Network.requestWillBeSent']).toMatch(/request\.url is not an absolute URL/);
  });
});

describe('logs recorded from real Chromium', () => {
  const names = ['pool', 'h2', 'cache', 'cache-rules', 'redirect', 'streams', 'child-targets', 'demo', 'secrets', 'pools-close', 'pools-coalesce', 'pools-preflight', 'pools-reload', 'pools-shard'];
  it.each(names)('%s: every event is read as it was (nothing repaired, nothing left out)', (name) => {
    const d = NetworkRecorder.fromLog(loadLog(name)).diagnostics;
    expect(d.repairedFields).toEqual({});
    expect(d.malformedEvents).toEqual({});
  });
});
