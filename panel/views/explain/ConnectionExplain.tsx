// Connection reuse, set-up cost and queueing of one request: the socket-pool analysis's sentences,
// with the figures behind them and links to the requests they name.
import type { NetworkRequest } from '../../../src/core/records.ts';
import type { Sentence } from '../../../src/core/analysis/pools/index.ts';
import { useStore } from '../../store/store.ts';

const HEADINGS: Record<Sentence['topic'], string> = {
  trust: 'Connection ids',
  reuse: 'Socket',
  close: 'Socket',
  queue: 'Waiting for a socket',
  preflight: 'Before the network stack',
  protocol: 'Protocol',
  pattern: 'Pattern',
  pool: 'Pool',
};

export function ConnectionExplain({ request }: { request: NetworkRequest }) {
  const store = useStore();
  const rec = store.loader.value ? store.records : undefined;
  // Written by the analysis worker for this request alone.
  const explanation = store.explanation.result.value;
  if (!rec) return null;
  if (!explanation)
    return store.explanation.running.value ? (
      <section class="explain-section connection-explain-pending" aria-label="Connection" aria-busy="true">
        <h3>Connection</h3>
        <p class="muted">Analysing…</p>
      </section>
    ) : null;
  const byId = (id: string) => rec.request(id);
  const sentences = explanation.connection;
  if (sentences.length === 0) return null;
  const onSocket = explanation.onSocket;
  return (
    <section class="explain-section connection-explain" aria-label="Connection">
      <h3>
        Connection
        {onSocket && (
          <button
            type="button"
            class="link explain-jump"
            title="Show this request on its connection's lane in the Connections view"
            onClick={() => (store.view.value = 'connections')}
          >
            Show in Connections
          </button>
        )}
      </h3>
      {sentences.map((s, i) => (
        <div key={i} class={`explain-sentence topic-${s.topic}`}>
          <p>
            <span class="visually-hidden">{HEADINGS[s.topic]}: </span>
            {s.text}
          </p>
          {s.related && s.related.length > 0 && (
            <p class="evidence related">
              {s.related.slice(0, 12).map((id) => {
                const r = byId(id);
                if (!r) return null;
                return (
                  <button key={id} type="button" class="link" title={`Select request #${r.index + 1}: ${r.url}`} onClick={() => store.actions.select(id)}>
                    #{r.index + 1}
                  </button>
                );
              })}
            </p>
          )}
          {s.evidence && <p class="evidence">{s.evidence}</p>}
        </div>
      ))}
    </section>
  );
}
