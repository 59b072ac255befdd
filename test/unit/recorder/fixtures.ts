// Loading the recorded fixtures and holding the recorder's reconstruction against the fixture
// server's own log (its truth). Matching is by method and URL, in order: the k-th request the
// server received for a URL is the k-th one the browser sent over the network for it.
import { readFileSync } from 'node:fs';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { NetworkRequest } from '../../../src/core/records.ts';
import type { TruthMessage, TruthRequest, TruthSocket } from '../../server/truth-log.ts';

export const SCENARIOS = ['pool', 'h2', 'cache', 'redirect', 'streams', 'child-targets', 'demo'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Truth {
  run: string;
  requests: TruthRequest[];
  sockets: TruthSocket[];
  messages: TruthMessage[];
}

const dir = new URL('../../fixtures/', import.meta.url);

export function loadLog(name: Scenario): CdpEvent[] {
  return JSON.parse(readFileSync(new URL(`${name}.cdp.json`, dir), 'utf8')) as CdpEvent[];
}

export function loadTruth(name: Scenario): Truth {
  return JSON.parse(readFileSync(new URL(`${name}.truth.json`, dir), 'utf8')) as Truth;
}

/** Whether this hop's request reached the server (it was not answered from a cache). */
export function reachedServer(r: NetworkRequest): boolean {
  return r.source === 'network' || r.source === 'revalidated' || (r.source === 'failed' && r.status !== undefined);
}

export interface Pair {
  truth: TruthRequest;
  req: NetworkRequest;
}

/**
 * Pairs each request the server received with the recorder's record of it. Returns the pairs and
 * what was left unpaired on either side (both should be empty).
 */
export function pairWithTruth(truth: Truth, requests: readonly NetworkRequest[]): { pairs: Pair[]; unmatchedTruth: TruthRequest[]; unmatchedOurs: NetworkRequest[] } {
  const queues = new Map<string, NetworkRequest[]>();
  for (const r of requests) {
    if (!reachedServer(r)) continue;
    const key = `${r.method} ${r.url}`;
    let q = queues.get(key);
    if (!q) queues.set(key, (q = []));
    q.push(r);
  }
  const pairs: Pair[] = [];
  const unmatchedTruth: TruthRequest[] = [];
  for (const t of truth.requests) {
    const req = queues.get(`${t.method} ${t.url}`)?.shift();
    if (req) pairs.push({ truth: t, req });
    else unmatchedTruth.push(t);
  }
  const unmatchedOurs = [...queues.values()].flat();
  return { pairs, unmatchedTruth, unmatchedOurs };
}

/** The requestIds of the events in a log, in order of first appearance. */
export function requestIdOf(e: CdpEvent): string | undefined {
  const id = (e.params as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' ? id : undefined;
}

export function isExtraInfo(e: CdpEvent): boolean {
  return e.method === 'Network.requestWillBeSentExtraInfo' || e.method === 'Network.responseReceivedExtraInfo';
}

import { seededRandom as rng } from '../../seeded-random.ts';
export { rng };

export function clone<T>(x: T): T {
  return structuredClone(x);
}
