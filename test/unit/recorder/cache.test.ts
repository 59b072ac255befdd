// Cache verdicts against the server's log: a memory-cache hit never reached the server, and the
// revalidations are exactly the conditional requests the server answered 304.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder, recorderSnapshot } from '../../../src/core/recorder/index.ts';
import { clone, loadLog, loadTruth, pairWithTruth } from './fixtures.ts';

const header = (list: readonly { name: string; value: string }[], name: string) => list.find((h) => h.name.toLowerCase() === name)?.value;

describe('cache scenario (cold load, navigate away, load again, reload)', () => {
  const log = loadLog('cache');
  const truth = loadTruth('cache');
  const rec = NetworkRecorder.fromLog(log);
  const { pairs } = pairWithTruth(truth, rec.requests());

  it('has memory-cache hits, and every one of them is a request the server never saw', () => {
    const hits = rec.requests().filter((r) => r.source === 'memory-cache');
    expect(hits.length).toBe(9);
    expect(hits.length).toBe(log.filter((e) => e.method === 'Network.requestServedFromCache').length);
    for (const hit of hits) {
      const sameUrl = rec.requests().filter((r) => r.url === hit.url);
      const served = truth.requests.filter((t) => t.url === hit.url).length;
      const hitsForUrl = sameUrl.filter((r) => r.source === 'memory-cache').length;
      // Each load of the URL either reached the server or was a hit, never both.
      expect(sameUrl.length).toBe(served + hitsForUrl);
      expect(hit.servedFromCache).toBe(true);
      expect(hit.transferSize).toBe(0);
      // The replayed response's socket and timing belong to the load that filled the cache.
      expect(hit.connectionId).toBeUndefined();
      expect(hit.timing).toBeUndefined();
      expect(hit.extraInfo).toEqual({ request: false, response: false, expectResponse: false });
      expect(rec.connections().some((c) => c.requestIds.includes(hit.id))).toBe(false);
    }
  });

  it('marks as revalidated exactly the requests the server answered 304, with the If-None-Match it received', () => {
    const revalidated = rec.requests().filter((r) => r.source === 'revalidated');
    const answered304 = pairs.filter((p) => p.truth.status === 304);
    expect(answered304.length).toBe(truth.requests.filter((t) => t.status === 304).length);
    expect(answered304.length).toBe(3);
    expect(revalidated.map((r) => r.id).sort()).toEqual(answered304.map((p) => p.req.id).sort());
    for (const { truth: t, req } of answered304) {
      expect(req.status).toBe(304);
      expect(req.requestHeadersRaw).toBe(true);
      expect(header(req.requestHeaders, 'if-none-match')).toBe(t.headers['if-none-match']);
      expect(req.encodedBodySize).toBe(0);
      expect(req.statusText).toBe('Not Modified');
    }
    // …and the server's 200s carried no validator back: nothing else is called a revalidation.
    for (const { truth: t, req } of pairs) if (t.status === 200) expect(req.source).toBe('network');
  });

  it('says 304 when only responseReceivedExtraInfo does (responseReceived saying 200), in either order', () => {
    const revalidatedIds = new Set(rec.requests().filter((r) => r.source === 'revalidated').map((r) => r.requestId));
    const says200 = clone(log).map((e: CdpEvent) => {
      const p = e.params as { requestId?: string; response?: { status: number; statusText: string } };
      if (e.method === 'Network.responseReceived' && p.requestId && revalidatedIds.has(p.requestId)) {
        p.response!.status = 200;
        p.response!.statusText = 'OK';
      }
      return e;
    });
    // ExtraInfo after (as recorded for these) and before responseReceived.
    const extraFirst = [...says200.filter((e) => e.method === 'Network.responseReceivedExtraInfo'), ...says200.filter((e) => e.method !== 'Network.responseReceivedExtraInfo')];
    for (const variant of [says200, extraFirst]) {
      const r2 = NetworkRecorder.fromLog(variant);
      const again = r2.requests().filter((r) => revalidatedIds.has(r.requestId));
      expect(again.length).toBe(revalidatedIds.size);
      for (const r of again) expect([r.status, r.statusText, r.source]).toEqual([304, 'Not Modified', 'revalidated']);
      expect(recorderSnapshot(r2, { diagnostics: false })).toEqual(recorderSnapshot(rec, { diagnostics: false }));
    }
  });

  it('names the disk cache, prefetch cache and service worker from the response flags', () => {
    const first = log.find((e) => e.method === 'Network.responseReceived')!;
    const rid = (first.params as { requestId: string }).requestId;
    const cases: [Record<string, unknown>, string][] = [
      [{ fromDiskCache: true, connectionId: 0, encodedDataLength: 0 }, 'disk-cache'],
      [{ fromPrefetchCache: true }, 'prefetch-cache'],
      [{ fromServiceWorker: true, serviceWorkerResponseSource: 'cache-storage', cacheStorageCacheName: 'v1' }, 'service-worker'],
      [{ fromEarlyHints: true }, 'early-hints'],
    ];
    for (const [flags, source] of cases) {
      const variant = clone(log).map((e: CdpEvent) => {
        if (e.method !== 'Network.responseReceived') return e;
        const p = e.params as { requestId: string; response: Record<string, unknown> };
        if (p.requestId === rid) Object.assign(p.response, flags);
        return e;
      });
      const r = NetworkRecorder.fromLog(variant).request(rid)!;
      expect(r.source).toBe(source);
      if (source === 'service-worker') expect([r.serviceWorkerResponseSource, r.cacheStorageCacheName]).toEqual(['cache-storage', 'v1']);
    }
  });
});
