// The Cache view: one row per URL with its verdict on every load of the session side by side (a
// cold load and a warm one in adjacent columns), its lifetime, age, validators and the reason for
// its latest verdict; totals by source; the reasoning of every load of the selected URL; and the
// comparison of two stored sessions: what changed in meaning (CompareDiff.tsx), then what the
// cache saved the second time.
import { useEffect, useRef } from 'preact/hooks';
import type { CachePage, CacheTotals, CacheUrlRow, CacheVerdictData, LoadKind, ResponseFacts } from '../../src/core/analysis/cache/index.ts';
import type { ResponseSource } from '../../src/core/records.ts';
import { sessionLabel, type SessionInfo } from '../../src/core/session.ts';
import { CodeText, plainText } from '../components/CodeText.tsx';
import { VirtualList } from '../components/VirtualList.tsx';
import type { CacheModel } from '../store/cache.ts';
import { MAX_LOAD_COLUMNS, MAX_PER_SLOT, type CacheRowView, type WordedVerdict } from '../workers/cache-window.ts';
import type { ComparedPair } from '../workers/compare-data.ts';
import { SOURCE_TITLES, formatBytes, formatDuration, formatPath, formatSeconds } from '../../src/core/format/index.ts';
import { useStore } from '../store/store.ts';
import { VerdictWords } from './explain/CacheExplain.tsx';
import { CompareDiff } from './CompareDiff.tsx';

const ROW_HEIGHT = 22;
const SLOT_WIDTH = 62;

/** What the lifetime and validators columns read of a row. */
type WithResponse = { response?: ResponseFacts };

const KIND_SHORT: Record<LoadKind, string> = { navigation: 'nav', reload: 'reload', 'hard-reload': 'hard reload', 'back-forward': 'back', restore: 'restore' };
const KIND_TITLE: Record<LoadKind, string> = {
  navigation: 'a navigation',
  reload: 'a normal reload (Chrome revalidates only the main document)',
  'hard-reload': 'a hard reload (every request bypasses the cache)',
  'back-forward': 'a back/forward navigation (stored copies preferred, even stale)',
  restore: 'a session restore',
};

const CHIP: Record<ResponseSource, string> = {
  network: 'network',
  revalidated: '304',
  'memory-cache': 'memory',
  'disk-cache': 'disk',
  'prefetch-cache': 'prefetch',
  'service-worker': 'sw',
  'early-hints': 'hints',
  pending: '…',
  failed: 'failed',
};

const seconds = (s: number | undefined) => (s === undefined ? '' : formatSeconds(s, { rough: false }));

function lifetimeLabel(row: WithResponse): { text: string; title: string } {
  const f = row.response;
  if (!f) return { text: '', title: '' };
  if (!f.storability.storable) return { text: 'not stored', title: plainText(f.storability.reasons.join(' ')) };
  const l = f.lifetime;
  const basis: Record<string, string> = {
    'max-age': 'max-age',
    expires: 'Expires − Date',
    'expires-past': 'Expires in the past',
    heuristic: 'heuristic: 10% of the time since Last-Modified',
    none: 'no lifetime: stale at once',
    'no-cache': 'no-cache: revalidate every use',
    'vary-star': 'Vary: * never matches',
    'not-storable': 'not storable',
  };
  if (l.basis === 'no-cache') return { text: 'no-cache', title: basis['no-cache']! };
  return { text: `${seconds(l.seconds)}${l.basis === 'heuristic' ? ' ~' : ''}`, title: `Freshness lifetime ${seconds(l.seconds)} (${basis[l.basis] ?? l.basis})${f.cacheControl ? `; Cache-Control: ${f.cacheControl}` : ''}` };
}

function validatorsLabel(row: WithResponse): { text: string; title: string } {
  const f = row.response;
  if (!f) return { text: '', title: '' };
  const parts = [f.etag !== undefined ? 'ETag' : '', f.lastModified !== undefined ? 'Last-Modified' : ''].filter(Boolean);
  const title = [f.etag !== undefined ? `ETag: ${f.etag}` : '', f.lastModified !== undefined ? `Last-Modified: ${f.lastModified}` : '', f.vary.length ? `Vary: ${f.vary.join(', ')}` : ''].filter(Boolean).join('\n');
  return { text: (parts.length ? parts.join(' + ') : 'none') + (f.vary.length ? ' · Vary' : ''), title: title || 'No validator: once stale it can only be downloaded again in full' };
}

