// Raw CDP event logs as other tools write them, read into the log format of docs/ARCHITECTURE.md:
// - a JSON array of {method, params, sessionId?} (Puppeteer, Lighthouse devtools logs, Netlens);
// - JSON Lines: one such object per line;
// - ChromeDriver performance logs (what chrome-har's perflog examples use): an array of
//   {message: "<JSON of {message: {method, params}, webview}>", level, timestamp};
// - an object wrapping the array under `events`, `traceEvents` (not a CDP log: refused with a
//   reason) or `log` (a HAR: refused here, read by the HAR importer).
import type { CdpEvent } from '../cdp.ts';
import { ImportError, parseJson } from './errors.ts';

export type LogFormat = 'json-array' | 'json-lines' | 'perflog';

export interface ParsedLog {
  events: CdpEvent[];
  format: LogFormat;
  /** Items that were not CDP events (skipped), with the first few reasons. */
  skipped: number;
  skippedReasons: string[];
}

export function parseCdpLog(text: string): ParsedLog {
  // Only the start is trimmed: trimming a 100 MB text would copy it.
  const trimmed = text.slice(text.search(/\S|$/), text.search(/\S|$/) + 65_536);
  if (trimmed === '') throw new ImportError('The file is empty.');
  if (trimmed.startsWith('[')) {
    const data = parseJson(text, 'CDP log');
    if (!Array.isArray(data)) throw new ImportError('A CDP log must be a JSON array of events.');
    return fromItems(data, (i) => `item ${i + 1}`);
  }
  if (trimmed.startsWith('{')) {
    // One object per line (JSON Lines), unless the whole text is one object. The first line is
    // found in the whole text: a line may be longer than the head looked at above.
    const start = text.search(/\S/);
    const eol = text.indexOf('\n', start);
    const firstLine = (eol < 0 ? text.slice(start) : text.slice(start, eol)).trimEnd();
    if (eol >= 0 && firstLine.endsWith('}') && text.slice(eol).trim() !== '') return fromLines(text);
    const data = parseJson(text, 'file') as Record<string, unknown>;
    if (data && typeof data === 'object') {
      if ('log' in data) throw new ImportError('This is a HAR file, not a CDP event log.');
      if ('traceEvents' in data) throw new ImportError('This is a performance trace (traceEvents), not a CDP event log. Record a network log instead (Netlens, Puppeteer, or Lighthouse devtoolslog).');
      if (Array.isArray(data.events)) return fromItems(data.events as unknown[], (i) => `events[${i}]`);
      if (typeof data.method === 'string') return fromItems([data], () => 'the object');
    }
    throw new ImportError('This JSON object is not a CDP event log: expected an array of {method, params} events.');
  }
  throw new ImportError('This file is not JSON: a CDP log is a JSON array of {method, params} events, or one event object per line.', 'line 1, column 1');
}

function fromLines(text: string): ParsedLog {
  const items: unknown[] = [];
  const where: string[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line));
      where.push(`line ${lineNo}`);
    } catch (err) {
      const isLast = text.slice(text.indexOf(line) + line.length).trim() === '';
      throw new ImportError(
        isLast ? 'The last line is cut short (was the file truncated?)' : `Line ${lineNo} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
        `line ${lineNo}`,
      );
    }
  }
  const parsed = fromItems(items, (i) => where[i]!);
  return { ...parsed, format: 'json-lines' };
}

function fromItems(items: unknown[], where: (i: number) => string): ParsedLog {
  const events: CdpEvent[] = [];
  const skippedReasons: string[] = [];
  let skipped = 0;
  let perflog = false;
  const skip = (i: number, why: string) => {
    skipped++;
    if (skippedReasons.length < 5) skippedReasons.push(`${where(i)}: ${why}`);
  };
  for (let i = 0; i < items.length; i++) {
    let item = items[i] as Record<string, unknown> | null;
    if (item && typeof item === 'object' && typeof item.message === 'string' && !('method' in item)) {
      // ChromeDriver performance log: the CDP message is JSON inside a string.
      perflog = true;
      try {
        const inner = JSON.parse(item.message) as { message?: Record<string, unknown> };
        item = inner.message ?? null;
      } catch {
        skip(i, 'its "message" string is not JSON');
        continue;
      }
    }
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      skip(i, 'not an object');
      continue;
    }
    if (typeof item.method !== 'string') {
      skip(i, 'no "method"');
      continue;
    }
    if ('params' in item && (typeof item.params !== 'object' || item.params === null)) {
      skip(i, `"params" of ${item.method} is not an object`);
      continue;
    }
    const event: CdpEvent = { method: item.method, params: item.params ?? {} };
    if (typeof item.sessionId === 'string' && item.sessionId) event.sessionId = item.sessionId;
    events.push(event);
  }
  if (events.length === 0) {
    throw new ImportError(
      `No CDP events found in ${items.length.toLocaleString('en-US')} items${skippedReasons.length ? `; for example ${skippedReasons[0]}` : ''}. A CDP log is a JSON array of {method, params} objects.`,
    );
  }
  return { events, format: perflog ? 'perflog' : 'json-array', skipped, skippedReasons };
}
