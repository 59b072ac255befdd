// The Connections view: one block per origin pool, one lane per socket (WebPageTest's connection
// view, live): each lane shows the socket's set-up (DNS, TCP, TLS) and the requests it carried as
// bars on a shared time axis; HTTP/2 lanes stack overlapping streams; a pool's requests that
// waited for a socket have rows of their own. Only the rows in view are in the DOM, and in each
// row only the bars inside the time window, at most one per pixel, so a 100,000-request session
// stays responsive. Selecting a bar selects the request everywhere.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { NetworkRequest } from '../../src/core/records.ts';
import { describePool, explainPattern, familyName, type ConnectionAnalysis, type PatternFinding, type PoolAnalysis, type SocketUse } from '../../src/core/analysis/pools/index.ts';
import { useStore, type Store } from '../store/store.ts';
import type { LaneRow, WaitBar } from '../store/pools.ts';
import { VirtualList } from '../components/VirtualList.tsx';
import { axisTicks, formatDuration, formatPath, requestNumber } from '../../src/core/format/index.ts';
import { DetailPane } from './DetailPane.tsx';
import './connections.css';

export const LANE_HEIGHT = 20;
const LABEL_WIDTH = 230;

interface Window {
  start: number;
  end: number;
}

const PATTERN_BADGES: Record<PatternFinding['kind'], string> = {
  sharding: 'sharding',
  'connection-close': 'Connection: close',
  'short-lived': 'short-lived sockets',
  'tls-dominates': 'TLS dominates',
  coalesced: 'coalesced',
  'long-idle-reuse': 'reused after idle',
  'h3-upgrade': 'HTTP/3',
};

