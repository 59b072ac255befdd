// CORS preflight pairing: the one place that says which request hop each preflight guarded.
//
// The protocol links a preflight to the request it guards only by the CDP request id: the
// preflight (its own request id, `type: Preflight` on its response, `initiator: {type: 'preflight',
// requestId}`) names the real request's id, which every hop of a redirect chain shares. When the
// real request is redirected to another origin, or to a URL that needs permission again, Chromium
// sends a second preflight naming the same id. So the id alone says "this chain"; the hop is the
// one that was being sent when the preflight went out: the last hop issued no later than the
// preflight (hop 0 is issued by the renderer first; hop N is issued when hop N-1's redirect
// arrives, and the network service sends its preflight only after the renderer follows it).
//
// Works on the finished records, so the order the events arrived in does not matter (the preflight's
// requestWillBeSent often arrives before the real request's own). Pure and plain data: ids only.
import type { CdpRequestId, HopId } from '../../records.ts';
import type { NetworkRequest } from '../../records.ts';

export interface PreflightPair {
  /** Hop id of the OPTIONS preflight. */
  preflightId: HopId;
  /** Hop id of the request hop it guarded. */
  hopId: HopId;
  /** The CDP request id the preflight named (shared by the chain). */
  cdpRequestId: CdpRequestId;
  /** Redirect hop of the guarded hop (0 for the request as the page made it). */
  hop: number;
}

export type UnpairedReason =
  /** The preflight names a request id the recording has no hop of (it began before recording, or its events were lost). */
  | 'request-not-recorded'
  /** The preflight's initiator names no request id. */
  | 'no-request-id';

export interface UnpairedPreflight {
  preflightId: string;
  reason: UnpairedReason;
  /** The id it named, when it named one. */
  cdpRequestId?: string;
}

export interface CorsPairing {
  /** Every pair, in the preflights' creation order. */
  pairs: PreflightPair[];
  /** Index into `pairs` by the preflight's hop id. */
  byPreflight: Record<string, number>;
  /** Indexes into `pairs` by the guarded hop id, in creation order (a hop may see a retried preflight). */
  byRequest: Record<string, number[]>;
  /** Preflights that could not be paired, never dropped. */
  unpaired: UnpairedPreflight[];
}

/** Whether a record is a CORS preflight (the initiator says so; `resourceType` does only once a response came). */
export function isPreflight(r: NetworkRequest): boolean {
  return r.initiator?.type === 'preflight' || r.resourceType === 'Preflight';
}

/** Pairs every preflight with the hop it guarded. O(requests). */
export function pairPreflights(requests: readonly NetworkRequest[]): CorsPairing {
  // Hops of each chain, in hop order (records arrive in creation order, hops of one chain in order).
  const chains = new Map<string, NetworkRequest[]>();
  for (const r of requests) {
    if (isPreflight(r)) continue;
    let list = chains.get(r.requestId);
    if (list === undefined) chains.set(r.requestId, (list = []));
    list.push(r);
  }
  for (const list of chains.values()) if (list.length > 1) list.sort((a, b) => a.redirectHop - b.redirectHop);

  const out: CorsPairing = { pairs: [], byPreflight: Object.create(null), byRequest: Object.create(null), unpaired: [] };
  for (const pf of requests) {
    if (!isPreflight(pf)) continue;
    const named = pf.initiator?.requestId;
    if (typeof named !== 'string' || named === '') {
      out.unpaired.push({ preflightId: pf.id, reason: 'no-request-id' });
      continue;
    }
    const hops = chains.get(named);
    if (hops === undefined || hops.length === 0) {
      out.unpaired.push({ preflightId: pf.id, reason: 'request-not-recorded', cdpRequestId: named });
      continue;
    }
    const hop = guardedHop(hops, pf.issuedAt);
    const i = out.pairs.length;
    out.pairs.push({ preflightId: pf.id, hopId: hop.id, cdpRequestId: named, hop: hop.redirectHop });
    out.byPreflight[pf.id] = i;
    (out.byRequest[hop.id] ??= []).push(i);
  }
  return out;
}

/**
 * The hop being sent when the preflight went out: the last one issued no later than it. Chains
 * are short (Chromium stops at 20 redirects), so a scan from the end is fine.
 */
function guardedHop(hops: readonly NetworkRequest[], at: number): NetworkRequest {
  for (let i = hops.length - 1; i > 0; i--) if (hops[i]!.issuedAt <= at) return hops[i]!;
  return hops[0]!;
}

/** The pair of a preflight, by its hop id. */
export function pairOfPreflight(p: CorsPairing, preflightId: string): PreflightPair | undefined {
  const i = p.byPreflight[preflightId];
  return i === undefined ? undefined : p.pairs[i];
}

/** The preflights that guarded a hop, oldest first. */
export function preflightsOf(p: CorsPairing, hopId: string): PreflightPair[] {
  const list = p.byRequest[hopId];
  return list === undefined ? [] : list.map((i) => p.pairs[i]!);
}
