// Memory (issue 15): the same header on many requests is one shared {name, value} entry, and the
// records still say exactly what each request sent. A log written literally.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/network-recorder.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const request = (i: number, extra: Record<string, string> = {}): CdpEvent => ({
  method: 'Network.requestWillBeSent',
  // Each request's headers object is its own (as JSON.parse gives them), with equal values.
  params: JSON.parse(JSON.stringify({ requestId: `r${i}`, loaderId: 'l', documentURL: 'http://a.test/', timestamp: i, wallTime: 1_700_000_000 + i, type: 'Fetch', initiator: { type: 'other' }, request: { url: `http://a.test/${i}`, method: 'GET', headers: { 'User-Agent': UA, Accept: '*/*', ...extra } } })),
});

describe('shared header entries', () => {
  it('gives equal headers of different requests one entry, and keeps different ones apart', () => {
    const rec = NetworkRecorder.fromLog([request(1), request(2), request(3, { Accept: 'text/html' }), request(4, { 'X-Long': 'y'.repeat(300) }), request(5, { 'X-Long': 'y'.repeat(300) })]);
    const [a, b, c, d, e] = rec.requests();
    expect(a!.requestHeaders).toEqual([{ name: 'User-Agent', value: UA }, { name: 'Accept', value: '*/*' }]);
    expect(b!.requestHeaders).toEqual(a!.requestHeaders);
    // The same entries, not copies.
    expect(b!.requestHeaders[0]).toBe(a!.requestHeaders[0]);
    expect(b!.requestHeaders[1]).toBe(a!.requestHeaders[1]);
    // A different value is its own entry.
    expect(c!.requestHeaders[0]).toBe(a!.requestHeaders[0]);
    expect(c!.requestHeaders[1]).toEqual({ name: 'Accept', value: 'text/html' });
    expect(c!.requestHeaders[1]).not.toBe(a!.requestHeaders[1]);
    // Values over 256 characters are not shared (cookies, long policies: rarely repeated).
    expect(d!.requestHeaders[2]).toEqual({ name: 'X-Long', value: 'y'.repeat(300) });
    expect(e!.requestHeaders[2]).not.toBe(d!.requestHeaders[2]);
  });
});
