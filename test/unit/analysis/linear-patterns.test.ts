// Patterns that run on recorded text must take linear time: a URL or an address is whatever the
// file says. Each case here took seconds to minutes with the regular expression it replaced.
import { describe, expect, it } from 'vitest';
import { contentHash, fileNameHash } from '../../../src/core/analysis/cache/advice.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';

describe('content hashes in file names', () => {
  it('are found as before', () => {
    expect(contentHash('https://a.test/app.3f2a9c1b.js')).toBe('3f2a9c1b');
    expect(contentHash('https://a.test/chunk-5FQ2ZK3P.css?x=1')).toBe('5FQ2ZK3P');
    expect(contentHash('https://a.test/a_b_cdef12345.js')).toBe('b_cdef12345');
    expect(contentHash('https://a.test/settings.js')).toBeUndefined();
    expect(contentHash('https://a.test/app.js?v=0123abcd')).toBe('0123abcd');
    expect(fileNameHash('x.abcdefgh1.')).toBeUndefined();
  });

  it('are looked for in linear time in a name of 200,000 underscores (the old pattern: about two minutes)', () => {
    expect(contentHash(`https://a.test/${'_'.repeat(200_000)}x`)).toBeUndefined();
    expect(contentHash(`https://a.test/${'_'.repeat(200_000)}a1.js`)).toBe(`${'_'.repeat(199_999)}a1`);
  });
});

describe('serverIPAddress', () => {
  it('is written only for an address, and checked in linear time', () => {
    const rec = NetworkRecorder.fromLog([
      { method: 'Network.requestWillBeSent', params: { requestId: 'a', timestamp: 1, wallTime: 1_700_000_000, request: { url: 'http://a.test/', method: 'GET', headers: {} } } },
      { method: 'Network.responseReceived', params: { requestId: 'a', timestamp: 1.1, response: { url: 'http://a.test/', status: 200, headers: {}, remoteIPAddress: `${':'.repeat(200_000)}x` } } },
      { method: 'Network.requestWillBeSent', params: { requestId: 'b', timestamp: 1, wallTime: 1_700_000_000, request: { url: 'http://b.test/', method: 'GET', headers: {} } } },
      { method: 'Network.responseReceived', params: { requestId: 'b', timestamp: 1.1, response: { url: 'http://b.test/', status: 200, headers: {}, remoteIPAddress: '[::1]' } } },
    ]);
    const [a, b] = buildHar(rec, { creator: { name: 't', version: '1' } }).log.entries;
    expect(a!.serverIPAddress).toBeUndefined();
    expect(b!.serverIPAddress).toBe('::1');
  });
});
