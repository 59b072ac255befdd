// What the Connections view is sent: the rows in view of its layout (pool headers, summaries,
// lanes, waiting requests), each with only the bars inside the time window it shows, at most one
// per pixel, with their positions and titles written here, where the records and the analysis
// are; the counts for the scrollbar, the time span and the selection's row. Never the analysis.
import type { HopId } from '../../src/core/records.ts';
import { describePool, explainPattern, familyName, type ConnectionAnalysis, type PatternFinding, type PoolAnalysis, type SocketUse } from '../../src/core/analysis/pools/index.ts';
import type { ConnectionTrust } from '../../src/core/analysis/pools/index.ts';
import type { NetworkRequest } from '../../src/core/records.ts';
import { formatDuration, formatPath } from '../../src/core/format/index.ts';
import { buildLayout, type ConnectionsLayout, type LaneRow, type WaitBar } from './connections-layout.ts';

export interface TimeWindow {
  start: number;
  end: number;
}

/** How the layout is folded: pools hidden, waiting rows opened or folded. */
export interface LayoutQuery {
  collapsed: readonly string[];
  queues: readonly (readonly [string, boolean])[];
}

export interface ConnectionsQuery extends LayoutQuery {
  /** Rows wanted: from (inclusive) to (exclusive). */
  from: number;
  to: number;
  /** The time window drawn (undefined: the whole session). */
  win?: TimeWindow | undefined;
  /** Width of the time track in pixels (bars are merged to one per pixel). */
  width: number;
  selectedId?: string | undefined;
}

export interface BarView {
  hopId: HopId;
  /** Percent of the track. */
  left: number;
  width: number;
  /** Share of the bar spent waiting for the first byte (percent). */
  wait: number;
  title: string;
  coalesced: boolean;
  running: boolean;
}

export interface SetupView {
  kind: string;
  left: number;
  width: number;
  title: string;
}

export type RowView =
  | {
      kind: 'pool';
      key: string;
      origin: string;
      collapsed: boolean;
      tag: string;
      protocols: string[];
      connections: number;
      requests: number;
      limit?: number;
      maxBusy: number;
      streams: number;
      queued: number;
      longestWaitMs: number;
      setup: { connections: number; dns: number; tcp: number; tls: number; total: number };
      badges: { kind: PatternFinding['kind']; title: string }[];
    }
  | { kind: 'summary'; key: string; text: string; title: string }
  | {
      kind: 'lane';
      key: string;
      origin: string;
      connId: number;
      family: string;
      primaryOrigin: string;
      openedAhead: boolean;
      slot: number;
      slots: number;
      count: number;
      coalescedOnIt: number;
      coalesced: boolean;
      maxConcurrent: number;
      labelTitle: string;
      setup: SetupView[];
      bars: BarView[];
    }
  | { kind: 'queue'; key: string; origin: string; slot: number; slots: number; folded: boolean; queued: number; bars: BarView[] };

export interface ConnectionsWindow {
  sessionId: string;
  seq: number;
  ms: number;
  span: TimeWindow;
  trust: ConnectionTrust;
  /** Pools that carried a request. */
  pools: number;
  connections: number;
  /** Rows of the whole layout. */
  count: number;
  /** Index of rows[0]. */
  from: number;
  rows: RowView[];
  /** Row of the selected request's bar, when a socket carried it. */
  selectedRow?: number;
  /** The selected request's time on its socket, set-up included (Zoom to selection). */
  selectedUse?: { from: number; to: number };
}

type ById = (id: string) => NetworkRequest | undefined;

/** The layout of a kept analysis for a fold of the view, kept while both stay the same. */
export class LayoutCache {
  private last: { a: PoolAnalysis; key: string; layout: ConnectionsLayout } | undefined;
  layout(a: PoolAnalysis, q: LayoutQuery): ConnectionsLayout {
    const key = JSON.stringify([[...q.collapsed].sort(), [...q.queues].sort()]);
    if (this.last && this.last.a === a && this.last.key === key) return this.last.layout;
    const layout = buildLayout(a, new Set(q.collapsed), new Map(q.queues));
    this.last = { a, key, layout };
    return layout;
  }
}

