// Reads a CDP event log too big to be one string (V8 strings stop near 512 MB): the file is
// streamed and each top-level element of its JSON array (or each line of JSON Lines) is parsed
// on its own. Node only.
import { createReadStream } from 'node:fs';
import type { CdpEvent } from '../core/cdp.ts';
import { ImportError } from '../core/import/errors.ts';

/** Top-level elements of a JSON array, as text, from a stream of chunks. */
export async function* arrayElements(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let started = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pending = '';
  let ended = false;
  for await (const chunk of chunks) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true; // backslash
        else if (c === 34) inString = false; // quote
        continue;
      }
      if (c === 34) {
        inString = true;
      } else if (c === 91 || c === 123) {
        // [ or {
        if (!started) {
          if (c !== 91) throw new ImportError('A CDP log must be a JSON array of events.', 'byte 1');
          started = true;
          from = i + 1;
          continue;
        }
        depth++;
      } else if (c === 93 || c === 125) {
        // ] or }
        if (depth === 0 && c === 93) {
          const last = (pending + chunk.slice(from, i)).trim();
          if (last) yield last;
          pending = '';
          ended = true;
          break;
        }
        depth--;
      } else if (c === 44 && depth === 0 && started) {
        // a comma between elements
        yield (pending + chunk.slice(from, i)).trim();
        pending = '';
        from = i + 1;
      }
    }
    if (ended) break;
    if (started) pending += chunk.slice(from);
  }
  if (!ended) throw new ImportError('The CDP log is cut short: the array never closes (was the file truncated?)');
}

/** A line of a one-event-per-line array, as an event; undefined for the brackets; throws when the line is not a whole event. */
function lineEvent(line: string): CdpEvent | undefined {
  let t = line.trim();
  if (t === '' || t === '[' || t === ']') return undefined;
  if (t.endsWith(',')) t = t.slice(0, -1);
  if (t.startsWith('[')) t = t.slice(1);
  if (t.endsWith(']')) t = t.slice(0, -1);
  const item = JSON.parse(t) as { method?: unknown; params?: unknown; sessionId?: unknown };
  if (typeof item?.method !== 'string') throw new Error('not an event');
  const e: CdpEvent = { method: item.method, params: item.params ?? {} };
  if (typeof item.sessionId === 'string' && item.sessionId) e.sessionId = item.sessionId;
  return e;
}

/**
 * Streams a large log into `sink` one event at a time (nothing but the current element is held).
 * Most tools write one event per line: that is read line by line; a file laid out otherwise is
 * read again with the element scanner.
 */
export async function streamLargeLog(path: string, sink: (e: CdpEvent) => void, onProgress?: (bytes: number) => void): Promise<number> {
  const buffered: CdpEvent[] = [];
  let count = 0;
  let byLine = true;
  let rest = '';
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 4 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        const e = lineEvent(line);
        if (e) {
          // Events are handed on only once the whole file is known to be one per line, so a
          // switch to the scanner never delivers an event twice.
          if (count < 1000) buffered.push(e);
          else {
            if (buffered.length) {
              for (const b of buffered) sink(b);
              buffered.length = 0;
            }
            sink(e);
          }
          count++;
        }
      }
    }
    const last = lineEvent(rest);
    if (last) {
      count++;
      if (buffered.length || count <= 1000) buffered.push(last);
      else sink(last);
    }
  } catch {
    byLine = false;
    stream.destroy();
  }
  if (byLine) {
    for (const b of buffered) sink(b);
    if (count === 0) throw new ImportError('No CDP events found in the file.');
    return count;
  }
  if (count > 1000) throw new ImportError('The CDP log changes layout part-way (one event per line, then not): it cannot be streamed. Split it, or write it one event per line.');
  return scanLargeLog(path, sink, onProgress);
}

