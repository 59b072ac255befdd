// The cache analysis on made-up sessions, for the cases the recorded scenarios do not produce:
// a Vary miss, a changed resource, a stale copy without validator, a fresh copy fetched again
// anyway, service workers and Cache Storage, prefetch and early hints, a POST, hits whose storing
// load is not in the session, a stale hit on back/forward, a same-document reuse.
import { describe, expect, it } from 'vitest';
import { analyseCache } from '../../../src/core/analysis/cache/index.ts';
import type { NetworkRequest, PageRecord } from '../../../src/core/records.ts';
import { newRecord } from '../../../src/core/recorder/hop.ts';
import { originOf } from '../../../src/core/recorder/url.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const H = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
const date = (ms: number) => new Date(ms).toUTCString();
let n = 0;

/** A finished request issued at T0 + `at` seconds, answered 10 ms later (its `pageId`, which the recorder writes, given as a literal). */
function req(at: number, init: Partial<NetworkRequest> & { url?: string } = {}): NetworkRequest {
  const id = `r${++n}`;
  const url = init.url ?? 'https://a.test/app.js';
  const wall = T0 + at * 1000;
  const r = newRecord({ id, requestId: id, index: n, target: undefined, url, method: init.method ?? 'GET', origin: originOf(url), issuedAt: wall, issuedWall: wall, redirectHop: 0 });
  Object.assign(r, { finished: true, status: 200, source: 'network', responseTimeWall: wall + 10, requestHeadersRaw: true, resourceType: 'Script', transferSize: 1200, encodedBodySize: 1000, decodedBodySize: 1000 }, init);
  return r;
}
const verdictsOf = (list: NetworkRequest[], pages: PageRecord[] = []) => {
  const a = analyseCache(list, pages);
  return list.map((r) => a.verdicts.get(r.id)!);
};

describe('why a full response was fetched', () => {
  it('a Vary miss names the header and both values', () => {
    const cc = { 'cache-control': 'max-age=600', vary: 'Accept-Language', date: date(T0) };
    const a = req(0, { requestHeaders: H({ 'accept-language': 'en' }), responseHeaders: H(cc) });
    const b = req(5, { requestHeaders: H({ 'accept-language': 'fr' }), responseHeaders: H({ ...cc, date: date(T0 + 5000) }) });
    const [, v] = verdictsOf([a, b]);
    expect(v!.reason).toBe('vary-mismatch');
    expect(v!.headline).toMatch(/stored copy was for another `accept-language` \(`Vary: accept-language`\)/);
    expect(v!.why.join(' ')).toContain('Stored for `accept-language: en`; this request sent `accept-language: fr`.');
  });

  it('a conditional request answered in full: the resource changed', () => {
    const a = req(0, { responseHeaders: H({ 'cache-control': 'no-cache', etag: '"a"', date: date(T0) }) });
    const b = req(5, { requestHeaders: H({ 'if-none-match': '"a"' }), responseHeaders: H({ 'cache-control': 'no-cache', etag: '"b"', date: date(T0 + 5000) }) });
    const [, v] = verdictsOf([a, b]);
    expect(v!.reason).toBe('changed');
    expect(v!.conditionals).toEqual([{ name: 'If-None-Match', value: '"a"' }]);
    expect(v!.headline).toMatch(/^From the network \(200\): sent `If-None-Match: "a"`, but the server answered with a full response/);
  });

  it('stale with no validator: downloaded in full; fresh yet fetched again: said to be unexplained by the session', () => {
    const a = req(0, { url: 'https://a.test/short.js', responseHeaders: H({ 'cache-control': 'max-age=1', date: date(T0) }) });
    const b = req(5, { url: 'https://a.test/short.js', responseHeaders: H({ 'cache-control': 'max-age=1', date: date(T0 + 5000) }) });
    const c = req(0, { url: 'https://a.test/long.js', responseHeaders: H({ 'cache-control': 'max-age=600', etag: '"x"', date: date(T0) }) });
    const d = req(5, { url: 'https://a.test/long.js', responseHeaders: H({ 'cache-control': 'max-age=600', etag: '"x"', date: date(T0 + 5000) }) });
    const [, vb, , vd] = verdictsOf([a, b, c, d]);
    expect(vb!.reason).toBe('stale-no-validator');
    expect(vb!.headline).toMatch(/fresh for 1 s \(`max-age=1`\), 5(\.0)? s old when requested\) and had no validator/);
    expect(vd!.reason).toBe('unexplained');
    expect(vd!.headline).toMatch(/still fresh by its headers \(fresh for 600 s \(`max-age=600`\), 5(\.0)? s old when requested\), yet the browser downloaded it again/);
    expect(vd!.why.join(' ')).toMatch(/partitions its cache by top-level site/);
  });

  it('POST is not answered from the HTTP cache', () => {
    const [v] = verdictsOf([req(0, { method: 'POST', responseHeaders: H({ 'cache-control': 'max-age=60' }) })]);
    expect(v!.reason).toBe('not-cacheable-method');
  });
});

