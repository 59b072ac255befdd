// The analysis worker's service (panel/workers/analysis-service.ts), the same code the worker runs:
// it folds a session from the storage it reads itself, applies the live batches the panel forwards
// once each, reads a gap back from storage, and answers plain data. Run on the recorded pool page.
import { describe, expect, it } from 'vitest';
import { createAnalysisService, type EventReader } from '../../../panel/workers/analysis-service.ts';
import { rowsFromLog } from '../../../panel/backend/memory.ts';
import type { StoredEvent } from '../../../src/core/cdp.ts';
import { loadLog } from '../../fixtures/load.ts';

const log = loadLog('pool');
const rows = rowsFromLog('s', log);
/** Requests in the log as the protocol announced them: one requestWillBeSent per hop. */
const announced = new Set(log.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { requestId: string }).requestId)).size;
/** URLs (method and URL without fragment) of the HTTP requests in the log: one Cache view row each. */
const urlKeys = new Set(
  log
    .filter((e) => e.method === 'Network.requestWillBeSent' && /^https?:/.test((e.params as { request: { url: string } }).request.url))
    .map((e) => {
      const req = (e.params as { request: { method: string; url: string } }).request;
      return `${req.method} ${req.url.split('#')[0]}`;
    }),
);
const ALL = { filter: '', adviceOnly: false, from: 0, to: Number.MAX_SAFE_INTEGER };

/** Storage holding the first `stored` rows; counts the pages it was asked for. */
function storage(stored: number) {
  const s = { stored, reads: 0, readFrom: [] as number[] };
  const reader: EventReader = {
    async *pages(_id, fromSeq, pageSize) {
      s.reads++;
      s.readFrom.push(fromSeq);
      for (let i = fromSeq - 1; i < s.stored; i += pageSize) yield rows.slice(i, Math.min(i + pageSize, s.stored)) as StoredEvent[];
    },
  };
  return { s, reader };
}

