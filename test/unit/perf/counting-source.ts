// Counts the work a step does on the records, without timing anything: every property read of a
// record, or of anything inside one (headers, timing, frames), goes through a Proxy that adds one
// to a counter. A step that rescans a list per request reads records per pair, so its count grows
// with the square of the session; a linear step's count grows with the session. Same counts on
// any machine.
import type { HarSource } from '../../../src/core/har/build.ts';
import type { NetworkRequest, PageRecord, SseChannel, WsChannel } from '../../../src/core/records.ts';

export interface Counter {
  reads: number;
}

/**
 * Values under these keys are handed out as they are (the read itself still counts): redaction
 * structuredClones an initiator, which a Proxy cannot go through.
 */
const RAW = new Set<PropertyKey>(['_initiator']);

/** A read-counting view of `value` and everything reachable from it (one proxy per object). */
export function counted<T>(value: T, counter: Counter, cache = new WeakMap<object, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value;
  const hit = cache.get(value);
  if (hit !== undefined) return hit as T;
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      counter.reads++;
      const v = Reflect.get(target, key, receiver);
      return RAW.has(key) ? v : counted(v, counter, cache);
    },
  });
  cache.set(value, proxy);
  return proxy as T;
}

/** The recorder's records, read through counting proxies. */
export function countingSource(src: HarSource, counter: Counter): HarSource & { connections?: never } {
  const cache = new WeakMap<object, unknown>();
  const requests = src.requests().map((r) => counted(r, counter, cache)) as NetworkRequest[];
  const pages = src.pages().map((p) => counted(p, counter, cache)) as PageRecord[];
  const ws = src.webSockets().map((c) => counted(c, counter, cache)) as WsChannel[];
  const sse = src.eventSources().map((c) => counted(c, counter, cache)) as SseChannel[];
  return { requests: () => requests, pages: () => pages, webSockets: () => ws, eventSources: () => sse };
}