function Chip({ v, onPick }: { v: CacheVerdictData; onPick?: (v: CacheVerdictData) => void }) {
  const words = useStore().cache.words;
  return (
    <span
      class={`verdict-chip src-${v.source} reason-${v.reason}`}
      title={plainText(words(v).headline)}
      onClick={(e) => {
        if (!onPick) return;
        e.stopPropagation();
        onPick(v);
      }}
    >
      {CHIP[v.source]}
    </span>
  );
}

function Totals({ totals: t }: { totals: CacheTotals }) {
  const s = t.bySource;
  const item = (label: string, cls: string, n: number, bytes: number | undefined, title: string) => (
    <span class={`total ${cls}`} title={title}>
      <strong>{n.toLocaleString('en-US')}</strong> {label}
      {bytes !== undefined && bytes > 0 && <span class="muted"> ({formatBytes(bytes)})</span>}
    </span>
  );
  return (
    <div class="cache-totals" role="group" aria-label="Totals">
      {item('requests', '', t.requests, undefined, 'HTTP requests in the session')}
      {item('from cache', 'src-memory-cache', t.fromCache.requests, t.fromCache.bytes, 'Answered by a cache with no request to the server (memory, disk and prefetch cache, Cache Storage); bytes of body delivered')}
      {item('memory', 'src-memory-cache', s['memory-cache'].requests, s['memory-cache'].bytes, SOURCE_TITLES['memory-cache'])}
      {item('disk', 'src-disk-cache', s['disk-cache'].requests, s['disk-cache'].bytes, SOURCE_TITLES['disk-cache'])}
      {s['prefetch-cache'].requests > 0 && item('prefetch', 'src-prefetch-cache', s['prefetch-cache'].requests, s['prefetch-cache'].bytes, SOURCE_TITLES['prefetch-cache'])}
      {s['service-worker'].requests > 0 && item('service worker', 'src-service-worker', s['service-worker'].requests, s['service-worker'].bytes, SOURCE_TITLES['service-worker'])}
      {item('revalidated (304)', 'src-revalidated', t.revalidated.requests, t.revalidated.bodyBytes, 'Conditional requests answered 304 Not Modified; bytes of body reused from the cache')}
      {item('from the network', 'src-network', t.network.requests, t.network.bytes, 'Full responses from the server; bytes transferred, headers included')}
      <span class="total saved" title="Bytes not downloaded thanks to the cache: the full responses the hits replaced, and the bodies the 304s reused">
        saved <strong>{formatBytes(t.bytesSaved) || '0 B'}</strong>
      </span>
    </div>
  );
}

export function CacheView() {
  const store = useStore();
  const model = store.cache;
  const mode = model.mode.value;
  return (
    <section class="cache-view" aria-label="Cache">
      <div class="toolbar cache-toolbar">
        <div role="tablist" aria-label="Cache view mode" class="mode-tabs">
          <button type="button" role="tab" aria-selected={mode === 'urls'} class={`tab ${mode === 'urls' ? 'active' : ''}`} title="Every URL of the open session with its verdict on each load" onClick={() => (model.mode.value = 'urls')}>
            URLs
          </button>
          <button type="button" role="tab" aria-selected={mode === 'compare'} class={`tab ${mode === 'compare' ? 'active' : ''}`} title="Compare two stored sessions: what changed in meaning, and what the cache saved" onClick={() => (model.mode.value = 'compare')}>
            Compare sessions
          </button>
        </div>
        {mode === 'urls' && (
          <>
            <span class="divider" />
            <input
              type="search"
              class="filter-text"
              placeholder="Filter URLs"
              aria-label="Filter URLs"
              value={model.filter.value}
              onInput={(e) => (model.filter.value = (e.currentTarget as HTMLInputElement).value)}
            />
            <label class="check" title="Show only URLs with advice about their caching headers">
              <input type="checkbox" checked={model.adviceOnly.value} onChange={(e) => (model.adviceOnly.value = (e.currentTarget as HTMLInputElement).checked)} /> With advice only
            </label>
            <span class="count">
              {(model.window.value?.count ?? 0).toLocaleString('en-US')} / {(model.window.value?.all ?? 0).toLocaleString('en-US')} URLs
            </span>
          </>
        )}
      </div>
      {mode === 'compare' ? <ComparePane /> : !store.loader.value ? <p class="empty">Open or record a session to see where every response came from and why.</p> : <UrlsPane model={model} />}
    </section>
  );
}

