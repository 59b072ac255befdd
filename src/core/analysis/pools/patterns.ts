// Socket-pool patterns worth a sentence, each from HPBN's advice:
// - domain sharding: several hostnames on one address, each with its own sockets ("the browser
//   connection limits are enforced on hostnames, not IP"; on HTTP/2 it is an anti-pattern);
// - Connection: close, or no keep-alive: one socket per request, each paying DNS + TCP (+ TLS);
// - many short-lived connections to one origin: more sockets than were ever busy at once;
// - TLS set-up dominating small requests;
// - HTTP/2 connection coalescing, reuse after a long idle (slow-start restart), HTTP/3 upgrades.
import type { NetworkRequest } from '../../records.ts';
import { SMALL_RESPONSE_BYTES } from './limits.ts';
import type { ConnectionAnalysis, OriginPool, PatternFinding, ReuseVerdict } from './types.ts';

const hostOf = (origin: string): string => {
  const sep = origin.indexOf('://');
  const authority = sep < 0 ? origin : origin.slice(sep + 3);
  return authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d+$/, '');
};
const schemeOf = (origin: string): string => origin.slice(0, Math.max(0, origin.indexOf('://')));
const isIpLiteral = (host: string): boolean => host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host);

/**
 * Whether two hostnames look like shards of one site: the same name but for digits (img1 / img2,
 * shard1 / shard2), or siblings under one parent domain (static.example.com / img.example.com).
 * Unrelated sites that merely share an address (a CDN, a shared host) are not sharding.
 */
export function looksLikeShards(a: string, b: string): boolean {
  if (a === b || isIpLiteral(a) || isIpLiteral(b)) return false;
  const strip = (h: string) => h.replace(/-?\d+/g, '#');
  if (strip(a) === strip(b)) return true;
  const la = a.split('.');
  const lb = b.split('.');
  return la.length >= 3 && lb.length >= 3 && la.slice(1).join('.') === lb.slice(1).join('.');
}

/**
 * The keys under which two hostnames look like shards (looksLikeShards is true exactly when two
 * different hostnames share one): the name with its digits masked, and the parent domain of a
 * name of three labels or more. IP literals have none.
 */
function shardKeys(host: string): string[] {
  if (isIpLiteral(host)) return [];
  const keys = [`digits ${host.replace(/-?\d+/g, '#')}`];
  const labels = host.split('.');
  if (labels.length >= 3) keys.push(`parent ${labels.slice(1).join('.')}`);
  return keys;
}

function sharding(pools: readonly OriginPool[], byId: ReadonlyMap<number, ConnectionAnalysis>): PatternFinding[] {
  // Origins with sockets of their own, grouped by the address those sockets went to.
  const byAddress = new Map<string, { origins: Set<string>; protocols: Set<string>; connections: Set<number> }>();
  for (const p of pools) {
    for (const id of p.connectionIds) {
      const c = byId.get(id);
      if (c === undefined || c.primaryOrigin !== p.origin || c.remote === undefined) continue;
      const key = `${schemeOf(p.origin)} ${c.remote}`;
      let g = byAddress.get(key);
      if (g === undefined) byAddress.set(key, (g = { origins: new Set(), protocols: new Set(), connections: new Set() }));
      g.origins.add(p.origin);
      if (c.protocol !== undefined) g.protocols.add(c.protocol);
      g.connections.add(c.id);
    }
  }
  const out: PatternFinding[] = [];
  for (const [key, g] of byAddress) {
    if (g.origins.size < 2) continue;
    const origins = [...g.origins];
    // Clusters of related hostnames. Not pairwise: a file may put thousands of origins on one
    // address. Two hosts look like shards when they share a shard key (see shardKeys), so the
    // origins of each key are one cluster as soon as the key has two different hosts — the same
    // clusters as linking every pair that looksLikeShards, in linear time.
    const cluster = new Map<string, string>();
    const find = (o: string): string => {
      let root = o;
      while (cluster.get(root) !== root) root = cluster.get(root)!;
      // Path compression keeps later look-ups short.
      for (let x = o; x !== root; ) {
        const next = cluster.get(x)!;
        cluster.set(x, root);
        x = next;
      }
      return root;
    };
    for (const o of origins) cluster.set(o, o);
    const byKey = new Map<string, { origins: string[]; hosts: Set<string> }>();
    for (const o of origins) {
      const host = hostOf(o);
      for (const key of shardKeys(host)) {
        const k = byKey.get(key) ?? { origins: [], hosts: new Set<string>() };
        k.origins.push(o);
        k.hosts.add(host);
        byKey.set(key, k);
      }
    }
    for (const { origins: members, hosts } of byKey.values()) {
      if (hosts.size < 2) continue;
      for (const o of members) cluster.set(find(o), find(members[0]!));
    }
    const groups = new Map<string, string[]>();
    for (const o of origins) {
      const root = find(o);
      const list = groups.get(root) ?? [];
      list.push(o);
      groups.set(root, list);
    }
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      const set = new Set(members);
      const conns = [...g.connections].filter((id) => set.has(byId.get(id)!.primaryOrigin));
      const protocols = [...new Set(conns.map((id) => byId.get(id)!.protocol).filter((p): p is string => p !== undefined))];
      out.push({
        kind: 'sharding',
        address: key.slice(key.indexOf(' ') + 1),
        origins: members.sort(),
        protocols,
        multiplexed: conns.some((id) => byId.get(id)!.family === 'h2' || byId.get(id)!.family === 'h3'),
        connections: conns.length,
      });
    }
  }
  return out;
}

