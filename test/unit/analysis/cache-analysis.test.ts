// The cache analysis on a recorded session of real Chromium (test/fixtures/cache-rules): every
// caching header of the cache lab loaded cold, again by navigation, by a normal reload, from a
// second page, after max-age=1 expired, by a hard reload, and by fetch() twice. Every verdict is
// held against what the fixture server saw; the freshness arithmetic (lifetimes, ages, clock skew
// between Date and the receive time) is checked number by number.
import { describe, expect, it } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { disagreements } from '../../e2e/cache-oracle.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCache, compareSessions, type CacheVerdict } from '../../../src/core/analysis/cache/index.ts';
import type { NetworkRequest } from '../../../src/core/records.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';

const log = loadLog('cache-rules');
const truth = loadTruth('cache-rules');
const rec = NetworkRecorder.fromLog(log);
const analysis = analyseCache(rec.requests(), rec.pages());
const verdict = (r: NetworkRequest): CacheVerdict => analysis.verdicts.get(r.id)!;
const kindOf = (r: NetworkRequest) => (r.url.includes('/cache-lab/res') ? new URL(r.url).searchParams.get('k') : undefined);
/** The loads of one cache-lab resource kind (the images, not the fetch() resource), in order. */
const loadsOf = (kind: string) => rec.requests().filter((r) => kindOf(r) === kind && r.resourceType === 'Image');
const SKEW = 700;