function UrlsPane({ model }: { model: CacheModel }) {
  const store = useStore();
  const w = model.window.value;
  const selectedKey = model.selectedKey.value;
  const pageSize = useRef(20);
  if (!w) {
    const error = model.error.value;
    return error ? (
      <p class="error" role="alert">
        The cache analysis failed: {error}
      </p>
    ) : (
      <p class="empty analysing" role="status" aria-busy="true">
        Analysing the cache of {store.requestCount.value.toLocaleString('en-US')} requests…
      </p>
    );
  }
  const pages = w.pages;
  const slotted = pages.length > 0 && pages.length <= MAX_LOAD_COLUMNS;
  const loadsWidth = slotted ? pages.length * SLOT_WIDTH : 260;
  const columns = `minmax(180px, 1.2fr) ${loadsWidth}px 96px 64px 120px minmax(200px, 1.6fr)`;
  // The worker sends the selected URL whole, with its place in the filtered list.
  const selected = w.selected?.key === selectedKey ? w.selected : undefined;
  const selectedIndex = selected ? w.selectedIndex : -1;

  const move = (to: number) => model.selectIndex(to);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(i + 1),
      ArrowUp: () => move(i < 0 ? 0 : i - 1),
      PageDown: () => move(i + pageSize.current),
      PageUp: () => move(i - pageSize.current),
      Home: () => move(0),
      End: () => move(w.count - 1),
      Escape: () => (model.selectedKey.value = undefined),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return (
    <>
      <Totals totals={w.totals} />
      <div class={`split ${selected ? 'with-detail' : ''}`}>
        <div class="table cache-table">
          <div class="row cache-row header-row" role="row" style={{ gridTemplateColumns: columns }}>
            <div class="cell" role="columnheader" title="The URL (method GET unless shown); hover a row for the full URL">
              URL
            </div>
            <div class="cell loads-header" role="columnheader" title="Where the response came from on each load of the session (one column per page load, in order)">
              {slotted ? (
                pages.map((p) => <LoadHeader key={p.id} page={p} />)
              ) : (
                <span>Loads, in order</span>
              )}
            </div>
            <div class="cell num" role="columnheader" title="Freshness lifetime of the latest response (max-age, Expires − Date, or the Last-Modified heuristic, marked ~)">
              Lifetime
            </div>
            <div class="cell num" role="columnheader" title="How old the stored response was the last time a cache answered or it was revalidated (RFC 9111 age, clock skew included)">
              Age
            </div>
            <div class="cell" role="columnheader" title="Validators (ETag, Last-Modified) that let a stale copy be revalidated with a 304, and whether Vary applies">
              Validators
            </div>
            <div class="cell" role="columnheader" title="Why the latest load came from where it came from">
              Why (latest load)
            </div>
          </div>
          {w.count === 0 ? (
            <p class="empty">{w.all === 0 ? 'No HTTP requests in this session yet.' : 'No URL matches the filter.'}</p>
          ) : (
            <VirtualList
              class="cache-rows"
              label="URLs and their cache verdicts"
              count={w.count}
              rowHeight={ROW_HEIGHT}
              scrollToIndex={selectedIndex >= 0 ? selectedIndex : undefined}
              onKeyDown={onKeyDown}
              onPageSize={(n) => (pageSize.current = n)}
              onRange={model.inView}
              renderRow={(i, top) => {
                const row = w.rows[i - w.from];
                // Not sent yet (scrolled past the window): an empty row until the worker's answer.
                if (!row) return <div key={`pending ${i}`} role="row" aria-rowindex={i + 1} class="row cache-row pending-row" style={{ top: `${top}px`, gridTemplateColumns: columns }} />;
                const life = lifetimeLabel(row);
                const val = validatorsLabel(row);
                return (
                  <div
                    key={row.key}
                    role="row"
                    aria-rowindex={i + 1}
                    aria-selected={row.key === selectedKey}
                    data-key={row.key}
                    class={`row cache-row request-row ${i % 2 ? 'odd' : 'even'} ${row.key === selectedKey ? 'selected' : ''}`}
                    style={{ top: `${top}px`, gridTemplateColumns: columns }}
                    onClick={() => (model.selectedKey.value = row.key)}
                  >
                    <div class="cell col-url" role="gridcell" title={row.key}>
                      {row.method !== 'GET' && <span class="muted">{row.method} </span>}
                      {formatPath(row.url)}
                    </div>
                    <div class="cell loads" role="gridcell">
                      {slotted ? <Slots row={row} pages={pages} /> : <LoadChips row={row} />}
                    </div>
                    <div class="cell num col-lifetime" role="gridcell" title={life.title}>
                      {life.text}
                    </div>
                    <div class="cell num col-age" role="gridcell" title="Age when last used from a cache or revalidated">
                      {seconds(row.lastAge)}
                    </div>
                    <div class="cell col-validators" role="gridcell" title={val.title}>
                      {val.text}
                    </div>
                    <div class="cell col-why" role="gridcell" title={plainText(row.latest.headline)}>
                      {row.advice.length > 0 && (
                        <span class="advice-mark" title={plainText(row.advice.map((a) => a.text).join('\n'))} aria-label="Has advice">
                          ⚑{' '}
                        </span>
                      )}
                      {plainText(row.latest.headline)}
                    </div>
                  </div>
                );
              }}
            />
          )}
        </div>
        {selected && <UrlDetail row={selected} pages={pages} onClose={() => (model.selectedKey.value = undefined)} />}
      </div>
    </>
  );
}