export function ConnectionsView() {
  const store = useStore();
  const model = store.pools;
  const a = model.analysis.value;
  const { rows, rowOf } = model.layout.value;
  const selectedId = store.selectedId.value;
  const selected = store.selected.value;
  const [zoom, setZoom] = useState<Window | undefined>(undefined);
  const [detailOpen, setDetailOpen] = useState(true);
  const [trackWidth, setTrackWidth] = useState(800);
  const main = useRef<HTMLDivElement>(null);
  const rec = store.loader.value?.recorder;
  const byId = (id: string) => rec?.request(id);

  const span = a.span;
  // The window never leaves the session, and a stale zoom from another session is dropped.
  const win: Window = zoom && zoom.start >= span.start - 1 && zoom.end <= span.end + 1 && zoom.end > zoom.start ? zoom : span;

  useLayoutEffect(() => {
    const el = main.current;
    if (!el) return;
    const measure = () => setTrackWidth(Math.max(100, (el.clientWidth || LABEL_WIDTH + 800) - LABEL_WIDTH - 16));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const setWindow = (w: Window) => {
    const len = Math.max(1, Math.min(w.end - w.start, span.end - span.start));
    let start = Math.max(span.start, Math.min(w.start, span.end - len));
    if (!Number.isFinite(start)) start = span.start;
    setZoom({ start, end: start + len });
  };
  const zoomBy = (factor: number, around = (win.start + win.end) / 2) => {
    const len = Math.max(1, (win.end - win.start) * factor);
    const ratio = (around - win.start) / (win.end - win.start || 1);
    setWindow({ start: around - ratio * len, end: around - ratio * len + len });
  };
  const pan = (fraction: number) => {
    const len = win.end - win.start;
    setWindow({ start: win.start + len * fraction, end: win.end + len * fraction });
  };
  const selectedUse = selectedId ? a.use(selectedId) : undefined;
  const zoomToSelection = () => {
    if (!selectedUse) return;
    const u = selectedUse.use;
    const from = Math.min(u.startedAt, u.setup?.start ?? u.bindAt);
    const len = Math.max(u.releaseAt - from, 1) * 4;
    setWindow({ start: from - len / 4, end: from - len / 4 + len });
  };

  const select = (id: string) => {
    store.actions.select(id);
    setDetailOpen(true);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const handled = handleKey(e, store, a, rows, rowOf, selectedId, { zoomBy, fit: () => setZoom(undefined), select, closeDetail: () => setDetailOpen(false), detailOpen });
    if (handled) e.preventDefault();
  };

  const onWheel = (e: WheelEvent) => {
    if (!(e.ctrlKey || e.metaKey || e.shiftKey)) return;
    e.preventDefault();
    if (e.shiftKey && !(e.ctrlKey || e.metaKey)) {
      pan((e.deltaY || e.deltaX) > 0 ? 0.2 : -0.2);
      return;
    }
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const x = e.clientX - box.left - LABEL_WIDTH;
    const at = win.start + (Math.max(0, Math.min(trackWidth, x)) / trackWidth) * (win.end - win.start);
    zoomBy(e.deltaY > 0 ? 1.5 : 1 / 1.5, at);
  };

  const current = store.current.value;
  const noConnections = a.connections.length === 0;
  const zoomed = win !== span;
  return (
    <section class="connections-view" aria-label="Connections">
      <div class="toolbar cv-toolbar" role="toolbar" aria-label="Connections timeline">
        <button type="button" title="Zoom in on the time axis (+, or Ctrl + wheel)" aria-label="Zoom in" onClick={() => zoomBy(0.5)} disabled={noConnections}>
          +
        </button>
        <button type="button" title="Zoom out (−)" aria-label="Zoom out" onClick={() => zoomBy(2)} disabled={noConnections || !zoomed}>
          −
        </button>
        <button type="button" title="Fit the whole session (0)" onClick={() => setZoom(undefined)} disabled={!zoomed}>
          Fit
        </button>
        <button type="button" title="Earlier (Shift + wheel)" aria-label="Earlier" onClick={() => pan(-0.5)} disabled={!zoomed || win.start <= span.start}>
          ◀
        </button>
        <button type="button" title="Later (Shift + wheel)" aria-label="Later" onClick={() => pan(0.5)} disabled={!zoomed || win.end >= span.end}>
          ▶
        </button>
        <button type="button" title="Zoom to the selected request" onClick={zoomToSelection} disabled={!selectedUse}>
          Zoom to selection
        </button>
        <span class="divider" />
        <Legend />
        <span class="count" title="Origins (socket pools) and connections in the session">
          {a.pools.filter((p) => p.requests > 0).length} pools · {a.connections.length.toLocaleString('en-US')} connections
        </span>
      </div>
      {!a.trust.trusted && (
        <p class="cv-banner" role="note">
          ⚠ This log's connection ids are not reliable ({a.trust.reasons.join('; ')}). Lanes follow the ids as recorded; whether a request opened or reused a
          socket is inferred from its timing.
        </p>
      )}
      <div class={`split ${selected && detailOpen ? 'with-detail' : ''}`}>
        <div class="cv-main" ref={main} onWheel={onWheel}>
          {rows.length === 0 ? (
            <p class="empty" role="status" aria-busy={model.waiting.value}>
              {!current
                ? 'Record a page load, or open a stored session, to see how its requests used sockets.'
                : model.error.value
                  ? `The connection analysis failed: ${model.error.value}`
                  : model.waiting.value
                  ? `Analysing the connections of ${store.requests.value.length.toLocaleString('en-US')} requests…`
                  : store.progress.value
                  ? 'Loading the session…'
                  : 'No request in this session went over a socket yet (cache hits, service worker answers and data: URLs need none).'}
            </p>
          ) : (
            <>
              <TimeAxis win={win} origin={span.start} width={trackWidth} />
              <VirtualList
                class="cv-rows"
                label="Connections by origin"
                count={rows.length}
                rowHeight={LANE_HEIGHT}
                scrollToIndex={selectedId !== undefined ? rowOf.get(selectedId) : undefined}
                onKeyDown={onKeyDown}
                renderRow={(i, top) => <Row key={rows[i]!.key} row={rows[i]!} index={i} top={top} a={a} win={win} width={trackWidth} selectedId={selectedId} byId={byId} onSelect={select} store={store} />}
              />
            </>
          )}
        </div>
        {selected && detailOpen && <DetailPane request={selected} onClose={() => setDetailOpen(false)} />}
      </div>
    </section>
  );
}

function Legend() {
  const items: [string, string, string][] = [
    ['dns', 'DNS', 'DNS lookup of a new socket'],
    ['connect', 'TCP', 'TCP handshake of a new socket'],
    ['tls', 'TLS', 'TLS handshake of a new socket'],
    ['wait', 'Waiting', 'Request sent, waiting for the first byte of the response (one round trip plus server time)'],
    ['receive', 'Download', 'Receiving the response'],
    ['queued', 'Queued', 'Waiting for a socket: every socket of the pool was busy, or the connection was still being opened'],
  ];
  return (
    <span class="cv-legend" aria-label="Legend">
      {items.map(([k, label, tip]) => (
        <span key={k} class="cv-legend-item" title={tip}>
          <span class={`cv-swatch cv-${k}`} aria-hidden="true" />
          {label}
        </span>
      ))}
    </span>
  );
}

function TimeAxis({ win, origin, width }: { win: Window; origin: number; width: number }) {
  const len = win.end - win.start || 1;
  const ticks = axisTicks(win.start, win.end, origin, Math.max(2, Math.floor(width / 90)));
  return (
    <div class="cv-axis" aria-hidden="true">
      <div class="cv-label">Connection</div>
      <div class="cv-track">
        {ticks.map(({ t, label }) => (
          <span key={t} class="cv-tick" style={{ left: `${(((origin + t - win.start) / len) * 100).toFixed(3)}%` }}>
            {label}
          </span>
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  row: LaneRow;
  index: number;
  top: number;
  a: PoolAnalysis;
  win: Window;
  width: number;
  selectedId: string | undefined;
  byId(id: string): NetworkRequest | undefined;
  onSelect(id: string): void;
  store: Store;
}

function Row(p: RowProps) {
  const { row, top } = p;
  const style = { top: `${top}px`, height: `${LANE_HEIGHT}px` };
  switch (row.kind) {
    case 'pool':
      return <PoolHeader {...p} row={row} style={style} />;
    case 'summary': {
      const sentences = describePool(p.a, row.pool, p.byId);
      const text = sentences.map((s) => s.text).join(' ');
      return (
        <div class="cv-row cv-summary" role="row" aria-rowindex={p.index + 1} style={style} title={sentences.map((s) => s.text).join('\n\n')}>
          <span class="cv-summary-text">{text}</span>
        </div>
      );
    }
    case 'lane':
      return <Lane {...p} row={row} style={style} />;
    case 'queue':
      return <QueueRow {...p} row={row} style={style} />;
  }
}

function PoolHeader(p: RowProps & { row: Extract<LaneRow, { kind: 'pool' }>; style: Record<string, string> }) {
  const { pool } = p.row;
  const a = p.a;
  const full = pool.limit !== undefined && pool.maxBusy >= pool.limit;
  const streams = pool.connectionIds.reduce((m, id) => Math.max(m, a.connection(id)?.maxConcurrent ?? 0), 0);
  const toggle = () => {
    const next = new Set(p.store.pools.collapsed.value);
    if (next.has(pool.origin)) next.delete(pool.origin);
    else next.add(pool.origin);
    p.store.pools.collapsed.value = next;
  };
  return (
    <div class="cv-row cv-pool" role="row" aria-rowindex={p.index + 1} style={p.style}>
      <button type="button" class="cv-pool-name" aria-expanded={!p.row.collapsed} title={`${p.row.collapsed ? 'Show' : 'Hide'} the connections of ${pool.origin} (one socket pool per origin)`} onClick={toggle}>
        <span aria-hidden="true">{p.row.collapsed ? '▸' : '▾'}</span> {pool.origin}
      </button>
      <span class="cv-tag" title={`Protocols its requests used: ${pool.protocols.join(', ') || 'unknown'}`}>
        {pool.family === 'other' ? pool.protocols[0] ?? '?' : familyName(pool.family)}
      </span>
      <span class="cv-stat" title="Connections that carried this origin's requests">
        {pool.connectionIds.length} conn · {pool.requests} req
      </span>
      {pool.limit !== undefined && (
        <span
          class={`cv-stat ${full ? 'cv-full' : ''}`}
          title={`Most sockets of this pool busy at the same moment. HTTP/1.1 browsers keep at most ${pool.limit} per host; a request that finds them all busy waits for one to free up.`}
        >
          max {pool.maxBusy} of {pool.limit} busy
        </span>
      )}
      {pool.limit === undefined && streams > 1 && (
        <span class="cv-stat" title="Most requests in flight at once on one connection: HTTP/2 multiplexes them as streams">
          {streams} streams at once
        </span>
      )}
      {pool.queued.length > 0 && (
        <span class="cv-stat cv-queued-stat" title={`Requests that waited for a socket; the longest waited ${formatDuration(pool.longestWaitMs)}`}>
          {pool.queued.length} queued
        </span>
      )}
      {pool.setup.connections > 0 && (
        <span class="cv-stat" title={`DNS ${formatDuration(pool.setup.dns)}, TCP ${formatDuration(pool.setup.tcp)}, TLS ${formatDuration(pool.setup.tls)} over ${pool.setup.connections} new connections`}>
          set-up {formatDuration(pool.setup.total)}
        </span>
      )}
      {pool.patterns.map((i) => {
        const f = a.patterns[i]!;
        if (f.kind === 'long-idle-reuse') return null;
        return (
          <span key={i} class={`cv-badge cv-badge-${f.kind}`} title={explainPattern(f, a, p.byId).text}>
            {PATTERN_BADGES[f.kind]}
          </span>
        );
      })}
    </div>
  );
}

/** Percent position of time `t` in the window. */
const pct = (t: number, w: Window) => ((t - w.start) / (w.end - w.start || 1)) * 100;

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

function connectionTitle(conn: ConnectionAnalysis, byId: (id: string) => NetworkRequest | undefined): string {
  const opener = conn.openerId ? byId(conn.openerId) : undefined;
  const lines = [
    `Connection #${conn.id} · ${conn.protocol ?? 'unknown protocol'}${conn.remote ? ` · ${conn.remote}` : ''}`,
    conn.openedAhead
      ? 'Already open when first used: opened ahead of time (a preconnect, or a socket kept from an earlier page).'
      : `Opened by ${opener ? `${requestNumber(opener)} ${formatPath(opener.url)}` : 'a request'}${
          conn.setup ? `: DNS ${formatDuration(conn.setup.dns ?? 0)}, TCP ${formatDuration(conn.setup.tcp ?? 0)}${conn.setup.tls !== undefined ? `, TLS ${formatDuration(conn.setup.tls)}` : ''}` : ''
        }.`,
    `${conn.uses.length} request${conn.uses.length === 1 ? '' : 's'}${conn.maxConcurrent > 1 ? `, up to ${conn.maxConcurrent} at once` : ''}; idle gaps: ${conn.idle.length}.`,
  ];
  if (conn.coalesced) lines.push(`Coalesced: carried ${conn.origins.join(', ')}.`);
  return lines.join('\n');
}

function barTitle(u: SocketUse, a: PoolAnalysis, r: NetworkRequest | undefined): string {
  const v = a.verdict(u.requestId);
  const q = a.queue(u.requestId);
  const parts = [`${requestNumber(u)} ${r ? formatPath(r.url) : u.requestId}`];
  if (v?.kind === 'new') parts.push(`opened this connection${v.setup ? ` (set-up ${formatDuration(v.setup.total)})` : ''}`);
  else if (v?.kind === 'opened-ahead') parts.push('first on a socket opened ahead of time');
  else if (v?.kind === 'reused') parts.push(`request ${v.nth} of ${v.of} on it${v.coalescedFrom ? ', coalesced' : ''}${v.concurrent > 1 ? `, ${v.concurrent - 1} other streams in flight` : ''}`);
  if (q?.queued) parts.push(`waited ${formatDuration(q.waitMs)} for a socket`);
  parts.push(`sent at ${formatDuration(u.sendAt - a.span.start)}, done at ${formatDuration(u.releaseAt - a.span.start)}${u.running ? ' (still running)' : ''}`);
  return parts.join(' · ');
}

function Lane(p: RowProps & { row: Extract<LaneRow, { kind: 'lane' }>; style: Record<string, string> }) {
  const { conn, slot, slots, uses, pool, count } = p.row;
  const w = p.win;
  const pxPerMs = p.width / (w.end - w.start || 1);
  const bars = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (let i = firstVisible(uses, (u) => u.sendAt, (u) => u.releaseAt, w.start); i < uses.length; i++) {
    const u = uses[i]!;
    if (u.sendAt > w.end) break;
    const isSelected = u.requestId === p.selectedId;
    // At most one bar per pixel: a bar that would fall inside the one drawn before is skipped
    // (the selected request is always drawn).
    const endPx = (u.releaseAt - w.start) * pxPerMs;
    if (!isSelected && endPx < lastEnd + 1) continue;
    lastEnd = Math.max(lastEnd, endPx);
    const left = pct(u.sendAt, w);
    const width = pct(u.releaseAt, w) - left;
    const waitEnd = u.responseAt ?? u.releaseAt;
    const waitShare = u.releaseAt > u.sendAt ? ((waitEnd - u.sendAt) / (u.releaseAt - u.sendAt)) * 100 : 100;
    const r = p.byId(u.requestId);
    const title = barTitle(u, p.a, r);
    bars.push(
      <button
        key={u.requestId}
        type="button"
        class={`cv-bar ${isSelected ? 'selected' : ''} ${u.origin !== conn.primaryOrigin ? 'cv-coalesced' : ''} ${u.running ? 'cv-running' : ''}`}
        style={{ left: `${left.toFixed(4)}%`, width: `max(3px, ${width.toFixed(4)}%)` }}
        title={title}
        aria-label={title}
        aria-pressed={isSelected}
        data-request-id={u.requestId}
        onClick={() => p.onSelect(u.requestId)}
      >
        <span class="cv-wait" style={{ width: `${Math.max(0, Math.min(100, waitShare)).toFixed(2)}%` }} />
        <span class="cv-receive" />
      </button>,
    );
  }
  const showSetup = slot === 0 && conn.setup !== undefined && conn.primaryOrigin === pool.origin;
  const ownConnection = conn.primaryOrigin === pool.origin;
  return (
    <div class={`cv-row cv-lane ${slot === 0 ? 'cv-first-slot' : ''} cv-family-${conn.family}`} role="row" aria-rowindex={p.index + 1} style={p.style} data-connection-id={conn.id} data-origin={pool.origin}>
      <div class="cv-label" title={connectionTitle(conn, p.byId)}>
        {slot === 0 ? (
          <>
            <span class="cv-conn-id">#{conn.id}</span>{' '}
            <span class={`cv-kind ${conn.openedAhead ? 'ahead' : 'new'}`}>{!ownConnection ? `coalesced from ${conn.primaryOrigin.replace(/^https?:\/\//, '')}` : conn.openedAhead ? 'opened ahead' : 'new'}</span>{' '}
            <span class="muted">
              {count} req
              {ownConnection && conn.coalesced ? ` (${conn.uses.filter((u) => u.origin !== pool.origin).length} coalesced)` : ''}
              {slots > 1 ? ` · ${conn.maxConcurrent} at once` : ''}
            </span>
          </>
        ) : (
          <span class="muted cv-slot">↳ streams</span>
        )}
      </div>
      <div class="cv-track">
        {showSetup &&
          conn.setup!.segments.map((s) => {
            const left = pct(s.start, w);
            return (
              <span
                key={s.kind}
                class={`cv-setup cv-${s.kind}`}
                style={{ left: `${left.toFixed(4)}%`, width: `max(2px, ${(pct(s.end, w) - left).toFixed(4)}%)` }}
                title={`${s.kind === 'dns' ? 'DNS lookup' : s.kind === 'connect' ? (conn.family === 'h3' ? 'QUIC handshake' : 'TCP handshake') : 'TLS handshake'}: ${formatDuration(s.end - s.start)}`}
              />
            );
          })}
        {bars}
      </div>
    </div>
  );
}

function QueueRow(p: RowProps & { row: Extract<LaneRow, { kind: 'queue' }>; style: Record<string, string> }) {
  const { waits, slot, pool, folded, slots } = p.row;
  const w = p.win;
  const pxPerMs = p.width / (w.end - w.start || 1);
  const bars = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  let lastStart = Number.NaN;
  // Rows of one slot never overlap, so a binary search finds the first visible wait; a folded row
  // holds overlapping waits, so it is scanned (bars are still merged per pixel below).
  for (let i = folded ? 0 : firstVisible(waits, (x: WaitBar) => x.start, (x: WaitBar) => x.end, w.start); i < waits.length; i++) {
    const x = waits[i]!;
    if (x.start > w.end) break;
    if (x.end < w.start) continue;
    const isSelected = x.requestId === p.selectedId;
    // Folded, the waits overlap by design; only exact pixel repeats are skipped.
    const endPx = (x.end - w.start) * pxPerMs;
    if (!isSelected && (folded ? Math.round(endPx) === Math.round(lastEnd) && Math.round((x.start - w.start) * pxPerMs) === lastStart : endPx < lastEnd + 1)) continue;
    lastEnd = folded ? endPx : Math.max(lastEnd, endPx);
    lastStart = Math.round((x.start - w.start) * pxPerMs);
    const q = p.a.queue(x.requestId);
    const left = pct(x.start, w);
    const title = `#${x.index + 1} waited ${formatDuration(x.end - x.start)} for a socket${q?.cause === 'pool-full' ? `: all ${q.busyCount} connections of the pool were busy (the ${q.limit}-per-host limit)` : q?.cause === 'connection-setup' ? ' while its connection was being opened' : ''}`;
    bars.push(
      <button
        key={x.requestId}
        type="button"
        class={`cv-bar cv-queue-bar ${isSelected ? 'selected' : ''}`}
        style={{ left: `${left.toFixed(4)}%`, width: `max(3px, ${(pct(x.end, w) - left).toFixed(4)}%)` }}
        title={title}
        aria-label={title}
        aria-pressed={isSelected}
        data-request-id={x.requestId}
        onClick={() => p.onSelect(x.requestId)}
      />,
    );
  }
  return (
    <div class={`cv-row cv-queue ${slot === 0 ? 'cv-first-slot' : ''} ${folded ? 'cv-folded' : ''}`} role="row" aria-rowindex={p.index + 1} style={p.style}>
      <div class="cv-label">
        {slot === 0 ? (
          <button
            type="button"
            class="cv-queue-label"
            aria-expanded={!folded}
            title={`Requests of ${pool.origin} that waited for a socket, from when the network stack took them to when they got one. ${
              slots > 1 ? (folded ? `Click to show them on ${slots} rows.` : 'Click to fold them into one row.') : ''
            }`}
            onClick={() => {
              if (slots <= 1) return;
              const next = new Map(p.store.pools.queues.value);
              next.set(pool.origin, folded);
              p.store.pools.queues.value = next;
            }}
          >
            {slots > 1 && <span aria-hidden="true">{folded ? '▸ ' : '▾ '}</span>}
            Waiting for a socket ({pool.queued.length})
          </button>
        ) : (
          <span class="muted cv-slot">↳</span>
        )}
      </div>
      <div class="cv-track">{bars}</div>
    </div>
  );
}

interface KeyActions {
  zoomBy(factor: number): void;
  fit(): void;
  select(id: string): void;
  closeDetail(): void;
  detailOpen: boolean;
}

/** Keyboard: ←/→ along the selected request's connection, ↑/↓ to the lane above or below, +/−/0 to zoom. */
function handleKey(e: KeyboardEvent, store: Store, a: PoolAnalysis, rows: LaneRow[], rowOf: Map<string, number>, selectedId: string | undefined, act: KeyActions): boolean {
  const zoomKeys: Record<string, () => void> = { '+': () => act.zoomBy(0.5), '=': () => act.zoomBy(0.5), '-': () => act.zoomBy(2), _: () => act.zoomBy(2), '0': act.fit };
  const zoom = zoomKeys[e.key];
  if (zoom) {
    zoom();
    return true;
  }
  if (e.key === 'Escape') {
    if (act.detailOpen && selectedId) act.closeDetail();
    else store.actions.select(undefined);
    return true;
  }
  const placed = selectedId ? a.use(selectedId) : undefined;
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    if (!placed) return false;
    const next = placed.connection.uses[placed.use.nth - 1 + (e.key === 'ArrowRight' ? 1 : -1)];
    if (next) act.select(next.requestId);
    return true;
  }
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const dir = e.key === 'ArrowDown' ? 1 : -1;
    const from = placed ? rowOf.get(placed.use.requestId) ?? -1 : dir > 0 ? -1 : rows.length;
    const at = placed?.use.bindAt ?? a.span.start;
    for (let i = from + dir; i >= 0 && i < rows.length; i += dir) {
      const row = rows[i]!;
      if (row.kind !== 'lane' || row.uses.length === 0) continue;
      // The request on that lane closest in time to the current one.
      let best = row.uses[0]!;
      for (const u of row.uses) if (Math.abs(u.bindAt - at) < Math.abs(best.bindAt - at)) best = u;
      act.select(best.requestId);
      return true;
    }
    return true;
  }
  return false;
}
