// The CORS view's state: the CORS analysis of the open session (run by the analysis worker,
// following the recorder's version while a view reads it, spaced out while a big session records
// live), the `cors:` filter's tags by request, and the view's own choices (failures only).
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { corsTags, type CorsData } from '../../src/core/analysis/cors/index.ts';
import type { PanelBackend } from '../backend/backend.ts';
import { pacedAnalysis } from './paced-analysis.ts';
import type { SessionLoader } from './session-loader.ts';

export interface CorsModel {
  /** The analysis the worker last sent (plain data); undefined until the first arrives. */
  analysis: ReadonlySignal<CorsData | undefined>;
  running: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
  /** What `cors:` matches, by request id (empty until the analysis arrives). */
  tags: ReadonlySignal<ReadonlyMap<string, readonly string[]>>;
  /** Show only failed requests. */
  failuresOnly: Signal<boolean>;
}

export function createCorsModel(backend: PanelBackend, version: ReadonlySignal<number>, loader: ReadonlySignal<SessionLoader | undefined>): CorsModel {
  const paced = pacedAnalysis(version, loader, async (target) => (await backend.analysis().cors(target.sessionId, target.lastSeq))?.data);
  const tags = computed(() => (paced.result.value ? corsTags(paced.result.value) : new Map<string, readonly string[]>()));
  return { analysis: paced.result, running: paced.running, error: paced.error, tags, failuresOnly: signal(false) };
}
