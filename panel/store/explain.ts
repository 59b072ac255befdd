// The Explain tab's model: the selected request's explanation, written by the analysis worker
// (where the records and analyses are) and sent alone, so selecting a request never brings a whole
// analysis over to the panel. Asked for only while the tab reads it; the latest selection wins.
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { AnalysisService, Explanation } from '../workers/analysis-service.ts';
import type { AnalysisTarget } from './paced-analysis.ts';

export interface ExplainModel {
  /** The selected request's explanation; undefined until it arrives (or with no selection). */
  result: ReadonlySignal<Explanation | undefined>;
  /** An explanation is on its way. */
  running: ReadonlySignal<boolean>;
}

export function createExplainModel(version: ReadonlySignal<number>, loader: ReadonlySignal<AnalysisTarget | undefined>, selectedId: ReadonlySignal<string | undefined>, service: () => AnalysisService): ExplainModel {
  const shown = signal<{ loader: AnalysisTarget; version: number; value: Explanation } | undefined>(undefined);
  const running = signal(false);
  let inFlight = false;
  let wanted: { loader: AnalysisTarget; id: string; version: number } | undefined;
  let served: typeof wanted;

  const ask = () => {
    const w = wanted;
    if (!w || inFlight || (served && served.loader === w.loader && served.id === w.id && served.version === w.version)) return;
    inFlight = true;
    running.value = true;
    service()
      .explain(w.loader.sessionId, w.loader.lastSeq, w.id)
      .then(
        (value) => {
          served = w;
          if (value && loader.peek() === w.loader && selectedId.peek() === w.id) shown.value = { loader: w.loader, version: w.version, value };
        },
        () => {
          served = w;
        },
      )
      .finally(() => {
        inFlight = false;
        running.value = false;
        ask();
      });
  };

  const result = computed(() => {
    const v = version.value;
    const l = loader.value;
    const id = selectedId.value;
    const s = shown.value;
    if (l && id !== undefined)
      queueMicrotask(() => {
        wanted = { loader: l, id, version: v };
        ask();
      });
    return s && s.loader === l && s.value.hopId === id ? s.value : undefined;
  });
  return { result, running };
}