/** Percent position of time `t` in the window. */
const pct = (t: number, w: TimeWindow) => ((t - w.start) / (w.end - w.start || 1)) * 100;

/** First index in `xs` (sorted by `start`) whose item may still be visible at `from`. */
function firstVisible<T>(xs: readonly T[], start: (x: T) => number, end: (x: T) => number, from: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start(xs[mid]!) < from) lo = mid + 1;
    else hi = mid;
  }
  // Items that started before the window may reach into it (a few at most in one slot).
  while (lo > 0 && end(xs[lo - 1]!) >= from) lo--;
  return lo;
}

function connectionTitle(conn: ConnectionAnalysis, byId: ById): string {
  const opener = conn.openerId ? byId(conn.openerId) : undefined;
  const lines = [
    `Connection #${conn.id} · ${conn.protocol ?? 'unknown protocol'}${conn.remote ? ` · ${conn.remote}` : ''}`,
    conn.openedAhead
      ? 'Already open when first used: opened ahead of time (a preconnect, or a socket kept from an earlier page).'
      : `Opened by ${opener ? `#${opener.index + 1} ${formatPath(opener.url)}` : 'a request'}${
          conn.setup ? `: DNS ${formatDuration(conn.setup.dns ?? 0)}, TCP ${formatDuration(conn.setup.tcp ?? 0)}${conn.setup.tls !== undefined ? `, TLS ${formatDuration(conn.setup.tls)}` : ''}` : ''
        }.`,
    `${conn.uses.length} request${conn.uses.length === 1 ? '' : 's'}${conn.maxConcurrent > 1 ? `, up to ${conn.maxConcurrent} at once` : ''}; idle gaps: ${conn.idle.length}.`,
  ];
  if (conn.coalesced) lines.push(`Coalesced: carried ${conn.origins.join(', ')}.`);
  return lines.join('\n');
}

function barTitle(u: SocketUse, a: PoolAnalysis, r: NetworkRequest | undefined): string {
  const v = a.verdict(u.hopId);
  const q = a.queue(u.hopId);
  const parts = [`#${u.index + 1} ${r ? formatPath(r.url) : u.hopId}`];
  if (v?.kind === 'new') parts.push(`opened this connection${v.setup ? ` (set-up ${formatDuration(v.setup.total)})` : ''}`);
  else if (v?.kind === 'opened-ahead') parts.push('first on a socket opened ahead of time');
  else if (v?.kind === 'reused') parts.push(`request ${v.nth} of ${v.of} on it${v.coalescedFrom ? ', coalesced' : ''}${v.concurrent > 1 ? `, ${v.concurrent - 1} other streams in flight` : ''}`);
  if (q?.queued) parts.push(`waited ${formatDuration(q.waitMs)} for a socket`);
  parts.push(`sent at ${formatDuration(u.sendAt - a.span.start)}, done at ${formatDuration(u.releaseAt - a.span.start)}${u.running ? ' (still running)' : ''}`);
  return parts.join(' · ');
}

