// Reads a HAR file or a raw CDP event log (JSON array, JSON Lines, ChromeDriver perflog) into
// CDP events, with a clear error naming what is wrong and where. Node only.
import { readFile, stat } from 'node:fs/promises';
import type { CdpEvent } from '../core/cdp.ts';
import { sniffText } from '../core/import/sniff.ts';
import { formatBytes } from '../core/format/index.ts';
import { importText, stripBom } from '../core/import/import-text.ts';
import { ImportError } from '../core/import/errors.ts';
import { streamLargeLog } from './stream-log.ts';
import { NetworkRecorder } from '../core/recorder/index.ts';
import { BodyCollector } from '../core/bodies.ts';
import { open } from 'node:fs/promises';

/** Above this, a file is streamed rather than read as one string (V8 strings stop near 512 MB). */
export const LARGE_FILE = 400_000_000;

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return stripBom(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

export interface LoadedInput {
  events: CdpEvent[];
  kind: 'har' | 'cdp-log';
  /** The tool that wrote a HAR, or the log format. */
  origin: string;
  notes: string[];
  /** What the importer skipped or repaired (part of the notes). */
  problems: string[];
}

/**
 * Reads a file and folds it into a recorder. Large CDP logs are streamed into the recorder event
 * by event, so neither the text nor the parsed events are ever held whole.
 */
export async function foldInput(path: string, bodies = new BodyCollector()): Promise<{ rec: NetworkRecorder; notes: string[]; problems: string[]; bodies: BodyCollector }> {
  const size = await sizeOf(path);
  if (size > LARGE_FILE) {
    await checkLargeHead(path, size);
    const rec = new NetworkRecorder();
    const count = await streamLargeLog(path, (e) => {
      if (!bodies.take(e)) rec.dispatch(e);
    });
    return { rec, notes: [`CDP log (json-array, streamed): ${count.toLocaleString('en-US')} events.`], problems: [], bodies };
  }
  const input = await loadInput(path);
  // Bodies (a HAR's content.text, a log's body items) are kept apart from the recorder's fold.
  return { rec: NetworkRecorder.fromLog(bodies.split(input.events)), notes: input.notes, problems: input.problems, bodies };
}

async function sizeOf(path: string): Promise<number> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ImportError(`There is no file at ${path}.`);
  }
  if (size === 0) throw new ImportError(`${path} is empty.`);
  return size;
}

async function checkLargeHead(path: string, size: number): Promise<void> {
  const head = await readHead(path);
  if (sniffText(head).layout !== 'json-array') {
    throw new ImportError(`${path} is ${formatBytes(size)}: files this large are read only as CDP event logs in a JSON array; a HAR must stay under ${formatBytes(LARGE_FILE)}.`);
  }
}

export async function loadInput(path: string): Promise<LoadedInput> {
  const size = await sizeOf(path);
  if (size > LARGE_FILE) {
    await checkLargeHead(path, size);
    const events: CdpEvent[] = [];
    await streamLargeLog(path, (e) => events.push(e));
    return { events, kind: 'cdp-log', origin: 'json-array', notes: [`CDP log (json-array, streamed): ${events.length.toLocaleString('en-US')} events.`], problems: [] };
  }
  const text = await readFile(path, 'utf8');
  const input = importText(text, path);
  return { events: input.events, kind: input.kind, origin: input.origin, notes: input.notes, problems: input.problems };
}