/** A URL's latest loads (the worker sends at most MAX_CHIPS of them), with the number of earlier ones: a row never draws thousands of chips. */
function LoadChips({ row }: { row: CacheRowView }) {
  const earlier = row.loadCount - row.loads.length;
  return (
    <>
      {earlier > 0 && <span class="muted" title={`${earlier} earlier loads; select the URL to see every load`}>+{earlier} </span>}
      {row.loads.map((v) => (
        <Chip key={v.id} v={v} />
      ))}
    </>
  );
}

function LoadHeader({ page }: { page: CachePage }) {
  return (
    <span class={`slot load-kind-${page.kind}`} style={{ width: `${SLOT_WIDTH}px` }} title={`Load ${page.index + 1}: ${KIND_TITLE[page.kind]} to ${page.url}`}>
      {page.index + 1} · {KIND_SHORT[page.kind]}
    </span>
  );
}

/** A URL's verdicts placed under the load (page) each belongs to (the worker sends the first MAX_PER_SLOT of each, and the counts). */
function Slots({ row, pages }: { row: CacheRowView; pages: CachePage[] }) {
  const bySlot: CacheVerdictData[][] = pages.map(() => []);
  for (const v of row.loads) bySlot[Math.max(0, Math.min(pages.length - 1, v.load.pageIndex))]?.push(v);
  return (
    <>
      {bySlot.map((list, i) => {
        const n = row.slotCounts?.[i] ?? list.length;
        return (
          <span key={i} class="slot" style={{ width: `${SLOT_WIDTH}px` }}>
            {list.slice(0, MAX_PER_SLOT).map((v) => (
              <Chip key={v.id} v={v} />
            ))}
            {n > MAX_PER_SLOT && <span class="muted"> +{n - MAX_PER_SLOT}</span>}
          </span>
        );
      })}
    </>
  );
}

