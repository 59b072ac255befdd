// One side of a diff: the facts of every request (status, cache verdict, CORS class and
// preflights, connection, protocol, bytes, time) and the side's totals, in one pass over its
// records plus the cache and CORS analyses (each linear).
import type { NetworkRequest } from '../records.ts';
import { analyseCacheVerdicts, type CacheVerdictData } from '../analysis/cache/index.ts';
import { analyseCorsData, isPreflight, type CorsData } from '../analysis/cors/index.ts';
import { matchKey } from './normalise.ts';
import type { DiffSide, OriginTotals, RequestFacts, SideSummary } from './types.ts';

export interface SideState {
  side: DiffSide;
  facts: RequestFacts[];
  summary: SideSummary;
  verdicts: ReadonlyMap<string, CacheVerdictData>;
  cors: CorsData;
  byId: Map<string, NetworkRequest>;
}

/** Requests the diff compares: HTTP(S) and WebSocket; data:, blob:, extension URLs are not network. */
export function isNetwork(r: NetworkRequest): boolean {
  return /^(https?|wss?):/i.test(r.url);
}

const PHASES = ['queueing', 'stalled', 'dns', 'connect', 'tls', 'send', 'wait', 'receive'] as const;

export function readSide(side: DiffSide): SideState {
  const requests = side.requests;
  const verdicts = analyseCacheVerdicts(requests, side.pages);
  const cors = analyseCorsData(requests);
  const byId = new Map<string, NetworkRequest>();
  const pageIndex = new Map<string, number>();
  side.pages.forEach((p, i) => pageIndex.set(p.id, i));
  const origins = new Map<string, OriginTotals & { ids: Set<number> }>();
  const originOf = (origin: string) => {
    let o = origins.get(origin);
    if (!o) origins.set(origin, (o = { origin, requests: 0, bytes: 0, newConnections: 0, connections: 0, reused: 0, preflights: 0, protocols: [], ids: new Set() }));
    return o;
  };
  const phases = { queueing: 0, stalled: 0, dns: 0, connect: 0, tls: 0, send: 0, wait: 0, receive: 0 };
  const evidence: SideSummary['evidence'] = { newConnections: Object.create(null), preflights: Object.create(null), largest: [] };
  const facts: RequestFacts[] = [];
  let bytes = 0;
  let newConnections = 0;
  let reused = 0;
  let preflights = 0;
  const allIds = new Set<number>();
  // The ten largest responses, kept sorted as they come (ten at most: linear).
  const largest = evidence.largest;

  for (const r of requests) {
    byId.set(r.id, r);
    if (!isNetwork(r)) continue;
    const o = originOf(r.origin);
    const b = r.transferSize ?? 0;
    o.bytes += b;
    bytes += b;
    for (const p of PHASES) phases[p] += r.phases[p] ?? 0;
    // A connection is a socket that carried the recording's requests: its first request here is
    // where it counts, whether the browser opened it for that request or just ahead of it (a
    // preconnect says "reused" on its first request). The server counts the same sockets.
    const cid = r.connectionId ?? 0;
    let opened = false;
    if (cid > 0) {
      if (!o.ids.has(cid)) {
        o.ids.add(cid);
        o.newConnections++;
        opened = true;
        (evidence.newConnections[r.origin] ??= []).push({ id: r.id, url: r.url });
      } else {
        o.reused++;
        reused++;
      }
      if (!allIds.has(cid)) {
        allIds.add(cid);
        newConnections++;
      }
    }
    if (r.protocol && !o.protocols.includes(r.protocol)) o.protocols.push(r.protocol);
    if (isPreflight(r)) {
      o.preflights++;
      preflights++;
      (evidence.preflights[r.origin] ??= []).push({ id: r.id, url: r.url });
      continue;
    }
    o.requests++;
    if (b > 0 && (largest.length < 10 || b > largest[largest.length - 1]!.bytes)) {
      largest.push({ id: r.id, url: r.url, origin: r.origin, bytes: b });
      largest.sort((x, y) => y.bytes - x.bytes);
      if (largest.length > 10) largest.pop();
    }
    const v = verdicts.get(r.id);
    const c = cors.byId[r.id] !== undefined ? cors.requests[cors.byId[r.id]!] : undefined;
    const storable = v && v.reason !== 'not-http' && v.response && (v.source === 'network' || v.source === 'revalidated') ? v.response.storability.storable : undefined;
    facts.push({
      id: r.id,
      url: r.url,
      key: matchKey(r.method, r.url),
      method: r.method,
      origin: r.origin,
      ...(r.resourceType ? { resourceType: r.resourceType } : {}),
      ...(r.status !== undefined ? { status: r.status } : {}),
      ...(r.failure ? { failed: r.failure.errorText } : {}),
      source: r.source,
      ...(v ? { cacheReason: v.reason } : {}),
      ...(storable !== undefined ? { storable } : {}),
      ...(c ? { corsClass: c.class } : {}),
      preflights: c ? [...c.preflightIds] : [],
      ...(r.protocol ? { protocol: r.protocol } : {}),
      ...(r.connectionId ? { connectionId: r.connectionId } : {}),
      newConnection: opened,
      bytes: b,
      ...(r.phases.total !== undefined ? { totalMs: r.phases.total } : {}),
      pageIndex: r.pageId !== undefined ? (pageIndex.get(r.pageId) ?? -1) : -1,
    });
  }
  const originList: OriginTotals[] = [];
  for (const o of origins.values()) {
    const { ids, ...rest } = o;
    originList.push({ ...rest, connections: ids.size });
  }
  const summary: SideSummary = {
    label: side.label,
    ...(side.browser ? { browser: side.browser } : {}),
    requests: facts.length,
    bytes,
    newConnections,
    connections: allIds.size,
    reused,
    preflights,
    pageLoads: side.pages.map((p) => ({ url: p.url, ...(p.loadAt !== undefined && p.startedAt !== undefined ? { loadMs: p.loadAt - p.startedAt } : {}) })),
    phases,
    origins: originList,
    evidence,
  };
  return { side, facts, summary, verdicts, cors, byId };
}
