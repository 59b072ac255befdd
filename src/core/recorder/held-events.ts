// Events that arrived before the event that creates their request (ExtraInfo before
// requestWillBeSent, frames before webSocketCreated, …). They wait here, keyed by request, and
// are replayed when the request appears. Memory is bounded: past `limit` events the request
// that has waited longest is given up whole (its events stay counted as orphans).
import type { CdpEvent } from '../cdp.ts';

export class HeldEvents {
  private readonly byKey = new Map<string, CdpEvent[]>();
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly onEvict: (events: readonly CdpEvent[]) => void,
  ) {}

  /** Events held now. */
  get size(): number {
    return this.count;
  }

  hold(key: string, event: CdpEvent): void {
    let list = this.byKey.get(key);
    if (list === undefined) {
      list = [];
      this.byKey.set(key, list);
    }
    list.push(event);
    this.count++;
    while (this.count > this.limit) this.evictOldest();
  }

  /** Removes and returns the events held for `key`, oldest first. */
  take(key: string): CdpEvent[] | undefined {
    const list = this.byKey.get(key);
    if (list === undefined) return undefined;
    this.byKey.delete(key);
    this.count -= list.length;
    return list;
  }

  private evictOldest(): void {
    // A Map iterates in insertion order, so the first key is the request that has waited longest.
    const first = this.byKey.entries().next();
    if (first.done) {
      this.count = 0;
      return;
    }
    const [key, list] = first.value;
    this.byKey.delete(key);
    this.count -= list.length;
    this.onEvict(list);
  }
}