function laneView(row: Extract<LaneRow, { kind: 'lane' }>, a: PoolAnalysis, w: TimeWindow, width: number, selectedId: string | undefined, byId: ById): RowView {
  const { conn, slot, slots, uses, pool, count } = row;
  const pxPerMs = width / (w.end - w.start || 1);
  const bars: BarView[] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (let i = firstVisible(uses, (u) => u.sendAt, (u) => u.releaseAt, w.start); i < uses.length; i++) {
    const u = uses[i]!;
    if (u.sendAt > w.end) break;
    const isSelected = u.hopId === selectedId;
    // At most one bar per pixel: a bar that would fall inside the one drawn before is skipped
    // (the selected request is always drawn).
    const endPx = (u.releaseAt - w.start) * pxPerMs;
    if (!isSelected && endPx < lastEnd + 1) continue;
    lastEnd = Math.max(lastEnd, endPx);
    const left = pct(u.sendAt, w);
    const waitEnd = u.responseAt ?? u.releaseAt;
    const wait = u.releaseAt > u.sendAt ? ((waitEnd - u.sendAt) / (u.releaseAt - u.sendAt)) * 100 : 100;
    bars.push({ hopId: u.hopId, left, width: pct(u.releaseAt, w) - left, wait: Math.max(0, Math.min(100, wait)), title: barTitle(u, a, byId(u.hopId)), coalesced: u.origin !== conn.primaryOrigin, running: u.running === true });
  }
  const ownConnection = conn.primaryOrigin === pool.origin;
  const setup: SetupView[] =
    slot === 0 && conn.setup !== undefined && ownConnection
      ? conn.setup.segments.map((s) => {
          const left = pct(s.start, w);
          return {
            kind: s.kind,
            left,
            width: pct(s.end, w) - left,
            title: `${s.kind === 'dns' ? 'DNS lookup' : s.kind === 'connect' ? (conn.family === 'h3' ? 'QUIC handshake' : 'TCP handshake') : 'TLS handshake'}: ${formatDuration(s.end - s.start)}`,
          };
        })
      : [];
  return {
    kind: 'lane',
    key: row.key,
    origin: pool.origin,
    connId: conn.id,
    family: conn.family,
    primaryOrigin: conn.primaryOrigin,
    openedAhead: conn.openedAhead === true,
    slot,
    slots,
    count,
    coalescedOnIt: ownConnection && conn.coalesced ? conn.uses.filter((u) => u.origin !== pool.origin).length : 0,
    coalesced: conn.coalesced === true,
    maxConcurrent: conn.maxConcurrent,
    labelTitle: connectionTitle(conn, byId),
    setup,
    bars,
  };
}

function queueView(row: Extract<LaneRow, { kind: 'queue' }>, a: PoolAnalysis, w: TimeWindow, width: number, selectedId: string | undefined): RowView {
  const { waits, folded } = row;
  const pxPerMs = width / (w.end - w.start || 1);
  const bars: BarView[] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  let lastStart = Number.NaN;
  // Rows of one slot never overlap, so a binary search finds the first visible wait; a folded row
  // holds overlapping waits, so it is scanned (bars are still merged per pixel below).
  for (let i = folded ? 0 : firstVisible(waits, (x: WaitBar) => x.start, (x: WaitBar) => x.end, w.start); i < waits.length; i++) {
    const x = waits[i]!;
    if (x.start > w.end) break;
    if (x.end < w.start) continue;
    const isSelected = x.hopId === selectedId;
    // Folded, the waits overlap by design; only exact pixel repeats are skipped.
    const endPx = (x.end - w.start) * pxPerMs;
    if (!isSelected && (folded ? Math.round(endPx) === Math.round(lastEnd) && Math.round((x.start - w.start) * pxPerMs) === lastStart : endPx < lastEnd + 1)) continue;
    lastEnd = folded ? endPx : Math.max(lastEnd, endPx);
    lastStart = Math.round((x.start - w.start) * pxPerMs);
    const q = a.queue(x.hopId);
    const left = pct(x.start, w);
    const title = `#${x.index + 1} waited ${formatDuration(x.end - x.start)} for a socket${q?.cause === 'pool-full' ? `: all ${q.busyCount} connections of the pool were busy (the ${q.limit}-per-host limit)` : q?.cause === 'connection-setup' ? ' while its connection was being opened' : ''}`;
    bars.push({ hopId: x.hopId, left, width: pct(x.end, w) - left, wait: 100, title, coalesced: false, running: false });
  }
  return { kind: 'queue', key: row.key, origin: row.pool.origin, slot: row.slot, slots: row.slots, folded, queued: row.pool.queued.length, bars };
}

