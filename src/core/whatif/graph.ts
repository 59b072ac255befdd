// The dependency graph of one page load, from the recording: for every request, the request it
// waited for (redirect, preflight, the document's parser, a blocking script, the script that made
// it, or a callback of that script's earlier request) and the browser's own time in between.
// O(n log n): one sort of the script-made requests per script, binary searches.
import type { HopId, NetworkRequest } from '../records.ts';
import { pairPreflights } from '../analysis/cors/pairing.ts';
import type { Dependency, ModelRequest } from './types.ts';

/** Requests that stay open for the page's life are not part of its load. */
const LONG_LIVED = new Set(['WebSocket', 'EventSource']);
/** How soon after a request finished another may be made and still count as made in its callback (ms). */
export const TRIGGER_MS = 25;

export interface GraphInput {
  requests: readonly NetworkRequest[];
  /** The load's start (ms on the protocol clock). */
  t0: number;
  /** RTT estimate (ms), to split each time to first byte into a round trip and the server's time. */
  rttMs: number;
  warm: (r: NetworkRequest) => ModelRequest['warm'];
}

export function inLoad(r: NetworkRequest): string | undefined {
  if (LONG_LIVED.has(r.resourceType ?? '')) return `${r.resourceType} stays open for the page's life`;
  if (!r.finished && !r.failure) return 'it had not finished when the recording ended';
  if (r.failure && r.failure.canceled) return 'it was cancelled';
  return undefined;
}

/** Whether a request went to a server (not a cache, a service worker or a data: URL). */
export function overNetwork(r: NetworkRequest): boolean {
  if (!/^https?:/.test(r.url)) return false;
  return (r.source === 'network' || r.source === 'revalidated' || r.source === 'failed') && r.connectionId !== 0 && r.timing !== undefined;
}

/** The innermost script URL of an initiator stack (async parents walked when the top is empty). */
function stackUrl(r: NetworkRequest): string | undefined {
  let s = r.initiator?.stack;
  for (let depth = 0; s && depth < 32; depth++, s = s.parent) {
    for (const f of s.callFrames) if (f.url) return f.url;
  }
  return r.initiator?.url;
}

const blocking = (r: NetworkRequest) => r.resourceType === 'Script' && r.initiator?.type === 'parser' && r.initialPriority !== 'Low' && r.initialPriority !== 'VeryLow';

/** Last element of a list sorted by `at` with at <= t, or undefined. */
function lastAtOrBefore<T>(list: readonly T[], at: (x: T) => number, t: number): T | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(list[mid]!) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}