async function scanLargeLog(path: string, sink: (e: CdpEvent) => void, onProgress?: (bytes: number) => void): Promise<number> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 4 << 20 });
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of stream as AsyncIterable<string>) {
      bytes += chunk.length;
      onProgress?.(bytes);
      yield chunk;
    }
  })();
  let count = 0;
  let n = 0;
  for await (const text of arrayElements(counted)) {
    n++;
    let item: { method?: unknown; params?: unknown; sessionId?: unknown };
    try {
      item = JSON.parse(text);
    } catch (err) {
      throw new ImportError(`Event ${n} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, `item ${n}`);
    }
    if (typeof item?.method !== 'string') continue;
    const e: CdpEvent = { method: item.method, params: item.params ?? {} };
    if (typeof item.sessionId === 'string' && item.sessionId) e.sessionId = item.sessionId;
    sink(e);
    count++;
  }
  if (count === 0) throw new ImportError('No CDP events found in the file.');
  return count;
}

/** An item of a one-event-per-line log, checked as the whole-file importer checks one; undefined when it would skip it or read it otherwise. */
function checkedEvent(text: string): CdpEvent | undefined {
  if (text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125) return undefined; // { … }
  let item: { method?: unknown; params?: unknown; sessionId?: unknown };
  try {
    item = JSON.parse(text);
  } catch {
    return undefined;
  }
  // The same checks as parse-log.ts's fromItems: anything it would skip or read otherwise (a
  // ChromeDriver perflog line, params that are not an object) sends the file to that reader.
  if (!item || typeof item !== 'object' || Array.isArray(item) || typeof item.method !== 'string') return undefined;
  if ('params' in item && (typeof item.params !== 'object' || item.params === null)) return undefined;
  const e: CdpEvent = { method: item.method, params: (item.params ?? {}) as CdpEvent['params'] };
  if (typeof item.sessionId === 'string' && item.sessionId) e.sessionId = item.sessionId;
  return e;
}

/**
 * Folds a CDP log laid out as a JSON array with one event per line (what Netlens, the benchmarks
 * and most tools write) straight into `sink` while it is read: neither the file's text nor the
 * parsed array is ever held whole, and each event dies young once folded. Returns the number of
 * events, or undefined as soon as the file is laid out otherwise or holds an item the whole-file
 * importer would skip or report: the caller then drops what was folded and reads the file the
 * ordinary way, which words the problem. `sink` may have received events by then.
 */
export async function foldByLine(path: string, sink: (e: CdpEvent) => void): Promise<number | undefined> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  type State = 'start' | 'item' | 'close' | 'closed';
  // Set inside the line reader below (typed so, or TypeScript keeps it at 'start' out here).
  let state = 'start' as State;
  let count = 0;
  /** One line; false when the layout is not one event per line of one array. */
  const take = (raw: string): boolean => {
    let t = raw.trim();
    if (state === 'start' && t.charCodeAt(0) === 0xfeff) t = t.slice(1).trim();
    if (t === '') return true;
    switch (state) {
      case 'start':
        if (t.charCodeAt(0) !== 91) return false; // [
        state = 'item';
        t = t.slice(1).trim();
        return t === '' ? true : item(t);
      case 'item':
        return item(t);
      case 'close':
        if (t !== ']') return false;
        state = 'closed';
        return true;
      case 'closed':
        return false;
    }
  };
  const item = (t: string): boolean => {
    let next: State = 'close';
    if (t.endsWith(',')) {
      next = 'item';
      t = t.slice(0, -1);
    } else if (t.endsWith(']')) {
      next = 'closed';
      t = t.slice(0, -1).trimEnd();
    }
    const e = checkedEvent(t);
    if (!e) return false;
    sink(e);
    count++;
    state = next;
    return true;
  };
  try {
    let rest = '';
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = rest + chunk;
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        if (!take(text.slice(from, nl))) return undefined;
        from = nl + 1;
      }
      rest = text.slice(from);
    }
    if (!take(rest)) return undefined;
  } finally {
    stream.destroy();
  }
  return state === 'closed' && count > 0 ? count : undefined;
}
