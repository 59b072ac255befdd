// One ConnectionRecord per socket the protocol names (`Response.connectionId` > 0): the raw
// material of the pool view. HPBN: browsers keep up to 6 sockets per origin for HTTP/1.1 and one
// multiplexed connection for HTTP/2, which may also carry other origins with the same IP and a
// certificate that covers them (connection coalescing).
//
// Cost: O(1) amortised per event, whatever the shape of the traffic. A connection can carry every
// request of a session (one HTTP/2 connection for a single-page app, one keep-alive socket across
// thousands of page loads), so nothing here walks a connection's requests per event. A response
// that lands out of order is put in place by walking back at most REORDER_WINDOW requests; one
// that belongs further back, or a request taken off again (a memory-cache replay reported after
// its response), marks the connection unsettled, and it is sorted again once, when the records are
// next read (`settled()`). The sort keys are taken when a request is counted, so the order does
// not depend on when the records are read.
import type { ConnectionRecord, NetworkRequest } from '../records.ts';
import { work } from '../work.ts';

/** A request as its connection counted it: the keys it is ordered by, taken at response time. */
interface Item {
  id: string;
  /** responseAt when counted (+Infinity when unknown). */
  at: number;
  /** Creation index of the request (unique): breaks ties, and finds the first request made. */
  index: number;
  origin: string;
  reused: boolean;
}

interface Entry {
  rec: ConnectionRecord;
  /** The requests it carries; in response order, aligned with rec.requestIds, unless `dirty`. */
  items: Item[];
  /** The earliest item of each origin (the origin's first use), while settled. */
  firstOfOrigin: Map<string, Item>;
  /** How many items of each origin it carries, while settled. */
  originCount: Map<string, number>;
  /** The earliest-created request on it: the one `reusedOnFirstSight` is read from. */
  first: Item | undefined;
  /** Taken-off requests still in `items`, or items out of order: rebuilt by settle(). */
  dirty: boolean;
  /** Ids taken off while dirty. */
  removed: Set<string> | undefined;
}

/** How far back a response that arrived out of order is walked into place before a re-sort is left to the next read. */
const REORDER_WINDOW = 32;

/** Response order: by response time, ties by creation order. */
function before(a: Item, b: Item): boolean {
  return a.at < b.at || (a.at === b.at && a.index < b.index);
}

