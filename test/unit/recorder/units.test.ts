// The small pieces: origins, byte counts, and DevTools' timing arithmetic.
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../../src/core/cdp.ts';
import { base64DecodedLength, utf8Length } from '../../../src/core/recorder/bytes.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { endTime, phases, responseTime } from '../../../src/core/recorder/timing.ts';
import { originOf } from '../../../src/core/recorder/url.ts';
import { rng } from './fixtures.ts';

describe('originOf', () => {
  it.each([
    ['https://a.test:443/x?y#z', 'https://a.test:443'],
    ['http://a.test/', 'http://a.test'],
    ['http://a.test', 'http://a.test'],
    ['http://a.test?q', 'http://a.test'],
    ['http://user:pw@h.test:8080/p', 'http://h.test:8080'],
    ['HTTP://A.test/', 'http://A.test'],
    ['ws://a.test:8080/ws', 'ws://a.test:8080'],
    ['http://[::1]:8080/p', 'http://[::1]:8080'],
    ['data:text/plain,hello', 'data:'],
    ['blob:https://a.test/5d9c', 'blob:'],
    ['about:blank', 'about:'],
    ['', ''],
  ])('%s → %s', (url, origin) => expect(originOf(url)).toBe(origin));

  it('agrees with the URL parser on ordinary http(s) URLs', () => {
    for (const u of ['https://h2.test:35577/res/a.png?run=1', 'http://b.test:38845/', 'https://example.com/a/b#c']) {
      expect(originOf(u)).toBe(new URL(u).origin);
    }
  });
});

describe('byte counts', () => {
  it('counts UTF-8 bytes as Buffer does (ASCII, accents, CJK, emoji, a lone surrogate)', () => {
    for (const s of ['', 'hello from the page', 'é', 'naïve café', '日本語', '👋 hi', 'a\ud800b', '\udc00']) {
      expect([s, utf8Length(s)]).toEqual([s, Buffer.byteLength(s, 'utf8')]);
    }
  });

  it('counts decoded base64 bytes, padded or not', () => {
    const random = rng(7);
    for (let n = 0; n < 40; n++) {
      const buf = Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
      const b64 = buf.toString('base64');
      expect(base64DecodedLength(b64)).toBe(n);
      expect(base64DecodedLength(b64.replace(/=+$/, ''))).toBe(n);
    }
  });
});

/** A ResourceTiming with every offset "did not happen" unless given. */
function timing(requestTimeSeconds: number, offsets: Partial<Protocol.Network.ResourceTiming>): Protocol.Network.ResourceTiming {
  return {
    requestTime: requestTimeSeconds, proxyStart: -1, proxyEnd: -1, dnsStart: -1, dnsEnd: -1, connectStart: -1, connectEnd: -1,
    sslStart: -1, sslEnd: -1, workerStart: -1, workerReady: -1, workerFetchStart: -1, workerRespondWithSettled: -1,
    sendStart: -1, sendEnd: -1, pushStart: 0, pushEnd: 0, receiveHeadersStart: -1, receiveHeadersEnd: -1, ...offsets,
  };
}