function UrlDetail({ row, pages, onClose }: { row: CacheUrlRow<WordedVerdict>; pages: CachePage[]; onClose(): void }) {
  const store = useStore();
  const f = row.response;
  return (
    <aside class="detail cache-detail" aria-label="Cache details of the selected URL">
      <div class="toolbar detail-tabs">
        <button type="button" class="icon-button" title="Close (Esc)" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
        <span class="mono detail-url" title={row.url}>
          {row.url}
        </span>
      </div>
      <div class="detail-body">
        {f && (
          <dl class="kv">
            <div>
              <dt>Cache-Control</dt>
              <dd>{f.cacheControl ?? '(none)'}</dd>
            </div>
            <div>
              <dt>Freshness lifetime</dt>
              <dd>{lifetimeLabel(row).title}</dd>
            </div>
            <div>
              <dt>Validators</dt>
              <dd>{validatorsLabel(row).title.replace(/\n/g, ' · ')}</dd>
            </div>
            <div>
              <dt>Loads</dt>
              <dd>
                {row.loads.length} ({row.fromCache} from a cache, {row.revalidated} revalidated, {row.network} from the network)
              </dd>
            </div>
          </dl>
        )}
        {row.advice.length > 0 && (
          <section class="explain-section" aria-label="Advice">
            <h3>Advice</h3>
            <ul class="cache-advice">
              {row.advice.map((a, i) => (
                <li key={i}>
                  <span class="advice-mark" aria-hidden="true">
                    ⚑
                  </span>{' '}
                  <CodeText text={a.text} />
                </li>
              ))}
            </ul>
          </section>
        )}
        {row.loads.map((v, i) => {
          const page = pages[v.load.pageIndex];
          return (
            <section key={v.id} class="explain-section cache-load" aria-label={`Load ${i + 1}`}>
              <h3>
                <Chip v={v} /> Load {i + 1}
                {page && <span class="muted"> · page {page.index + 1}, {KIND_TITLE[page.kind]}</span>}
                <button
                  type="button"
                  class="link show-request"
                  title="Select this request in the Requests view"
                  onClick={() => {
                    store.actions.select(v.id);
                    store.view.value = 'requests';
                  }}
                >
                  Show in Requests
                </button>
              </h3>
              <VerdictWords verdict={v} showAdvice={false} />
            </section>
          );
        })}
      </div>
    </aside>
  );
}

function sessionOption(s: SessionInfo): string {
  return `${sessionLabel(s)} — ${new Date(s.startedAt).toLocaleString('en-GB', { hour12: false })}${s.summary ? ` · ${s.summary.requests} requests` : ''}`;
}

