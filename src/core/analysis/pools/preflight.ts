// Time a request hop spent waiting for its CORS preflight. Which hop a preflight guarded comes from
// the one CORS pairing (analysis/cors). The real request is issued first and reaches the network
// stack only once the preflight has answered, so the overlap of its queueing (issued → network
// stack start) with the preflight's life is time it waited for the preflight, not for a socket.
import type { NetworkRequest } from '../../records.ts';
import type { CorsPairing } from '../cors/pairing.ts';
import { preflightDelay } from '../cors/timing.ts';
import type { PreflightWait } from './types.ts';

export function preflightWaits(pairing: CorsPairing, byId: (id: string) => NetworkRequest | undefined): Map<string, PreflightWait> {
  const out = new Map<string, PreflightWait>();
  for (const pair of pairing.pairs) {
    const pf = byId(pair.preflightId);
    const real = byId(pair.hopId);
    if (pf === undefined || real === undefined) continue;
    // Only hops that reached the network stack waited for the preflight there.
    if (real.startedAt === undefined) continue;
    const waitMs = preflightDelay(pf, real);
    if (waitMs === undefined) continue;
    const w: PreflightWait = { hopId: real.id, preflightId: pf.id, waitMs };
    if (pf.phases.total !== undefined) w.preflightMs = pf.phases.total;
    const prev = out.get(real.id);
    // A retried preflight: keep the one that held the request up longest.
    if (prev === undefined || w.waitMs > prev.waitMs) out.set(real.id, w);
  }
  return out;
}