function compare(a: Item, b: Item): number {
  return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

export class ConnectionIndex {
  /** In order of each connection's first response, while settled. */
  private readonly list: Entry[] = [];
  private readonly byId = new Map<number, Entry>();
  /** The connection records as last settled (read through settled()). */
  private readonly records: ConnectionRecord[] = [];
  private readonly dirtyEntries: Entry[] = [];
  /** The list needs sorting (a connection's first response moved), or emptied connections dropped. */
  private listDirty = false;
  /** The records array no longer mirrors the list. */
  private recordsStale = false;

  /** Counts `req` as carried by its connection (at response time); false if it names none. */
  add(req: NetworkRequest): boolean {
    const id = req.connectionId;
    if (id === undefined || !(id > 0)) return false;
    const item: Item = { id: req.id, at: req.responseAt ?? Number.POSITIVE_INFINITY, index: req.index, origin: req.origin, reused: req.connectionReused === true };
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
        items: [],
        firstOfOrigin: new Map(),
        originCount: new Map(),
        first: undefined,
        dirty: false,
        removed: undefined,
      };
      this.byId.set(id, entry);
      this.insertIntoList(entry, item);
    }
    const rec = entry.rec;
    if (entry.first === undefined || item.index < entry.first.index) {
      // The first request made on it already says "reused": the socket was opened before (a
      // preconnect, or a load before recording began). "First" by creation, not by arrival of
      // the response event, so the verdict does not depend on event order.
      entry.first = item;
      rec.reusedOnFirstSight = item.reused;
    }
    rec.protocol ??= req.protocol;
    rec.remoteIPAddress ??= req.remoteIPAddress;
    rec.remotePort ??= req.remotePort;
    if (entry.dirty) {
      entry.items.push(item);
      return true;
    }
    this.place(entry, item);
    return true;
  }

  /** Takes `req` off connection `id` (a response later found to be a memory-cache replay). */
  remove(id: number, req: NetworkRequest): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    if (entry.dirty) {
      (entry.removed ??= new Set()).add(req.id);
      return;
    }
    // Almost always one of the last few: the replay is reported right after its response.
    const items = entry.items;
    let i = items.length - 1;
    for (let n = 0; i >= 0 && n < REORDER_WINDOW && items[i]!.id !== req.id; i--, n++) work.steps++;
    const item = i >= 0 ? items[i] : undefined;
    if (item === undefined || item.id !== req.id || item === entry.first || entry.firstOfOrigin.get(item.origin) === item) {
      this.unsettle(entry);
      (entry.removed ??= new Set()).add(req.id);
      return;
    }
    // Neither the first request made nor the first of its origin: only the two lists lose it.
    items.splice(i, 1);
    entry.rec.requestIds.splice(i, 1);
    entry.originCount.set(item.origin, entry.originCount.get(item.origin)! - 1);
    if (i === 0) this.listDirty = true;
  }

  /** The connection records, in order of each one's first response, every one settled. */
  settled(): readonly ConnectionRecord[] {
    if (this.dirtyEntries.length > 0) {
      for (const entry of this.dirtyEntries) this.settle(entry);
      this.dirtyEntries.length = 0;
    }
    if (this.listDirty) {
      const list = this.list;
      let kept = 0;
      for (const entry of list) {
        work.steps++;
        if (entry.items.length > 0) list[kept++] = entry;
        else this.byId.delete(entry.rec.id);
      }
      list.length = kept;
      // Nearly sorted as a rule: the engine's merge sort takes it in about one pass.
      list.sort((a, b) => compare(a.items[0]!, b.items[0]!));
      work.steps += list.length;
      this.listDirty = false;
      this.recordsStale = true;
    }
    if (this.recordsStale) {
      this.records.length = 0;
      for (const entry of this.list) this.records.push(entry.rec);
      work.steps += this.list.length;
      this.recordsStale = false;
    }
    return this.records;
  }

  /** Puts `item` in response order on a settled connection, walking back at most REORDER_WINDOW. */
  private place(entry: Entry, item: Item): void {
    const items = entry.items;
    const rec = entry.rec;
    let i = items.length;
    for (let n = 0; i > 0 && n < REORDER_WINDOW && before(item, items[i - 1]!); i--, n++) work.steps++;
    if (i > 0 && before(item, items[i - 1]!)) {
      // Further back than the window: sorted once, on the next read.
      items.push(item);
      this.unsettle(entry);
      return;
    }
    const count = entry.originCount.get(item.origin) ?? 0;
    entry.originCount.set(item.origin, count + 1);
    if (i === items.length) {
      items.push(item);
      rec.requestIds.push(item.id);
      if (count === 0) {
        entry.firstOfOrigin.set(item.origin, item);
        rec.origins.push(item.origin);
      }
      return;
    }
    items.splice(i, 0, item);
    rec.requestIds.splice(i, 0, item.id);
    if (i === 0) this.listDirty = true;
    const firstOfOrigin = entry.firstOfOrigin.get(item.origin);
    if (firstOfOrigin !== undefined && !before(item, firstOfOrigin)) return;
    // The origin's first use is now this one: it moves back among the origins, past those whose
    // first use came after it (all within the few requests walked above).
    entry.firstOfOrigin.set(item.origin, item);
    const origins = rec.origins;
    let at = firstOfOrigin === undefined ? origins.length : origins.lastIndexOf(item.origin);
    if (firstOfOrigin === undefined) origins.push(item.origin);
    while (at > 0 && before(item, entry.firstOfOrigin.get(origins[at - 1]!)!)) {
      work.steps++;
      origins[at] = origins[at - 1]!;
      at--;
    }
    origins[at] = item.origin;
  }

  /** A new connection joins the list of connections, in order of first response. */
  private insertIntoList(entry: Entry, item: Item): void {
    const list = this.list;
    list.push(entry);
    if (this.listDirty) {
      this.recordsStale = true;
      return;
    }
    let i = list.length - 1;
    for (let n = 0; i > 0 && n < REORDER_WINDOW && before(item, list[i - 1]!.items[0] ?? item); i--, n++) {
      work.steps++;
      list[i] = list[i - 1]!;
    }
    list[i] = entry;
    if (i > 0 && list[i - 1]!.items[0] !== undefined && before(item, list[i - 1]!.items[0]!)) this.listDirty = true;
    // The usual case, a connection whose first response is the latest: the records grow by one.
    if (i === list.length - 1 && !this.recordsStale) this.records.push(entry.rec);
    else this.recordsStale = true;
  }

  private unsettle(entry: Entry): void {
    if (entry.dirty) return;
    entry.dirty = true;
    this.dirtyEntries.push(entry);
  }

  /** Rebuilds one connection's lists from its items: O(k) for a nearly sorted connection of k requests. */
  private settle(entry: Entry): void {
    let items = entry.items;
    const removed = entry.removed;
    if (removed !== undefined) {
      items = items.filter((item) => !removed.has(item.id));
      entry.items = items;
      entry.removed = undefined;
    }
    items.sort(compare);
    work.steps += items.length;
    const rec = entry.rec;
    rec.requestIds.length = 0;
    rec.origins.length = 0;
    entry.firstOfOrigin.clear();
    entry.originCount.clear();
    entry.first = undefined;
    for (const item of items) {
      rec.requestIds.push(item.id);
      const count = entry.originCount.get(item.origin) ?? 0;
      entry.originCount.set(item.origin, count + 1);
      if (count === 0) {
        entry.firstOfOrigin.set(item.origin, item);
        rec.origins.push(item.origin);
      }
      if (entry.first === undefined || item.index < entry.first.index) entry.first = item;
    }
    rec.reusedOnFirstSight = entry.first?.reused ?? false;
    entry.dirty = false;
    // Its first response may have moved, or it may carry nothing any more.
    this.listDirty = true;
  }
}
