// The CORS view: cross-origin requests grouped by the origin they went to, failures first, each
// with its class, the preflight beside it, the headers that made the preflight necessary
// highlighted, the preflight-cache hit or miss with its reason, the failure with its fix, and per
// origin the totals (preflights, their round trips and milliseconds) and what a longer
// Access-Control-Max-Age would have saved. Selecting a row selects the request everywhere.
import type { CorsData, CorsOriginTotals, CorsRequest, PreflightCause } from '../../src/core/analysis/cors/index.ts';
import type { NetworkRequest } from '../../src/core/records.ts';
import { CodeText } from '../components/CodeText.tsx';
import { explainIssueWithoutRequest } from '../../src/core/analysis/cors/explain.ts';
import { formatDuration as formatMs, formatPath as displayPath } from '../../src/core/format/index.ts';
import { useStore } from '../store/store.ts';

/** Rows drawn per origin; the rest are counted (the Requests table's `cors:` filter lists them all). */
const MAX_ROWS = 300;

const CLASS_LABEL: Record<CorsRequest['class'], string> = {
  failed: 'failed',
  preflighted: 'preflighted',
  simple: 'simple',
  'no-cors': 'no-cors',
  'same-origin': 'same-origin',
  navigation: 'navigation',
};

const rank = (c: CorsRequest) => (c.class === 'failed' ? 0 : c.class === 'preflighted' ? 1 : c.class === 'simple' ? 2 : 3);

function causeLabel(c: PreflightCause): string {
  switch (c.kind) {
    case 'method':
      return c.method;
    case 'header':
      return c.name;
    case 'header-value':
      return `${c.name}: ${c.why === 'content-type' ? (c.value ?? 'value') : c.why}`;
    case 'not-visible':
      return 'not visible in the protocol';
  }
}

function cacheLabel(c: CorsRequest): { text: string; cls: string } | undefined {
  const v = c.cache;
  if (!v) return undefined;
  if (v.kind === 'hit') return { text: v.beforeRecording ? 'cache hit (from before recording)' : `cache hit, ${Math.round(v.leftS ?? 0)} s left`, cls: 'cors-hit' };
  if (v.kind === 'miss') return { text: `cache miss: ${v.reason}`, cls: 'cors-miss' };
  return undefined;
}

export function CorsView() {
  const store = useStore();
  const model = store.cors;
  const d = model.analysis.value;
  const rec = store.records;
  if (!store.loader.value) return <p class="empty">Open or record a session to see its CORS requests.</p>;
  if (!d) return <p class="empty">{model.error.value ?? (model.running.value ? 'Analysing CORS…' : 'No CORS analysis yet.')}</p>;
  const cross = d.requests.filter((c) => c.class !== 'same-origin' && c.class !== 'navigation' && (!model.failuresOnly.value || c.class === 'failed'));
  return (
    <div class="cors-view">
      <div class="toolbar cors-toolbar">
        <span class="count">
          {cross.length.toLocaleString('en-US')} cross-origin requests · {d.pairing.pairs.length.toLocaleString('en-US')} preflights
          {d.unpaired.length > 0 ? ` · ${d.unpaired.length} unpaired` : ''}
        </span>
        <label>
          <input type="checkbox" checked={model.failuresOnly.value} onChange={(e) => (model.failuresOnly.value = (e.currentTarget as HTMLInputElement).checked)} /> Failures only
        </label>
        {model.running.value && <span class="running">Analysing…</span>}
      </div>
      {d.withoutRequest && d.withoutRequest.length > 0 && (
        <section class="cors-origin cors-refused-early" aria-label="Refused before any request">
          <h3>Refused before any request was sent</h3>
          <p class="cors-totals">
            <span class="total cors-failed" title="Chromium refused these in the page (for example a fetch with mode: 'same-origin' to another origin): the Network domain reports nothing for them, only the Audits issue says so">
              {d.withoutRequest.length} failed
            </span>
          </p>
          <ul class="cors-early-list">
            {d.withoutRequest.map((i, n) => (
              <li key={n}>
                <CodeText text={explainIssueWithoutRequest(i)} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {cross.length === 0 ? (
        <p class="empty">No cross-origin request in this session{d.withoutRequest?.length ? ' reached the network' : ''}.</p>
      ) : (
        <div class="cors-groups">
          {d.origins.map((o) => (
            <OriginGroup key={o.origin} totals={o} rows={cross.filter((c) => c.target === o.origin).sort((a, b) => rank(a) - rank(b))} d={d} byId={(id) => rec?.request(id)} />
          ))}
        </div>
      )}
    </div>
  );
}

function OriginGroup({ totals: o, rows, d, byId }: { totals: CorsOriginTotals; rows: CorsRequest[]; d: CorsData; byId: (id: string) => NetworkRequest | undefined }) {
  if (rows.length === 0) return null;
  return (
    <section class="cors-origin" aria-label={o.origin}>
      <h3>
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
      <ul class="cors-rows">
        {rows.slice(0, MAX_ROWS).map((c) => (
          <CorsRow key={c.id} c={c} d={d} byId={byId} />
        ))}
      </ul>
      {rows.length > MAX_ROWS && <p class="note">…and {rows.length - MAX_ROWS} more (filter the Requests table with cors:)</p>}
    </section>
  );
}

function CorsRow({ c, byId }: { c: CorsRequest; d: CorsData; byId: (id: string) => NetworkRequest | undefined }) {
  const store = useStore();
  const r = byId(c.id);
  if (!r) return null;
  const selected = store.selectedId.value === c.id;
  const pf = c.preflightIds.length ? byId(c.preflightIds.at(-1)!) : undefined;
  const cache = cacheLabel(c);
  return (
    <li class={`cors-row cors-${c.class} ${selected ? 'selected' : ''}`} aria-selected={selected}>
      <button type="button" class="cors-main" onClick={() => store.actions.select(c.id)} title={r.url}>
        <span class="num">#{r.index + 1}</span> <span class="method">{r.method}</span> <span class="path">{displayPath(r.url)}</span>{' '}
        <span class={`badge cors-class-${c.class}`}>{CLASS_LABEL[c.class]}</span>
        {c.originNull && <span class="badge" title="After a redirect to another origin the request carries Origin: null">Origin: null</span>}
      </button>
      {pf && (
        <button type="button" class="link cors-preflight" title="Select the preflight" onClick={() => store.actions.select(pf.id)}>
          ⇠ preflight #{pf.index + 1} OPTIONS {pf.status ?? '—'}
          {c.time?.delayMs !== undefined ? ` · delayed ${formatMs(c.time.delayMs)}` : ''}
        </button>
      )}
      {c.causes.length > 0 && (
        <span class="cors-causes" aria-label="What needs a preflight">
          {c.causes.map((x, i) => (
            <mark key={i} class="cors-cause">
              {causeLabel(x)}
            </mark>
          ))}
        </span>
      )}
      {cache && <span class={`badge ${cache.cls}`}>{cache.text}</span>}
      {c.failure && (
        <p class="cors-failure">
          <strong>{c.failure.error}</strong>: <CodeText text={c.failure.sentence} /> <span class="cors-fix">Fix: <CodeText text={c.failure.fix} /></span>
        </p>
      )}
    </li>
  );
}
