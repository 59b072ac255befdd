// The Explain tab of the detail pane: plain sentences about one request, with the evidence behind
// each. Each analysis contributes its own section (connection reuse and queueing, cache).
import type { NetworkRequest } from '../../../src/core/records.ts';
import { SOURCE_TITLES, formatDuration } from '../../../src/core/format/index.ts';
import { statusLabel } from '../../store/requests-model.ts';
import { ConnectionExplain } from './ConnectionExplain.tsx';
import { CacheExplain } from './CacheExplain.tsx';
import { CorsExplain } from './CorsExplain.tsx';

/** One sentence on what happened to the request, before the sections that say why. */
function Summary({ request: r }: { request: NetworkRequest }) {
  const outcome = r.failure
    ? `It failed: ${r.failure.errorText}${r.failure.canceled ? ' (canceled)' : ''}.`
    : r.status === undefined
      ? 'No response yet.'
      : `Answered ${statusLabel(r)}${r.statusText ? ` ${r.statusText}` : ''}${r.protocol ? ` over ${r.protocol}` : ''}${r.phases.total !== undefined ? ` in ${formatDuration(r.phases.total)}` : ''}. ${SOURCE_TITLES[r.source]}.`;
  return (
    <section class="explain-section" aria-label="Summary">
      <p>
        <strong>{r.method}</strong> <span class="mono">{r.url}</span>
      </p>
      <p>{outcome}</p>
    </section>
  );
}

export function ExplainTab({ request }: { request: NetworkRequest }) {
  return (
    <div class="explain">
      <Summary request={request} />
      <ConnectionExplain request={request} />
      <CacheExplain request={request} />
      <CorsExplain request={request} />
    </div>
  );
}
