// Exporting a stored session as HAR: fold its events, then stream the redacted (or, on purpose,
// unredacted) HAR in chunks, yielding between entries so progress shows and Cancel works.
import { foldStoredSession } from '../../src/core/fold-session.ts';
import { NetworkRecorder } from '../../src/core/recorder/index.ts';
import { exportHar, previewRedaction } from '../../src/core/har/export.ts';
import type { HarBuildContext } from '../../src/core/har/build.ts';
import { analysisVerdicts } from '../../src/core/har/verdicts.ts';
import { experimentConditions } from '../../src/core/experiments.ts';
import { harBodies } from '../../src/core/bodies.ts';
import type { RedactionOptions, RedactionReport } from '../../src/core/redact/redact-har.ts';
import { breathe, JobCancelled, type JobProgress, type JobStore } from './job-store.ts';

export interface ExportRequest {
  sessionId: string;
  redact: RedactionOptions | false;
  creator: { name: string; version: string };
}

async function fold(store: JobStore, sessionId: string, progress: JobProgress, signal?: AbortSignal): Promise<{ rec: NetworkRecorder; ctx: Omit<HarBuildContext, 'creator'> }> {
  const info = await store.get(sessionId);
  if (!info) throw new Error('That session no longer exists.');
  if (signal?.aborted) throw new JobCancelled('Export');
  let done = 0;
  const { recorder: rec } = await foldStoredSession(store.pages(sessionId, 5000), {
    afterPage: async (_state, page) => {
      done += page.length;
      progress('Reading the session', done, info.eventCount);
      await breathe();
      if (signal?.aborted) throw new JobCancelled('Export');
    },
  });
  const rows = await store.bodies?.(sessionId);
  const bodies = new Map(rows?.map((b) => [b.requestId, b]) ?? []);
  const recorded = info.options.bodies === true || bodies.size > 0;
  return {
    rec,
    ctx: {
      verdicts: analysisVerdicts(rec),
      ...(info.experiment ? { conditions: experimentConditions(info.experiment)! } : {}),
      ...(info.browserVersion ? { browser: { name: info.browserVersion.split(' ')[0] ?? 'Chrome', version: info.browserVersion.split(' ').slice(1).join(' ') } } : {}),
      ...(recorded ? { body: harBodies(bodies) } : {}),
    },
  };
}

/** The redaction preview for the export dialog: counts by kind and examples, nothing written. */
export async function runPreview(store: JobStore, req: ExportRequest, progress: JobProgress, signal?: AbortSignal): Promise<RedactionReport> {
  const { rec, ctx } = await fold(store, req.sessionId, progress, signal);
  return previewRedaction(rec, { ...ctx, creator: req.creator }, req.redact === false ? {} : req.redact);
}

/** The HAR text in chunks; the last value is the redaction report (undefined when unredacted). */
export async function* runExport(store: JobStore, req: ExportRequest, progress: JobProgress, signal?: AbortSignal): AsyncGenerator<string, RedactionReport | undefined> {
  const { rec, ctx } = await fold(store, req.sessionId, progress, signal);
  const total = rec.requests().length;
  const exp = exportHar(rec, { ...ctx, creator: req.creator }, { redact: req.redact, ...(signal ? { signal } : {}) });
  let n = 0;
  let batch = '';
  for (const chunk of exp.chunks) {
    batch += chunk;
    if (++n % 500 === 0) {
      yield batch;
      batch = '';
      progress('Writing HAR entries', Math.min(n, total), total);
      await breathe();
      if (signal?.aborted) throw new JobCancelled('Export');
    }
  }
  if (batch) yield batch;
  progress('Writing HAR entries', total, total);
  return exp.report();
}
