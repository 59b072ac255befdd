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
    const cache = await service.cache('s', rows.length);
    expect(cache!.data.verdicts.size).toBe(announced);
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
    expect(explained?.requestId).toBe(openerId);
    expect(explained?.onSocket).toBe(true);
    expect(explained?.connection.some((x) => x.topic === 'reuse')).toBe(true);
    expect(explained?.cache?.headline).toMatch(/^From the network/);
    expect(await service.explain('s', rows.length, 'no-such-request')).toBeUndefined();

    // Another session replaces the open one; asking for the first again folds it anew from storage.
    await service.open('other');
    await service.close('other');
    const back = await service.cache('s', rows.length);
    expect(s.reads).toBeGreaterThan(reads);
    expect(back!.data.verdicts.size).toBe(announced);
  });
});
