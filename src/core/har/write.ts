// The streaming HAR writer: the log is written as a sequence of strings — the head, one line per
// entry, the tail — so a 100,000-entry session never becomes one giant string. Each entry can be
// transformed on the way (redaction), and the caller can follow progress and cancel.
import { harEntries, harPages, type HarBuildContext, type HarSource } from './build.ts';
import type { HarEntry, HarLog, HarPage } from './types.ts';
import { jsonText } from './json-text.ts';

export interface HarWriteOptions {
  /** Applied to every entry before it is written (e.g. redaction); `index` counts from 0. */
  transform?(entry: HarEntry, index: number): HarEntry;
  /** Applied to the pages before they are written. */
  transformPages?(pages: HarPage[]): HarPage[];
  /** Extra fields for the log object, computed once every entry is written (e.g. the redaction report). */
  trailer?(): Partial<HarLog> | undefined;
  /** Checked between entries; an aborted signal stops the writer with an AbortError. */
  signal?: AbortSignal;
  /** Called every `progressEvery` entries and at the end. */
  onProgress?(written: number, total: number): void;
  progressEvery?: number;
}

export class HarWriteAborted extends Error {
  constructor() {
    super('HAR export cancelled.');
    this.name = 'AbortError';
  }
}

/** The HAR text, chunk by chunk. Joined, the chunks are one valid HAR 1.2 document. */
export function* harChunks(src: HarSource, ctx: HarBuildContext, options: HarWriteOptions = {}): Generator<string> {
  const total = src.requests().length;
  const every = options.progressEvery ?? 500;
  const head: Partial<HarLog> = { version: '1.2', creator: ctx.creator };
  if (ctx.browser) head.browser = ctx.browser;
  if (ctx.comment) head.comment = ctx.comment;
  if (ctx.conditions) (head as Record<string, unknown>)._netlensConditions = ctx.conditions;
  const headJson = JSON.stringify(head);
  const pages = harPages(src.pages());
  yield `{"log":${headJson.slice(0, -1)},"pages":${jsonText(options.transformPages ? options.transformPages(pages) : pages)},"entries":[\n`;
  let written = 0;
  for (const built of harEntries(src, ctx)) {
    if (options.signal?.aborted) throw new HarWriteAborted();
    const entry = options.transform ? options.transform(built, written) : built;
    yield (written === 0 ? '' : ',\n') + jsonText(entry);
    written++;
    if (options.onProgress && written % every === 0) options.onProgress(written, total);
  }
  options.onProgress?.(written, total);
  const trailer = options.trailer?.();
  const tail = trailer && Object.keys(trailer).length > 0 ? `,${jsonText(trailer).slice(1, -1)}` : '';
  yield `\n]${tail}}}\n`;
}
