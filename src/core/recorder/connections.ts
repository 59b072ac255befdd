// One ConnectionRecord per socket the protocol names (`Response.connectionId` > 0): the raw
// material of the pool view. HPBN: browsers keep up to 6 sockets per origin for HTTP/1.1 and one
// multiplexed connection for HTTP/2, which may also carry other origins with the same IP and a
// certificate that covers them (connection coalescing).
//
// Cost: O(1) amortised per event, whatever the shape of the traffic, whether the records are read
// once at the end or after every batch of a live recording. A connection can carry every request
// of a session (one HTTP/2 connection for a single-page app, one keep-alive socket across
// thousands of page loads), so nothing here walks a connection's requests per event:
// - a response that lands out of order is walked into place past at most REORDER_WINDOW others;
//   one that belongs further back waits in `pending`, and the next read merges the pending ones
//   in, touching only the requests after the first place they go (a burst of multiplexed
//   streams: a few dozen, not the connection);
// - a request taken off again (a memory-cache replay reported after its response) is found among
//   the last few; only one found nowhere near the end makes the connection rebuilt on the next read.
// The order keys are taken when a request is counted, so the records do not depend on when they
// are read.
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
  /** The requests placed, in response order, aligned with rec.requestIds. */
  items: Item[];
  /** Requests that belong further back than the window, not yet merged into `items` (any order). */
  pending: Item[];
  /** The earliest placed item of each origin (its first use), and how many placed items each has. */
  firstOfOrigin: Map<string, Item>;
  originCount: Map<string, number>;
  /** The earliest-created request on it (placed or pending): the one `reusedOnFirstSight` is read from. */
  first: Item | undefined;
  /** A placed request far back was taken off: rebuilt whole on the next read. */
  broken: boolean;
  /** Ids taken off while broken. */
  removed: Set<string> | undefined;
  /** Waiting in the index's list of connections to settle. */
  queued: boolean;
  /** Position in the index's list and records. */
  pos: number;
}

/** How far back a response that arrived out of order is walked before it is left to the next read. */
const REORDER_WINDOW = 32;

/** Response order: by response time, ties by creation order. */
function before(a: Item, b: Item): boolean {
  return a.at < b.at || (a.at === b.at && a.index < b.index);
}

