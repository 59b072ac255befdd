// The browser's cache as the session shows it: for each URL, the stored response after each full
// response or 304, so a cache hit or a revalidation can be linked to the load that stored it (how
// old it was, how many bytes it spared). Kept per URL with a short history, because requests are
// listed in the order they were created and a response may arrive after a later request of the same
// URL was issued: a use links to the newest entry received before it was issued.
import type { NetworkRequest } from '../../records.ts';
import type { HeaderMap } from './headers.ts';
import type { Policy } from './policy.ts';
import type { ResponseFacts } from './types.ts';

export interface StoredEntry {
  key: string;
  /** False when the last full response could not be stored (no-store…): the browser kept nothing. */
  storable: boolean;
  /**
   * The library's policy for it. An entry stored from a response the library would certainly not
   * store has none until something reads it: read it through policyOf(), which builds it with
   * `makePolicy` (the same policy, at the same recorded time).
   */
  policy: Policy | undefined;
  makePolicy?: () => Policy;
  /** Its facts as a later full response of its URL finds it, once worked out (they depend on the entry alone). */
  facts?: ResponseFacts;
  status: number;
  /** Response headers as stored (after any 304 merged its fields in). */
  headers: HeaderMap;
  /** Headers of the request that stored it (Vary compares them). */
  requestHeaders: HeaderMap;
  requestHeadersRaw: boolean;
  /** When it was received (epoch ms); moved forward by a 304. */
  receivedWall: number;
  /** When the request that received it was sent (epoch ms). */
  requestWall?: number;
  /** The full response that filled it, when in the session. */
  storedBy?: NetworkRequest;
  /** The last 304 that refreshed it. */
  refreshedBy?: NetworkRequest;
  /** It comes from the session compared against. */
  fromPriorSession: boolean;
  /** Known only from a cache hit's replay (the storing load is not in any session at hand). */
  fromReplay: boolean;
  /** What a full download of it cost: bytes on the wire (headers included) and body bytes as transferred. */
  transferBytes?: number;
  encodedBodyBytes?: number;
  decodedBodyBytes?: number;
}

/** An entry's policy, built now if it was stored without one. */
export function policyOf(e: StoredEntry): Policy {
  return (e.policy ??= e.makePolicy!());
}

/** How many entries per URL are kept to find the one received before a use. */
const HISTORY = 4;

export class StoredEntries {
  private readonly byKey: Map<string, StoredEntry[]>;

  constructor(prior?: ReadonlyMap<string, readonly StoredEntry[]>) {
    this.byKey = new Map();
    if (prior) for (const [key, list] of prior) this.byKey.set(key, list.map((e) => ({ ...e, fromPriorSession: true })));
  }

  /** The newest entry of `key` received at or before `wall` (epoch ms). */
  before(key: string, wall: number): StoredEntry | undefined {
    const list = this.byKey.get(key);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.receivedWall <= wall + 1) return list[i];
    return undefined;
  }

  /** Whether any load of `key` was seen (here or in the prior session). */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  put(entry: StoredEntry): void {
    let list = this.byKey.get(entry.key);
    if (!list) this.byKey.set(entry.key, (list = []));
    // Keep the list in receive order (a late response goes before the entries received after it).
    let i = list.length;
    while (i > 0 && list[i - 1]!.receivedWall > entry.receivedWall) i--;
    list.splice(i, 0, entry);
    if (list.length > HISTORY) list.shift();
  }

  /** The entries at the end of the session, for analysing a later session against this one. */
  snapshot(): ReadonlyMap<string, readonly StoredEntry[]> {
    return this.byKey;
  }
}
