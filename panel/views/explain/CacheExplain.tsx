// The Cache section of the Explain tab: where the response came from and why, by the HTTP caching
// rules, with the advice that applies. The words come from the cache analysis (src/core).
import type { NetworkRequest } from '../../../src/core/records.ts';
import type { CacheVerdictData } from '../../../src/core/analysis/cache/index.ts';
import { CodeText } from '../../components/CodeText.tsx';
import { useStore } from '../../store/store.ts';

export function CacheExplain({ request }: { request: NetworkRequest }) {
  // Written by the analysis worker for this request alone (the Connection section's answer too).
  const explanation = useStore().explanation.result.value;
  const cache = explanation?.hopId === request.id ? explanation.cache : undefined;
  if (!cache) return null;
  return (
    <section class="explain-section cache-explain" aria-label="Cache">
      <h3>Cache</h3>
      <VerdictWords verdict={cache.verdict} words={cache} />
    </section>
  );
}

/** A verdict's headline, its reasoning and its advice (shared with the Cache view's detail). */
export function VerdictWords({ verdict: v, showAdvice = true, words }: { verdict: CacheVerdictData; showAdvice?: boolean; words?: { headline: string; why: string[] } }) {
  const cache = useStore().cache;
  const { headline, why } = words ?? cache.words(v);
  return (
    <>
      <p class="cache-headline">
        <CodeText text={headline} />
      </p>
      {why.length > 0 && (
        <ul class="cache-why">
          {why.map((s, i) => (
            <li key={i}>
              <CodeText text={s} />
            </li>
          ))}
        </ul>
      )}
      {showAdvice && v.advice.length > 0 && (
        <ul class="cache-advice" aria-label="Advice">
          {v.advice.map((a) => (
            <li key={a.code}>
              <span class="advice-mark" aria-hidden="true">
                ⚑
              </span>{' '}
              <CodeText text={a.text} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
