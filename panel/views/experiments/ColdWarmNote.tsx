// Beside Compare sessions, when it compares a cold vs warm pair: what the sessions were made under,
// and what emptying the cache did and did not drop (checked against the fixture server's socket log).
import { useStore } from '../../store/store.ts';
import { CLEAR_CACHE_EFFECTS, describeExperiment } from '../../../src/core/experiments.ts';
import { sessionLabel } from '../../../src/core/session.ts';

export function ColdWarmNote() {
  const store = useStore();
  const c = store.cache.compare;
  if (store.view.value !== 'cache' || store.cache.mode.value !== 'compare') return null;
  const sessions = store.sessions.value;
  const before = sessions.find((s) => s.id === c.beforeId.value);
  const after = sessions.find((s) => s.id === c.afterId.value);
  if (!before?.experiment && !after?.experiment) return null;
  return (
    <aside class="cold-warm-note" aria-label="What the compared sessions were made under">
      {[before, after].map((s) =>
        s?.experiment ? (
          <p key={s.id}>
            <strong>{sessionLabel(s)}</strong>: {describeExperiment(s.experiment)}
          </p>
        ) : null,
      )}
      {before?.experiment?.clearCache && <p class="muted">{CLEAR_CACHE_EFFECTS}</p>}
    </aside>
  );
}
