// Timing bars: the compact one in the Requests table, and the phase-by-phase one in the detail
// pane, in DevTools' phase colours.
import type { NetworkRequest, TimingPhases } from '../../src/core/records.ts';
import { formatDuration } from '../../src/core/format/index.ts';

export const PHASES: { key: keyof TimingPhases; label: string; tip: string }[] = [
  { key: 'queueing', label: 'Queueing', tip: 'Waiting in the renderer before the network stack took the request (priorities, render-blocking work).' },
  { key: 'stalled', label: 'Stalled', tip: 'In the network stack, waiting before DNS, connect or send: usually for a free socket in the origin pool (6 per host on HTTP/1.1).' },
  { key: 'proxy', label: 'Proxy negotiation', tip: 'Negotiating with a proxy server.' },
  { key: 'dns', label: 'DNS lookup', tip: 'Resolving the host name. Absent on a reused socket or a cached lookup.' },
  { key: 'connect', label: 'Initial connection', tip: 'TCP handshake (one round trip), including TLS below. Absent on a reused socket.' },
  { key: 'tls', label: 'SSL', tip: 'TLS handshake (one or two round trips), part of the initial connection.' },
  { key: 'serviceWorker', label: 'ServiceWorker startup', tip: 'Starting the service worker that handled this request.' },
  { key: 'serviceWorkerFetch', label: 'ServiceWorker respondWith', tip: "The service worker's fetch handler." },
  { key: 'send', label: 'Request sent', tip: 'Writing the request to the socket.' },
  { key: 'wait', label: 'Waiting for server response', tip: 'Time to first byte: one round trip plus the server think time.' },
  { key: 'receive', label: 'Content Download', tip: 'Receiving the response body.' },
];

export function WaterfallBar({ request, start, end }: { request: NetworkRequest; start: number; end: number }) {
  const span = end - start || 1;
  const pct = (t: number) => `${(((t - start) / span) * 100).toFixed(3)}%`;
  const w = (a: number, b: number) => `${Math.max(0.15, ((b - a) / span) * 100).toFixed(3)}%`;
  const issued = request.issuedAt;
  const response = request.responseAt ?? request.endedAt ?? issued;
  const ended = request.endedAt ?? response;
  const t = request.timing;
  const base = request.startedAt;
  // Before the request was sent: queued and stalled (grey), with the socket set-up (orange) when
  // this request opened a new connection.
  const sent = t && base !== undefined && t.sendStart >= 0 ? base + t.sendStart : undefined;
  const setupStart = t && base !== undefined && t.dnsStart >= 0 ? base + t.dnsStart : t && base !== undefined && t.connectStart >= 0 ? base + t.connectStart : undefined;
  const setupEnd = t && base !== undefined && t.connectEnd >= 0 ? base + t.connectEnd : t && base !== undefined && t.dnsEnd >= 0 ? base + t.dnsEnd : undefined;
  const p = request.phases;
  const title =
    `Queued at ${formatDuration(issued - start)}; ` +
    (p.stalled !== undefined || p.queueing !== undefined ? `waited ${formatDuration((p.queueing ?? 0) + (p.stalled ?? 0))} before sending; ` : '') +
    (p.connect !== undefined ? `new connection ${formatDuration((p.dns ?? 0) + p.connect)}; ` : '') +
    (p.wait !== undefined ? `waited ${formatDuration(p.wait)} for the server; ` : '') +
    `done at ${formatDuration(ended - start)} (total ${formatDuration(p.total)})`;
  return (
    <div class="wf" title={title}>
      {sent !== undefined && <span class="wf-queue" style={{ left: pct(issued), width: w(issued, sent) }} />}
      {setupStart !== undefined && setupEnd !== undefined && <span class="wf-setup" style={{ left: pct(setupStart), width: w(setupStart, setupEnd) }} />}
      <span class="wf-wait" style={{ left: pct(sent ?? issued), width: w(sent ?? issued, response) }} />
      <span class="wf-receive" style={{ left: pct(response), width: w(response, ended) }} />
    </div>
  );
}

/** Phase rows with bars on the request's own time axis. */
export function TimingTable({ request }: { request: NetworkRequest }) {
  const p = request.phases;
  const total = p.total ?? PHASES.reduce((s, ph) => s + (ph.key === 'tls' ? 0 : p[ph.key] ?? 0), 0);
  let offset = 0;
  const rows = PHASES.filter((ph) => p[ph.key] !== undefined).map((ph) => {
    const value = p[ph.key]!;
    // TLS happens inside the initial connection: draw it there, not after it.
    const at = ph.key === 'tls' ? offset - value : offset;
    if (ph.key !== 'tls') offset += value;
    return { ...ph, value, at };
  });
  const scale = (v: number) => `${((v / (total || 1)) * 100).toFixed(2)}%`;
  return (
    <table class="timing-table">
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} title={r.tip}>
            <th scope="row">{r.label}</th>
            <td class="timing-bar-cell">
              <span class={`timing-bar phase-${r.key}`} style={{ marginLeft: scale(Math.max(0, r.at)), width: scale(Math.max(r.value, total / 500)) }} />
            </td>
            <td class="num">{formatDuration(r.value)}</td>
          </tr>
        ))}
        <tr class="timing-total">
          <th scope="row">Total</th>
          <td />
          <td class="num">{formatDuration(p.total)}</td>
        </tr>
      </tbody>
    </table>
  );
}