function ComparePane() {
  const store = useStore();
  const model = store.cache;
  const c = model.compare;
  const sessions = store.sessions.value;
  const currentId = store.current.value?.id;
  // Defaults: the open session as "after", the session recorded just before it as "before".
  useEffect(() => {
    if (c.afterId.peek() === undefined && currentId !== undefined) c.afterId.value = currentId;
    const afterId = c.afterId.peek();
    if (c.beforeId.peek() === undefined && afterId !== undefined) {
      const after = sessions.find((s) => s.id === afterId);
      const earlier = sessions.filter((s) => after && s.id !== after.id && s.startedAt <= after.startedAt).sort((a, b) => b.startedAt - a.startedAt)[0];
      if (earlier) c.beforeId.value = earlier.id;
    }
  }, [currentId, sessions]);
  const result = c.result.value;
  const pick = (which: 'beforeId' | 'afterId', label: string, title: string) => (
    <label class="compare-pick" title={title}>
      {label}{' '}
      <select value={c[which].value ?? ''} onChange={(e) => (c[which].value = (e.currentTarget as HTMLSelectElement).value || undefined)}>
        <option value="">Choose a session…</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {sessionOption(s)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="compare-view">
      <div class="toolbar compare-toolbar">
        {pick('beforeId', 'Before', 'The first session: a baseline, or a cold load')}
        {pick('afterId', 'After', 'The second session: the change to judge, or the warm load')}
        <button
          type="button"
          title="Swap the two sessions"
          aria-label="Swap sessions"
          onClick={() => {
            const b = c.beforeId.value;
            c.beforeId.value = c.afterId.value;
            c.afterId.value = b;
          }}
        >
          ⇄
        </button>
        <button type="button" class="primary" disabled={c.busy.value || !c.beforeId.value || !c.afterId.value} onClick={() => void model.runCompare()}>
          {c.busy.value ? 'Comparing…' : 'Compare'}
        </button>
        {c.error.value && (
          <span class="error" role="alert">
            {c.error.value}
          </span>
        )}
      </div>
      {sessions.length < 2 && <p class="empty">Record the same page twice (before and after a change, or a cold load and then a warm one) to see what changed and what the cache saved.</p>}
      {result && <CompareResult result={result} sessions={sessions} />}
    </div>
  );
}

function CompareResult({ result: r, sessions }: { result: NonNullable<CacheModel['compare']['result']['value']>; sessions: SessionInfo[] }) {
  const name = (id: string) => {
    const s = sessions.find((x) => x.id === id);
    return s ? sessionLabel(s) : id;
  };
  const side = (label: string, s: typeof r.before) => (
    <tr>
      <th scope="row">{label}</th>
      <td class="num">{s.requests}</td>
      <td class="num">{s.toServer}</td>
      <td class="num">{s.fromCache}</td>
      <td class="num">{s.revalidated}</td>
      <td class="num">{formatBytes(s.transferred) || '0 B'}</td>
      <td class="num">{s.loadMs !== undefined ? formatDuration(s.loadMs) : '–'}</td>
    </tr>
  );
  return (
    <div class="compare-result" aria-label="Comparison">
      <CompareDiff diff={r.diff} beforeId={r.beforeId} afterId={r.afterId} />
      <h3 class="compare-heading">What the cache saved</h3>
      <div class="compare-cards">
        <div class="card" title="Loads of the same URL that the second session answered from a cache, with no request to the server">
          <div class="card-value">{r.requestsAvoided}</div>
          <div class="card-label">requests avoided</div>
        </div>
        <div class="card" title="Second loads answered 304 Not Modified: a request, but the body came from the cache">
          <div class="card-value">{r.bodiesAvoided}</div>
          <div class="card-label">bodies avoided (304)</div>
        </div>
        <div class="card" title="Bytes over the wire the first session spent on these URLs and the second did not">
          <div class="card-value">{formatBytes(r.bytesAvoided) || '0 B'}</div>
          <div class="card-label">bytes avoided</div>
        </div>
        <div class="card" title="Sum over the URLs of how much quicker each second load finished (the loads overlap, so this is more than the page got faster)">
          <div class="card-value">{formatDuration(r.timeAvoidedMs) || '0 ms'}</div>
          <div class="card-label">request time avoided</div>
        </div>
      </div>
      <table class="sessions-table compare-table">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col" class="num">Requests</th>
            <th scope="col" class="num" title="Requests that reached the server: full responses and 304s">To the server</th>
            <th scope="col" class="num">From cache</th>
            <th scope="col" class="num">304</th>
            <th scope="col" class="num">Transferred</th>
            <th scope="col" class="num" title="The first page's load event after its navigation started">Page load</th>
          </tr>
        </thead>
        <tbody>
          {side(`Before: ${name(r.beforeId)}`, r.before)}
          {side(`After: ${name(r.afterId)}`, r.after)}
        </tbody>
      </table>
      <h3 class="compare-heading">
        Not served from cache the second time ({r.notFromCache.length}){r.pairs === 0 && <span class="muted"> — the two sessions share no URL</span>}
      </h3>
      {r.notFromCache.length === 0 ? (
        r.pairs > 0 && <p class="muted">Every URL loaded again came from a cache.</p>
      ) : (
        <table class="sessions-table compare-table not-cached">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {r.notFromCache.map((p: ComparedPair) => (
              <tr key={`${p.after.id}`}>
                <td class="mono" title={p.url}>
                  {formatPath(p.url)}
                </td>
                <td>
                  <Chip v={p.before} />
                </td>
                <td>
                  <Chip v={p.after} />
                </td>
                <td title={plainText([p.after.headline, ...p.after.why].join(' '))}>
                  <CodeText text={p.after.headline} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(r.onlyBefore.length > 0 || r.onlyAfter.length > 0) && (
        <p class="muted">
          {r.onlyBefore.length} URL{r.onlyBefore.length === 1 ? '' : 's'} only before, {r.onlyAfter.length} only after (not compared).
        </p>
      )}
    </div>
  );
}
