// What a preflight cost its request: the overlap of the real hop's queueing (issued → network
// stack start) with the preflight's life is time the hop waited for it. The pool analysis uses
// the same figure to tell this wait apart from waiting for a socket.
import type { NetworkRequest } from '../../records.ts';

/** Milliseconds the hop waited for the preflight, or undefined when the times are not known. */
export function preflightDelay(pf: NetworkRequest, real: NetworkRequest): number | undefined {
  const pfEnd = pf.endedAt ?? pf.responseAt;
  const realStart = real.startedAt ?? (real.failure ? real.endedAt : undefined);
  if (pfEnd === undefined || realStart === undefined) return undefined;
  const from = Math.max(real.issuedAt, Math.min(pf.issuedAt, pf.startedAt ?? pf.issuedAt));
  const to = Math.min(realStart, pfEnd);
  return Math.max(0, to - from);
}