describe('timing phases (as DevTools computes them)', () => {
  it('splits a request on a new TLS connection into queueing, stalled, DNS, connect ⊃ TLS, send, wait, receive', () => {
    const t = timing(100, { dnsStart: 1, dnsEnd: 3, connectStart: 3, connectEnd: 10, sslStart: 5, sslEnd: 10, sendStart: 10.5, sendEnd: 11, receiveHeadersEnd: 50 });
    const responseAt = responseTime(100_060, t); // the renderer heard of it 10 ms after the network stack
    expect(responseAt).toBe(100_050);
    const p = phases({ issuedAt: 99_990, timing: t, responseAt, endedAt: 100_070, fromServiceWorker: false });
    expect(p.queueing).toBeCloseTo(10);
    expect(p.stalled).toBeCloseTo(1);
    expect(p.dns).toBeCloseTo(2);
    expect(p.connect).toBeCloseTo(7);
    expect(p.tls).toBeCloseTo(5);
    expect(p.send).toBeCloseTo(0.5);
    expect(p.wait).toBeCloseTo(39);
    expect(p.receive).toBeCloseTo(20);
    expect(p.total).toBeCloseTo(80);
    expect(p.serviceWorker).toBeUndefined();
  });

  it('leaves out the phases of a reused socket (no DNS, connect or TLS): stalled runs to the send', () => {
    const p = phases({ issuedAt: 100_000, timing: timing(100, { sendStart: 4, sendEnd: 4.5, receiveHeadersEnd: 30 }), responseAt: 100_030, endedAt: 100_031, fromServiceWorker: false });
    expect(p).toEqual({ stalled: 4, send: 0.5, wait: 25.5, receive: 1, total: 31 });
  });

  it('splits a service worker response into startup, fetch handler and wait', () => {
    const t = timing(100, { workerStart: 1, workerReady: 6, workerFetchStart: 7, workerRespondWithSettled: 20, sendStart: 6, sendEnd: 6, receiveHeadersEnd: 25 });
    const p = phases({ issuedAt: 100_000, timing: t, responseAt: 100_025, endedAt: 100_030, fromServiceWorker: true });
    expect([p.stalled, p.serviceWorker, p.serviceWorkerFetch, p.wait, p.receive]).toEqual([1, 5, 13, 19, 5]);
    expect(p.dns).toBeUndefined();
  });

  it('clamps the end to the response when loadingFinished is stamped earlier (two processes, two clocks)', () => {
    expect(endTime(100_040, 100_050, true)).toEqual({ endedAt: 100_050, responseAt: 100_050 });
    // Without network timing the response time is pulled back instead.
    expect(endTime(100_040, 100_050, false)).toEqual({ endedAt: 100_040, responseAt: 100_040 });
  });

  it('gives only total and download without network timing (memory cache)', () => {
    expect(phases({ issuedAt: 10, timing: undefined, responseAt: 11, endedAt: 15, fromServiceWorker: false })).toEqual({ total: 5, receive: 4 });
  });

  it('turns CDP seconds into milliseconds at ingestion', () => {
    const rec = NetworkRecorder.fromLog([
      { method: 'Network.requestWillBeSent', params: { requestId: '1', loaderId: 'L', documentURL: 'http://a.test/', request: { url: 'http://a.test/x', method: 'GET', headers: {}, initialPriority: 'High', referrerPolicy: 'no-referrer' }, timestamp: 5.25, wallTime: 1700000000.5, initiator: { type: 'other' }, redirectHasExtraInfo: false, type: 'Fetch' } },
      { method: 'Network.responseReceived', params: { requestId: '1', loaderId: 'L', timestamp: 5.5, type: 'Fetch', hasExtraInfo: false, response: { url: 'http://a.test/x', status: 200, statusText: 'OK', headers: {}, mimeType: 'text/plain', charset: '', connectionReused: false, connectionId: 9, encodedDataLength: 50, securityState: 'insecure', protocol: 'http/1.1', timing: timing(5.3, { sendStart: 1, sendEnd: 2, receiveHeadersEnd: 100 }) } } },
      { method: 'Network.dataReceived', params: { requestId: '1', timestamp: 5.6, dataLength: 10, encodedDataLength: 10 } },
      { method: 'Network.loadingFinished', params: { requestId: '1', timestamp: 5.75, encodedDataLength: 60 } },
    ]);
    const r = rec.request('1')!;
    expect([r.issuedAt, r.issuedWall, r.startedAt, r.responseAt, r.endedAt]).toEqual([5250, 1700000000500, 5300, 5400, 5750]);
    expect([r.transferSize, r.responseHeadersSize, r.encodedBodySize, r.decodedBodySize]).toEqual([60, 50, 10, 10]);
    expect(r.phases.total).toBeCloseTo(500);
    expect(r.priority).toBe('High');
    expect(rec.connections()).toEqual([{ id: 9, protocol: 'http/1.1', remoteIPAddress: undefined, remotePort: undefined, origins: ['http://a.test'], requestIds: ['1'], reusedOnFirstSight: false }]);
  });
});