describe('analysis service', () => {
  it('folds the stored events, applies live batches once, reads a gap back from storage, and analyses the whole log', async () => {
    const half = Math.floor(rows.length / 2);
    const { s, reader } = storage(half);
    const service = createAnalysisService(reader);
    expect(await service.open('s')).toEqual({ seq: half });
    expect(s.reads).toBe(1);

    // A live batch right after the stored part: applied without reading storage; sent twice, applied once.
    const next = rows.slice(half, half + 50);
    s.stored = half + 50;
    await service.apply('s', next);
    await service.apply('s', next);
    expect(s.reads).toBe(1);
    expect(await service.open('s')).toEqual({ seq: half + 50 });

    // A batch after a hole (one the panel missed): the hole and the batch are read back from storage.
    s.stored = rows.length;
    await service.apply('s', rows.slice(half + 100, half + 120));
    expect(s.readFrom.at(-1)).toBe(half + 51);
    expect(await service.open('s')).toEqual({ seq: rows.length });

    const pools = await service.pools('s', rows.length);
    expect(pools?.seq).toBe(rows.length);
    // Every request the protocol announced has a reuse verdict, none twice.
    expect(pools!.data.verdicts.size).toBe(announced);
    const cache = await service.cacheWindow('s', rows.length, ALL);
    expect(cache?.seq).toBe(rows.length);
    expect(cache!.all).toBe(urlKeys.size);
    expect(new Set(cache!.rows.map((r) => r.key))).toEqual(urlKeys);
  });

  it('asked for a seq it has not folded, reads it from storage; prepared, answers from what it kept', async () => {
    const { s, reader } = storage(rows.length);
    const service = createAnalysisService(reader);
    await service.prepare('s');
    const reads = s.reads;
    const first = await service.pools('s', rows.length);
    const again = await service.pools('s', rows.length);
    expect(s.reads).toBe(reads);
    expect(again).toBe(first);
    expect(first!.data.verdicts.size).toBe(announced);

    // One request's explanation, written where the records are: a request the protocol says opened
    // its connection is on a socket, with a sentence about that socket and one about its cache verdict.
    const opener = log.find((e) => e.method === 'Network.responseReceived' && (e.params as { response: { connectionReused: boolean; fromDiskCache?: boolean } }).response.connectionReused === false)!;
    const openerId = (opener.params as { requestId: string }).requestId;
    const explained = await service.explain('s', rows.length, openerId);
    expect(explained?.hopId).toBe(openerId);
    expect(explained?.onSocket).toBe(true);
    expect(explained?.connection.some((x) => x.topic === 'reuse')).toBe(true);
    expect(explained?.cache?.headline).toMatch(/^From the network/);
    expect(await service.explain('s', rows.length, 'no-such-request')).toBeUndefined();

    // Another session replaces the open one; asking for the first again folds it anew from storage.
    await service.open('other');
    await service.close('other');
    const back = await service.cacheWindow('s', rows.length, ALL);
    expect(s.reads).toBeGreaterThan(reads);
    expect(back!.all).toBe(urlKeys.size);
  });

  it('sends the Cache view only the window it asks for, the selected URL whole, and kept analyses for a query alone', async () => {
    const { s, reader } = storage(rows.length);
    const service = createAnalysisService(reader);
    const keys = [...urlKeys];
    const all = await service.cacheWindow('s', rows.length, ALL);
    const order = all!.rows.map((r) => r.key);
    // A window of two rows from the third: exactly those rows, with the counts of the whole list.
    const w = await service.cacheWindow('s', rows.length, { ...ALL, from: 2, to: 4, selectedKey: order[5] });
    expect(w!.rows.map((r) => r.key)).toEqual(order.slice(2, 4));
    expect(w!.count).toBe(keys.length);
    expect(w!.from).toBe(2);
    // The selected URL comes whole, outside the window, with its place in the list and its sentences.
    expect(w!.selectedIndex).toBe(5);
    expect(w!.selected?.key).toBe(order[5]);
    const loadsOf5 = log.filter((e) => e.method === 'Network.requestWillBeSent' && `${(e.params as { request: { method: string } }).request.method} ${(e.params as { request: { url: string } }).request.url.split('#')[0]}` === order[5]).length;
    expect(w!.selected!.loads.length).toBe(loadsOf5);
    expect(w!.selected!.loads.every((v) => v.headline.length > 0)).toBe(true);
    // A filter: only URLs containing the text, counted; the key at an index of the filtered list.
    const needle = new URL(keys[0]!.split(' ')[1]!).pathname;
    const f = await service.cacheWindow('s', rows.length, { ...ALL, filter: needle.toUpperCase() });
    expect(f!.count).toBe(keys.filter((k) => k.split(' ')[1]!.toLowerCase().includes(needle.toLowerCase())).length);
    expect(await service.cacheKeyAt('s', rows.length, { filter: needle, adviceOnly: false }, 0)).toBe(f!.rows[0]!.key);
    // None of these read storage again: the fold and the analysis were kept.
    expect(s.reads).toBe(1);
  });

  it('compares two stored sessions in the worker and sends plain data', async () => {
    const cacheLog = loadLog('cache-rules');
    const cut = cacheLog.findIndex((e, i) => i > 0 && e.method === 'Page.frameStartedNavigating');
    const stored: Record<string, StoredEvent[]> = { cold: rowsFromLog('cold', cacheLog.slice(0, cut)) as StoredEvent[], warm: rowsFromLog('warm', cacheLog.slice(cut)) as StoredEvent[] };
    const reader: EventReader = {
      async *pages(id, fromSeq, pageSize) {
        const list = stored[id] ?? [];
        for (let i = fromSeq - 1; i < list.length; i += pageSize) yield list.slice(i, i + pageSize);
      },
    };
    const service = createAnalysisService(reader);
    await service.open('warm');
    const c = await service.compare('cold', 'warm');
    expect(structuredClone(c)).toEqual(c);
    expect(c.beforeId).toBe('cold');
    expect(c.after.requests).toBeGreaterThan(0);
    expect(c.requestsAvoided).toBeGreaterThanOrEqual(8);
    const noCache = c.notFromCache.find((p) => p.url.includes('k=no-cache&'));
    expect(noCache?.after.source).toBe('revalidated');
    expect(noCache?.after.headline).toMatch(/^Revalidated: `no-cache` requires a check/);
  });
});
