// One side of a diff: the facts of every request (status, cache verdict, CORS class and
// preflights, connection, protocol, bytes, time) and the side's totals, in one pass over its
// records plus the CORS analysis (linear). The cache analysis, the dearest part (a policy per
// response), is run by `fillCache` only when some matched pair differs in what decides caching
// (`cacheSigs`): when none does, no cache verdict can differ either.
import type { NetworkRequest, TimingPhases } from '../records.ts';
import { analyseCacheVerdicts, type CacheVerdictData } from '../analysis/cache/index.ts';
import { analyseCorsData, isPreflight, type CorsData } from '../analysis/cors/index.ts';
import { matchKey } from './normalise.ts';
import type { DiffSide, OriginTotals, RequestFacts, SideSummary, TimedPhase } from './types.ts';

export interface SideState {
  side: DiffSide;
  facts: RequestFacts[];
  summary: SideSummary;
  /** Filled by `fillCache` (empty until then). */
  verdicts: ReadonlyMap<string, CacheVerdictData>;
  cors: CorsData;
  byId: Map<string, NetworkRequest>;
  /**
   * Per fact, what decides its cache verdict and storability: where its response came from, its
   * status, and the caching headers of request and response. Two recordings whose matched pairs
   * all agree on it have the same verdicts pair by pair.
   */
  cacheSigs: string[];
}

const SIG_REQUEST = new Set(['cache-control', 'pragma', 'if-none-match', 'if-modified-since', 'authorization']);
const SIG_RESPONSE = new Set(['cache-control', 'expires', 'pragma', 'vary', 'etag', 'last-modified', 'date', 'age']);

function cacheSig(r: NetworkRequest): string {
  let sig = `${r.source}|${r.status ?? ''}|${r.method}|${r.servedFromCache ? 1 : 0}${r.fromDiskCache ? 1 : 0}${r.fromServiceWorker ? 1 : 0}|${r.cacheStorageCacheName ?? ''}`;
  for (const h of r.requestHeaders) {
    const n = h.name.toLowerCase();
    if (SIG_REQUEST.has(n)) sig += `|q:${n}=${n.startsWith('if-') || n === 'authorization' ? '1' : h.value}`;
  }
  for (const h of r.responseHeaders) {
    const n = h.name.toLowerCase();
    // Validators and dates change from one recording to the next; only whether they are there counts.
    if (SIG_RESPONSE.has(n)) sig += `|s:${n}=${n === 'etag' || n === 'last-modified' || n === 'date' ? '1' : h.value}`;
  }
  return sig;
}

/** Runs the cache analysis of a side and writes each fact's cache reason and storability. */
export function fillCache(state: SideState): void {
  const verdicts = analyseCacheVerdicts(state.side.requests, state.side.pages);
  state.verdicts = verdicts;
  for (const f of state.facts) {
    const v = verdicts.get(f.id);
    if (!v) continue;
    f.cacheReason = v.reason;
    const storable = v.reason !== 'not-http' && v.response && (v.source === 'network' || v.source === 'revalidated') ? v.response.storability.storable : undefined;
    if (storable !== undefined) f.storable = storable;
  }
}

/** Requests the diff compares: HTTP(S) and WebSocket; data:, blob:, extension URLs are not network. */
export function isNetwork(r: NetworkRequest): boolean {
  return /^(https?|wss?):/i.test(r.url);
}

/** The phases the diff compares per request (types.ts `TimedPhase`), from a request's phases. */
function timedPhases(p: TimingPhases): Record<TimedPhase, number> {
  return { blocked: (p.queueing ?? 0) + (p.stalled ?? 0), dns: p.dns ?? 0, connect: p.connect ?? 0, send: p.send ?? 0, wait: p.wait ?? 0, receive: p.receive ?? 0 };
}

const PHASES = ['queueing', 'stalled', 'dns', 'connect', 'tls', 'send', 'wait', 'receive'] as const;

/**
 * Reads one side. `alias` maps an origin of this side to the name it is compared under (the
 * other side's origin, from `--same-origin`): its requests, totals and matching keys use that
 * name; their URLs stay as recorded.
 */
export function readSide(side: DiffSide, alias?: ReadonlyMap<string, string>): SideState {
  const requests = side.requests;
  const cors = analyseCorsData(requests);
  const cacheSigs: string[] = [];
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
    const origin = alias?.get(r.origin) ?? r.origin;
    const o = originOf(origin);
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
        (evidence.newConnections[origin] ??= []).push({ id: r.id, url: r.url });
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
      (evidence.preflights[origin] ??= []).push({ id: r.id, url: r.url });
      continue;
    }
    o.requests++;
    if (b > 0 && (largest.length < 10 || b > largest[largest.length - 1]!.bytes)) {
      largest.push({ id: r.id, url: r.url, origin, bytes: b });
      largest.sort((x, y) => y.bytes - x.bytes);
      if (largest.length > 10) largest.pop();
    }
    const c = cors.byId[r.id] !== undefined ? cors.requests[cors.byId[r.id]!] : undefined;
    cacheSigs.push(cacheSig(r));
    facts.push({
      id: r.id,
      url: r.url,
      key: matchKey(r.method, origin !== r.origin && r.url.startsWith(r.origin) ? origin + r.url.slice(r.origin.length) : r.url),
      method: r.method,
      origin,
      ...(r.resourceType ? { resourceType: r.resourceType } : {}),
      ...(r.status !== undefined ? { status: r.status } : {}),
      ...(r.failure ? { failed: r.failure.errorText } : {}),
      source: r.source,
      ...(c ? { corsClass: c.class } : {}),
      preflights: c ? [...c.preflightIds] : [],
      ...(r.protocol ? { protocol: r.protocol } : {}),
      ...(r.connectionId ? { connectionId: r.connectionId } : {}),
      newConnection: opened,
      bytes: b,
      ...(r.phases.total !== undefined ? { totalMs: r.phases.total } : {}),
      ...(r.phases.wait !== undefined && !r.failure ? { timing: timedPhases(r.phases) } : {}),
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
  return { side, facts, summary, verdicts: new Map(), cors, byId, cacheSigs };
}
