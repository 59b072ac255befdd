// The Requests view: filter bar, a virtualised sortable table with a waterfall column, and the
// detail pane for the selected request. The analysis worker filters and sorts; the table is sent
// the rows in view, each with its record, and draws them as sent.
import { useRef, useState } from 'preact/hooks';
import { useStore } from '../store/store.ts';
import { VirtualList } from '../components/VirtualList.tsx';
import { WaterfallBar } from '../components/Waterfall.tsx';
import { DetailPane } from './DetailPane.tsx';
import { FilterBar } from './FilterBar.tsx';
import { SOURCE_LABELS, SOURCE_TITLES, formatDuration, formatPath } from '../../src/core/format/index.ts';
import {
  connectionLabel,
  sizeLabel,
  statusClass,
  statusLabel,
  type Column,
} from '../store/requests-model.ts';
import { PreflightMarker } from './cors/PreflightMarker.tsx';

export const ROW_HEIGHT = 20;

const HEADERS: { column: Column; label: string; title: string }[] = [
  { column: 'index', label: '#', title: 'Order in which the page issued the request' },
  { column: 'method', label: 'Method', title: 'HTTP method' },
  { column: 'url', label: 'URL', title: 'Path and query; hover a row for the full URL and origin' },
  { column: 'status', label: 'Status', title: 'HTTP status (304 when a revalidation was answered Not Modified)' },
  { column: 'protocol', label: 'Protocol', title: 'Application protocol: http/1.1, h2 (multiplexed), h3 (QUIC)' },
  { column: 'connection', label: 'Connection', title: 'Socket id from the network stack; "new" paid for DNS + TCP + TLS, "reused" rode an open keep-alive socket' },
  { column: 'source', label: 'Source', title: 'Where the response came from: network, 304 revalidation, memory or disk cache, service worker, prefetch' },
  { column: 'size', label: 'Size', title: 'Bytes transferred over the network, headers included' },
  { column: 'time', label: 'Time', title: 'From the request being issued to its last byte' },
  { column: 'waterfall', label: 'Waterfall', title: 'When the request waited (light) and downloaded (dark), on the session time axis' },
];

export function RequestsView() {
  const store = useStore();
  const table = store.table.window.value;
  // The worker's summary and the table's own window each say how many requests there are; the
  // larger is the newer (one may still be on its way).
  const total = Math.max(store.requestCount.value, table?.total ?? 0);
  const count = table?.count ?? 0;
  const selectedId = store.selectedId.value;
  // Where the selection is in the list: in the window if it is there, else as the worker said.
  const inWindow = table && selectedId !== undefined ? table.ids.indexOf(selectedId) : -1;
  const selectedIndex = !table || selectedId === undefined ? -1 : inWindow >= 0 ? table.from + inWindow : table.selectedIndex;
  const { start, end } = store.span.value;
  const sort = store.sort.value;
  const pageSize = useRef(20);
  const [detailOpen, setDetailOpen] = useState(true);

  const move = (to: number) => store.table.selectIndex(to, store.actions.select);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(i + 1),
      ArrowUp: () => move(i < 0 ? 0 : i - 1),
      PageDown: () => move(i + pageSize.current),
      PageUp: () => move(i - pageSize.current),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => setDetailOpen(true),
      Escape: () => (detailOpen && selectedId ? setDetailOpen(false) : store.actions.select(undefined)),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const sortBy = (column: Column) => {
    store.sort.value = sort.column === column ? { column, descending: !sort.descending } : { column, descending: false };
  };

  return (
    <section class="requests-view" aria-label="Requests">
      <FilterBar shown={count} total={total} />
      <div class={`split ${selectedId && detailOpen ? 'with-detail' : ''}`}>
        <div class="table">
          <div class="row header-row" role="row">
            {HEADERS.map((h) => (
              <div
                key={h.column}
                role="columnheader"
                class={`cell col-${h.column} sortable`}
                title={`${h.title}. Click to sort.`}
                aria-sort={sort.column === h.column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                onClick={() => sortBy(h.column)}
              >
                {h.label}
                {sort.column === h.column && <span class="sort-mark">{sort.descending ? ' ▼' : ' ▲'}</span>}
              </div>
            ))}
          </div>
          {total === 0 ? (
            <EmptyState />
          ) : (
            <VirtualList
              class="request-rows"
              label="Requests"
              count={count}
              rowHeight={ROW_HEIGHT}
              scrollToIndex={selectedIndex >= 0 ? selectedIndex : undefined}
              onKeyDown={onKeyDown}
              onPageSize={(n) => (pageSize.current = n)}
              onRange={store.table.inView}
              renderRow={(i, top) => {
                // Drawn from the record the worker sent with the window; a row not sent yet (scrolled
                // past the window) is empty until the answer comes.
                const r = table ? table.records[i - table.from] : undefined;
                if (!r) return <div key={`pending ${i}`} role="row" aria-rowindex={i + 1} class="row request-row-pending" style={{ top: `${top}px` }} />;
                const cls = statusClass(r);
                return (
                  <div
                    key={r.id}
                    role="row"
                    aria-rowindex={i + 1}
                    aria-selected={r.id === selectedId}
                    data-request-id={r.id}
                    class={`row request-row ${i % 2 ? 'odd' : 'even'} ${r.id === selectedId ? 'selected' : ''} status-${cls} source-${r.source}`}
                    style={{ top: `${top}px` }}
                    onClick={() => {
                      store.actions.select(r.id);
                      setDetailOpen(true);
                    }}
                  >
                    <div class="cell col-index num">{r.index + 1}</div>
                    <div class="cell col-method">{r.method}</div>
                    <div class="cell col-url" title={r.url}>
                      {formatPath(r.url)}
                      <PreflightMarker marker={table?.markers[i - table.from]} />
                    </div>
                    <div class={`cell col-status num status-${cls}`} title={r.failure?.errorText ?? r.statusText}>
                      {statusLabel(r)}
                    </div>
                    <div class="cell col-protocol">{r.protocol ?? ''}</div>
                    <div class={`cell col-connection ${r.connectionReused ? 'reused' : 'new'}`} title={r.remoteIPAddress ? `${r.remoteIPAddress}:${r.remotePort ?? ''}` : undefined}>
                      {connectionLabel(r)}
                    </div>
                    <div class={`cell col-source source-${r.source}`} title={SOURCE_TITLES[r.source]}>
                      {SOURCE_LABELS[r.source]}
                    </div>
                    <div class="cell col-size num">{sizeLabel(r)}</div>
                    <div class="cell col-time num">{formatDuration(r.phases.total)}</div>
                    <div class="cell col-waterfall">
                      <WaterfallBar request={r} start={start} end={end} />
                    </div>
                  </div>
                );
              }}
            />
          )}
        </div>
        {selectedId && detailOpen && store.selected.value && <DetailPane request={store.selected.value} onClose={() => setDetailOpen(false)} />}
      </div>
    </section>
  );
}

function EmptyState() {
  const store = useStore();
  const current = store.current.value;
  if (store.progress.value) return <p class="empty">Loading the session…</p>;
  if (current?.state === 'recording') return <p class="empty">Recording. Requests appear here as the page makes them.</p>;
  if (current) return <p class="empty">This session has no requests.</p>;
  return (
    <div class="empty">
      <p>
        Press <strong>Record</strong> to record this tab's network activity, or <strong>Record and reload</strong> to capture the page load from its first
        request.
      </p>
      <p>Recording continues while DevTools is closed. Earlier recordings are under Sessions.</p>
    </div>
  );
}
