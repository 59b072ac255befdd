// The Connections view's layout: one row per pool header, pool summary, lane slot and row of
// waiting requests, every row the same height (the list is virtualised). Built in the analysis
// worker from the pool analysis it keeps (see connections-window.ts); the panel is sent only the
// rows in view.
import type { HopId } from '../../src/core/records.ts';
import type { ConnectionAnalysis, OriginPool, PoolAnalysis, SocketUse } from '../../src/core/analysis/pools/index.ts';

/** One bar on a lane: a request's time on the socket, or its wait for one. */
export interface WaitBar {
  hopId: HopId;
  index: number;
  start: number;
  end: number;
}

/**
 * A row of the Connections view. Every row has the same height (the list is virtualised), so an
 * HTTP/2 connection with overlapping streams takes one row per "slot" of streams that never
 * overlap, and a pool's waiting requests take rows of their own.
 */
export type LaneRow =
  | { kind: 'pool'; key: string; pool: OriginPool; collapsed: boolean }
  | { kind: 'summary'; key: string; pool: OriginPool }
  | {
      kind: 'lane';
      key: string;
      pool: OriginPool;
      conn: ConnectionAnalysis;
      slot: number;
      slots: number;
      /** The requests drawn on this row. */
      uses: SocketUse[];
      /** Requests drawn on the whole lane (all its rows): all of the connection's in the pool it was opened for, the pool's own in a pool that borrowed it. */
      count: number;
    }
  | { kind: 'queue'; key: string; pool: OriginPool; slot: number; slots: number; waits: WaitBar[]; folded: boolean };

export interface ConnectionsLayout {
  rows: LaneRow[];
  /** Row of each request's bar (its lane slot), to scroll a selection into view. */
  rowOf: Map<string, number>;
}

/** Stream slots per lane and wait rows per pool drawn at most; beyond that, bars share the row that frees first. */
export const MAX_SLOTS = 16;

/** A pool's waits take one row each up to this many rows; more are folded into one row until opened. */
export const OPEN_QUEUE_ROWS = 4;

/**
 * Splits intervals into rows where none overlap (greedy, in order of start: each goes to the row
 * that came free earliest). O(k log k) with a binary heap of row ends.
 */
export function packSlots<T>(items: readonly T[], start: (t: T) => number, end: (t: T) => number, maxSlots: number, slack = 1): T[][] {
  const slots: T[][] = [];
  // Min-heap of [end, slot index].
  const heap: [number, number][] = [];
  const push = (x: [number, number]) => {
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]![0] <= heap[i]![0]) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]![0] < heap[m]![0]) m = l;
        if (r < heap.length && heap[r]![0] < heap[m]![0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  for (const item of items) {
    const s = start(item);
    let slot = slots.length;
    let freeAt = Number.NEGATIVE_INFINITY;
    // Reuse the row that came free first; past maxSlots, share it even if it is still busy.
    if (heap.length > 0 && (heap[0]![0] <= s + slack || slots.length >= maxSlots)) [freeAt, slot] = pop();
    (slots[slot] ??= []).push(item);
    push([Math.max(freeAt, end(item)), slot]);
  }
  return slots;
}

export function buildLayout(a: PoolAnalysis, collapsed: ReadonlySet<string>, queues: ReadonlyMap<string, boolean> = new Map()): ConnectionsLayout {
  const rows: LaneRow[] = [];
  const rowOf = new Map<string, number>();
  for (const pool of a.pools) {
    if (pool.requests === 0 && pool.connectionIds.length === 0) continue;
    const isCollapsed = collapsed.has(pool.origin);
    rows.push({ kind: 'pool', key: `p ${pool.origin}`, pool, collapsed: isCollapsed });
    if (isCollapsed) continue;
    rows.push({ kind: 'summary', key: `s ${pool.origin}`, pool });
    for (const id of pool.connectionIds) {
      const conn = a.connection(id)!;
      // A coalesced connection is drawn in full in the pool it was opened for; the pools that
      // borrowed it show only their own requests on it.
      const uses = conn.primaryOrigin === pool.origin ? conn.uses : conn.uses.filter((u) => u.origin === pool.origin);
      // HTTP/1.1 carries one request at a time: one row, whatever sub-millisecond overlaps the
      // clocks show. HTTP/2 and HTTP/3 get a row per slot of streams that never overlap.
      const slots = conn.family === 'h1' ? [uses] : packSlots(uses, (u) => u.bindAt, (u) => u.releaseAt, MAX_SLOTS);
      slots.forEach((slotUses, slot) => {
        const at = rows.length;
        rows.push({ kind: 'lane', key: `l ${pool.origin} ${id} ${slot}`, pool, conn, slot, slots: slots.length, uses: slotUses, count: uses.length });
        for (const u of slotUses) if (!rowOf.has(u.hopId)) rowOf.set(u.hopId, at);
      });
    }
    if (pool.queued.length > 0) {
      const waits: WaitBar[] = [];
      for (const id of pool.queued) {
        const q = a.queue(id);
        const use = a.use(id)?.use;
        if (q && use) waits.push({ hopId: id, index: use.index, start: q.waitStart, end: q.waitEnd });
      }
      waits.sort((x, y) => x.start - y.start || x.index - y.index);
      const slots = packSlots(waits, (w) => w.start, (w) => w.end, MAX_SLOTS, 0);
      // Many overlapping waits fold into one row (darker where more requests waited at once).
      const open = queues.get(pool.origin) ?? slots.length <= OPEN_QUEUE_ROWS;
      if (open || slots.length === 1) slots.forEach((slotWaits, slot) => rows.push({ kind: 'queue', key: `q ${pool.origin} ${slot}`, pool, slot, slots: slots.length, waits: slotWaits, folded: false }));
      else rows.push({ kind: 'queue', key: `q ${pool.origin} 0`, pool, slot: 0, slots: slots.length, waits, folded: true });
    }
  }
  return { rows, rowOf };
}
