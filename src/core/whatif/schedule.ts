// The simulator: replays a load's dependency graph over modelled connections. HTTP/1.1 origins get
// up to 6 sockets each (a request takes an idle socket, else a new one while fewer than 6 are open,
// else the first to come free); HTTP/2 origins one connection per group of origins that can share
// it. A new connection costs DNS + TCP + TLS; a request costs writing it, one round trip, the
// server's time and its download. Events in time order through a binary heap: O(n log n).
import type { HopId } from '../records.ts';
import type { ModelRequest, NetworkEstimate, PathStep, ScenarioChange, ScenarioId, SimulatedLoad, SimulatedRequest } from './types.ts';

export const H1_SOCKETS = 6;
/** Cost of a response read from the browser's cache in the warm-cache scenario (ms). */
export const CACHE_HIT_MS = 2;

interface Socket {
  freeAt: number;
  /** Its number in the pool (`origin#n`), given when it carries its first request (0 until then). */
  n: number;
}

interface Pool {
  h2: boolean;
  sockets: Socket[];
  /** Connections that carried a request. */
  opened: number;
}

/**
 * Chromium opens two connections to the page's own origin when it navigates (every HTTP/1.1
 * recording of the validation page shows the page's script on a second connection without a
 * set-up of its own; the delaying proxy's log of the HTTP/2 loads shows two TLS handshakes at the
 * navigation): over HTTP/1.1 the second is ready for the page's first subresources.
 */
export const DOCUMENT_ORIGIN_SOCKETS = 2;

export function simulate(scenario: ScenarioId, graph: readonly ModelRequest[], net: NetworkEstimate, change: ScenarioChange): SimulatedLoad {
  const rtt = net.rttMs * change.rttFactor;
  const setupByOrigin = new Map(net.setups.map((s) => [s.origin, s]));
  // Which pool a request goes to: its origin, or its HTTP/2 coalescing group.
  const groupOf = new Map<string, string>();
  const protocolOf = (m: ModelRequest): 'h1' | 'h2' => {
    if (change.protocol === 'http/1.1') return 'h1';
    if (change.protocol === 'h2' && m.origin.startsWith('https:')) return 'h2';
    return m.protocol === 'h2' || m.protocol === 'h3' ? 'h2' : 'h1';
  };
  // Only origins the recording shows sharing a connection share one: Chromium did not coalesce
  // every pair a certificate and an address allow (a second origin of a page's own document's
  // connection got a connection of its own on Chromium 156), so the model does not guess it.
  for (const g of net.coalescedInRecording) for (const o of g) groupOf.set(o, g[0]!);
  // HTTP/1.1 connections open before a request needed them (besides the one the first request opens).
  const ahead = new Map((net.openedAhead ?? []).map((a) => [a.origin, a.count]));
  const root = graph.find((m) => m.network && m.dependency.kind === 'root');
  if (root) ahead.set(root.origin, Math.max(ahead.get(root.origin) ?? 0, DOCUMENT_ORIGIN_SOCKETS - 1));

  const index = new Map<HopId, number>(graph.map((m, i) => [m.id, i]));
  const children: number[][] = graph.map(() => []);
  const heap = new Heap();
  for (let i = 0; i < graph.length; i++) {
    const d = graph[i]!.dependency;
    const p = d.parent !== undefined ? index.get(d.parent) : undefined;
    if (p === undefined || p === i) heap.push(d.gapMs, i);
    else children[p]!.push(i);
  }
  const pools = new Map<string, Pool>();
  const out: (SimulatedRequest | undefined)[] = graph.map(() => undefined);
  let done = 0;
  for (;;) {
    if (heap.size === 0) {
      if (done === graph.length) break;
      // A node whose parent never ran (a cycle in bad data): start it when the recording did.
      for (let i = 0; i < graph.length; i++) if (!out[i]) heap.push(graph[i]!.recordedStartMs, i);
      if (heap.size === 0) break;
    }
    const [readyAt, i] = heap.pop();
    if (out[i]) continue;
    const m = graph[i]!;
    const cached = change.warmCache && m.warm === 'fresh';
    let s: SimulatedRequest;
    if (!m.network || cached) {
      const dur = cached ? CACHE_HIT_MS : m.localMs;
      s = { id: m.id, startMs: readyAt, setupMs: 0, waitMs: 0, responseMs: readyAt + dur, endMs: readyAt + dur, newConnection: false, cached };
    } else {
      const t = readyAt + m.queueingMs;
      const h2 = protocolOf(m) === 'h2';
      const key = `${h2 ? 'h2' : 'h1'} ${h2 ? groupOf.get(m.origin) ?? m.origin : m.origin}`;
      let pool = pools.get(key);
      const su = setupByOrigin.get(m.origin);
      const setup = su ? su.dnsMs + (su.tcpMs + su.tlsMs) * change.rttFactor : 0;
      if (!pool) {
        pools.set(key, (pool = { h2, sockets: [], opened: 0 }));
        // Opened ahead: set up alongside the first request's connection, used when a request needs one.
        if (!h2) for (let k = Math.min(ahead.get(m.origin) ?? 0, H1_SOCKETS - 1); k > 0; k--) pool.sockets.push({ freeAt: t + setup, n: 0 });
      }
      let start: number;
      let socket: Socket;
      let fresh = false;
      if (h2) {
        if (pool.sockets.length === 0) {
          pool.sockets.push({ freeAt: t + setup, n: ++pool.opened });
          fresh = true;
        }
        socket = pool.sockets[0]!;
        start = Math.max(t, socket.freeAt);
      } else {
        let idle: Socket | undefined;
        for (const k of pool.sockets) if (k.freeAt <= t && (!idle || k.freeAt > idle.freeAt)) idle = k;
        let created: Socket | undefined;
        if (!idle && pool.sockets.length < H1_SOCKETS) {
          created = { freeAt: t + setup, n: ++pool.opened };
          pool.sockets.push(created);
        }
        // No idle socket: the first to be ready (the new one, or a busy one coming free sooner).
        socket = idle ?? pool.sockets.reduce((a, b) => (b.freeAt < a.freeAt || (b === created && b.freeAt === a.freeAt) ? b : a));
        fresh = socket === created;
        if (socket.n === 0) socket.n = ++pool.opened;
        start = Math.max(t, socket.freeAt);
      }
      const response = start + m.sendMs + rtt + m.serverMs + m.firstBytesMs * change.downloadFactor;
      const receive = m.warm === 'revalidate' && change.warmCache ? 0 : m.receiveMs * change.downloadFactor;
      const end = response + receive;
      if (!h2) socket.freeAt = end;
      const setupMs = fresh ? setup : 0;
      s = { id: m.id, startMs: readyAt, setupMs, waitMs: Math.max(0, start - t - setupMs), responseMs: response, endMs: end, connection: `${m.origin}#${socket.n}`, newConnection: fresh, cached: false };
    }
    out[i] = s;
    done++;
    for (const c of children[i]!) {
      const d = graph[c]!.dependency;
      heap.push((d.anchor === 'end' ? s.endMs : s.responseMs) + d.gapMs, c);
    }
  }
  const requests = out.filter((x): x is SimulatedRequest => x !== undefined);
  let last: SimulatedRequest | undefined;
  let first = Infinity;
  for (const r of requests) {
    if (!last || r.endMs > last.endMs) last = r;
    first = Math.min(first, r.startMs);
  }
  let connections = 0;
  for (const p of pools.values()) connections += p.opened;
  return { scenario, loadMs: last ? last.endMs - Math.min(0, first) : 0, connections, requests, criticalPath: last ? pathTo(last.id, graph, index, out) : [] };
}

