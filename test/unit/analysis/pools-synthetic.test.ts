// The pool analysis on hand-made logs: cases the local server cannot produce (HTTP/3 over QUIC,
// connection ids that lie, a service worker, a preflight, long idle gaps) and edge cases of the
// queueing rules.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analysePools, describePool, explainRequest } from '../../../src/core/analysis/pools/index.ts';
import { syntheticLog, type SyntheticRequest } from './synthetic-log.ts';

function run(requests: SyntheticRequest[]) {
  const rec = NetworkRecorder.fromLog(syntheticLog(requests));
  const a = analysePools(rec.requests());
  const byId = (id: string) => rec.request(id);
  const say = (id: string) => explainRequest(a, rec.request(id)!, byId).map((s) => s.text).join('\n');
  return { rec, a, say };
}

/** A new HTTPS socket: DNS, TCP and TLS, then the request. */
const fresh = (id: string, url: string, at: number, conn: number, extra: Partial<SyntheticRequest> = {}): SyntheticRequest => ({
  id, url, at, conn, reused: false, dns: [0, 5], connect: [5, 30], ssl: [15, 30], send: 31, headers: 60, ...extra,
});
const again = (id: string, url: string, at: number, conn: number, extra: Partial<SyntheticRequest> = {}): SyntheticRequest => ({
  id, url, at, conn, reused: true, send: 0, headers: 20, ...extra,
});