function rowView(row: LaneRow, a: PoolAnalysis, w: TimeWindow, width: number, selectedId: string | undefined, byId: ById): RowView {
  switch (row.kind) {
    case 'pool': {
      const pool = row.pool;
      return {
        kind: 'pool',
        key: row.key,
        origin: pool.origin,
        collapsed: row.collapsed,
        tag: pool.family === 'other' ? pool.protocols[0] ?? '?' : familyName(pool.family),
        protocols: pool.protocols,
        connections: pool.connectionIds.length,
        requests: pool.requests,
        ...(pool.limit !== undefined ? { limit: pool.limit } : {}),
        maxBusy: pool.maxBusy,
        streams: pool.connectionIds.reduce((m, id) => Math.max(m, a.connection(id)?.maxConcurrent ?? 0), 0),
        queued: pool.queued.length,
        longestWaitMs: pool.longestWaitMs,
        setup: { ...pool.setup },
        badges: pool.patterns.map((i) => a.patterns[i]!).filter((f) => f.kind !== 'long-idle-reuse').map((f) => ({ kind: f.kind, title: explainPattern(f, a, byId).text })),
      };
    }
    case 'summary': {
      const sentences = describePool(a, row.pool, byId);
      return { kind: 'summary', key: row.key, text: sentences.map((s) => s.text).join(' '), title: sentences.map((s) => s.text).join('\n\n') };
    }
    case 'lane':
      return laneView(row, a, w, width, selectedId, byId);
    case 'queue':
      return queueView(row, a, w, width, selectedId);
  }
}

/** The rows a query asks for, drawn for its time window. */
export function connectionsWindow(sessionId: string, seq: number, a: PoolAnalysis, layouts: LayoutCache, q: ConnectionsQuery, byId: ById): Omit<ConnectionsWindow, 'ms'> {
  const { rows, rowOf } = layouts.layout(a, q);
  const span = a.span;
  const win = q.win && q.win.end > q.win.start ? q.win : span;
  const from = Math.max(0, Math.min(q.from, rows.length));
  const to = Math.max(from, Math.min(q.to, rows.length));
  const width = Math.max(1, q.width);
  const selectedRow = q.selectedId !== undefined ? rowOf.get(q.selectedId) : undefined;
  const placed = q.selectedId !== undefined ? a.use(q.selectedId) : undefined;
  return {
    sessionId,
    seq,
    span: { start: span.start, end: span.end },
    trust: a.trust,
    pools: a.pools.filter((p) => p.requests > 0).length,
    connections: a.connections.length,
    count: rows.length,
    from,
    rows: rows.slice(from, to).map((r) => rowView(r, a, win, width, q.selectedId, byId)),
    ...(selectedRow !== undefined ? { selectedRow } : {}),
    ...(placed ? { selectedUse: { from: Math.min(placed.use.startedAt, placed.use.setup?.start ?? placed.use.bindAt), to: placed.use.releaseAt } } : {}),
  };
}

export type StepKey = 'ArrowRight' | 'ArrowLeft' | 'ArrowUp' | 'ArrowDown';

/** The request a keyboard move goes to: along the selected request's connection (←/→), or to the lane above or below, nearest in time (↑/↓). */
export function connectionsStep(a: PoolAnalysis, layouts: LayoutCache, q: LayoutQuery, selectedId: string | undefined, key: StepKey): string | undefined {
  const { rows, rowOf } = layouts.layout(a, q);
  const placed = selectedId ? a.use(selectedId) : undefined;
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    if (!placed) return undefined;
    return placed.connection.uses[placed.use.nth - 1 + (key === 'ArrowRight' ? 1 : -1)]?.hopId;
  }
  const dir = key === 'ArrowDown' ? 1 : -1;
  const from = placed ? rowOf.get(placed.use.hopId) ?? -1 : dir > 0 ? -1 : rows.length;
  const at = placed?.use.bindAt ?? a.span.start;
  for (let i = from + dir; i >= 0 && i < rows.length; i += dir) {
    const row = rows[i]!;
    if (row.kind !== 'lane' || row.uses.length === 0) continue;
    // The request on that lane closest in time to the current one.
    let best = row.uses[0]!;
    for (const u of row.uses) if (Math.abs(u.bindAt - at) < Math.abs(best.bindAt - at)) best = u;
    return best.hopId;
  }
  return undefined;
}
