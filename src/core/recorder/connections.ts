// One ConnectionRecord per socket the protocol names (`Response.connectionId` > 0): the raw
// material of the pool view. HPBN: browsers keep up to 6 sockets per origin for HTTP/1.1 and one
// multiplexed connection for HTTP/2, which may also carry other origins with the same IP and a
// certificate that covers them (connection coalescing).
import type { ConnectionRecord, NetworkRequest } from '../records.ts';

interface Entry {
  rec: ConnectionRecord;
  /** The same origins as rec.origins, for O(1) membership. */
  origins: Set<string>;
  /** Creation index of the earliest-created request on it: the one `reusedOnFirstSight` is read from. */
  firstIndex: number;
}

export class ConnectionIndex {
  /** In order of each connection's first response. */
  readonly list: ConnectionRecord[] = [];
  private readonly byId = new Map<number, Entry>();

  /** Counts `req` as carried by its connection (at response time); false if it names none. */
  add(req: NetworkRequest, byId: (requestId: string) => NetworkRequest | undefined): boolean {
    const id = req.connectionId;
    if (id === undefined || !(id > 0)) return false;
    let entry = this.byId.get(id);
    if (entry === undefined) {
      entry = {
        rec: {
          id,
          protocol: req.protocol,
          remoteIPAddress: req.remoteIPAddress,
          remotePort: req.remotePort,
          origins: [],
          requestIds: [],
          reusedOnFirstSight: false,
        },
        origins: new Set(),
        firstIndex: Number.POSITIVE_INFINITY,
      };
      this.byId.set(id, entry);
      this.list.push(entry.rec);
    }
    const wasFirst = entry.rec.requestIds[0];
    const rec = entry.rec;
    if (req.index < entry.firstIndex) {
      // The first request made on it already says "reused": the socket was opened before (a
      // preconnect, or a load before recording began). "First" by creation, not by arrival of
      // the response event, so the verdict does not depend on event order.
      entry.firstIndex = req.index;
      rec.reusedOnFirstSight = req.connectionReused === true;
    }
    rec.protocol ??= req.protocol;
    rec.remoteIPAddress ??= req.remoteIPAddress;
    rec.remotePort ??= req.remotePort;
    // In order of response, whatever order the events came in: almost always an append, a few
    // steps back at most when events were reordered. Ties keep creation order.
    const ids = rec.requestIds;
    const at = req.responseAt ?? Number.POSITIVE_INFINITY;
    let i = ids.length;
    while (i > 0) {
      const prev = byId(ids[i - 1]!);
      const prevAt = prev?.responseAt ?? Number.POSITIVE_INFINITY;
      if (prev === undefined || prevAt < at || (prevAt === at && prev.index < req.index)) break;
      i--;
    }
    if (i === ids.length) {
      ids.push(req.id);
      if (!entry.origins.has(req.origin)) {
        entry.origins.add(req.origin);
        rec.origins.push(req.origin);
      }
    } else {
      ids.splice(i, 0, req.id);
      this.refreshOrigins(entry, byId);
    }
    if (ids[0] !== wasFirst) this.place(rec, byId);
    return true;
  }

  /**
   * Keeps the list in order of each connection's first response (ties: request creation order),
   * so it does not depend on the order events arrived in. A new connection is placed from the
   * end, where it almost always belongs.
   */
  private place(rec: ConnectionRecord, byId: (requestId: string) => NetworkRequest | undefined): void {
    const list = this.list;
    let i = list.lastIndexOf(rec);
    const first = byId(rec.requestIds[0]!);
    const at = first?.responseAt ?? Number.POSITIVE_INFINITY;
    const index = first?.index ?? Number.POSITIVE_INFINITY;
    while (i > 0) {
      const other = byId(list[i - 1]!.requestIds[0]!);
      const otherAt = other?.responseAt ?? Number.POSITIVE_INFINITY;
      if (otherAt < at || (otherAt === at && (other?.index ?? Number.POSITIVE_INFINITY) <= index)) break;
      list[i] = list[i - 1]!;
      i--;
    }
    list[i] = rec;
  }

  /**
   * Takes `req` off connection `id` (a response later found to be a memory-cache replay). Rare,
   * so a linear rebuild of that one connection is fine.
   */
  remove(id: number, req: NetworkRequest, byId: (requestId: string) => NetworkRequest | undefined): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    const rec = entry.rec;
    const at = rec.requestIds.indexOf(req.id);
    if (at >= 0) rec.requestIds.splice(at, 1);
    if (rec.requestIds.length === 0) {
      this.byId.delete(id);
      this.list.splice(this.list.indexOf(rec), 1);
      return;
    }
    this.refreshOrigins(entry, byId);
    entry.firstIndex = Number.POSITIVE_INFINITY;
    for (const rid of rec.requestIds) {
      const other = byId(rid);
      if (other !== undefined && other.index < entry.firstIndex) {
        entry.firstIndex = other.index;
        rec.reusedOnFirstSight = other.connectionReused === true;
      }
    }
    this.place(rec, byId);
  }

  /** Origins in order of first use by response, rebuilt when a request lands before others. */
  private refreshOrigins(entry: Entry, byId: (requestId: string) => NetworkRequest | undefined): void {
    entry.origins.clear();
    entry.rec.origins.length = 0;
    for (const rid of entry.rec.requestIds) {
      const origin = byId(rid)?.origin;
      if (origin !== undefined && !entry.origins.has(origin)) {
        entry.origins.add(origin);
        entry.rec.origins.push(origin);
      }
    }
  }
}
