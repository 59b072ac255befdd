// The pool analysis on logs recorded from real Chromium, held against what the fixture server saw
// on its sockets. Only relationships that hold for any correct recording of the scenario are
// asserted (which socket, new or reused, queued or not, in what order), never loopback timings.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analysePools, explainRequest, describePool, type PoolAnalysis } from '../../../src/core/analysis/pools/index.ts';
import type { NetworkRequest } from '../../../src/core/records.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { pairWithTruth, type Pair } from '../recorder/fixtures.ts';

function load(name: string) {
  const rec = NetworkRecorder.fromLog(loadLog(name));
  const truth = loadTruth(name);
  const a = analysePools(rec.requests());
  const { pairs } = pairWithTruth(truth, rec.requests());
  const byId = (id: string) => rec.request(id);
  return { rec, truth, a, pairs, byId };
}

const host = (origin: string) => origin.replace(/^[a-z]+:\/\//, '');
const texts = (a: PoolAnalysis, r: NetworkRequest, byId: (id: string) => NetworkRequest | undefined) => explainRequest(a, r, byId).map((s) => s.text).join('\n');

/** For each server socket, its requests in the order the server received them. */
function serverOrder(pairs: Pair[]): Map<number, Pair[]> {
  const bySocket = new Map<number, Pair[]>();
  for (const p of pairs) {
    const list = bySocket.get(p.truth.socketId) ?? [];
    list.push(p);
    bySocket.set(p.truth.socketId, list);
  }
  for (const list of bySocket.values()) list.sort((x, y) => x.truth.receivedAt - y.truth.receivedAt || x.truth.id - y.truth.id);
  return bySocket;
}

describe('HTTP/1.1 pool (pool fixture: 24 delayed images on a.test, 6 on b.test)', () => {
  const { rec, a, pairs, byId } = load('pool');
  const aTest = a.pools.find((p) => host(p.origin).startsWith('a.test'))!;
  const bTest = a.pools.find((p) => host(p.origin).startsWith('b.test'))!;

  it('reconstructs one connection per server socket, each carrying the requests the server saw on it, in the server\'s order', () => {
    expect(a.trust.trusted).toBe(true);
    expect(a.connections.length).toBe(rec.connections().length);
    const bySocket = serverOrder(pairs);
    expect(a.connections.length).toBe(bySocket.size);
    for (const list of bySocket.values()) {
      const conn = a.connection(list[0]!.req.connectionId!)!;
      // The order in which requests took the socket is the order the server received them in.
      expect(conn.uses.map((u) => u.hopId)).toEqual(list.map((p) => p.req.id));
      list.forEach((p, i) => expect(a.use(p.req.id)!.use.nth).toBe(i + 1));
    }
  });

  it('holds at most 6 a.test sockets busy at once, and reaches that limit', () => {
    expect(aTest.limit).toBe(6);
    expect(aTest.maxBusy).toBe(6);
    expect(aTest.connectionIds.length).toBe(6);
    expect(bTest.maxBusy).toBeLessThanOrEqual(6);
  });

  it('finds queued exactly the a.test requests the server received late (after an image response had finished), each blamed on the 6-per-host limit', () => {
    const images = pairs.filter((p) => p.req.resourceType === 'Image' && host(p.req.origin).startsWith('a.test'));
    const firstFinished = Math.min(...images.map((p) => p.truth.finishedAt!));
    const late = images.filter((p) => p.truth.receivedAt >= firstFinished).map((p) => p.req.id).sort();
    expect(late.length).toBeGreaterThanOrEqual(18);
    const fullPool = images.filter((p) => a.queue(p.req.id)?.cause === 'pool-full').map((p) => p.req.id).sort();
    expect(fullPool).toEqual(late);
    expect([...aTest.queued].sort()).toEqual(late);
    for (const id of late) {
      const q = a.queue(id)!;
      expect(q.limit).toBe(6);
      expect(q.queued).toBe(true);
      // The six requests it waited behind each held a different socket of the pool at that moment.
      expect(q.busyWith.length).toBe(6);
      const conns = new Set(q.busyWith.map((b) => a.use(b)!.connection.id));
      expect(conns.size).toBe(6);
      for (const b of q.busyWith) {
        const u = a.use(b)!.use;
        expect(u.bindAt).toBeLessThanOrEqual(q.waitStart);
        expect(u.releaseAt).toBeGreaterThan(q.waitStart);
      }
    }
    expect(bTest.queued).toEqual([]);
  });

  it('names as the freeing request the one the server answered just before on the same socket', () => {
    const bySocket = serverOrder(pairs);
    for (const list of bySocket.values()) {
      list.forEach((p, i) => {
        const q = a.queue(p.req.id);
        if (q?.cause !== 'pool-full' || i === 0) return;
        expect(q.freedBy).toBe(list[i - 1]!.req.id);
      });
    }
  });

  it('says new exactly when the protocol says the connection was not reused, with the set-up the timing shows', () => {
    for (const r of rec.requests()) {
      const v = a.verdict(r.id)!;
      if (r.connectionReused === false) {
        expect(v.kind).toBe('new');
        if (v.kind === 'new') {
          expect(v.setup).toBeDefined();
          expect(v.setup!.total).toBeCloseTo((r.phases.dns ?? 0) + (r.phases.connect ?? 0), 6);
          expect(v.inferred).toBe(false);
        }
      } else expect(['reused', 'opened-ahead']).toContain(v.kind);
    }
    expect(bTest.setup.connections).toBe(6);
  });

  it('explains a socket opened ahead of time as such, and a reuse with its opener, position and no set-up cost', () => {
    const ahead = a.connections.filter((c) => c.openedAhead);
    for (const c of ahead) {
      const first = byId(c.uses[0]!.hopId)!;
      expect(first.connectionReused).toBe(true);
      expect(a.verdict(first.id)!.kind).toBe('opened-ahead');
      expect(texts(a, first, byId)).toMatch(/opened ahead of time/);
    }
    const reused = rec.requests().filter((r) => a.verdict(r.id)?.kind === 'reused' && a.use(r.id)!.connection.openerId !== undefined);
    expect(reused.length).toBeGreaterThan(0);
    for (const r of reused) {
      const v = a.verdict(r.id)!;
      if (v.kind !== 'reused') throw new Error('not reused');
      const opener = byId(v.openerId!)!;
      expect(opener.connectionReused).toBe(false);
      expect(opener.connectionId).toBe(r.connectionId);
      const text = texts(a, r, byId);
      expect(text).toContain(`Reused connection #${r.connectionId} to ${r.origin}`);
      expect(text).toContain(`by #${opener.index + 1} `);
      expect(text).toContain(`request ${v.nth} of ${v.of} on it`);
      expect(text).toContain('no DNS, TCP or TLS cost');
    }
  });

  it('puts the figures in a queued request\'s explanation: its wait, the busy requests and the limit', () => {
    const id = aTest.queued[aTest.queued.length - 1]!;
    const q = a.queue(id)!;
    const text = texts(a, byId(id)!, byId);
    expect(text).toMatch(new RegExp(`Waited [\\d.]+ m?s for a socket: all 6 connections to ${aTest.origin.replace(/[.]/g, '\\.')} were busy with requests #`));
    for (const b of q.busyWith) expect(text).toMatch(new RegExp(`#${byId(b)!.index + 1}\\b|#\\d+–#\\d+`));
    expect(text).toContain('at most 6 HTTP/1.1 connections per host');
    expect(describePool(a, aTest, byId)[0]!.text).toContain(`${aTest.queued.length} requests waited for a socket`);
  });
});

describe('HTTP/2 (h2 fixture)', () => {
  const { a, pairs, truth } = load('h2');
  it('uses one connection per server socket, with many streams in flight at once', () => {
    expect(a.connections.length).toBe(truth.sockets.length);
    const h2 = a.pools.find((p) => host(p.origin).startsWith('h2.test'))!;
    expect(h2.connectionIds.length).toBe(1);
    expect(h2.family).toBe('h2');
    expect(h2.limit).toBeUndefined();
    const conn = a.connection(h2.connectionIds[0]!)!;
    expect(conn.maxConcurrent).toBeGreaterThan(1);
    // The server too saw overlapping streams on that socket.
    const onSocket = pairs.filter((p) => p.req.connectionId === conn.id).map((p) => p.truth);
    const overlapping = onSocket.some((x) => onSocket.some((y) => x !== y && x.receivedAt < y.finishedAt! && y.receivedAt < x.finishedAt!));
    expect(overlapping).toBe(true);
    expect(new Set(onSocket.map((t) => t.streamId)).size).toBe(onSocket.length);
  });
  it('never blames the 6-per-host limit on HTTP/2', () => {
    for (const p of pairs) expect(['pool-full', 'pool-busy']).not.toContain(a.queue(p.req.id)?.cause);
  });
});

describe('HTTP/2 connection coalescing (pools-coalesce fixture)', () => {
  const { a, pairs, truth, rec, byId } = load('pools-coalesce');
  it('puts h2.test and h2b.test on the one connection the server saw both hosts on, and calls it coalesced', () => {
    const shared = truth.sockets.filter((s) => s.hosts.length > 1);
    expect(shared.length).toBe(1);
    const onShared = pairs.filter((p) => p.truth.socketId === shared[0]!.id);
    const connIds = new Set(onShared.map((p) => p.req.connectionId));
    expect(connIds.size).toBe(1);
    const conn = a.connection([...connIds][0]!)!;
    expect(conn.coalesced).toBe(true);
    expect(new Set(conn.origins.map(host))).toEqual(new Set(shared[0]!.hosts));
    expect(host(conn.primaryOrigin)).toMatch(/^h2\.test/);
    expect(a.patterns.filter((f) => f.kind === 'coalesced').map((f) => f.kind === 'coalesced' && f.connectionId)).toEqual([conn.id]);
    const h2b = a.pools.find((p) => host(p.origin).startsWith('h2b.test'))!;
    expect(h2b.borrowed).toEqual([conn.id]);
    expect(h2b.setup.connections).toBe(0);
  });
  it('explains each h2b.test request as riding the h2.test connection', () => {
    const h2bRequests = rec.requests().filter((r) => host(r.origin).startsWith('h2b.test'));
    // The 6 the server received for h2b.test.
    expect(h2bRequests.length).toBe(loadTruth('pools-coalesce').requests.filter((t) => t.host.startsWith('h2b.test')).length);
    expect(h2bRequests.length).toBe(6);
    for (const r of h2bRequests) {
      const v = a.verdict(r.id)!;
      expect(v.kind).toBe('reused');
      if (v.kind === 'reused') expect(host(v.coalescedFrom!)).toMatch(/^h2\.test/);
      expect(texts(a, r, byId)).toContain('connection coalescing');
    }
  });
});

describe('Connection: close (pools-close fixture)', () => {
  const { a, pairs, truth, byId } = load('pools-close');
  const closeReqs = pairs.filter((p) => host(p.req.origin).startsWith('close.test'));
  it('gives each close.test request a connection of its own, as the server saw', () => {
    const sockets = truth.sockets.filter((s) => s.hosts.some((h) => h.startsWith('close.test')));
    expect(sockets.length).toBe(closeReqs.length);
    expect(new Set(closeReqs.map((p) => p.req.connectionId)).size).toBe(closeReqs.length);
    for (const p of closeReqs) {
      expect(a.use(p.req.id)!.connection.uses.length).toBe(1);
      expect(a.use(p.req.id)!.use.closedByServer).toBe(true);
    }
  });
  it('has requests wait for one of the 6 sockets and then open a new one, never reuse one', () => {
    const pool = a.pools.find((p) => host(p.origin).startsWith('close.test'))!;
    expect(pool.maxBusy).toBe(6);
    expect(pool.queued.length).toBe(closeReqs.length - 6);
    for (const id of pool.queued) {
      expect(a.queue(id)!.cause).toBe('pool-full');
      expect(a.verdict(id)!.kind).toBe('new');
    }
  });
  it('flags the origin as Connection: close, not as mysterious short-lived connections', () => {
    const f = a.patterns.filter((x) => x.kind === 'connection-close');
    expect(f.length).toBe(1);
    if (f[0]!.kind === 'connection-close') expect(new Set(f[0]!.requests)).toEqual(new Set(closeReqs.map((p) => p.req.id)));
    expect(a.patterns.some((x) => x.kind === 'short-lived')).toBe(false);
    expect(texts(a, closeReqs[0]!.req, byId)).toContain('Connection: close');
  });
});

describe('Domain sharding (pools-shard fixture)', () => {
  const { a, pairs } = load('pools-shard');
  it('flags shard1.test and shard2.test, on one address, as sharding, and keeps their sockets apart', () => {
    const f = a.patterns.filter((x) => x.kind === 'sharding');
    expect(f.length).toBe(1);
    if (f[0]!.kind !== 'sharding') return;
    expect(f[0]!.origins.map(host).map((h) => h.replace(/:\d+$/, ''))).toEqual(['shard1.test', 'shard2.test']);
    expect(f[0]!.multiplexed).toBe(false);
    for (const c of a.connections) expect(c.origins.length).toBe(1);
    const socketsOfShard = (name: string) => new Set(pairs.filter((p) => host(p.req.origin).startsWith(name)).map((p) => p.truth.socketId));
    expect(f[0]!.connections).toBe(socketsOfShard('shard1').size + socketsOfShard('shard2').size);
  });
});

describe('Reload with warm sockets (pools-reload fixture)', () => {
  const { a, pairs, rec, byId } = load('pools-reload');
  const loaders = [...new Set(rec.requests().map((r) => r.loaderId))];
  it('has two page loads', () => expect(loaders.length).toBe(2));
  it('shows the second load reusing sockets the server had seen opened for the first load', () => {
    const second = pairs.filter((p) => p.req.loaderId === loaders[1]);
    const firstLoadSockets = new Set(pairs.filter((p) => p.req.loaderId === loaders[0]).map((p) => p.truth.socketId));
    const warm = second.filter((p) => firstLoadSockets.has(p.truth.socketId));
    expect(warm.length).toBeGreaterThan(0);
    for (const p of warm) {
      const v = a.verdict(p.req.id)!;
      expect(v.kind).toBe('reused');
      if (v.kind !== 'reused') continue;
      if (v.openerId !== undefined) {
        expect(byId(v.openerId)!.loaderId).toBe(loaders[0]);
        expect(v.openedByEarlierPage).toBe(true);
        expect(texts(a, p.req, byId)).toContain('during an earlier page load');
      } else expect(v.openedAhead).toBe(true);
    }
    // At least one of those sockets was opened (not preconnected) during the first load.
    expect(warm.some((p) => (a.verdict(p.req.id) as { openedByEarlierPage?: boolean }).openedByEarlierPage)).toBe(true);
  });
});

describe('Demo (warm sockets from an earlier recording, coalescing, a redirect)', () => {
  const { a, rec } = load('demo');
  it('trusts the ids although sockets were never seen opening, and explains them as opened ahead of time', () => {
    expect(a.trust.neverOpened.length).toBeGreaterThan(0);
    expect(a.trust.trusted).toBe(true);
    for (const id of a.trust.neverOpened) {
      const c = a.connection(id)!;
      expect(c.openedAhead).toBe(true);
      expect(a.verdict(c.uses[0]!.hopId)!.kind).toBe('opened-ahead');
    }
  });
  it('gives every request a verdict, and no request both a socket and a cache source', () => {
    for (const r of rec.requests()) {
      const v = a.verdict(r.id);
      expect(v, r.url).toBeDefined();
      if (r.source === 'memory-cache' || r.source === 'disk-cache') expect(v!.kind).toBe('no-socket');
    }
  });
});

describe('CORS preflight (pools-preflight fixture)', () => {
  const { a, pairs, rec, byId } = load('pools-preflight');
  const options = pairs.find((p) => p.truth.method === 'OPTIONS')!;
  const put = pairs.find((p) => p.truth.method === 'PUT')!;
  it('tells the time the fetch waited for its preflight apart from socket time', () => {
    // The server answered the preflight before it received the real request.
    expect(options.truth.finishedAt!).toBeLessThanOrEqual(put.truth.receivedAt);
    const w = a.preflight(put.req.id)!;
    expect(w.preflightId).toBe(options.req.id);
    const queueing = put.req.phases.queueing!;
    expect(w.waitMs).toBeGreaterThan(0.9 * queueing);
    expect(w.waitMs).toBeLessThanOrEqual(queueing + 1e-6);
    // Not a socket wait: the real request did not stall for a socket.
    expect(a.queue(put.req.id)?.queued ?? false).toBe(false);
    const text = explainRequest(a, put.req, byId).map((x) => x.text).join('\n');
    expect(text).toMatch(new RegExp(`waited \\d+ ms for its CORS preflight #${options.req.index + 1} \\(OPTIONS`));
    expect(explainRequest(a, options.req, byId).map((x) => x.text).join('\n')).toContain(`This is the CORS preflight of #${put.req.index + 1}`);
  });
  it('puts the real request on the socket its preflight opened, as the server saw', () => {
    expect(options.truth.socketId).toBe(put.truth.socketId);
    const v = a.verdict(put.req.id)!;
    expect(v.kind === 'reused' && v.openerId).toBe(options.req.id);
    expect(rec.requests().length).toBe(3);
  });
});
