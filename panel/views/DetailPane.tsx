// The detail pane of one request: headers (raw where known), timing phases, redirect chain and
// initiator, with Copy URL and Copy as cURL.
import { useState } from 'preact/hooks';
import type { Header, NetworkRequest } from '../../src/core/records.ts';
import { toCurl } from '../../src/core/export/curl.ts';
import { useStore } from '../store/store.ts';
import { TimingTable } from '../components/Waterfall.tsx';
import { ExplainTab } from './explain/ExplainTab.tsx';
import { BodyTab } from './body/BodyTab.tsx';
import { PreflightPartner } from './cors/PreflightPartner.tsx';
import { SOURCE_LABELS, SOURCE_TITLES, formatBytes, formatDuration } from '../../src/core/format/index.ts';
import { statusLabel } from '../store/requests-model.ts';

type Tab = 'explain' | 'headers' | 'body' | 'timing' | 'initiator';

export function DetailPane({ request, onClose }: { request: NetworkRequest; onClose(): void }) {
  const store = useStore();
  const [tab, setTab] = useState<Tab>('explain');
  const copy = async (what: string, text: string) => {
    await store.backend.copyText(text);
    store.notice.value = `Copied ${what}.`;
  };
  const tabs: { id: Tab; label: string }[] = [
    { id: 'explain', label: 'Explain' },
    { id: 'headers', label: 'Headers' },
    { id: 'body', label: 'Body' },
    { id: 'timing', label: 'Timing' },
    { id: 'initiator', label: 'Initiator & redirects' },
  ];
  return (
    <aside class="detail" aria-label="Request details">
      <div class="toolbar detail-tabs" role="tablist">
        <button type="button" class="icon-button" title="Close (Esc)" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} class={`tab ${tab === t.id ? 'active' : ''}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
        <span class="spacer" />
        <button type="button" title="Copy the full URL" onClick={() => void copy('the URL', request.url)}>
          Copy URL
        </button>
        <button type="button" title="Copy a curl command that repeats this request (bash quoting)" onClick={() => void copy('as cURL', toCurl(request))}>
          Copy as cURL
        </button>
      </div>
      <div class="detail-body" role="tabpanel">
        {tab === 'explain' && <ExplainTab request={request} />}
        {tab === 'headers' && <HeadersTab request={request} />}
        {tab === 'body' && <BodyTab request={request} />}
        {tab === 'timing' && <TimingTab request={request} />}
        {tab === 'initiator' && <InitiatorTab request={request} />}
      </div>
    </aside>
  );
}

function Section({ title, children, note }: { title: string; note?: string; children: preact.ComponentChildren }) {
  return (
    <details open class="section">
      <summary>
        {title}
        {note && <span class="note"> {note}</span>}
      </summary>
      {children}
    </details>
  );
}

function KeyValues({ rows }: { rows: [string, string | number | undefined][] }) {
  return (
    <dl class="kv">
      {rows
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
    </dl>
  );
}

function HeaderList({ headers }: { headers: Header[] }) {
  if (headers.length === 0) return <p class="muted">None recorded.</p>;
  return (
    <dl class="kv headers">
      {headers.map((h, i) => (
        <div key={`${h.name}-${i}`}>
          <dt>{h.name}</dt>
          <dd>{h.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function HeadersTab({ request: r }: { request: NetworkRequest }) {
  return (
    <>
      <Section title="General">
        <KeyValues
          rows={[
            ['Request URL', r.url],
            ['Request method', r.method],
            ['Status code', `${statusLabel(r)}${r.statusText ? ` ${r.statusText}` : ''}`],
            ['Source', `${SOURCE_LABELS[r.source]}: ${SOURCE_TITLES[r.source]}`],
            ['Remote address', r.remoteIPAddress ? `${r.remoteIPAddress}:${r.remotePort ?? ''}` : undefined],
            ['Protocol', r.protocol],
            ['Connection', r.connectionId ? `#${r.connectionId} (${r.connectionReused ? 'reused' : 'new'})` : undefined],
            ['Resource type', r.resourceType],
            ['Priority', r.priority && r.initialPriority && r.priority !== r.initialPriority ? `${r.priority} (was ${r.initialPriority})` : r.priority],
            ['Transferred', r.transferSize !== undefined ? `${formatBytes(r.transferSize)} (${r.transferSize.toLocaleString('en-US')} B)` : undefined],
            ['Body (decoded)', r.decodedBodySize ? formatBytes(r.decodedBodySize) : undefined],
            ['Error', r.failure ? `${r.failure.errorText}${r.failure.blockedReason ? ` (blocked: ${r.failure.blockedReason})` : ''}${r.failure.corsError ? ` (CORS: ${r.failure.corsError.corsError})` : ''}` : undefined],
          ]}
        />
      </Section>
      <Section title="Response headers" note={r.responseHeadersRaw ? '(raw, as received)' : '(as reported; raw headers were not available)'}>
        <HeaderList headers={r.responseHeaders} />
      </Section>
      <Section title="Request headers" note={r.requestHeadersRaw ? '(raw, as sent)' : '(provisional: what the page asked for; the raw headers sent were not reported)'}>
        <HeaderList headers={r.requestHeaders} />
      </Section>
      {r.postData !== undefined && (
        <Section title="Request body">
          <pre class="body">{r.postData}</pre>
        </Section>
      )}
    </>
  );
}

