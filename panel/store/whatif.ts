// The What-if view's state: the model's estimates of the open session's first page load, computed
// by the analysis worker (following the recording while the view reads it, spaced out while a big
// session records live). The view reads only this.
import type { ReadonlySignal } from '@preact/signals';
import type { WhatIfSummary } from '../../src/core/whatif/index.ts';
import type { PanelBackend } from '../backend/backend.ts';
import { pacedAnalysis } from './paced-analysis.ts';
import type { SessionLoader } from './session-loader.ts';

export interface WhatIfModel {
  /** What the worker last sent (plain data); undefined until the first answer. */
  summary: ReadonlySignal<WhatIfSummary | undefined>;
  running: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | undefined>;
}

export function createWhatIfModel(backend: PanelBackend, version: ReadonlySignal<number>, loader: ReadonlySignal<SessionLoader | undefined>): WhatIfModel {
  const paced = pacedAnalysis(version, loader, async (target) => (await backend.analysis().whatIf(target.sessionId, target.lastSeq))?.data);
  return { summary: paced.result, running: paced.running, error: paced.error };
}
