// One entry for every importer: a file's text (a HAR, or a raw CDP log in any of the formats
// parse-log.ts reads) becomes CDP events, or an ImportError with a sentence. The CLI and the
// panel both call this, so a file reads the same everywhere. A UTF-8 byte-order mark (Fiddler
// and some Windows tools write one) is dropped first: JSON.parse refuses it.
import type { CdpEvent } from '../cdp.ts';
import { ImportError } from './errors.ts';
import { importHarText } from './import-har.ts';
import { parseCdpLog } from './parse-log.ts';
import { sniffText } from './sniff.ts';

export interface ImportedText {
  events: CdpEvent[];
  kind: 'har' | 'cdp-log';
  /** The tool that wrote a HAR, or the log format. */
  origin: string;
  /** Sentences for the user: what was read, and what was skipped or repaired. */
  notes: string[];
  /** The part of the notes that says what was skipped or repaired (the report's first lines). */
  problems: string[];
  /** A HAR that Netlens itself exported. */
  netlensExport: boolean;
}

/** The text without a leading byte-order mark (U+FEFF). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function importText(input: string, fileName = 'The file'): ImportedText {
  const text = stripBom(input);
  const { kind, netlensExport } = sniffText(text);
  if (kind === 'har') {
    const har = importHarText(text);
    const problems = har.warnings.map((w) => `In the HAR: ${w}`);
    const notes = [`HAR by ${har.creator}: ${har.entries} entries, ${har.pages} pages; "connection" read as ${har.connectionField}.`, ...problems];
    return { events: har.events, kind: 'har', origin: har.creator, notes, problems, netlensExport };
  }
  if (kind === 'cdp-log') {
    const log = parseCdpLog(text);
    const problems = log.skipped ? [`${log.skipped.toLocaleString('en-US')} items were not CDP events and were skipped (${log.skippedReasons.join('; ')}).`] : [];
    const notes = [`CDP log (${log.format}): ${log.events.length.toLocaleString('en-US')} events.`, ...problems];
    return { events: log.events, kind: 'cdp-log', origin: log.format, notes, problems, netlensExport: false };
  }
  if (text.trim() === '') throw new ImportError(`${fileName} is empty.`);
  throw new ImportError(`${fileName} is neither a HAR file (a JSON object with "log") nor a CDP event log (a JSON array of {method, params}).`, 'line 1, column 1');
}
