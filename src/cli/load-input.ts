// Reads a HAR file or a raw CDP event log (JSON array, JSON Lines, ChromeDriver perflog) into
// CDP events, with a clear error naming what is wrong and where. Node only.
import { readFile, stat } from 'node:fs/promises';
import type { CdpEvent } from '../core/cdp.ts';
import { importHarText } from '../core/import/import-har.ts';
import { parseCdpLog, sniff } from '../core/import/parse-log.ts';
import { ImportError } from '../core/import/errors.ts';

export interface LoadedInput {
  events: CdpEvent[];
  kind: 'har' | 'cdp-log';
  /** The tool that wrote a HAR, or the log format. */
  origin: string;
  notes: string[];
}

export async function loadInput(path: string): Promise<LoadedInput> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ImportError(`There is no file at ${path}.`);
  }
  if (size === 0) throw new ImportError(`${path} is empty.`);
  const text = await readFile(path, 'utf8');
  const kind = sniff(text);
  if (kind === 'har') {
    const har = importHarText(text);
    const notes = [`HAR by ${har.creator}: ${har.entries} entries, ${har.pages} pages; "connection" read as ${har.connectionField}.`, ...har.warnings];
    return { events: har.events, kind: 'har', origin: har.creator, notes };
  }
  if (kind === 'cdp-log') {
    const log = parseCdpLog(text);
    const notes = [`CDP log (${log.format}): ${log.events.length.toLocaleString('en-US')} events.`];
    if (log.skipped) notes.push(`${log.skipped} items were not CDP events and were skipped (${log.skippedReasons.join('; ')}).`);
    return { events: log.events, kind: 'cdp-log', origin: log.format, notes };
  }
  throw new ImportError(`${path} is neither a HAR file (a JSON object with "log") nor a CDP event log (a JSON array of {method, params}).`, 'line 1, column 1');
}
