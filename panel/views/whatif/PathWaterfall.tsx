// The critical path of a simulated load drawn as an inert waterfall: one row per request of the
// chain, its connection set-up, its wait for a socket and its request and download as bars on one
// time axis (CSS widths in %, no script, text only from the model's plain data).
import type { PathStep } from '../../../src/core/whatif/index.ts';
import { formatDuration, formatPath } from '../../../src/core/format/index.ts';

const KIND: Record<PathStep['kind'], string> = {
  root: 'first request',
  redirect: 'after a redirect',
  preflight: 'after its preflight',
  parser: 'found by the parser',
  'blocking-script': 'after a blocking script',
  script: 'made by a script',
  callback: 'in a callback',
};

export function PathWaterfall({ steps, spanMs, label }: { steps: readonly PathStep[]; spanMs: number; label: string }) {
  const span = Math.max(1, spanMs);
  const pct = (ms: number) => `${Math.max(0, Math.min(100, (ms / span) * 100)).toFixed(2)}%`;
  const w = (a: number, b: number) => `${Math.max(0.3, ((Math.max(0, b - a)) / span) * 100).toFixed(2)}%`;
  return (
    <ol class="whatif-path" aria-label={label}>
      {steps.map((s) => {
        // Set-up first (a request that opened a connection), then any wait for one, then the request.
        const sent = Math.min(s.responseMs, s.startMs + s.setupMs + s.waitMs);
        const title = `#${s.number} ${KIND[s.kind]}: starts ${formatDuration(s.startMs) || '0 ms'}` + (s.setupMs > 0.5 ? `, connection set-up ${formatDuration(s.setupMs)}` : '') + (s.waitMs > 0.5 ? `, waits ${formatDuration(s.waitMs)} for a connection` : '') + `, first byte ${formatDuration(s.responseMs)}, done ${formatDuration(s.endMs)}`;
        return (
          <li key={s.id} class="whatif-step" title={title}>
            <span class="whatif-step-label">
              #{s.number} {formatPath(s.url, { query: false, max: 48 })} <span class="note">{KIND[s.kind]}</span>
            </span>
            <span class="whatif-track">
              {s.setupMs > 0.5 && <span class="whatif-bar setup" style={{ left: pct(s.startMs), width: w(0, s.setupMs) }} />}
              {s.waitMs > 0.5 && <span class="whatif-bar wait" style={{ left: pct(s.startMs + s.setupMs), width: w(0, s.waitMs) }} />}
              <span class="whatif-bar request" style={{ left: pct(sent), width: w(sent, s.responseMs) }} />
              <span class="whatif-bar download" style={{ left: pct(s.responseMs), width: w(s.responseMs, s.endMs) }} />
            </span>
            <span class="whatif-step-end">{formatDuration(s.endMs) || '0 ms'}</span>
          </li>
        );
      })}
    </ol>
  );
}
