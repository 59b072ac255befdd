// The panel's record cache (panel/store/record-cache.ts) over the real analysis service (in-process,
// on the in-memory backend) and a literal log of 7,000 finished requests: what a view draws comes
// in one batch per render, an id the session lacks is not asked for again and again, and a view
// that draws more records than the cache keeps gets them all without asking for ever.
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRecordCache } from '../../../panel/store/record-cache.ts';
import type { AnalysisService } from '../../../panel/workers/analysis-service.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const N = 7000;
function log() {
  const events: { method: string; params: unknown }[] = [];
  for (let i = 0; i < N; i++) {
    const id = `r${i}`;
    const t = 1 + i * 0.001;
    events.push(
      { method: 'Network.requestWillBeSent', params: { requestId: id, loaderId: 'L', documentURL: 'http://a.test/', request: { url: `http://a.test/item/${i}`, method: 'GET', headers: {}, initialPriority: 'High', referrerPolicy: 'no-referrer' }, timestamp: t, wallTime: 1_700_000_000 + t, initiator: { type: 'other' }, type: 'Fetch' } },
      { method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: t + 0.0002, type: 'Fetch', response: { url: `http://a.test/item/${i}`, status: 200, statusText: 'OK', headers: {}, mimeType: 'text/plain', connectionReused: true, connectionId: 1, encodedDataLength: 10, securityState: 'neutral' } } },
      { method: 'Network.loadingFinished', params: { requestId: id, timestamp: t + 0.0004, encodedDataLength: 20 } },
    );
  }
  return events;
}
const session: SessionInfo = { id: 's', tabId: 1, url: 'http://a.test/', title: '', startedAt: 1, endedAt: 2, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };
const events = log();

function setUp() {
  const backend = new MemoryBackend();
  backend.addSession(session, rowsFromLog('s', events));
  const real = backend.analysis();
  const asked: number[] = [];
  const service: AnalysisService = { ...real, records: (id, seq, ids) => (asked.push(ids.length), real.records(id, seq, ids)) };
  const target = { sessionId: 's', lastSeq: events.length, replayed: true };
  const cache = createRecordCache(signal(1), signal(target), () => service);
  return { cache, asked };
}
/** Lets the cache's microtask and the service's promise run until nothing is outstanding. */
async function settled(cache: ReturnType<typeof createRecordCache>, draw: () => void): Promise<void> {
  for (let i = 0; i < 50; i++) {
    draw();
    await new Promise((r) => setTimeout(r, 0));
    if (cache.idle()) {
      draw();
      if (cache.idle()) return;
    }
  }
  throw new Error('the record cache kept asking');
}
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);

describe('the record cache', () => {
  it('fetches what a render asks for in one batch, and has it afterwards', async () => {
    const { cache, asked } = setUp();
    const want = ids(0, 50);
    expect(want.map((id) => cache.request(id))).toEqual(want.map(() => undefined));
    await settled(cache, () => want.forEach((id) => cache.request(id)));
    expect(asked).toEqual([50]);
    expect(want.map((id) => cache.request(id)?.url)).toEqual(want.map((_, i) => `http://a.test/item/${i}`));
  });

  it('does not ask again for an id the session does not have', async () => {
    const { cache, asked } = setUp();
    await settled(cache, () => void cache.request('no-such-hop'));
    await settled(cache, () => void cache.request('no-such-hop'));
    expect(asked).toEqual([1]);
    expect(cache.request('no-such-hop')).toBeUndefined();
  });

  it('keeps every record a view draws at once, even more than it keeps otherwise, without asking for ever', async () => {
    const { cache, asked } = setUp();
    const all = ids(0, 6000);
    await settled(cache, () => all.forEach((id) => cache.request(id)));
    // 6,000 ids in batches of at most 2,000: three calls, then nothing more.
    expect(asked).toEqual([2000, 2000, 2000]);
    expect(all.every((id) => cache.request(id) !== undefined)).toBe(true);
    // Then the view draws other records, twice over: the first ones, drawn no more, go down to the
    // bound when the second lot arrives; what is drawn now stays.
    await settled(cache, () => ids(6000, 6500).forEach((id) => cache.request(id)));
    await settled(cache, () => ids(6500, 7000).forEach((id) => cache.request(id)));
    expect(cache.size()).toBeLessThanOrEqual(5000);
    expect(ids(6500, 7000).every((id) => cache.request(id) !== undefined)).toBe(true);
    expect(asked).toEqual([2000, 2000, 2000, 500, 500]);
  });
});
