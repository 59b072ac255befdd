// The Connections view: one block per origin pool, one lane per socket (WebPageTest's connection
// view, live): each lane shows the socket's set-up (DNS, TCP, TLS) and the requests it carried as
// bars on a shared time axis; HTTP/2 lanes stack overlapping streams; a pool's requests that
// waited for a socket have rows of their own. Only the rows in view are in the DOM, and in each
// row only the bars inside the time window, at most one per pixel, so a 100,000-request session
// stays responsive. The analysis worker lays the rows out and draws their bars (positions and
// titles); the view is sent only the rows in view. Selecting a bar selects the request everywhere.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PatternFinding } from '../../src/core/analysis/pools/index.ts';
import { useStore, type Store } from '../store/store.ts';
import type { RowView, StepKey, TimeWindow } from '../workers/connections-window.ts';
import { VirtualList } from '../components/VirtualList.tsx';
import { axisTicks, formatDuration } from '../../src/core/format/index.ts';
import { DetailPane } from './DetailPane.tsx';
import './connections.css';

export const LANE_HEIGHT = 20;
const LABEL_WIDTH = 230;

type Window = TimeWindow;

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
  const w = model.window.value;
  const selectedId = store.selectedId.value;
  const selected = store.selected.value;
  const [detailOpen, setDetailOpen] = useState(true);
  const main = useRef<HTMLDivElement>(null);
  const trackWidth = model.width.value;

  const span: Window = w?.span ?? { start: 0, end: 1 };
  const zoom = model.zoom.value;
  // The window never leaves the session, and a stale zoom from another session is dropped.
  const zoomed = zoom !== undefined && zoom.start >= span.start - 1 && zoom.end <= span.end + 1 && zoom.end > zoom.start;
  const win: Window = zoomed ? zoom : span;
  const setZoom = (z: Window | undefined) => (model.zoom.value = z);

  useLayoutEffect(() => {
    const el = main.current;
    if (!el) return;
    const measure = () => (model.width.value = Math.max(100, (el.clientWidth || LABEL_WIDTH + 800) - LABEL_WIDTH - 16));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const setWindow = (x: Window) => {
    const len = Math.max(1, Math.min(x.end - x.start, span.end - span.start));
    let start = Math.max(span.start, Math.min(x.start, span.end - len));
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
  const selectedUse = selectedId !== undefined ? w?.selectedUse : undefined;
  const zoomToSelection = () => {
    if (!selectedUse) return;
    const len = Math.max(selectedUse.to - selectedUse.from, 1) * 4;
    setWindow({ start: selectedUse.from - len / 4, end: selectedUse.from - len / 4 + len });
  };

  const select = (id: string) => {
    store.actions.select(id);
    setDetailOpen(true);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const handled = handleKey(e, store, { zoomBy, fit: () => setZoom(undefined), select, closeDetail: () => setDetailOpen(false), detailOpen, selectedId });
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
  const noConnections = !w || w.connections === 0;
  const count = w?.count ?? 0;
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
          {w?.pools ?? 0} pools · {(w?.connections ?? 0).toLocaleString('en-US')} connections
        </span>
      </div>
      {w && !w.trust.trusted && (
        <p class="cv-banner" role="note">
          ⚠ This log's connection ids are not reliable ({w.trust.reasons.join('; ')}). Lanes follow the ids as recorded; whether a request opened or reused a
          socket is inferred from its timing.
        </p>
      )}
      <div class={`split ${selected && detailOpen ? 'with-detail' : ''}`}>
        <div class="cv-main" ref={main} onWheel={onWheel}>
          {!w || count === 0 ? (
            <p class="empty" role="status" aria-busy={model.waiting.value}>
              {!current
                ? 'Record a page load, or open a stored session, to see how its requests used sockets.'
                : model.error.value
                  ? `The connection analysis failed: ${model.error.value}`
                  : model.waiting.value
                  ? `Analysing the connections of ${store.requestCount.value.toLocaleString('en-US')} requests…`
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
                count={count}
                rowHeight={LANE_HEIGHT}
                scrollToIndex={selectedId !== undefined ? w.selectedRow : undefined}
                onKeyDown={onKeyDown}
                onRange={model.inView}
                renderRow={(i, top) => {
                  const row = w.rows[i - w.from];
                  const style = { top: `${top}px`, height: `${LANE_HEIGHT}px` };
                  // Not sent yet (scrolled past the window): an empty row until the worker's answer.
                  if (!row) return <div key={`pending ${i}`} class="cv-row cv-pending" role="row" aria-rowindex={i + 1} style={style} />;
                  return <Row key={row.key} row={row} index={i} style={style} selectedId={selectedId} onSelect={select} store={store} />;
                }}
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
  row: RowView;
  index: number;
  style: Record<string, string>;
  selectedId: string | undefined;
  onSelect(id: string): void;
  store: Store;
}

function Row(p: RowProps) {
  const { row } = p;
  switch (row.kind) {
    case 'pool':
      return <PoolHeader {...p} row={row} />;
    case 'summary':
      return (
        <div class="cv-row cv-summary" role="row" aria-rowindex={p.index + 1} style={p.style} title={row.title}>
          <span class="cv-summary-text">{row.text}</span>
        </div>
      );
    case 'lane':
      return <Lane {...p} row={row} />;
    case 'queue':
      return <QueueRow {...p} row={row} />;
  }
}

function PoolHeader(p: RowProps & { row: Extract<RowView, { kind: 'pool' }> }) {
  const pool = p.row;
  const full = pool.limit !== undefined && pool.maxBusy >= pool.limit;
  const toggle = () => {
    const next = new Set(p.store.pools.collapsed.value);
    if (next.has(pool.origin)) next.delete(pool.origin);
    else next.add(pool.origin);
    p.store.pools.collapsed.value = next;
  };
  return (
    <div class="cv-row cv-pool" role="row" aria-rowindex={p.index + 1} style={p.style}>
      <button type="button" class="cv-pool-name" aria-expanded={!pool.collapsed} title={`${pool.collapsed ? 'Show' : 'Hide'} the connections of ${pool.origin} (one socket pool per origin)`} onClick={toggle}>
        <span aria-hidden="true">{pool.collapsed ? '▸' : '▾'}</span> {pool.origin}
      </button>
      <span class="cv-tag" title={`Protocols its requests used: ${pool.protocols.join(', ') || 'unknown'}`}>
        {pool.tag}
      </span>
      <span class="cv-stat" title="Connections that carried this origin's requests">
        {pool.connections} conn · {pool.requests} req
      </span>
      {pool.limit !== undefined && (
        <span
          class={`cv-stat ${full ? 'cv-full' : ''}`}
          title={`Most sockets of this pool busy at the same moment. HTTP/1.1 browsers keep at most ${pool.limit} per host; a request that finds them all busy waits for one to free up.`}
        >
          max {pool.maxBusy} of {pool.limit} busy
        </span>
      )}
      {pool.limit === undefined && pool.streams > 1 && (
        <span class="cv-stat" title="Most requests in flight at once on one connection: HTTP/2 multiplexes them as streams">
          {pool.streams} streams at once
        </span>
      )}
      {pool.queued > 0 && (
        <span class="cv-stat cv-queued-stat" title={`Requests that waited for a socket; the longest waited ${formatDuration(pool.longestWaitMs)}`}>
          {pool.queued} queued
        </span>
      )}
      {pool.setup.connections > 0 && (
        <span class="cv-stat" title={`DNS ${formatDuration(pool.setup.dns)}, TCP ${formatDuration(pool.setup.tcp)}, TLS ${formatDuration(pool.setup.tls)} over ${pool.setup.connections} new connections`}>
          set-up {formatDuration(pool.setup.total)}
        </span>
      )}
      {pool.badges.map((b, i) => (
        <span key={i} class={`cv-badge cv-badge-${b.kind}`} title={b.title}>
          {PATTERN_BADGES[b.kind]}
        </span>
      ))}
    </div>
  );
}

function Lane(p: RowProps & { row: Extract<RowView, { kind: 'lane' }> }) {
  const r = p.row;
  const ownConnection = r.primaryOrigin === r.origin;
  return (
    <div class={`cv-row cv-lane ${r.slot === 0 ? 'cv-first-slot' : ''} cv-family-${r.family}`} role="row" aria-rowindex={p.index + 1} style={p.style} data-connection-id={r.connId} data-origin={r.origin}>
      <div class="cv-label" title={r.labelTitle}>
        {r.slot === 0 ? (
          <>
            <span class="cv-conn-id">#{r.connId}</span>{' '}
            <span class={`cv-kind ${r.openedAhead ? 'ahead' : 'new'}`}>{!ownConnection ? `coalesced from ${r.primaryOrigin.replace(/^https?:\/\//, '')}` : r.openedAhead ? 'opened ahead' : 'new'}</span>{' '}
            <span class="muted">
              {r.count} req
              {ownConnection && r.coalesced ? ` (${r.coalescedOnIt} coalesced)` : ''}
              {r.slots > 1 ? ` · ${r.maxConcurrent} at once` : ''}
            </span>
          </>
        ) : (
          <span class="muted cv-slot">↳ streams</span>
        )}
      </div>
      <div class="cv-track">
        {r.setup.map((s) => (
          <span key={s.kind} class={`cv-setup cv-${s.kind}`} style={{ left: `${s.left.toFixed(4)}%`, width: `max(2px, ${s.width.toFixed(4)}%)` }} title={s.title} />
        ))}
        {r.bars.map((b) => {
          const isSelected = b.hopId === p.selectedId;
          return (
            <button
              key={b.hopId}
              type="button"
              class={`cv-bar ${isSelected ? 'selected' : ''} ${b.coalesced ? 'cv-coalesced' : ''} ${b.running ? 'cv-running' : ''}`}
              style={{ left: `${b.left.toFixed(4)}%`, width: `max(3px, ${b.width.toFixed(4)}%)` }}
              title={b.title}
              aria-label={b.title}
              aria-pressed={isSelected}
              data-request-id={b.hopId}
              onClick={() => p.onSelect(b.hopId)}
            >
              <span class="cv-wait" style={{ width: `${b.wait.toFixed(2)}%` }} />
              <span class="cv-receive" />
            </button>
          );
        })}
      </div>
    </div>
  );
}

function QueueRow(p: RowProps & { row: Extract<RowView, { kind: 'queue' }> }) {
  const { slot, origin, folded, slots, queued, bars } = p.row;
  return (
    <div class={`cv-row cv-queue ${slot === 0 ? 'cv-first-slot' : ''} ${folded ? 'cv-folded' : ''}`} role="row" aria-rowindex={p.index + 1} style={p.style}>
      <div class="cv-label">
        {slot === 0 ? (
          <button
            type="button"
            class="cv-queue-label"
            aria-expanded={!folded}
            title={`Requests of ${origin} that waited for a socket, from when the network stack took them to when they got one. ${
              slots > 1 ? (folded ? `Click to show them on ${slots} rows.` : 'Click to fold them into one row.') : ''
            }`}
            onClick={() => {
              if (slots <= 1) return;
              const next = new Map(p.store.pools.queues.value);
              next.set(origin, folded);
              p.store.pools.queues.value = next;
            }}
          >
            {slots > 1 && <span aria-hidden="true">{folded ? '▸ ' : '▾ '}</span>}
            Waiting for a socket ({queued})
          </button>
        ) : (
          <span class="muted cv-slot">↳</span>
        )}
      </div>
      <div class="cv-track">
        {bars.map((b) => {
          const isSelected = b.hopId === p.selectedId;
          return (
            <button
              key={b.hopId}
              type="button"
              class={`cv-bar cv-queue-bar ${isSelected ? 'selected' : ''}`}
              style={{ left: `${b.left.toFixed(4)}%`, width: `max(3px, ${b.width.toFixed(4)}%)` }}
              title={b.title}
              aria-label={b.title}
              aria-pressed={isSelected}
              data-request-id={b.hopId}
              onClick={() => p.onSelect(b.hopId)}
            />
          );
        })}
      </div>
    </div>
  );
}

interface KeyActions {
  zoomBy(factor: number): void;
  fit(): void;
  select(id: string): void;
  closeDetail(): void;
  detailOpen: boolean;
  selectedId: string | undefined;
}

/** Keyboard: ←/→ along the selected request's connection, ↑/↓ to the lane above or below (the worker finds the request), +/−/0 to zoom. */
function handleKey(e: KeyboardEvent, store: Store, act: KeyActions): boolean {
  const zoomKeys: Record<string, () => void> = { '+': () => act.zoomBy(0.5), '=': () => act.zoomBy(0.5), '-': () => act.zoomBy(2), _: () => act.zoomBy(2), '0': act.fit };
  const zoom = zoomKeys[e.key];
  if (zoom) {
    zoom();
    return true;
  }
  if (e.key === 'Escape') {
    if (act.detailOpen && act.selectedId) act.closeDetail();
    else store.actions.select(undefined);
    return true;
  }
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && !act.selectedId) return false;
    void store.pools.step(e.key as StepKey).then((id) => {
      if (id !== undefined) act.select(id);
    });
    return true;
  }
  return false;
}
