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

/** Streams a large log into `sink` one event at a time (nothing but the current element is held). */
export async function streamLargeLog(path: string, sink: (e: CdpEvent) => void, onProgress?: (bytes: number) => void): Promise<number> {
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