describe('other sources', () => {
  it('names the service worker, its Cache Storage cache, the prefetch cache and early hints', () => {
    const list = [
      req(0, { source: 'service-worker', fromServiceWorker: true, serviceWorkerResponseSource: 'cache-storage', cacheStorageCacheName: 'static-v1' }),
      req(1, { source: 'service-worker', fromServiceWorker: true, serviceWorkerResponseSource: 'network' }),
      req(2, { source: 'prefetch-cache', fromPrefetchCache: true, url: 'https://a.test/next.html' }),
      req(3, { source: 'early-hints', fromEarlyHints: true, url: 'https://a.test/style.css' }),
      req(4, { url: 'data:text/plain,hi' }),
    ];
    const [sw, swNet, prefetch, hints, data] = verdictsOf(list);
    expect(sw!.reason).toBe('cache-storage');
    expect(sw!.headline).toBe('Answered by the service worker from Cache Storage (cache `static-v1`): the HTTP cache rules do not apply, the worker decides.');
    expect(swNet!.headline).toBe('Answered by the service worker, whose own fetch() went to the network.');
    expect(prefetch!.reason).toBe('prefetch');
    expect(hints!.reason).toBe('early-hints');
    expect(data!.reason).toBe('not-http');
    const totals = analyseCache(list, []).totals;
    expect(totals.requests).toBe(4);
    expect(totals.fromCache.requests).toBe(2); // Cache Storage and the prefetch cache
  });
});

describe('cache hits whose storing load is not in the session', () => {
  it('takes the receive time from the replayed responseTime, and says so', () => {
    const hit = req(100, { source: 'disk-cache', fromDiskCache: true, responseTimeWall: T0 + 10, transferSize: 0, responseHeaders: H({ 'cache-control': 'max-age=600', date: date(T0) }) });
    const [v] = verdictsOf([hit]);
    expect(v!.reason).toBe('fresh');
    expect(v!.link).toBe('response-time');
    expect(v!.age!.residentTime).toBeCloseTo(99.99, 6);
    expect(v!.why.join(' ')).toMatch(/The load that stored it is not in this session; its receive time \(received 12:00:00\.010 UTC\) comes from the replayed response's `responseTime`/);
    expect(v!.bytesSavedEstimated).toBe(true);
  });

  it('says when the age cannot be told at all', () => {
    const hit = req(100, { source: 'memory-cache', servedFromCache: true, responseTimeWall: undefined, responseHeaders: H({ 'cache-control': 'max-age=600' }) });
    const [v] = verdictsOf([hit]);
    expect(v!.reason).toBe('hit-unknown-age');
    expect(v!.headline).toMatch(/how long it had been stored is unknown/);
  });

  it('a 304 without the stored response: the reason comes from the 304’s own fields', () => {
    const r = req(0, { source: 'revalidated', status: 304, requestHeaders: H({ 'if-none-match': '"v7"' }), responseHeaders: H({ 'cache-control': 'no-cache', etag: '"v7"' }), decodedBodySize: 48 * 1024 });
    const [v] = verdictsOf([r]);
    expect(v!.reason).toBe('no-cache');
    expect(v!.link).toBe('none');
    expect(v!.headline).toBe('Revalidated: `no-cache` requires a check; sent `If-None-Match: "v7"`, the server answered 304, 48 kB body reused.');
  });
});

describe('stale hits', () => {
  const page = (navigationType: string): PageRecord => ({ id: 'page_1', frameId: 'F', loaderId: 'L1', url: 'https://a.test/', startedAt: T0 + 99_000, startedWall: T0 + 99_000, navigationType });

  it('a stale disk hit on a back/forward navigation is explained by Chrome preferring stored copies there', () => {
    const a = req(0, { loaderId: 'L0', responseHeaders: H({ 'cache-control': 'max-age=10', date: date(T0) }) });
    const b = req(100, { loaderId: 'L1', pageId: 'page_1', source: 'disk-cache', fromDiskCache: true, responseTimeWall: T0 + 10, responseHeaders: H({ 'cache-control': 'max-age=10', date: date(T0) }) });
    const [, v] = verdictsOf([a, b], [page('historyDifferentDocument')]);
    expect(v!.load.kind).toBe('back-forward');
    expect(v!.reason).toBe('stale-hit');
    expect(v!.why.join(' ')).toMatch(/back\/forward navigation, for which Chrome prefers stored copies/);
  });

  it('a memory hit of a no-store response within the document that loaded it is a same-document reuse', () => {
    const a = req(0, { loaderId: 'L1', responseHeaders: H({ 'cache-control': 'no-store', date: date(T0) }) });
    const b = req(0.5, { loaderId: 'L1', source: 'memory-cache', servedFromCache: true, responseTimeWall: T0 + 10, responseHeaders: H({ 'cache-control': 'no-store', date: date(T0) }) });
    const [, v] = verdictsOf([a, b]);
    expect(v!.reason).toBe('same-document');
    expect(v!.headline).toMatch(/^From memory cache: reused within the document that loaded it/);
  });
});

describe('reload detection from the document request headers (no navigation type in the log)', () => {
  it('max-age=0 on the main document is a normal reload; no-cache with Pragma is a hard reload', () => {
    const pages: PageRecord[] = [
      { id: 'page_1', frameId: 'F', loaderId: 'D1', url: 'https://a.test/', startedAt: T0, startedWall: T0 },
      { id: 'page_2', frameId: 'F', loaderId: 'D2', url: 'https://a.test/', startedAt: T0 + 10_000, startedWall: T0 + 10_000 },
    ];
    const d1 = req(0, { url: 'https://a.test/', loaderId: 'D1', pageId: 'page_1', resourceType: 'Document', requestHeaders: H({ 'Cache-Control': 'max-age=0' }) });
    d1.requestId = 'D1';
    const d2 = req(10, { url: 'https://a.test/', loaderId: 'D2', pageId: 'page_2', resourceType: 'Document', requestHeaders: H({ 'Cache-Control': 'no-cache', Pragma: 'no-cache' }) });
    d2.requestId = 'D2';
    const a = analyseCache([d1, d2], pages);
    expect(a.pages.map((p) => p.kind)).toEqual(['reload', 'hard-reload']);
  });
});
