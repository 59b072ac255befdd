// Export = build + redact + write: the one function the panel and the CLI call. Redaction is on
// unless the caller passes `redact: false`, and the file says which it was.
import { HarRedactor, redactionComment, type RedactionOptions, type RedactionReport } from '../redact/redact-har.ts';
import type { HarBuildContext, HarSource } from './build.ts';
import { harChunks, type HarWriteOptions } from './write.ts';

export interface HarExportOptions extends Pick<HarWriteOptions, 'signal' | 'onProgress' | 'progressEvery'> {
  /** Redaction rules, or `false` for the explicit, unredacted export. */
  redact: RedactionOptions | false;
}

export const UNREDACTED_COMMENT =
  'Exported by Netlens WITHOUT redaction: this file may contain cookies, authorization headers, tokens and passwords. Share it with care.';

export interface HarExport {
  chunks: Generator<string>;
  /** What redaction removed so far (complete once the chunks are exhausted); undefined when unredacted. */
  report(): RedactionReport | undefined;
}

export function exportHar(src: HarSource, ctx: HarBuildContext, options: HarExportOptions): HarExport {
  const redactor = options.redact === false ? undefined : new HarRedactor(options.redact);
  const write: HarWriteOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.progressEvery ? { progressEvery: options.progressEvery } : {}),
    trailer: () => {
      if (!redactor) return { comment: UNREDACTED_COMMENT, _netlensRedaction: { redacted: false } };
      const report = redactor.report();
      return { comment: redactionComment(report), _netlensRedaction: report };
    },
  };
  if (redactor) {
    write.transform = (entry, index) => redactor.entry(entry, index);
    write.transformPages = (pages) => redactor.pages(pages);
  }
  return { chunks: harChunks(src, ctx, write), report: () => redactor?.report() };
}

/** Runs the redactor over every entry without writing anything: the export dialog's preview. */
export function previewRedaction(src: HarSource, ctx: HarBuildContext, options: RedactionOptions): RedactionReport {
  const { chunks, report } = exportHar(src, ctx, { redact: options });
  for (const _ of chunks) {
    // Consuming the chunks runs the redactor; the text is dropped.
  }
  return report()!;
}