export function buildGraph(input: GraphInput): ModelRequest[] {
  const { requests, t0 } = input;
  const endOf = (r: NetworkRequest) => r.endedAt ?? r.responseAt ?? r.issuedAt;
  // Documents and scripts by URL (the last hop of that URL issued wins: the one the parser used).
  const byUrl = new Map<string, NetworkRequest>();
  for (const r of requests) if (!r.redirectTo && (r.resourceType === 'Document' || r.resourceType === 'Script')) byUrl.set(r.url, r);
  const byHop = new Map<HopId, NetworkRequest>(requests.map((r) => [r.id, r]));
  // The preflight that guarded each hop (the last one, when a preflight was retried).
  const pairing = pairPreflights(requests);
  const preflightOf = new Map<HopId, HopId>();
  const guardedBy = new Map<HopId, HopId>();
  for (const p of pairing.pairs) {
    if (!byHop.has(p.preflightId) || !byHop.has(p.hopId)) continue;
    preflightOf.set(p.hopId, p.preflightId);
    guardedBy.set(p.preflightId, p.hopId);
  }
  // Per document: its blocking scripts by end. Per script URL: what it made, by end.
  const blockingByDoc = new Map<string, NetworkRequest[]>();
  const madeByScript = new Map<string, NetworkRequest[]>();
  for (const r of requests) {
    if (blocking(r) && r.initiator?.url) push(blockingByDoc, r.initiator.url, r);
    if (r.initiator?.type === 'script') {
      const u = stackUrl(r);
      if (u) push(madeByScript, u, r);
    }
  }
  for (const list of [...blockingByDoc.values(), ...madeByScript.values()]) list.sort((a, b) => endOf(a) - endOf(b));

  const parserAnchor = (r: NetworkRequest, docUrl: string | undefined): Dependency => {
    const doc = docUrl !== undefined ? byUrl.get(docUrl) : undefined;
    const script = docUrl !== undefined ? lastAtOrBefore(blockingByDoc.get(docUrl) ?? [], endOf, r.issuedAt) : undefined;
    if (script && script.id !== r.id && (!doc || endOf(script) > (doc.responseAt ?? doc.issuedAt))) {
      return { kind: 'blocking-script', parent: script.id, anchor: 'end', gapMs: Math.max(0, r.issuedAt - endOf(script)) };
    }
    if (doc && doc.id !== r.id) return { kind: 'parser', parent: doc.id, anchor: 'response', gapMs: Math.max(0, r.issuedAt - (doc.responseAt ?? doc.issuedAt)) };
    return { kind: 'root', anchor: 'end', gapMs: Math.max(0, r.issuedAt - t0) };
  };

  const dependencyOf = (r: NetworkRequest, root: NetworkRequest): Dependency => {
    if (r.id === root.id) return { kind: 'root', anchor: 'end', gapMs: 0 };
    if (r.redirectFrom && byHop.has(r.redirectFrom)) {
      const from = byHop.get(r.redirectFrom)!;
      return { kind: 'redirect', parent: from.id, anchor: 'response', gapMs: Math.max(0, r.issuedAt - (from.responseAt ?? from.issuedAt)) };
    }
    const pf = preflightOf.get(r.id);
    if (pf) {
      const p = byHop.get(pf)!;
      return { kind: 'preflight', parent: pf, anchor: 'end', gapMs: Math.max(0, (r.startedAt ?? r.issuedAt) - endOf(p)) };
    }
    // A preflight starts when the request it guards would have.
    const guarded = guardedBy.get(r.id);
    const who = guarded ? byHop.get(guarded)! : r;
    const dep = initiatorDependency(who, root);
    if (guarded) dep.gapMs = Math.max(0, dep.gapMs + (r.issuedAt - who.issuedAt));
    return dep;
  };

  const initiatorDependency = (r: NetworkRequest, root: NetworkRequest): Dependency => {
    const init = r.initiator;
    if (init?.type === 'parser') return parserAnchor(r, init.url);
    if (init?.type === 'script') {
      const url = stackUrl(r);
      const script = url !== undefined ? byUrl.get(url) : undefined;
      let dep: Dependency;
      if (script && script.resourceType === 'Script' && script.id !== r.id) dep = { kind: 'script', parent: script.id, anchor: 'end', gapMs: Math.max(0, r.issuedAt - endOf(script)) };
      else dep = parserAnchor(r, url); // an inline script: it ran when the parser reached it
      // A callback: the same script's latest earlier request that had finished when this one was made.
      const earlier = url !== undefined ? lastAtOrBefore(madeByScript.get(url) ?? [], endOf, r.issuedAt) : undefined;
      if (earlier && earlier.id !== r.id) {
        const parent = dep.parent ? byHop.get(dep.parent) : undefined;
        const parentAt = parent ? (dep.anchor === 'end' ? endOf(parent) : parent.responseAt ?? parent.issuedAt) : t0;
        if (endOf(earlier) > parentAt) return { kind: 'callback', parent: earlier.id, anchor: 'end', gapMs: Math.max(0, r.issuedAt - endOf(earlier)) };
      }
      return dep;
    }
    // Anything else (other, preload): the page's document made it, once it had arrived.
    if (root.id !== r.id) return { kind: 'parser', parent: root.id, anchor: 'response', gapMs: Math.max(0, r.issuedAt - (root.responseAt ?? root.issuedAt)) };
    return { kind: 'root', anchor: 'end', gapMs: Math.max(0, r.issuedAt - t0) };
  };

  // Every request by end, for the "made in a callback" rule below.
  const byEnd = [...requests].sort((a, b) => endOf(a) - endOf(b));
  const byEndIndex = new Map<HopId, number>(byEnd.map((r, i) => [r.id, i]));
  const anchorAt = (d: Dependency) => {
    const p = d.parent !== undefined ? byHop.get(d.parent) : undefined;
    return p ? (d.anchor === 'end' ? endOf(p) : p.responseAt ?? p.issuedAt) : t0;
  };
  /**
   * A request made long after what its initiator says it waited for, but just after another request
   * finished, was most likely made in that request's callback (an image's onload, a fetch's then):
   * Chromium names the document as the initiator of an image whose src a script set.
   */
  const withCallback = (r: NetworkRequest, dep: Dependency): Dependency => {
    // A request with a script stack is tied to that script (and its own earlier requests) already.
    if (dep.gapMs <= TRIGGER_MS || dep.kind === 'redirect' || dep.kind === 'preflight' || dep.kind === 'root' || dep.kind === 'script' || dep.kind === 'callback') return dep;
    let e = lastAtOrBefore(byEnd, endOf, r.issuedAt);
    if (!e || e.id === r.id || endOf(e) <= anchorAt(dep)) return dep;
    // Several requests ended just before it: a fetch's or XHR's end is the likelier trigger (a
    // script waits on its data; an image that finished at the same moment triggers nothing).
    // Chromium names the document as the initiator of the what-if page's late images, made in a
    // fetch's callback, and one of the page's images ended within a millisecond of that fetch.
    if (e.resourceType !== 'Fetch' && e.resourceType !== 'XHR') {
      for (let k = byEndIndex.get(e.id)! - 1; k >= 0 && endOf(byEnd[k]!) >= r.issuedAt - TRIGGER_MS; k--) {
        const x = byEnd[k]!;
        if ((x.resourceType === 'Fetch' || x.resourceType === 'XHR') && x.id !== r.id && endOf(x) > anchorAt(dep)) {
          e = x;
          break;
        }
      }
    }
    // A fetch's or XHR's callback runs after its body is read, which may take a while; others must be close.
    const data = e.resourceType === 'Fetch' || e.resourceType === 'XHR';
    if (!data && r.issuedAt - endOf(e) > TRIGGER_MS) return dep;
    return { kind: 'callback', parent: e.id, anchor: 'end', gapMs: Math.max(0, r.issuedAt - endOf(e)) };
  };

  const root = requests[0]!;
  // Chromium holds requests back (its resource scheduler keeps HTTP/1.1 hosts to 6 in flight) in
  // what DevTools calls queueing: that wait is the socket wait the model simulates, so each
  // request keeps at most the load's usual queueing (its lower quartile), the browser's own cost.
  const queueings = requests.filter(overNetwork).map((r) => Math.max(0, (r.startedAt ?? r.issuedAt) - r.issuedAt)).sort((a, b) => a - b);
  const usualQueueing = queueings.length ? queueings[Math.floor(queueings.length / 4)]! : 0;
  // Each download's own throughput (what it got of a shared line), for the time its first TLS
  // record took to arrive; a response too small to tell takes the load's median.
  const rates = requests.filter(overNetwork).map(ownRate).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const medianRate = rates.length ? rates[rates.length >> 1]! : undefined;
  const out: ModelRequest[] = [];
  for (const r of requests) {
    const net = overNetwork(r);
    const ph = r.phases;
    const wait = ph.wait ?? 0;
    const first = net ? firstRecordMs(r, ownRate(r) ?? medianRate) : 0;
    out.push({
      id: r.id,
      number: r.index + 1,
      url: r.url,
      origin: r.origin,
      protocol: r.protocol ?? '',
      network: net,
      dependency: withCallback(r, dependencyOf(r, root)),
      recordedStartMs: r.issuedAt - t0,
      recordedEndMs: endOf(r) - t0,
      serverMs: Math.max(0, wait - input.rttMs - first),
      firstBytesMs: Math.min(first, Math.max(0, wait - input.rttMs)),
      sendMs: ph.send ?? 0,
      receiveMs: ph.receive ?? 0,
      bytes: r.transferSize ?? 0,
      localMs: net ? 0 : Math.max(0, endOf(r) - r.issuedAt),
      // A preflighted request's queueing is its wait for the preflight, which the graph models.
      queueingMs: net && !preflightOf.has(r.id) ? Math.min(usualQueueing, Math.max(0, (r.startedAt ?? r.issuedAt) - r.issuedAt)) : 0,
      warm: input.warm(r),
    });
  }
  return out;
}

/**
 * Over TLS the browser reads a response's headers only once the first TLS record (up to 16 KB,
 * RFC 8446 §5.1) has arrived and been decrypted, so on a slow line its time to first byte holds
 * the transfer of that record: download time, not the server's. Bytes of a response
 * (headers included) carried in its first record.
 */
export const TLS_RECORD_BYTES = 16_384;

/** Bytes per ms a download got after its first record, when it had enough bytes to tell. */
function ownRate(r: NetworkRequest): number | undefined {
  const rest = (r.transferSize ?? 0) - TLS_RECORD_BYTES;
  const ms = r.phases.receive ?? 0;
  return rest >= 4096 && ms >= 1 ? rest / ms : undefined;
}

/** The time the response's first TLS record took to arrive at the download's throughput (0 without TLS). */
function firstRecordMs(r: NetworkRequest, bytesPerMs: number | undefined): number {
  if (!r.url.startsWith('https:') || !bytesPerMs) return 0;
  return Math.min(r.transferSize ?? 0, TLS_RECORD_BYTES) / bytesPerMs;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