describe('cache verdicts against the server log (real Chromium, recorded)', () => {
  it('agrees with the server on every load of every URL: hits never reached it, 304s were conditional requests it answered 304', () => {
    expect(disagreements(rec.requests(), analysis.verdicts, truth.requests, truth.run)).toEqual([]);
    // The scenario really has every kind of outcome.
    const sources = new Set(rec.requests().map((r) => r.source));
    for (const s of ['network', 'revalidated', 'memory-cache', 'disk-cache'] as const) expect(sources).toContain(s);
  });

  it('the oracle itself sees a request the recording lost, and a verdict that is wrong (so the agreement above means something)', () => {
    // Drop every event of one image the server answered in full: the recording "lost" it.
    const lost = rec.requests().find((r) => kindOf(r) === 'no-store')!;
    const without = log.filter((e) => (e.params as { requestId?: string }).requestId !== lost.id);
    const r2 = NetworkRecorder.fromLog(without);
    const a2 = analyseCache(r2.requests(), r2.pages());
    const short = lost.url.replace(/^https?:\/\/[^/]+/, '');
    expect(disagreements(r2.requests(), a2.verdicts, truth.requests, truth.run).join('\n')).toContain(`${short}: `);
    // Every load of a URL missing from the recording: the URL is still walked, from the server's side.
    const gone = log.filter((e) => !JSON.stringify(e.params).includes('k=no-store&'));
    const r3 = NetworkRecorder.fromLog(gone);
    expect(disagreements(r3.requests(), analyseCache(r3.requests(), r3.pages()).verdicts, truth.requests, truth.run)).toContainEqual(expect.stringMatching(/k=no-store&.*: 0 loads went to the server by the recording \(\), the server saw [1-9]/));
    // A cache hit explained as a network load.
    const hit = rec.requests().find((r) => r.source === 'memory-cache')!;
    const wrong = new Map(analysis.verdicts);
    wrong.set(hit.id, { ...analysis.verdicts.get(hit.id)!, reason: 'first-load' });
    expect(disagreements(rec.requests(), wrong, truth.requests, truth.run).join('\n')).toMatch(/a cache hit explained as first-load/);
  });

  it('finds the loads of the session: navigations, a normal reload and a hard reload', () => {
    expect(analysis.pages.map((p) => p.kind)).toEqual(['navigation', 'navigation', 'navigation', 'reload', 'navigation', 'navigation', 'navigation', 'hard-reload', 'navigation']);
  });

  it('tells reloads from the document request headers when the log has no navigation type', () => {
    const without = NetworkRecorder.fromLog(log.filter((e) => e.method !== 'Page.frameStartedNavigating'));
    expect(analyseCache(without.requests(), without.pages()).pages.map((p) => p.kind)).toEqual(analysis.pages.map((p) => p.kind));
  });

  it('max-age=600: stored on the cold load, then fresh from the memory cache on every later load until the hard reload', () => {
    const loads = loadsOf('max-age').map(verdict);
    expect(loads.map((v) => v.reason)).toEqual(['first-load', 'fresh', 'fresh', 'fresh', 'fresh', 'bypass']);
    const cold = loads[0]!;
    for (const v of loads.slice(1, -1)) {
      expect(v.source).toBe('memory-cache');
      expect(v.response?.lifetime).toMatchObject({ seconds: 600, basis: 'max-age', source: 'max-age=600' });
      expect(v.link).toBe('session');
      expect(v.storedBy).toBe(cold.id);
      expect(v.headline).toMatch(/^From memory cache: fresh for 600 s \(`max-age=600`\), \d+(\.\d)? s old when used\.$/);
      // Saved: the full response that stored it.
      expect(v.bytesSaved).toBe(rec.request(cold.id)!.transferSize);
      expect(v.bytesSavedEstimated).toBe(false);
    }
    expect(loads.at(-1)!.headline).toMatch(/hard reload bypasses the cache/);
  });

  it('no-cache + ETag: revalidated on every later load, the If-None-Match matching the stored ETag, the body reused', () => {
    const loads = loadsOf('no-cache').map(verdict);
    expect(loads.map((v) => v.reason)).toEqual(['first-load', 'no-cache', 'no-cache', 'no-cache', 'no-cache', 'bypass']);
    const cold = rec.request(loads[0]!.id)!;
    const etag = cold.responseHeaders.find((h) => h.name.toLowerCase() === 'etag')!.value;
    for (const v of loads.slice(1, -1)) {
      expect(v.source).toBe('revalidated');
      expect(v.conditionals).toEqual([{ name: 'If-None-Match', value: etag }]);
      expect(v.matched).toBe(`\`ETag: ${etag}\``);
      expect(v.bytesSaved).toBe(cold.encodedBodySize);
      expect(v.headline).toBe(`Revalidated: \`no-cache\` requires a check; sent \`If-None-Match: ${etag}\`, the server answered 304, ${cold.encodedBodySize} B body reused.`);
    }
    // Each 304 refreshed the entry: the next one links to the 304 before it.
    expect(loads[2]!.refreshedBy).toBe(loads[1]!.id);
  });

  it('Last-Modified only: a heuristic lifetime of 10% of Date − Last-Modified (a day), so fresh from the cache', () => {
    const loads = loadsOf('lm-only').map(verdict);
    expect(loads.map((v) => v.reason)).toEqual(['first-load', 'fresh', 'fresh', 'fresh', 'fresh', 'bypass']);
    const l = loads[1]!.response!.lifetime;
    expect(l.basis).toBe('heuristic');
    // Last-Modified is one day before the server started; Date is a few seconds after that.
    expect(l.intervalSeconds!).toBeGreaterThanOrEqual(86_400);
    expect(l.intervalSeconds!).toBeLessThan(86_400 + 600);
    expect(l.seconds).toBeCloseTo(l.intervalSeconds! / 10, 6);
    expect(loads[1]!.why.join(' ')).toMatch(/10% of the 86,\d{3} s \(1 day\) between `Last-Modified` and `Date`/);
  });

  it('no-store: never stored, so every load is a full response, and the advice says so for a static file', () => {
    const loads = loadsOf('no-store').map(verdict);
    expect(loads.map((v) => v.reason)).toEqual(['first-load', 'not-stored', 'not-stored', 'not-stored', 'not-stored', 'bypass']);
    expect(loads[1]!.headline).toMatch(/previous response could not be stored \(`no-store`\)/);
    expect(loads[0]!.response!.storability.storable).toBe(false);
    expect(loads[0]!.advice.map((a) => a.code)).toContain('no-store-static');
  });

  it('immutable: fresh on the reload because of Chrome’s reload policy, and the explanation says Chromium ignores immutable', () => {
    const loads = loadsOf('immutable');
    const onReload = loads.map(verdict).find((v) => v.load.kind === 'reload')!;
    expect(onReload.source).toBe('memory-cache');
    expect(onReload.reason).toBe('fresh');
    expect(onReload.response!.immutable).toBe(true);
    // The library's 24-hour minimum for immutable is off: the lifetime is max-age's.
    expect(onReload.response!.lifetime.seconds).toBe(31_536_000);
    const why = onReload.why.join(' ');
    expect(why).toMatch(/Chromium does not implement it \(Firefox and Safari do/);
    expect(why).toMatch(/revalidates only the main document \(its policy since 2017\), not because of `immutable`/);
    expect(why).toMatch(/This load was a normal reload/);
  });

  it('the main document: revalidated on the normal reload (Cache-Control: max-age=0), from the disk cache on a plain navigation', () => {
    const docs = rec.requests().filter((r) => r.resourceType === 'Document' && r.url.includes('/cache-lab/page?'));
    const byKind = docs.map(verdict).map((v) => `${v.load.kind}:${v.reason}:${v.source}`);
    expect(byKind).toEqual(['navigation:first-load:network', 'navigation:fresh:disk-cache', 'reload:reload-main-document:revalidated', 'navigation:fresh:disk-cache', 'hard-reload:bypass:network']);
    const reload = docs.map(verdict)[2]!;
    expect(reload.headline).toMatch(/^Revalidated: a normal reload revalidates the main document \(Chrome sent `Cache-Control: max-age=0`\); sent `If-None-Match: "doc-[0-9a-f]+"`, the server answered 304/);
    expect(docs.map(verdict)[1]!.why.join(' ')).toMatch(/document is never kept in the memory cache/);
  });

  it('Vary: Accept-Encoding: served from the cache, and explained as harmless for one browser', () => {
    const v = loadsOf('vary').map(verdict)[1]!;
    expect(v.reason).toBe('fresh');
    expect(v.response!.vary).toEqual(['accept-encoding']);
    expect(v.why.join(' ')).toMatch(/`Vary: accept-encoding`: the stored copy is used only for requests with the same `accept-encoding`\. The browser sends the same value/);
  });

  it('max-age=1: stale once its age reaches a second, then revalidated (304) with an ETag, downloaded again without one', () => {
    for (const kind of ['short', 'short-no-validator']) {
      for (const v of loadsOf(kind).map(verdict).slice(1)) {
        if (v.reason === 'bypass') continue;
        if (v.source === 'memory-cache') {
          expect(v.reason).toBe('fresh');
          expect(v.age!.currentAge).toBeLessThan(1);
        } else if (kind === 'short') {
          expect(v.reason).toBe('expired');
          expect(v.age!.currentAge).toBeGreaterThanOrEqual(1);
          expect(v.headline).toMatch(/^Revalidated: it had expired \(fresh for 1 s \(`max-age=1`\), \d+(\.\d)? s old when requested\)/);
        } else {
          expect(v.reason).toBe('stale-no-validator');
          expect(v.headline).toMatch(/had no validator/);
        }
      }
    }
    // The load after the wait (the 7th page) found both expired.
    const afterWait = (kind: string) => loadsOf(kind).map(verdict).find((v) => v.load.pageIndex === 6)!;
    expect(afterWait('short').reason).toBe('expired');
    expect(afterWait('short-no-validator').reason).toBe('stale-no-validator');
  });

  it('fetch(): the second fetch of a fresh resource comes from the disk cache (fetch never uses the memory cache)', () => {
    const fetches = rec.requests().filter((r) => r.resourceType === 'Fetch').map(verdict);
    expect(fetches.map((v) => `${v.source}:${v.reason}`)).toEqual(['network:first-load', 'disk-cache:fresh']);
    expect(fetches[1]!.headline).toMatch(/^From disk cache: fresh for 600 s \(`max-age=600`\)/);
    expect(fetches[1]!.why.join(' ')).toMatch(/`fetch\(\)` and XHR never use the renderer's memory cache/);
  });
});

describe('freshness arithmetic (RFC 9111 §4.2.3) on the recorded responses', () => {
  const aged = analysis.verdicts;

  it('adds up for every hit and revalidation: current age = initial age + resident time, apparent age = max(0, receive − Date)', () => {
    let checked = 0;
    for (const r of rec.requests()) {
      const v = aged.get(r.id)!;
      if (!v.age || v.storedWall === undefined) continue;
      checked++;
      const a = v.age;
      expect(a.currentAge).toBeCloseTo(a.initialAge + a.residentTime, 9);
      expect(a.residentTime).toBeCloseTo((r.issuedWall - v.storedWall) / 1000, 9);
      expect(a.apparentAge).toBeCloseTo(Math.max(0, a.dateSkew!), 9);
      expect(a.initialAge).toBeCloseTo(Math.max(a.apparentAge, a.ageHeader + a.responseDelay), 9);
      // The library's age leaves the apparent age out: Age header plus resident time only.
      expect(a.libraryAge).toBeCloseTo(a.ageHeader + a.residentTime, 6);
      expect(v.fresh).toBe(v.response!.lifetime.seconds > a.currentAge);
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('a Date 700 s behind the receive time ages the response by 700 s: max-age=600 is stale on arrival', () => {
    const v = loadsOf('skew-behind').map(verdict)[1]!;
    expect(v.reason).toBe('expired');
    expect(v.age!.dateSkew!).toBeGreaterThan(SKEW - 2);
    expect(v.age!.dateSkew!).toBeLessThan(SKEW + 2);
    expect(v.age!.initialAge).toBeCloseTo(v.age!.dateSkew!, 9);
    expect(v.age!.currentAge).toBeGreaterThan(600);
    expect(v.why.join(' ')).toMatch(/The server's `Date` was 70\d(\.\d)? s .*behind the time the browser received it: RFC 9111 §4\.2\.3 counts that as apparent age/);
  });

  it('a Date 700 s ahead is clamped: no negative age, so max-age=600 stays fresh', () => {
    const v = loadsOf('skew-ahead').map(verdict)[1]!;
    expect(v.reason).toBe('fresh');
    expect(v.age!.dateSkew!).toBeLessThan(-(SKEW - 2));
    expect(v.age!.apparentAge).toBe(0);
    expect(v.age!.currentAge).toBeLessThan(10);
    expect(v.why.join(' ')).toMatch(/ahead of the time the browser received it; an apparent age cannot be negative/);
  });

  it('Age: 600 with max-age=600 is stale on arrival (an upstream cache already held it that long)', () => {
    const v = loadsOf('aged').map(verdict)[1]!;
    expect(v.reason).toBe('expired');
    expect(v.age!.ageHeader).toBe(600);
    expect(v.age!.initialAge).toBeGreaterThanOrEqual(600);
    expect(v.why.join(' ')).toMatch(/`Age: 600`: a cache upstream had already held it for 600 s/);
  });

  it('Expires − Date is a server-clock difference: the 700 s skew leaves the 3,600 s lifetime whole, and the response fresh', () => {
    for (const kind of ['expires', 'expires-skew']) {
      const v = loadsOf(kind).map(verdict)[1]!;
      expect(v.response!.lifetime).toMatchObject({ basis: 'expires', seconds: 3600, intervalSeconds: 3600 });
      expect(v.reason).toBe('fresh');
    }
    expect(loadsOf('expires-skew').map(verdict)[1]!.age!.currentAge).toBeGreaterThan(SKEW - 2);
  });

  it('works the same on made-up numbers: Date 100 s behind, Age 30, 2 s in flight, 50 s in the cache', async () => {
    const { ageAt } = await import('../../../src/core/analysis/cache/freshness.ts');
    const { policyFor } = await import('../../../src/core/analysis/cache/policy.ts');
    const received = Date.parse('2026-01-01T00:01:40Z');
    const headers = { date: new Date(received - 100_000).toUTCString(), age: '30', 'cache-control': 'max-age=120' };
    const policy = policyFor('http://a.test/x', 'GET', {}, 200, headers, received);
    const a = ageAt(policy, headers, received, received - 2_000, received + 50_000);
    expect(a).toMatchObject({ ageHeader: 30, dateSkew: 100, apparentAge: 100, responseDelay: 2, initialAge: 100, residentTime: 50, currentAge: 150, libraryAge: 80 });
    // Age and delay win when they add up to more than the apparent age.
    const b = ageAt(policy, { ...headers, age: '99' }, received, received - 2_000, received);
    expect(b.initialAge).toBe(101);
    expect(policy.maxAge()).toBe(120);
  });
});

describe('comparing two sessions', () => {
  // The recording cut in two: the cold load of the first page, then everything after it.
  const cut = log.findIndex((e, i) => i > 0 && e.method === 'Page.frameStartedNavigating');
  const cold = NetworkRecorder.fromLog(log.slice(0, cut));
  const warm = NetworkRecorder.fromLog(log.slice(cut) as CdpEvent[]);
  const c = compareSessions({ requests: cold.requests(), pages: cold.pages() }, { requests: warm.requests(), pages: warm.pages() });

  it('links the second session to the responses the first one stored', () => {
    const maxAge = warm.requests().find((r) => kindOf(r) === 'max-age' && r.resourceType === 'Image')!;
    const v = c.afterAnalysis.verdicts.get(maxAge.id)!;
    expect(v.reason).toBe('fresh');
    expect(v.link).toBe('prior-session');
    expect(v.why.join(' ')).toMatch(/Stored during the earlier session compared against/);
    // Analysed alone, the warm session would not know the load that stored it.
    const alone = analyseCache(warm.requests(), warm.pages()).verdicts.get(maxAge.id)!;
    expect(alone.link).toBe('response-time');
    expect(alone.age!.residentTime).toBeCloseTo(v.age!.residentTime, 3);
  });

  it('counts requests, bytes and time the cache saved, and lists what still went to the server and why', () => {
    expect(c.pairs.length).toBe(14);
    const warmHits = c.pairs.filter((p) => ['memory-cache', 'disk-cache'].includes(p.after.source)).length;
    expect(c.requestsAvoided).toBe(warmHits);
    expect(c.requestsAvoided).toBeGreaterThanOrEqual(8);
    expect(c.bodiesAvoided).toBe(c.pairs.filter((p) => p.after.source === 'revalidated').length);
    expect(c.bytesAvoided).toBeGreaterThan(0);
    expect(c.timeAvoidedMs).toBeGreaterThan(0);
    const why = new Map(c.notFromCache.map((p) => [new URL(p.url).searchParams.get('k') ?? 'page', p.after.reason]));
    expect(why.get('no-cache')).toBe('no-cache');
    expect(why.get('no-store')).toBe('not-stored');
    expect(why.get('skew-behind')).toBe('expired');
    expect(why.get('aged')).toBe('expired');
    expect(c.notFromCache.every((p) => p.after.source === 'network' || p.after.source === 'revalidated')).toBe(true);
    expect(c.onlyBefore).toEqual([]);
  });
});

describe('advice', () => {
  it('names a hashed URL with a short lifetime, a large body with no validator and a Vary that defeats caching', async () => {
    const { responseAdvice, contentHash } = await import('../../../src/core/analysis/cache/advice.ts');
    expect(contentHash('https://x.test/static/app.3f2a9c1b.js')).toBe('3f2a9c1b');
    expect(contentHash('https://x.test/static/settings.js')).toBeUndefined();
    expect(contentHash('https://x.test/app.js?v=3f2a9c1b77')).toBe('3f2a9c1b77');
    const base = analysis.verdicts.get(loadsOf('max-age')[0]!.id)!.response!;
    const r = { ...loadsOf('max-age')[0]!, url: 'https://x.test/static/app.3f2a9c1b.js', resourceType: 'Script' } as NetworkRequest;
    expect(responseAdvice(r, base, 100).map((a) => a.code)).toEqual(['hashed-short-lifetime']);
    const large = { ...base, etag: undefined, lastModified: undefined };
    expect(responseAdvice(loadsOf('max-age')[0]!, large, 300_000).map((a) => a.code)).toEqual(['large-no-validator']);
    expect(responseAdvice(loadsOf('max-age')[0]!, { ...base, vary: ['*'] }, 100).map((a) => a.code)).toEqual(['vary-defeats-cache']);
  });

  it('says when a URL was revalidated again and again and always answered 304', () => {
    const row = analysis.rows.find((x) => x.url.includes('k=no-cache'))!;
    expect(row.advice.map((a) => a.code)).toContain('always-revalidated');
    expect(row.revalidated).toBe(4);
    expect(analysis.rows.find((x) => x.url.includes('k=max-age&'))!.advice).toEqual([]);
  });
});

describe('totals and rows', () => {
  it('counts requests and bytes by source, and one row per URL with every load in order', () => {
    const t = analysis.totals;
    const http = rec.requests().filter((r) => /^https?:/.test(r.url));
    expect(t.requests).toBe(http.length);
    expect(t.fromCache.requests).toBe(http.filter((r) => r.source === 'memory-cache' || r.source === 'disk-cache').length);
    expect(t.revalidated.requests).toBe(truth.requests.filter((x) => x.status === 304).length);
    expect(t.network.requests).toBe(truth.requests.filter((x) => x.status === 200).length);
    expect(t.bySource['memory-cache'].bytes).toBe(http.filter((r) => r.source === 'memory-cache').reduce((s, r) => s + r.decodedBodySize, 0));
    expect(analysis.rows.reduce((s, row) => s + row.loads.length, 0)).toBe(http.length);
    const maxAge = analysis.rows.find((x) => x.url.includes('k=max-age&n=max-age.png'))!;
    expect(maxAge.loads.map((v) => v.load.pageIndex)).toEqual([0, 2, 3, 4, 6, 7]);
    expect([maxAge.network, maxAge.fromCache, maxAge.revalidated]).toEqual([2, 4, 0]);
  });
});