function pathTo(id: HopId, graph: readonly ModelRequest[], index: Map<HopId, number>, out: readonly (SimulatedRequest | undefined)[]): PathStep[] {
  const steps: PathStep[] = [];
  const seen = new Set<number>();
  for (let i = index.get(id); i !== undefined && !seen.has(i); i = graph[i]!.dependency.parent !== undefined ? index.get(graph[i]!.dependency.parent!) : undefined) {
    seen.add(i);
    const m = graph[i]!;
    const s = out[i];
    if (!s) break;
    steps.push({ id: m.id, number: m.number, url: m.url, kind: m.dependency.kind, startMs: s.startMs, setupMs: s.setupMs, waitMs: s.waitMs, responseMs: s.responseMs, endMs: s.endMs });
  }
  return steps.reverse();
}

/** A binary min-heap of (time, index), ties broken by index (the recording's order). */
class Heap {
  private t: number[] = [];
  private i: number[] = [];
  get size(): number {
    return this.t.length;
  }
  private less(a: number, b: number): boolean {
    return this.t[a]! < this.t[b]! || (this.t[a] === this.t[b] && this.i[a]! < this.i[b]!);
  }
  private swap(a: number, b: number): void {
    const t = this.t[a]!;
    this.t[a] = this.t[b]!;
    this.t[b] = t;
    const i = this.i[a]!;
    this.i[a] = this.i[b]!;
    this.i[b] = i;
  }
  push(time: number, idx: number): void {
    this.t.push(time);
    this.i.push(idx);
    for (let k = this.t.length - 1; k > 0; ) {
      const p = (k - 1) >> 1;
      if (!this.less(k, p)) break;
      this.swap(k, p);
      k = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.t[0]!, this.i[0]!];
    const lt = this.t.pop()!;
    const li = this.i.pop()!;
    if (this.t.length > 0) {
      this.t[0] = lt;
      this.i[0] = li;
      for (let k = 0; ; ) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < this.t.length && this.less(l, m)) m = l;
        if (r < this.t.length && this.less(r, m)) m = r;
        if (m === k) break;
        this.swap(k, m);
        k = m;
      }
    }
    return top;
  }
}
