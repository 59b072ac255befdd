// The diff on recorded fixtures (every fixture against itself, and fixtures edited literally) and
// on hand-written logs: each kind of change, matching in order, thresholds, plain data.
import { describe, expect, it } from 'vitest';
import { experimentConditions } from '../../../src/core/experiments.ts';
import { readdirSync } from 'node:fs';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { browserOfUserAgent, diffRecordings, type Change, type DiffSide } from '../../../src/core/diff/index.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { syntheticLog, type SyntheticRequest } from '../analysis/synthetic-log.ts';

const side = (label: string, events: readonly CdpEvent[]): DiffSide => {
  const rec = NetworkRecorder.fromLog(events as CdpEvent[]);
  return { label, requests: rec.requests(), pages: rec.pages(), webSockets: rec.webSockets(), eventSources: rec.eventSources() };
};
const FIXTURES = readdirSync('test/fixtures').filter((f) => f.endsWith('.cdp.json')).map((f) => f.replace('.cdp.json', ''));
const summary = (cs: readonly Change[]) => cs.map((c) => `${c.kind} ${c.direction} ${c.subject}`);

describe('diff on recorded fixtures', () => {
  it.each(FIXTURES)('%s against itself: no change, no warning, every request matched', (name) => {
    const log = loadLog(name);
    const d = diffRecordings(side('a', log), side('b', log));
    expect(d.changes).toEqual([]);
    expect(d.warnings).toEqual([]);
    expect(d.matched).toBe(d.a.requests);
    // Plain data: a structured clone and a JSON round trip give it back unchanged.
    expect(structuredClone(d)).toEqual(d);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('pool: one response answered 500 in the second log is exactly one status change, worse, first', () => {
    const log = loadLog('pool');
    const truth = loadTruth('pool');
    const target = truth.requests.find((t) => t.path.startsWith('/res/pool-3.png'))!;
    const edited = structuredClone(log);
    let ids = 0;
    let requestId: string | undefined;
    for (const e of edited) {
      const p = e.params as { response?: { url: string; status: number }; requestId?: string };
      if (e.method === 'Network.responseReceived' && p.response?.url === target.url) {
        p.response.status = 500;
        requestId = p.requestId;
        ids++;
      }
    }
    // The raw status (ExtraInfo) says the same.
    for (const e of edited) {
      const p = e.params as { requestId?: string; statusCode?: number };
      if (e.method === 'Network.responseReceivedExtraInfo' && p.requestId === requestId) p.statusCode = 500;
    }
    expect(ids).toBe(1);
    const d = diffRecordings(side('a', log), side('b', edited));
    expect(d.changes.map((c) => `${c.kind} ${c.direction}`)).toEqual(['status worse']);
    expect(d.changes[0]!.requests).toEqual([{ a: requestId, b: requestId, url: target.url }]);
    expect(d.changes[0]!.sentence).toMatch(/answered 200 before and 500 now\.$/);
  });

  it('streams: two EventSource messages and one WebSocket frame fewer on a stream are two stream changes, worse; nothing else', () => {
    const log = loadLog('streams');
    const idOf = (e: CdpEvent) => (e.params as { requestId?: string }).requestId;
    const sseId = idOf(log.find((e) => e.method === 'Network.eventSourceMessageReceived')!);
    const wsId = idOf(log.find((e) => e.method === 'Network.webSocketFrameReceived')!);
    const onStream = (method: string, id: string | undefined) => log.filter((e) => e.method === method && idOf(e) === id).length;
    const sseBefore = onStream('Network.eventSourceMessageReceived', sseId);
    const wsBefore = onStream('Network.webSocketFrameReceived', wsId) + onStream('Network.webSocketFrameSent', wsId);
    expect(sseBefore).toBeGreaterThanOrEqual(3);
    let dropped = 0;
    let droppedFrame = false;
    const fewer = log.filter((e) => {
      if (e.method === 'Network.eventSourceMessageReceived' && idOf(e) === sseId && dropped < 2) return void dropped++, false;
      if (e.method === 'Network.webSocketFrameReceived' && !droppedFrame) return (droppedFrame = true), false;
      return true;
    });
    const d = diffRecordings(side('a', log), side('b', fewer));
    expect(d.changes.map((c) => `${c.kind} ${c.direction} ${c.subject.split(' ')[0]}`).sort()).toEqual(['streams worse EventSource', 'streams worse WebSocket']);
    const es = d.changes.find((c) => c.subject.startsWith('EventSource'))!;
    const ws = d.changes.find((c) => c.subject.startsWith('WebSocket'))!;
    expect([es.before, es.after]).toEqual([sseBefore, sseBefore - 2]);
    expect([ws.before, ws.after]).toEqual([wsBefore, wsBefore - 1]);
  });

  it('pools-shard: shard2 folded into shard1 (the page\'s origin) is a move of its requests, the origin no longer contacted, shard1 using the sockets shard2 used, and its images now same-origin', () => {
    const log = loadLog('pools-shard');
    const truth = loadTruth('pools-shard');
    const moved = JSON.parse(JSON.stringify(log).replaceAll('shard2.test', 'shard1.test')) as CdpEvent[];
    const d = diffRecordings(side('a', log), side('b', moved));
    const shard2 = truth.requests.filter((t) => t.host.startsWith('shard2.test'));
    const host = (c: Change) => (c.origin ?? '').replace(/^http:\/\//, '').replace(/:\d+$/, '');
    expect(d.changes.map((c) => `${c.kind} ${host(c)}`).sort()).toEqual(['connections shard1.test', 'cors shard1.test', 'moved shard1.test', 'origins shard2.test']);
    // The page is on shard1: shard2's images were cross-origin (no-cors) and are same-origin now.
    expect(truth.requests[0]!.host.startsWith('shard1.test')).toBe(true);
    const cors = d.changes.find((c) => c.kind === 'cors')!;
    expect([cors.before, cors.after, cors.requests.length]).toEqual(['no-cors', 'same-origin', shard2.length]);
    expect(d.changes.find((c) => c.kind === 'moved')!.requests.length).toBe(shard2.length);
    // The server's sockets per host: shard1's own, then shard1's and shard2's.
    const sockets = (h: string) => new Set(truth.requests.filter((t) => t.host.startsWith(h)).map((t) => t.socketId)).size;
    const c = d.changes.find((x) => x.kind === 'connections')!;
    expect([c.before, c.after]).toEqual([sockets('shard1.test'), sockets('shard1.test') + sockets('shard2.test')]);
  });
});

/** Ten images on one HTTP/1.1 connection per six, with the given overrides. */
function page(over: (r: SyntheticRequest, i: number) => Partial<SyntheticRequest> = () => ({})): CdpEvent[] {
  const reqs: SyntheticRequest[] = [];
  for (let i = 0; i < 10; i++) {
    const base: SyntheticRequest = { id: `r${i}`, url: `https://a.test/img/${i}.png`, at: i, conn: 1 + (i % 6), reused: i >= 6, protocol: 'http/1.1', size: 1000, responseHeaders: { 'cache-control': 'max-age=600' } };
    reqs.push({ ...base, ...over(base, i) });
  }
  return syntheticLog(reqs);
}

describe('diff on hand-written logs', () => {
  it('the same log twice: nothing', () => {
    expect(diffRecordings(side('a', page()), side('b', page())).changes).toEqual([]);
  });

  it('repeated keys are matched in order: three loads of a URL before and two now is one removed', () => {
    const mk = (n: number) => syntheticLog(Array.from({ length: n }, (_, i) => ({ id: `x${i}`, url: 'https://a.test/poll?t=' + (1000 + i), at: i * 10, conn: 1, reused: i > 0 })));
    const d = diffRecordings(side('a', mk(3)), side('b', mk(2)));
    expect(summary(d.changes)).toEqual(['removed better https://a.test']);
    expect(d.changes[0]!.requests).toEqual([{ a: 'x2', url: 'https://a.test/poll?t=1002' }]);
  });

  it('protocol: HTTP/2 to HTTP/1.1 on every request, and the connections it took', () => {
    const h2 = page((r) => ({ protocol: 'h2', conn: 1, reused: r.id !== 'r0' }));
    const d = diffRecordings(side('a', h2), side('b', page()));
    expect(summary(d.changes)).toEqual(['protocol worse https://a.test', 'connections worse https://a.test']);
    expect(d.changes.map((c) => [c.before, c.after])).toEqual([['h2', 'http/1.1'], [1, 6]]);
  });

  it('bytes: one response 20 kB larger is a bytes change of that request (and overall), a 100 B one is noise', () => {
    const d = diffRecordings(side('a', page()), side('b', page((r) => (r.id === 'r3' ? { size: 21_000 } : r.id === 'r4' ? { size: 1100 } : {}))));
    // Overall first: its 20,100 B (the 100 B included) are the larger effect.
    expect(summary(d.changes)).toEqual(['bytes worse overall', 'bytes worse GET https://a.test/img/3.png']);
  });

  it('timing: the server 500 ms slower on every request is a TTFB change; 10 ms slower is noise', () => {
    const slow = (ms: number) => page((r) => ({ headers: 20 + ms }));
    const d = diffRecordings(side('a', page()), side('b', slow(500)));
    // One change for the origin's ten requests (the phases are compared request by request, timing.ts).
    expect(summary(d.changes)).toEqual(['timing worse https://a.test wait']);
    expect(d.changes[0]!.requests.length).toBe(10);
    // The log's wait: response headers at 20 ms after a send that ends at 0.1 ms, summed over the ten requests.
    expect([d.changes[0]!.before, d.changes[0]!.after]).toEqual([199, 5199]);
    expect(diffRecordings(side('a', page()), side('b', slow(10))).changes).toEqual([]);
  });

  it('cache: cached from disk before, from the network now because the response says no-store', () => {
    const twice = (cc: string, second: Partial<SyntheticRequest>) =>
      syntheticLog([
        { id: 'p1', url: 'https://a.test/app.js', at: 0, conn: 1, responseHeaders: { 'cache-control': cc, date: new Date(1_700_000_000_000).toUTCString() } },
        { id: 'p2', url: 'https://a.test/app.js', at: 1000, conn: 1, reused: true, responseHeaders: { 'cache-control': cc, date: new Date(1_700_000_001_000).toUTCString() }, ...second },
      ]);
    const before = twice('max-age=600', { fromDiskCache: true, conn: 0, size: 0 });
    const now = twice('no-store', {});
    const d = diffRecordings(side('a', before), side('b', now));
    expect(summary(d.changes)).toEqual(['cache worse GET https://a.test/app.js']);
    expect(d.changes[0]!.sentence).toBe('`GET /app.js` was served from the disk cache before and from the network now (2 loads): `Cache-Control: no-store` forbids keeping any copy.');
    expect(d.changes[0]!.requests).toEqual([{ a: 'p1', b: 'p1', url: 'https://a.test/app.js' }, { a: 'p2', b: 'p2', url: 'https://a.test/app.js' }]);
    // And the other way round: better.
    expect(summary(diffRecordings(side('a', now), side('b', before)).changes)).toEqual(['cache better GET https://a.test/app.js']);
  });

  it('CORS: a preflight that appears in front of a cross-origin request', () => {
    const api = (preflight: boolean): CdpEvent[] =>
      syntheticLog([
        { id: 'doc', url: 'https://a.test/', at: 0, type: 'Document', conn: 1 },
        ...(preflight ? [{ id: 'pf', url: 'https://b.test/api', at: 10, method: 'OPTIONS', type: 'Preflight', initiator: { type: 'preflight', requestId: 'api' }, conn: 2, status: 204, responseHeaders: { 'access-control-allow-origin': 'https://a.test', 'access-control-allow-headers': 'x-token' } } as SyntheticRequest] : []),
        { id: 'api', url: 'https://b.test/api', at: 5, start: preflight ? 40 : 5, type: 'Fetch', conn: 2, reused: preflight, responseHeaders: { 'access-control-allow-origin': 'https://a.test' } },
      ]);
    const d = diffRecordings(side('a', api(false)), side('b', api(true)));
    expect(summary(d.changes)).toEqual(['cors worse GET https://b.test/api']);
    expect(d.changes[0]!.requests.map((l) => [l.a, l.b])).toEqual([['api', 'api'], [undefined, 'pf']]);
    expect(d.b.preflights).toBe(1);
  });

  it('largest effect first: a failure before a protocol change before a small bytes change', () => {
    const d = diffRecordings(
      side('a', page()),
      side('b', page((r) => (r.id === 'r1' ? { status: 503 } : r.id === 'r2' ? { size: 3000 } : { protocol: r.id === 'r0' ? 'h2' : 'http/1.1' }))),
    );
    expect(d.changes.map((c) => c.kind)).toEqual(['status', 'protocol', 'bytes']);
  });

  it('warns when the browser, the cache setting or the recorded conditions differ', () => {
    const a = side('a', page());
    const b = side('b', page());
    const d = diffRecordings({ ...a, browser: 'Chromium 156.0.1.2', conditions: { throttling: 'none', run: 'cold' } }, { ...b, browser: 'Chrome 157.0.0.1', conditions: { throttling: { downloadKbps: 1600 }, run: 'cold' } });
    expect(d.warnings).toEqual(['Recorded with different browsers: Chrome 156 before, Chrome 157 now.', 'Recorded with `throttling` `none` before and `{"downloadKbps":1600}` now.']);
  });

  it('warns when two experiments differ (cold against warm, throttled against not), from what the sessions keep', () => {
    const cold = experimentConditions({ name: 'cold', clearCache: true, load: 'navigate', conditions: { label: 'Slow 4G', latencyMs: 562.5, downloadKbps: 1440, uploadKbps: 675 } });
    const warm = experimentConditions({ name: 'warm', load: 'navigate' });
    const d = diffRecordings({ ...side('a', page()), conditions: cold! }, { ...side('b', page()), conditions: warm! });
    expect(d.warnings.some((w) => w.includes('`experiment` `cold` before and `warm` now'))).toBe(true);
    expect(d.warnings.some((w) => w.includes('`HTTP cache emptied first` `true` before and `false` now'))).toBe(true);
    expect(d.warnings.some((w) => w.includes('`network conditions`') && w.includes('Slow 4G') && w.includes('`not emulated` now'))).toBe(true);
    expect(d.warnings.some((w) => w.includes('cache disabled'))).toBe(false);
  });

  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', 'Chrome 156'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91', 'Edge 120'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox 121'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15', 'Safari 17'],
    ['curl/8.5.0', undefined],
  ])('names the browser of a User-Agent: %s', (ua, name) => {
    expect(browserOfUserAgent(ua)).toBe(name);
  });
});
