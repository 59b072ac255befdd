// Time a request spent waiting for its CORS preflight. The protocol links the two: the preflight
// has its own requestId and `initiator: {type: 'preflight', requestId: <the real request>}`. The
// real request is issued first and reaches the network stack only once the preflight has answered,
// so the overlap of its queueing (issued → network stack start) with the preflight's life is time
// it waited for the preflight, not for a socket.
import type { NetworkRequest } from '../../records.ts';
import type { PreflightWait } from './types.ts';

export function preflightWaits(requests: readonly NetworkRequest[], byId: (id: string) => NetworkRequest | undefined): Map<string, PreflightWait> {
  const out = new Map<string, PreflightWait>();
  for (const pf of requests) {
    const init = pf.initiator;
    if (init?.type !== 'preflight' || typeof init.requestId !== 'string') continue;
    // The first hop of the real request carries the requestId itself as its id.
    const real = byId(init.requestId);
    if (real === undefined || real.id === pf.id) continue;
    const pfEnd = pf.endedAt ?? pf.responseAt;
    const realStart = real.startedAt;
    if (pfEnd === undefined || realStart === undefined) continue;
    const from = Math.max(real.issuedAt, Math.min(pf.issuedAt, pf.startedAt ?? pf.issuedAt));
    const to = Math.min(realStart, pfEnd);
    const w: PreflightWait = { requestId: real.id, preflightId: pf.id, waitMs: Math.max(0, to - from) };
    if (pf.phases.total !== undefined) w.preflightMs = pf.phases.total;
    const prev = out.get(real.id);
    // A retried preflight: keep the one that held the request up longest.
    if (prev === undefined || w.waitMs > prev.waitMs) out.set(real.id, w);
  }
  return out;
}
