// The CORS section of the Explain tab: the request's class, why its preflight fired, what the server
// allowed, the preflight cache, a failure with its fix, and the time the preflight cost. The
// sentences come from the CORS analysis (src/core/analysis/cors), written by the analysis worker.
import type { NetworkRequest } from '../../../src/core/records.ts';
import { CodeText } from '../../components/CodeText.tsx';
import { useStore } from '../../store/store.ts';

export function CorsExplain({ request }: { request: NetworkRequest }) {
  const explanation = useStore().explanation.result.value;
  const lines = explanation?.hopId === request.id ? explanation.cors : undefined;
  if (!lines || lines.length === 0) return null;
  return (
    <section class="explain-section cors-explain" aria-label="CORS">
      <h3>CORS</h3>
      {lines.map((s, i) => (
        <p key={i} class={s.startsWith('Fix: ') ? 'cors-fix' : s.startsWith('CORS failure') ? 'cors-failure' : undefined}>
          <CodeText text={s} />
        </p>
      ))}
    </section>
  );
}
