// The real load of a recorded page, read from the raw protocol events alone (no Netlens code), for
// the what-if validation's tests and benchmark to hold the model's estimates against.
/**
 * The real load, read straight from the protocol's events (not from Netlens's records): the first
 * requestWillBeSent of the run's requests to the last loadingFinished or loadingFailed, in ms.
 */
export function realLoadMs(events: readonly { method: string; params?: unknown }[], run: string): number {
  const ids = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    const p = e.params as { requestId?: string; timestamp?: number; request?: { url?: string } } | undefined;
    if (e.method === 'Network.requestWillBeSent' && p?.request?.url?.includes(run) && p.requestId && typeof p.timestamp === 'number') {
      ids.add(p.requestId);
      first = Math.min(first, p.timestamp);
    }
  }
  for (const e of events) {
    const p = e.params as { requestId?: string; timestamp?: number } | undefined;
    if ((e.method === 'Network.loadingFinished' || e.method === 'Network.loadingFailed') && p?.requestId && ids.has(p.requestId) && typeof p.timestamp === 'number') last = Math.max(last, p.timestamp);
  }
  return (last - first) * 1000;
}