describe('trust in connection ids', () => {
  it('distrusts one id shared by requests to different addresses, and infers reuse from the timing', () => {
    const { a, say } = run([
      fresh('1', 'https://a.test/', 0, 7, { ip: '10.0.0.1' }),
      fresh('2', 'https://b.test/x.js', 100, 7, { ip: '10.0.0.2' }),
      again('3', 'https://a.test/y.js', 200, 7, { ip: '10.0.0.1' }),
    ]);
    expect(a.trust.trusted).toBe(false);
    expect(a.trust.reasons.join()).toMatch(/share connection id 7/);
    const v2 = a.verdict('2')!;
    expect(v2.kind).toBe('new');
    expect(v2.kind === 'new' && v2.inferred).toBe(true);
    const v3 = a.verdict('3')!;
    expect(v3.kind === 'reused' && v3.inferred).toBe(true);
    expect(say('3')).toMatch(/not reliable.*inferred from the timing/s);
    expect(say('3')).toContain('Inferred from the timing: it reused');
  });

  it('distrusts ids that say reused while the timing shows a TCP connect', () => {
    const { a } = run([
      fresh('1', 'https://a.test/', 0, 1, { reused: true }),
      fresh('2', 'https://a.test/2', 100, 2, { reused: true }),
      fresh('3', 'https://a.test/3', 200, 3, { reused: true }),
    ]);
    expect(a.trust.trusted).toBe(false);
    expect(a.trust.contradictions).toBe(3);
  });

  it('distrusts an HTTP/1.1 connection that carried two requests at once', () => {
    const { a } = run([
      fresh('1', 'https://a.test/', 0, 1, { headers: 200 }),
      again('2', 'https://a.test/2', 50, 1, { headers: 100 }),
      fresh('3', 'https://a.test/3', 50, 2),
    ]);
    expect(a.trust.trusted).toBe(false);
    expect(a.trust.reasons.join()).toMatch(/two requests at once/);
  });

  it('trusts a connection first seen already reused, and explains it as opened ahead of time (reuse inferred)', () => {
    const { a, say } = run([
      again('1', 'https://a.test/', 0, 5),
      again('2', 'https://a.test/app.js', 100, 5),
      fresh('3', 'https://a.test/img.png', 100, 6),
    ]);
    expect(a.trust.trusted).toBe(true);
    expect(a.trust.neverOpened).toEqual([5]);
    expect(a.verdict('1')!.kind).toBe('opened-ahead');
    const v2 = a.verdict('2')!;
    expect(v2.kind === 'reused' && v2.openedAhead && v2.inferred && v2.firstUseId === '1').toBe(true);
    expect(say('1')).toMatch(/opened ahead of time.*inferred/s);
    expect(say('2')).toMatch(/already open when #1 \/ first used it/);
  });
});

describe('requests no socket carried', () => {
  it('puts disk-cache hits (connection id 0) and service-worker responses on no socket', () => {
    const { a, say } = run([
      fresh('1', 'https://a.test/', 0, 1),
      { id: '2', url: 'https://a.test/cached.png', at: 100, conn: 0, reused: false, fromDiskCache: true },
      { id: '3', url: 'https://a.test/sw.png', at: 100, conn: 0, reused: false, fromServiceWorker: true, send: 0 },
    ]);
    expect(a.verdict('2')).toEqual({ kind: 'no-socket', reason: 'disk-cache' });
    expect(a.verdict('3')).toEqual({ kind: 'no-socket', reason: 'service-worker' });
    expect(a.connections.map((c) => c.id)).toEqual([1]);
    expect(a.pool('https://a.test')!.noSocket).toBe(2);
    expect(a.pool('https://a.test')!.requests).toBe(1);
    expect(say('2')).toContain('disk) cache');
    expect(say('3')).toContain('service worker');
  });
});

describe('HTTP/3', () => {
  it('records h3 connections as such, with the Alt-Svc upgrade from an earlier HTTP/2 response', () => {
    const { a, say } = run([
      fresh('1', 'https://q.test/', 0, 1, { protocol: 'h2', responseHeaders: { 'alt-svc': 'h3=":443"; ma=86400' } }),
      fresh('2', 'https://q.test/app.js', 200, 2, { protocol: 'h3', dns: [-1, -1], connect: [0, 12], ssl: [0, 12], alternateProtocolUsage: 'alternativeJobWonRace' }),
      again('3', 'https://q.test/img.png', 220, 2, { protocol: 'h3', start: 230 }),
    ]);
    expect(a.connection(2)!.family).toBe('h3');
    expect(a.pool('https://q.test')!.protocols).toContain('h3');
    const f = a.patterns.find((x) => x.kind === 'h3-upgrade');
    expect(f).toEqual({ kind: 'h3-upgrade', origin: 'https://q.test', firstH3: '2', advertisedBy: '1', fromProtocol: 'h2', via: 'alt-svc' });
    expect(say('2')).toContain('QUIC handshake');
    expect(say('2')).toMatch(/switched to HTTP\/3 \(QUIC\).*#1 \/ \(over h2\) advertised HTTP\/3 in its Alt-Svc header/);
    expect(say('3')).toContain('Reused HTTP/3 (QUIC) connection #2');
  });
  it('says when HTTP/3 was found without an Alt-Svc in the log', () => {
    const { a } = run([fresh('1', 'https://q.test/', 0, 1, { protocol: 'h3', alternateProtocolUsage: 'dnsAlpnH3JobWonWithoutRace' })]);
    expect(a.patterns.find((x) => x.kind === 'h3-upgrade')).toMatchObject({ via: 'dns' });
  });
});

describe('queueing', () => {
  it('tells a CORS preflight wait apart from the socket pool', () => {
    const { a, say } = run([
      fresh('1', 'https://a.test/', 0, 1),
      // The real request is issued at 100 but reaches the network stack only at 160, after its preflight.
      again('real', 'https://api.test/data', 100, 2, { start: 160, type: 'Fetch', method: 'PUT' }),
      fresh('pf', 'https://api.test/data', 102, 2, { type: 'Preflight', method: 'OPTIONS', initiator: { type: 'preflight', requestId: 'real' }, headers: 40, end: 155 }),
    ]);
    const w = a.preflight('real')!;
    expect(w.preflightId).toBe('pf');
    expect(w.waitMs).toBeCloseTo(53, 6);
    expect(say('real')).toMatch(/waited 53 ms for its CORS preflight #3 \(OPTIONS/);
  });

  it('does not name the 6-per-host limit when fewer sockets were open, but says the request waited for a busy one', () => {
    const { a, say } = run([
      fresh('1', 'http://a.test/1', 0, 1, { headers: 300 }),
      fresh('2', 'http://a.test/2', 0, 2, { headers: 100 }),
      // Stalls from 10 ms until connection 2 frees (at 0 + 100 + 5), then takes it.
      again('3', 'http://a.test/3', 10, 2, { send: 96, headers: 130 }),
    ]);
    const q = a.queue('3')!;
    expect(q.cause).toBe('pool-busy');
    expect(q.limit).toBeUndefined();
    expect(q.busyWith).toEqual(['1', '2']);
    expect(q.freedBy).toBe('2');
    const text = say('3');
    expect(text).toMatch(/Waited 96 ms for a socket: all 2 open connections to http:\/\/a\.test were busy with #1 and #2/);
    expect(text).toContain('not the per-host limit');
    expect(text).not.toContain('at most 6');
  });

  it('names the limit when 6 sockets were open and busy', () => {
    const six = Array.from({ length: 6 }, (_, i) => fresh(String(i + 1), `http://a.test/${i + 1}`, i, i + 1, { ssl: undefined, headers: 200 + i }));
    const { a, say } = run([...six, again('7', 'http://a.test/7', 10, 1, { send: 200, headers: 230 })]);
    const q = a.queue('7')!;
    expect(q.cause).toBe('pool-full');
    expect(q.limit).toBe(6);
    expect(q.freedBy).toBe('1');
    expect(say('7')).toMatch(/all 6 connections to http:\/\/a\.test were busy with requests #1–#6 \(browsers open at most 6 HTTP\/1\.1 connections per host\)/);
  });

  it('explains a wait for an HTTP/2 connection another request was opening', () => {
    const { a, say } = run([
      fresh('1', 'https://h.test/', 0, 1, { protocol: 'h2' }),
      again('2', 'https://h.test/b', 2, 1, { protocol: 'h2', send: 30 }),
    ]);
    expect(a.queue('2')).toMatchObject({ cause: 'connection-setup', setupBy: '1', queued: true });
    expect(say('2')).toMatch(/Waited 30 ms for HTTP\/2 connection #1 to https:\/\/h\.test, which #1 \/ was opening \(DNS, TCP, TLS\)/);
  });
});

describe('patterns', () => {
  it('flags reuse after a long idle as slow-start restart territory', () => {
    const { a, say } = run([fresh('1', 'https://a.test/', 0, 1), again('2', 'https://a.test/late.js', 3000, 1)]);
    const v = a.verdict('2')!;
    expect(v.kind === 'reused' && v.idleBeforeMs).toBeCloseTo(3000 - 65, 6);
    expect(a.patterns).toContainEqual(expect.objectContaining({ kind: 'long-idle-reuse', connectionId: 1, hopId: '2' }));
    expect(say('2')).toContain('slow-start restart');
  });

  it("tells the longest idle reuses of a pool one by one and sums up the rest, so a long session's summary stays short", () => {
    // 30 connections, each opened and then reused once after an idle gap of 2,000 + i ms.
    const log: SyntheticRequest[] = [];
    for (let i = 1; i <= 30; i++) log.push(fresh(`f${i}`, `https://a.test/f${i}`, i * 10_000, i), again(`r${i}`, `https://a.test/r${i}`, i * 10_000 + 65 + 2000 + i, i));
    const { rec, a } = run(log);
    expect(a.patterns.filter((f) => f.kind === 'long-idle-reuse')).toHaveLength(30);
    const pool = a.pools.find((p) => p.origin === 'https://a.test')!;
    const text = describePool(a, pool, (id) => rec.request(id)).map((s) => s.text);
    const oneByOne = text.filter((t) => /^Connection #\d+ to https:\/\/a\.test sat idle/.test(t));
    expect(oneByOne.map((t) => t.match(/#(\d+)/)![1])).toEqual(['30', '29', '28']);
    expect(text).toContainEqual(expect.stringMatching(/^27 more connections sat idle for at least 1(\.0)? s/));
    expect(text.join(' ').length).toBeLessThan(1500);
  });

  it('flags TLS set-up that takes longer than small requests themselves', () => {
    const { a, say } = run([fresh('1', 'https://t.test/a', 0, 1, { dns: [0, 20], connect: [20, 120], ssl: [60, 120], send: 121, headers: 130, size: 500 })]);
    expect(a.patterns).toContainEqual(expect.objectContaining({ kind: 'tls-dominates', origin: 'https://t.test', requests: ['1'] }));
    expect(say('1')).toContain('TLS set-up dominates');
  });

  it('flags many short-lived connections when the pool opened more sockets than it ever used at once', () => {
    const reqs = Array.from({ length: 5 }, (_, i) => fresh(String(i + 1), `https://s.test/${i}`, i * 200, i + 1));
    const { a } = run(reqs);
    expect(a.patterns).toContainEqual({ kind: 'short-lived', origin: 'https://s.test', connections: 5, singleUse: 5, maxBusy: 1 });
  });

  it('calls hostnames sharing an address sharding only when they look like shards, and stresses it on HTTP/2', () => {
    const { a } = run([
      fresh('1', 'https://img1.example.com/a', 0, 1, { protocol: 'h2' }),
      fresh('2', 'https://img2.example.com/b', 0, 2, { protocol: 'h2' }),
      fresh('3', 'https://unrelated.test/c', 0, 3),
      fresh('4', 'https://other.test/d', 0, 4),
    ]);
    const sharding = a.patterns.filter((f) => f.kind === 'sharding');
    expect(sharding).toEqual([
      { kind: 'sharding', address: '10.0.0.1:443', origins: ['https://img1.example.com', 'https://img2.example.com'], protocols: ['h2'], multiplexed: true, connections: 2 },
    ]);
  });

  it('groups thousands of origins on one address in linear time, into the same clusters as pairwise', () => {
    // 6,000 origins on one address (a HAR can hold any): two clusters of shards, and loners.
    const reqs = Array.from({ length: 6000 }, (_, i) => {
      const host = i % 3 === 0 ? `img${i}.cdn.test` : i % 3 === 1 ? `s-${i}.test` : `site${String.fromCharCode(97 + (i % 26))}${i}x.test`;
      return fresh(String(i + 1), `https://${host}/r`, i, i + 1);
    });
    const { a } = run(reqs);
    const sharding = a.patterns.filter((f) => f.kind === 'sharding') as { origins: string[] }[];
    // img<N>.cdn.test share the parent cdn.test; s-<N>.test share "s-#.test" once digits are masked
    // (so do site<letter><N>x.test with the same letter: 26 more clusters).
    const sizes = sharding.map((f) => f.origins.length).sort((x, y) => y - x);
    expect(sizes.slice(0, 2)).toEqual([2000, 2000]);
    expect(sizes.length).toBe(2 + 26);
  });
});