function compare(a: Item, b: Item): number {
  return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

export class ConnectionIndex {
  /** Connections in order of each one's first response (when settled); `records` mirrors it. */
  private readonly list: Entry[] = [];
  private readonly records: ConnectionRecord[] = [];
  private readonly byId = new Map<number, Entry>();
  /** Connections with pending or broken requests, or whose first response moved. */
  private readonly unsettled: Entry[] = [];
  /** The list needs a full sort (a first response moved far, or a connection emptied). */
  private listDirty = false;

  /** Counts `req` as carried by its connection (at response time); false if it names none. */
  add(req: NetworkRequest): boolean {
    const id = req.connectionId;
    if (id === undefined || !(id > 0)) return false;
    const item: Item = { id: req.id, at: req.responseAt ?? Number.POSITIVE_INFINITY, index: req.index, origin: req.origin, reused: req.connectionReused === true };
    let entry = this.byId.get(id);
    const created = entry === undefined;
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
        pending: [],
        firstOfOrigin: new Map(),
        originCount: new Map(),
        first: undefined,
        broken: false,
        removed: undefined,
        queued: false,
        pos: this.list.length,
      };
      this.byId.set(id, entry);
      this.list.push(entry);
      this.records.push(entry.rec);
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
    if (entry.broken) entry.pending.push(item);
    else if (this.place(entry, item) === 0 || created) this.reposition(entry);
    return true;
  }

  /** Takes `req` off connection `id` (a response later found to be a memory-cache replay). */
  remove(id: number, req: NetworkRequest): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    if (entry.broken) {
      (entry.removed ??= new Set()).add(req.id);
      return;
    }
    const pending = entry.pending;
    for (let i = pending.length - 1, n = 0; i >= 0 && n < REORDER_WINDOW; i--, n++) {
      work.steps++;
      if (pending[i]!.id !== req.id) continue;
      const item = pending[i]!;
      pending[i] = pending[pending.length - 1]!;
      pending.pop();
      if (item === entry.first) this.breakUp(entry, undefined);
      else if (pending.length === 0 && entry.items.length === 0) this.listDirty = true;
      return;
    }
    // Almost always one of the last few placed: the replay is reported right after its response.
    const items = entry.items;
    let i = items.length - 1;
    for (let n = 0; i >= 0 && n < REORDER_WINDOW && items[i]!.id !== req.id; i--, n++) work.steps++;
    const item = i >= 0 ? items[i] : undefined;
    if (item === undefined || item.id !== req.id || item === entry.first || entry.firstOfOrigin.get(item.origin) === item) {
      this.breakUp(entry, req.id);
      return;
    }
    // Neither the first request made nor the first of its origin (nor, so, the first response):
    // only the two lists lose it.
    items.splice(i, 1);
    entry.rec.requestIds.splice(i, 1);
    entry.originCount.set(item.origin, entry.originCount.get(item.origin)! - 1);
  }

  /** The connection records, in order of each one's first response, every one settled. */
  settled(): readonly ConnectionRecord[] {
    for (let k = 0; k < this.unsettled.length; k++) {
      const entry = this.unsettled[k]!;
      entry.queued = false;
      const head = entry.items[0];
      if (entry.broken) this.rebuild(entry);
      else if (entry.pending.length > 0) this.merge(entry);
      if (entry.items[0] !== head || entry.items.length === 0) this.reposition(entry);
    }
    this.unsettled.length = 0;
    if (this.listDirty) this.sortList();
    return this.records;
  }

  /** Puts `item` in response order, walking back at most REORDER_WINDOW; its position, or -1 if left pending. */
  private place(entry: Entry, item: Item): number {
    const items = entry.items;
    const rec = entry.rec;
    let i = items.length;
    for (let n = 0; i > 0 && n < REORDER_WINDOW && before(item, items[i - 1]!); i--, n++) work.steps++;
    if (i > 0 && before(item, items[i - 1]!)) {
      entry.pending.push(item);
      this.queue(entry);
      return -1;
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
      return i;
    }
    items.splice(i, 0, item);
    rec.requestIds.splice(i, 0, item.id);
    const firstOfOrigin = entry.firstOfOrigin.get(item.origin);
    if (firstOfOrigin !== undefined && !before(item, firstOfOrigin)) return i;
    // The origin's first use is now this one: it moves back among the origins, past those whose
    // first use came after it (all among the few requests walked above).
    entry.firstOfOrigin.set(item.origin, item);
    const origins = rec.origins;
    let at = firstOfOrigin === undefined ? origins.length : origins.lastIndexOf(item.origin);
    while (at > 0 && before(item, entry.firstOfOrigin.get(origins[at - 1]!)!)) {
      work.steps++;
      origins[at] = origins[at - 1]!;
      at--;
    }
    origins[at] = item.origin;
    return i;
  }

  /** Merges the pending requests in: O(p log p) for them, plus the placed requests after the first of them. */
  private merge(entry: Entry): void {
    const pending = entry.pending.sort(compare);
    work.steps += pending.length;
    const items = entry.items;
    const rec = entry.rec;
    const p0 = pending[0]!;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(p0, items[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    const tail = items.splice(lo);
    work.steps += tail.length;
    for (let a = 0, b = 0; a < tail.length || b < pending.length; ) {
      if (b >= pending.length || (a < tail.length && before(tail[a]!, pending[b]!))) items.push(tail[a++]!);
      else items.push(pending[b++]!);
    }
    // Origins whose first use is in the merged part lose their place and are found again there.
    const origins = rec.origins;
    while (origins.length > 0 && before(p0, entry.firstOfOrigin.get(origins[origins.length - 1]!)!)) {
      work.steps++;
      entry.firstOfOrigin.delete(origins.pop()!);
    }
    for (const item of pending) entry.originCount.set(item.origin, (entry.originCount.get(item.origin) ?? 0) + 1);
    rec.requestIds.length = lo;
    for (let i = lo; i < items.length; i++) {
      const item = items[i]!;
      rec.requestIds.push(item.id);
      if (!entry.firstOfOrigin.has(item.origin)) {
        entry.firstOfOrigin.set(item.origin, item);
        origins.push(item.origin);
      }
    }
    pending.length = 0;
  }

  /** A placed request far back was taken off: the connection is rebuilt on the next read. */
  private breakUp(entry: Entry, removedId: string | undefined): void {
    entry.broken = true;
    if (removedId !== undefined) (entry.removed ??= new Set()).add(removedId);
    this.queue(entry);
  }

  /** Rebuilds one connection from its requests: O(k log k), only after a rare far removal. */
  private rebuild(entry: Entry): void {
    const removed = entry.removed;
    const items = [...entry.items, ...entry.pending].filter((item) => removed === undefined || !removed.has(item.id)).sort(compare);
    work.steps += items.length;
    const rec = entry.rec;
    entry.items = items;
    entry.pending = [];
    entry.removed = undefined;
    entry.broken = false;
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
  }

  private queue(entry: Entry): void {
    if (entry.queued) return;
    entry.queued = true;
    this.unsettled.push(entry);
  }

  /**
   * A connection's first response moved earlier (or it is new): it moves back in the list past at
   * most REORDER_WINDOW others; further, or later, or emptied, the list is sorted on the next read.
   */
  private reposition(entry: Entry): void {
    if (this.listDirty) return;
    const head = entry.items[0];
    const list = this.list;
    let i = entry.pos;
    if (head === undefined || (i + 1 < list.length && list[i + 1]!.items[0] !== undefined && before(list[i + 1]!.items[0]!, head))) {
      this.listDirty = true;
      return;
    }
    for (let n = 0; i > 0 && n < REORDER_WINDOW; i--, n++) {
      const prev = list[i - 1]!;
      const prevHead = prev.items[0];
      if (prevHead === undefined || !before(head, prevHead)) break;
      work.steps++;
      list[i] = prev;
      this.records[i] = prev.rec;
      prev.pos = i;
    }
    list[i] = entry;
    this.records[i] = entry.rec;
    entry.pos = i;
    const prevHead = i > 0 ? list[i - 1]!.items[0] : undefined;
    if (i > 0 && (prevHead === undefined || before(head, prevHead))) this.listDirty = true;
  }

  /** Sorts the whole list (nearly sorted as a rule: the engine's merge sort takes it in about one pass). */
  private sortList(): void {
    const list = this.list;
    let kept = 0;
    for (const entry of list) {
      if (entry.items.length > 0) list[kept++] = entry;
      else this.byId.delete(entry.rec.id);
    }
    list.length = kept;
    list.sort((a, b) => compare(a.items[0]!, b.items[0]!));
    work.steps += 2 * list.length;
    this.records.length = 0;
    list.forEach((entry, i) => {
      entry.pos = i;
      this.records.push(entry.rec);
    });
    this.listDirty = false;
  }
}