function TimingTab({ request: r }: { request: NetworkRequest }) {
  if (!r.timing && r.phases.total === undefined) return <p class="muted">No timing: {r.source === 'memory-cache' ? 'served from the memory cache, nothing went to the network.' : 'the request has not finished.'}</p>;
  return (
    <>
      <TimingTable request={r} />
      <p class="muted">
        Queued at {new Date(r.issuedWall).toISOString().slice(11, 23)} UTC
        {r.connectionId ? `; on connection #${r.connectionId}, ${r.connectionReused ? 'reused (no DNS, TCP or TLS cost)' : 'a new connection'}` : ''}.
      </p>
      {r.appliedNetworkConditionsId !== undefined && (
        <p class="throttled-note">
          Throttled by emulated network conditions (rule {r.appliedNetworkConditionsId}): the latency is added between the request being sent and its response headers
          being handed on (it shows in “Waiting”), and the body is paced to the throughput. DNS, connection and TLS set-up are not slowed.
        </p>
      )}
    </>
  );
}

function InitiatorTab({ request: r }: { request: NetworkRequest }) {
  const store = useStore();
  const chain: NetworkRequest[] = [];
  const rec = store.records;
  let first: NetworkRequest | undefined = r;
  while (first?.redirectFrom && rec) first = rec.request(first.redirectFrom);
  for (let hop = first; hop && chain.length < 50; hop = hop.redirectTo && rec ? rec.request(hop.redirectTo) : undefined) chain.push(hop);
  const init = r.initiator;
  const frames = init?.stack?.callFrames ?? [];
  return (
    <>
      <Section title="Initiator">
        <KeyValues
          rows={[
            ['Type', init?.type],
            ['URL', init?.url],
            ['Line', init?.lineNumber !== undefined ? init.lineNumber + 1 : undefined],
            ['Request', init?.requestId ? `${init.type === 'preflight' ? 'preflight for ' : ''}${init.requestId}` : undefined],
          ]}
        />
        <PreflightPartner request={r} />
        {frames.length > 0 && (
          <ol class="stack">
            {frames.slice(0, 20).map((f, i) => (
              <li key={i}>
                {f.functionName || '(anonymous)'} @ {f.url}:{f.lineNumber + 1}
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title="Redirect chain" note={chain.length > 1 ? `(${chain.length} hops)` : '(none)'}>
        <ol class="redirects">
          {chain.map((hop) => (
            <li key={hop.id} class={hop.id === r.id ? 'current' : ''}>
              <button type="button" class="link" onClick={() => store.actions.select(hop.id)} title={hop.url}>
                {statusLabel(hop)} {hop.url}
              </button>
              <span class="muted"> {formatDuration(hop.phases.total)}</span>
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}