function connectionClose(pools: readonly OriginPool[], byId: ReadonlyMap<number, ConnectionAnalysis>): PatternFinding[] {
  const out: PatternFinding[] = [];
  for (const p of pools) {
    const requests: string[] = [];
    const conns = new Set<number>();
    for (const id of p.connectionIds) {
      const c = byId.get(id)!;
      for (const u of c.uses) {
        if (u.origin === p.origin && u.closedByServer) {
          requests.push(u.hopId);
          conns.add(c.id);
        }
      }
    }
    if (requests.length >= 2) out.push({ kind: 'connection-close', origin: p.origin, requests, connections: conns.size });
  }
  return out;
}

function shortLived(pools: readonly OriginPool[], byId: ReadonlyMap<number, ConnectionAnalysis>): PatternFinding[] {
  const out: PatternFinding[] = [];
  for (const p of pools) {
    if (p.family !== 'h1') continue;
    let own = 0;
    let singleUse = 0;
    for (const id of p.connectionIds) {
      const c = byId.get(id)!;
      if (c.primaryOrigin !== p.origin) continue;
      own++;
      // One request and done, and not because the server said so (that is its own pattern).
      if (c.uses.length === 1 && !c.uses[0]!.closedByServer && !c.uses[0]!.running) singleUse++;
    }
    if (singleUse >= 3 && singleUse >= own * 0.75 && own > p.maxBusy) {
      out.push({ kind: 'short-lived', origin: p.origin, connections: own, singleUse, maxBusy: p.maxBusy });
    }
  }
  return out;
}

function tlsDominates(requests: readonly NetworkRequest[], verdictAt: readonly (ReuseVerdict | undefined)[]): PatternFinding[] {
  const byOrigin = new Map<string, { requests: string[]; setupMs: number; restMs: number }>();
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    const v = verdictAt[i];
    if (v?.kind !== 'new' || v.setup?.tls === undefined) continue;
    if ((r.transferSize ?? 0) > SMALL_RESPONSE_BYTES) continue;
    const rest = (r.phases.send ?? 0) + (r.phases.wait ?? 0) + (r.phases.receive ?? 0);
    if (!(v.setup.total > rest)) continue;
    let g = byOrigin.get(r.origin);
    if (g === undefined) byOrigin.set(r.origin, (g = { requests: [], setupMs: 0, restMs: 0 }));
    g.requests.push(r.id);
    g.setupMs += v.setup.total;
    g.restMs += rest;
  }
  return [...byOrigin].map(([origin, g]) => ({ kind: 'tls-dominates', origin, ...g }));
}

function coalescedAndIdle(connections: readonly ConnectionAnalysis[]): PatternFinding[] {
  const out: PatternFinding[] = [];
  for (const c of connections) {
    if (c.coalesced && (c.family === 'h2' || c.family === 'h3')) out.push({ kind: 'coalesced', connectionId: c.id, primaryOrigin: c.primaryOrigin, origins: c.origins });
    let longest: { hopId: string; idleMs: number } | undefined;
    for (const r of c.longIdleReuses) if (longest === undefined || r.idleMs > longest.idleMs) longest = r;
    if (longest !== undefined) out.push({ kind: 'long-idle-reuse', connectionId: c.id, origin: c.primaryOrigin, ...longest });
  }
  return out;
}

/** HTTP/3 origins, and how the browser learned it could use QUIC there. */
function h3Upgrades(requests: readonly NetworkRequest[]): PatternFinding[] {
  const firstH3 = new Map<string, NetworkRequest>();
  for (const r of requests) if (r.protocol !== undefined && /^h3|^quic|^http\/3/i.test(r.protocol) && !firstH3.has(r.origin)) firstH3.set(r.origin, r);
  if (firstH3.size === 0) return [];
  // The latest earlier response of the same origin that advertised h3 in Alt-Svc.
  const advertised = new Map<string, NetworkRequest>();
  for (const r of requests) {
    const h3 = firstH3.get(r.origin);
    if (h3 === undefined || r.index >= h3.index) continue;
    if (r.responseHeaders.some((h) => h.name.toLowerCase() === 'alt-svc' && /(^|[\s,])h3(-\d+)?=/i.test(h.value))) advertised.set(r.origin, r);
  }
  const out: PatternFinding[] = [];
  for (const [origin, h3] of firstH3) {
    const by = advertised.get(origin);
    const usage = h3.alternateProtocolUsage ?? '';
    const f: PatternFinding = { kind: 'h3-upgrade', origin, firstH3: h3.id, via: by !== undefined ? 'alt-svc' : /^dnsAlpnH3/i.test(usage) ? 'dns' : 'unknown' };
    if (by !== undefined) {
      f.advertisedBy = by.id;
      if (by.protocol !== undefined) f.fromProtocol = by.protocol;
    }
    out.push(f);
  }
  return out;
}

export function findPatterns(
  requests: readonly NetworkRequest[],
  pools: readonly OriginPool[],
  connections: readonly ConnectionAnalysis[],
  verdictAt: readonly (ReuseVerdict | undefined)[],
  trusted: boolean,
): PatternFinding[] {
  const byId = new Map(connections.map((c) => [c.id, c]));
  const out: PatternFinding[] = [...sharding(pools, byId), ...tlsDominates(requests, verdictAt), ...h3Upgrades(requests)];
  // The rest read the connection ids: not from ids that cannot be believed.
  if (trusted) out.push(...connectionClose(pools, byId), ...shortLived(pools, byId), ...coalescedAndIdle(connections));
  // Each pool lists the findings that concern it.
  const poolOf = new Map(pools.map((p) => [p.origin, p]));
  out.forEach((f, i) => {
    const origins = f.kind === 'sharding' || f.kind === 'coalesced' ? f.origins : [f.origin];
    for (const o of origins) poolOf.get(o)?.patterns.push(i);
  });
  return out;
}
