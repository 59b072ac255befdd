// The two recorder fields the cache analysis reads: each page's navigation type (from
// Page.frameStartedNavigating) and each response's responseTime (for a cache hit, the stored one).
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { clone, loadLog } from './fixtures.ts';

describe('navigation type of each page', () => {
  const log = loadLog('cache');
  const rec = NetworkRecorder.fromLog(log);

  it('says which page was a reload (the fixture: load, navigate away, load again, reload)', () => {
    expect(rec.pages().map((p) => p.navigationType)).toEqual(['differentDocument', 'differentDocument', 'differentDocument', 'reload']);
  });

  it('keeps the type whether frameStartedNavigating comes before or after the commit, and counts a repeat as a duplicate', () => {
    const starts = log.filter((e) => e.method === 'Page.frameStartedNavigating');
    const late = NetworkRecorder.fromLog([...log.filter((e) => e.method !== 'Page.frameStartedNavigating'), ...clone(starts)]);
    expect(late.pages().map((p) => p.navigationType)).toEqual(rec.pages().map((p) => p.navigationType));
    const twice = NetworkRecorder.fromLog([...log, ...clone(starts)]);
    expect(twice.diagnostics.duplicateEvents['Page.frameStartedNavigating']).toBe(starts.length);
    expect(twice.diagnostics.unhandledEvents['Page.frameStartedNavigating']).toBeUndefined();
  });

  it('ignores same-document navigations and child targets, and leaves the type unknown without the event', () => {
    const first = rec.pages()[0]!;
    const extra: CdpEvent[] = [
      { method: 'Page.frameStartedNavigating', params: { frameId: first.frameId, loaderId: first.loaderId, url: `${first.url}#x`, navigationType: 'sameDocument' } },
      { method: 'Page.frameStartedNavigating', params: { frameId: 'CHILD', loaderId: first.loaderId, url: 'http://b.test/', navigationType: 'reload' }, sessionId: 'S1' },
    ];
    const r = NetworkRecorder.fromLog([...log, ...extra]);
    expect(r.pages()[0]!.navigationType).toBe('differentDocument');
    const without = NetworkRecorder.fromLog(log.filter((e) => e.method !== 'Page.frameStartedNavigating'));
    expect(without.pages().every((p) => p.navigationType === undefined)).toBe(true);
  });
});

describe('responseTime of each response', () => {
  const rec = NetworkRecorder.fromLog(loadLog('cache'));

  it('is the stored response’s receive time for a memory-cache hit, and this response’s for a network one', () => {
    const all = rec.requests();
    const hits = all.filter((r) => r.source === 'memory-cache');
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      // The full response of the same URL that came before it and stored it.
      const earlier = all.filter((r) => r.url === hit.url && r.index < hit.index && (r.source === 'network' || r.source === 'revalidated'));
      const times = earlier.map((r) => r.responseTimeWall);
      expect(times, hit.url).toContain(hit.responseTimeWall);
      expect(hit.responseTimeWall!).toBeLessThan(hit.issuedWall);
    }
    for (const r of all.filter((x) => x.source === 'network')) {
      // Received after it was issued, within the load.
      expect(r.responseTimeWall! - r.issuedWall).toBeGreaterThanOrEqual(0);
      expect(r.responseTimeWall! - r.issuedWall).toBeLessThan(5_000);
    }
  });
});
