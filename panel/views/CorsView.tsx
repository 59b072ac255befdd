// The CORS view: cross-origin requests grouped by the origin they went to, failures first, each
// with its class, the preflight beside it, the headers that made the preflight necessary
// highlighted, the preflight-cache hit or miss with its reason, the failure with its fix, and per
// origin the totals (preflights, their round trips and milliseconds) and what a longer
// Access-Control-Max-Age would have saved. Selecting a row selects the request everywhere. The
// analysis worker sends only what is drawn (panel/workers/cors-window.ts): each group its first
// rows until "Show" asks for more, groups after the first dozen folded, so a switch stays quick.
import type { CorsGroupView, CorsRowView } from '../workers/cors-window.ts';
import { MAX_ROWS } from '../workers/cors-window.ts';
import { CodeText } from '../components/CodeText.tsx';
import { formatDuration as formatMs, formatPath as displayPath } from '../../src/core/format/index.ts';
import { useStore } from '../store/store.ts';

const CLASS_LABEL: Record<CorsRowView['class'], string> = {
  failed: 'failed',
  preflighted: 'preflighted',
  simple: 'simple',
  'no-cors': 'no-cors',
  'same-origin': 'same-origin',
  navigation: 'navigation',
};

export function CorsView() {
  const store = useStore();
  const model = store.cors;
  const w = model.window.value;
  if (!store.loader.value) return <p class="empty">Open or record a session to see its CORS requests.</p>;
  if (!w) return <p class="empty">{model.error.value ?? (model.running.value ? 'Analysing CORS…' : 'No CORS analysis yet.')}</p>;
  return (
    <div class="cors-view">
      <div class="toolbar cors-toolbar">
        <span class="count">
          {w.cross.toLocaleString('en-US')} cross-origin requests · {w.preflights.toLocaleString('en-US')} preflights
          {w.unpaired > 0 ? ` · ${w.unpaired} unpaired` : ''}
        </span>
        <label>
          <input type="checkbox" checked={model.failuresOnly.value} onChange={(e) => (model.failuresOnly.value = (e.currentTarget as HTMLInputElement).checked)} /> Failures only
        </label>
        {model.running.value && <span class="running">Analysing…</span>}
      </div>
      {w.withoutRequest.length > 0 && (
        <section class="cors-origin cors-refused-early" aria-label="Refused before any request">
          <h3>Refused before any request was sent</h3>
          <p class="cors-totals">
            <span class="total cors-failed" title="Chromium refused these in the page (for example a fetch with mode: 'same-origin' to another origin): the Network domain reports nothing for them, only the Audits issue says so">
              {w.withoutRequest.length} failed
            </span>
          </p>
          <ul class="cors-early-list">
            {w.withoutRequest.map((text, n) => (
              <li key={n}>
                <CodeText text={text} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {w.cross === 0 ? (
        <p class="empty">No cross-origin request in this session{w.withoutRequest.length ? ' reached the network' : ''}.</p>
      ) : (
        <div class="cors-groups">
          {w.groups.map((g) => (
            <OriginGroup key={g.totals.origin} g={g} />
          ))}
        </div>
      )}
    </div>
  );
}

function OriginGroup({ g }: { g: CorsGroupView }) {
  const store = useStore();
  const o = g.totals;
  const more = g.rowCount - g.rows.length;
  return (
    <section class={`cors-origin ${g.folded ? 'folded' : ''}`} aria-label={o.origin}>
      <h3>
        <button type="button" class="cors-fold" aria-expanded={!g.folded} title={g.folded ? 'Show this origin’s requests' : 'Fold this origin to its totals'} onClick={() => store.cors.toggle(o.origin, !g.folded)}>
          {g.folded ? '▸' : '▾'}
        </button>{' '}
        {o.origin} <span class="note">{o.requests} requests</span>
      </h3>
      <p class="cors-totals">
        {o.failures > 0 && <span class="total cors-failed">{o.failures} failed</span>}
        <span class="total">
          {o.preflights} preflight{o.preflights === 1 ? '' : 's'} · {formatMs(o.preflightMs)} · delayed requests {formatMs(o.delayMs)}
        </span>
        <span class="total">
          cache {o.hits} hit{o.hits === 1 ? '' : 's'}, {o.misses} miss{o.misses === 1 ? '' : 'es'}
        </span>
        {o.saving.preflights > 0 && (
          <span class="total cors-saving" title="Preflights whose cached answer had expired (or was never kept): Access-Control-Max-Age: 7200 would have let the browser reuse it">
            Access-Control-Max-Age: 7200 would have saved {o.saving.preflights} preflight{o.saving.preflights === 1 ? '' : 's'} ({formatMs(o.saving.ms)})
          </span>
        )}
      </p>
      {!g.folded && (
        <ul class="cors-rows">
          {g.rows.map((c) => (
            <CorsRow key={c.id} c={c} />
          ))}
        </ul>
      )}
      {!g.folded && more > 0 && (
        <p class="note">
          …and {more.toLocaleString('en-US')} more{' '}
          {g.showingAll || g.rows.length >= MAX_ROWS ? (
            '(filter the Requests table with cors:)'
          ) : (
            <button type="button" class="link cors-show-all" title={`Show up to ${MAX_ROWS} of this origin’s requests here; the Requests table’s cors: filter lists them all`} onClick={() => store.cors.showAll(o.origin)}>
              Show {Math.min(g.rowCount, MAX_ROWS).toLocaleString('en-US')}
            </button>
          )}
        </p>
      )}
    </section>
  );
}

function CorsRow({ c }: { c: CorsRowView }) {
  const store = useStore();
  const selected = store.selectedId.value === c.id;
  const pf = c.preflight;
  const num = (i: number | undefined) => (i === undefined ? '?' : String(i + 1));
  return (
    <li class={`cors-row cors-${c.class} ${selected ? 'selected' : ''}`} aria-selected={selected}>
      <button type="button" class="cors-main" onClick={() => store.actions.select(c.id)} title={c.url}>
        <span class="num">#{num(c.index)}</span> <span class="method">{c.method}</span> <span class="path">{displayPath(c.url)}</span>{' '}
        <span class={`badge cors-class-${c.class}`}>{CLASS_LABEL[c.class]}</span>
        {c.originNull && <span class="badge" title="After a redirect to another origin the request carries Origin: null">Origin: null</span>}
      </button>
      {pf && (
        <button type="button" class="link cors-preflight" title="Select the preflight" onClick={() => store.actions.select(pf.id)}>
          ⇠ preflight #{num(pf.index)} OPTIONS {pf.status ?? '—'}
          {pf.delayMs !== undefined ? ` · delayed ${formatMs(pf.delayMs)}` : ''}
        </button>
      )}
      {c.causes.length > 0 && (
        <span class="cors-causes" aria-label="What needs a preflight">
          {c.causes.map((x, i) => (
            <mark key={i} class="cors-cause">
              {x}
            </mark>
          ))}
        </span>
      )}
      {c.cache && <span class={`badge ${c.cache.cls}`}>{c.cache.text}</span>}
      {c.failure && (
        <p class="cors-failure">
          <strong>{c.failure.error}</strong>: <CodeText text={c.failure.sentence} /> <span class="cors-fix">Fix: <CodeText text={c.failure.fix} /></span>
        </p>
      )}
    </li>
  );
}
