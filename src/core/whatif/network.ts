// What the recording says about the network: the round-trip time, the download throughput, each
// origin's connection set-up, and which origins shared (or could share) one HTTP/2 connection.
import type { NetworkRequest } from '../records.ts';
import type { NetworkEstimate, OriginSetup } from './types.ts';
import { overNetwork } from './graph.ts';

const median = (xs: number[]) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

const hostOf = (origin: string) => origin.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');

/** Whether a certificate's names (`*.example.com` wildcards one label) cover a host. */
export function certCovers(sanList: readonly string[], host: string): boolean {
  const h = host.toLowerCase();
  for (const raw of sanList) {
    const n = raw.toLowerCase();
    if (n === h) return true;
    if (n.startsWith('*.') && h.endsWith(n.slice(1)) && !h.slice(0, h.length - n.length + 1).includes('.')) return true;
  }
  return false;
}

export function estimateNetwork(requests: readonly NetworkRequest[]): NetworkEstimate {
  const net = requests.filter(overNetwork);
  // RTT: every request over the network took at least one round trip between being sent and its
  // first byte; the quickest answer is the closest to the round trip alone.
  let rttMs = Infinity;
  let rttFrom: string | undefined;
  for (const r of net) {
    const w = r.phases.wait;
    if (w !== undefined && w >= 0 && w < rttMs && r.status !== undefined) {
      rttMs = w;
      rttFrom = r.id;
    }
  }
  if (!Number.isFinite(rttMs)) rttMs = 0;
  // Better, when the recording opened connections: a TCP connect is one round trip, and so is a
  // TLS 1.3 handshake (TLS 1.2: two). Through a proxy near the browser the TCP connect is with
  // the proxy and takes no time, so each connection counts the larger of the two. The median over
  // the connections (a request that took over a socket opened before it shows only the end of its
  // set-up, so the smallest is too small; a busy machine makes some too long), never more than the
  // quickest time to first byte.
  const ones: { ms: number; id: string }[] = [];
  for (const r of net) {
    const c = r.phases.connect;
    if (c === undefined || c < 0) continue;
    const tls = r.phases.tls ?? 0;
    const tlsTrips = r.tls?.protocol === 'TLS 1.2' || r.tls?.protocol === 'TLS 1.1' || r.tls?.protocol === 'TLS 1.0' ? 2 : 1;
    const one = Math.max(c - tls, tls / tlsTrips);
    if (one > 0) ones.push({ ms: one, id: r.id });
  }
  ones.sort((a, b) => a.ms - b.ms);
  // The upper median: with two connections, the one that was not clipped (the page's first
  // connection, opened before its request was, shows a set-up as short as 6 ms on an 80 ms RTT).
  const mid = ones[ones.length >> 1];
  const fromSetup = mid ? mid.ms : Infinity;
  const setupFrom = mid?.id;
  let rttBasis: NetworkEstimate['rttBasis'] = 'time-to-first-byte';
  if (Number.isFinite(fromSetup) && fromSetup < rttMs) {
    rttMs = fromSetup;
    rttFrom = setupFrom;
    rttBasis = 'connection-set-up';
  }

  // Set-up per origin: the first request that opened a socket (it has a connect phase).
  const firstNew = new Map<string, NetworkRequest>();
  for (const r of net) if (r.phases.connect !== undefined && r.phases.connect >= 0 && !firstNew.has(r.origin)) firstNew.set(r.origin, r);
  const recorded = [...firstNew.values()].map((r) => ({ dns: r.phases.dns ?? 0, tcp: Math.max(0, (r.phases.connect ?? 0) - (r.phases.tls ?? 0)), tls: r.phases.tls ?? 0, tlsOrigin: r.origin.startsWith('https:') }));
  const med = (tls: boolean) => {
    const same = recorded.filter((x) => x.tlsOrigin === tls);
    return { dns: median(same.map((x) => x.dns)), tcp: median(same.map((x) => x.tcp)), tls: median(same.map((x) => x.tls)), n: same.length };
  };
  const setups: OriginSetup[] = [];
  for (const origin of new Set(net.map((r) => r.origin))) {
    const r = firstNew.get(origin);
    if (r) setups.push({ origin, dnsMs: r.phases.dns ?? 0, tcpMs: Math.max(0, (r.phases.connect ?? 0) - (r.phases.tls ?? 0)), tlsMs: r.phases.tls ?? 0, from: 'recorded' });
    else {
      const m = med(origin.startsWith('https:'));
      setups.push({ origin, dnsMs: m.dns, tcpMs: m.tcp, tlsMs: m.tls, from: m.n > 0 ? 'median-of-other-origins' : 'none' });
    }
  }

  // Throughput: bytes received over the time at least one download was in progress.
  const spans = net
    .filter((r) => r.responseAt !== undefined && r.endedAt !== undefined && (r.transferSize ?? 0) > 0)
    .map((r) => [r.responseAt!, r.endedAt!] as const)
    .sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [s, e] of spans) {
    if (s > curEnd) {
      if (curEnd > curStart) busy += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else curEnd = Math.max(curEnd, e);
  }
  if (curEnd > curStart) busy += curEnd - curStart;
  const bytes = net.reduce((n, r) => n + (r.transferSize ?? 0), 0);
  const bandwidthBps = busy > 1 && bytes > 0 ? Math.round((bytes * 1000) / busy) : undefined;

  // HTTP/1.1 connections opened ahead: a connection id first seen on a request that had no
  // connect phase, and that started before any connection the page's own requests opened to that
  // origin was ready (the origin's first one aside). Later, a socket without a set-up of its own is
  // one another request's connect job opened and this request took first (Chromium binds a request
  // to whichever socket is ready first), which the simulator models already.
  const firstConnect = new Map<string, NetworkRequest>();
  const readyBy = new Map<string, number>();
  for (const r of net) {
    if (r.phases.connect === undefined || r.phases.connect < 0 || !r.timing) continue;
    if (!firstConnect.has(r.origin)) {
      firstConnect.set(r.origin, r);
      continue;
    }
    const end = r.timing.requestTime * 1000 + r.timing.connectEnd;
    readyBy.set(r.origin, Math.min(readyBy.get(r.origin) ?? Infinity, end));
  }
  const seen = new Set<number>();
  const ahead = new Map<string, number>();
  for (const r of net) {
    if (r.protocol !== 'http/1.1' || !r.connectionId || seen.has(r.connectionId)) continue;
    seen.add(r.connectionId);
    const noSetup = r.phases.connect === undefined || r.phases.connect < 0;
    if (noSetup && (r.startedAt ?? r.issuedAt) < (readyBy.get(r.origin) ?? Infinity)) ahead.set(r.origin, (ahead.get(r.origin) ?? 0) + 1);
  }
  const openedAhead = [...ahead].map(([origin, count]) => ({ origin, count }));

  // Coalescing in the recording: origins whose requests rode one connection id.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    parent.set(x, p);
    return p;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const byConn = new Map<number, string>();
  for (const r of net) {
    if (r.protocol !== 'h2' || !r.connectionId) continue;
    const o = byConn.get(r.connectionId);
    if (o === undefined) byConn.set(r.connectionId, r.origin);
    else if (o !== r.origin) union(o, r.origin);
  }
  const groups = (origins: Iterable<string>) => {
    const g = new Map<string, string[]>();
    for (const o of origins) {
      const k = find(o);
      g.set(k, [...(g.get(k) ?? []), o]);
    }
    return [...g.values()].filter((x) => x.length > 1);
  };
  const h2Origins = new Set(net.filter((r) => r.protocol === 'h2').map((r) => r.origin));
  const coalescedInRecording = groups(h2Origins);

  // Could coalesce: TLS origins on one address and port whose certificate names the other hosts.
  parent.clear();
  const certs = new Map<string, { addr: string; san: string[] }>();
  for (const r of net) {
    if (!r.origin.startsWith('https:') || !r.remoteIPAddress || !r.tls || certs.has(r.origin)) continue;
    certs.set(r.origin, { addr: `${r.remoteIPAddress}:${r.remotePort ?? ''}`, san: r.tls.sanList });
  }
  const byAddr = new Map<string, string[]>();
  for (const [o, c] of certs) byAddr.set(c.addr, [...(byAddr.get(c.addr) ?? []), o]);
  for (const list of byAddr.values()) {
    const first = list[0]!;
    for (const o of list.slice(1)) if (certCovers(certs.get(first)!.san, hostOf(o)) && certCovers(certs.get(o)!.san, hostOf(first))) union(first, o);
  }
  const coalescible = groups(certs.keys());

  return { rttMs, rttBasis, ...(rttFrom ? { rttFrom } : {}), ...(bandwidthBps ? { bandwidthBps } : {}), setups, openedAhead, coalescedInRecording, coalescible };
}
