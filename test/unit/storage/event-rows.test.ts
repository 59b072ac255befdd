// The stored rows contract (docs/ARCHITECTURE.md, "Stored events"): every event stored exactly as
// sent, a gapless seq, any seq range readable back, one row per batch; sessions written by schema
// version 1 (one row per event) still read back. Real Dexie on fake-indexeddb.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../src/adapters/storage/db.ts';
import { SessionStore } from '../../../src/adapters/storage/sessions.ts';
import { encodeBatch } from '../../../src/adapters/storage/event-rows.ts';
import type { StoredEvent } from '../../../src/core/cdp.ts';

let n = 0;
let name: string;
beforeEach(() => {
  name = `netlens-rows-${++n}`;
});

const session = (id: string) => ({ id, url: 'http://a.test/', title: '', startedAt: 1, state: 'stopped' as const, eventCount: 0, source: 'live' as const, options: {} });

/** Event `seq` of session `id`, written literally (a child-target event every 7th). */
function ev(id: string, seq: number): StoredEvent {
  const e: StoredEvent = {
    sessionId: id,
    seq,
    t: 1_700_000_000_000 + seq,
    method: seq % 3 === 0 ? 'Network.responseReceived' : 'Network.requestWillBeSent',
    params: { requestId: `r${seq}`, timestamp: seq / 1000, nested: { list: [seq, 'ünï ✓', null, true], empty: {} } },
  };
  if (seq % 7 === 0) e.target = `child-${seq}`;
  return e;
}
const range = (id: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ev(id, from + i));

async function collect(pages: AsyncIterable<StoredEvent[]>): Promise<StoredEvent[][]> {
  const out: StoredEvent[][] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('batch rows', () => {
  it('stores one row per appended batch and reads any seq range back exactly', async () => {
    const store = new SessionStore(openDb(name));
    await store.create(session('a'));
    // Batches of 5, 1, 250 and 44 events: 300 in 4 rows.
    for (const [from, to] of [[1, 5], [6, 6], [7, 256], [257, 300]] as const) await store.append('a', range('a', from, to));
    expect(await store.db.batches.count()).toBe(4);
    expect(await store.db.events.count()).toBe(0);
    expect(await store.countEvents('a')).toBe(300);
    expect((await store.get('a'))?.eventCount).toBe(300);

    expect(await store.events('a')).toEqual(range('a', 1, 300));
    // Ranges inside a row, across rows, at the edges, with a limit, past the end.
    expect(await store.events('a', 3, 8)).toEqual(range('a', 3, 8));
    expect(await store.events('a', 6, 6)).toEqual([ev('a', 6)]);
    expect(await store.events('a', 250, 260)).toEqual(range('a', 250, 260));
    expect(await store.events('a', 100, Number.MAX_SAFE_INTEGER, 10)).toEqual(range('a', 100, 109));
    expect(await store.events('a', 299, 1000)).toEqual([ev('a', 299), ev('a', 300)]);
    expect(await store.events('a', 301)).toEqual([]);

    // Pages of exactly the size asked for, whatever the rows, from any seq.
    const pages = await collect(store.pages('a', 64, 10));
    expect(pages.map((p) => p.length)).toEqual([64, 64, 64, 64, 35]);
    expect(pages.flat()).toEqual(range('a', 10, 300));
    expect((await collect(store.pages('a', 1000))).flat().map((e) => e.seq)).toEqual(range('a', 1, 300).map((e) => e.seq));
  });

  it('refuses a batch with a gap, or of another session, and stores nothing of it', async () => {
    const store = new SessionStore(openDb(name));
    await store.create(session('a'));
    await store.append('a', range('a', 1, 3));
    await expect(store.append('a', [ev('a', 4), ev('a', 6)])).rejects.toThrow(/consecutive events: seq 6 follows 4/);
    await expect(store.append('a', [ev('b', 4)])).rejects.toThrow(/one session's events/);
    expect(await store.events('a')).toEqual(range('a', 1, 3));
    expect((await store.get('a'))?.eventCount).toBe(3);
  });

  it('keeps sessions apart, and deleting one removes its rows only', async () => {
    const store = new SessionStore(openDb(name));
    await store.create(session('a'));
    await store.create(session('b'));
    await store.append('a', range('a', 1, 10));
    await store.append('b', range('b', 1, 20));
    await store.append('a', range('a', 11, 12));
    expect(await store.events('b', 5, 6)).toEqual([ev('b', 5), ev('b', 6)]);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.db.batches.where('[sessionId+lastSeq]').between(['a', Dexie.minKey], ['a', Dexie.maxKey]).count()).toBe(0);
    expect(await store.events('a')).toEqual([]);
    expect(await store.events('b')).toEqual(range('b', 1, 20));
  });

  it('compacts small rows into fewer, the events unchanged, while a reader is halfway through', async () => {
    const store = new SessionStore(openDb(name));
    await store.create(session('a'));
    // 1,500 rows of 2 events (a quiet live recording; written in one go, as append would write
    // them), then one big row and two more small ones.
    await store.db.batches.bulkAdd(Array.from({ length: 1500 }, (_, k) => encodeBatch('a', range('a', k * 2 + 1, k * 2 + 2))));
    await store.append('a', range('a', 3001, 4200));
    await store.append('a', range('a', 4201, 4202));
    await store.append('a', range('a', 4203, 4210));
    expect(await store.db.batches.count()).toBe(1503);
    // The reader has read (or has in flight) the first 1,001 rows when the compaction merges the
    // 1,500, so its next round trip finds one row that starts before where it is.
    const reader = store.pages('a', 10);
    const first = await reader.next();
    const merged = await store.compact('a');
    expect(merged).toBe(1500); // 1,499 of the first run and 1 of the last
    // 1,500 small rows → 1, the big row stays, the 2 small ones after it → 1.
    expect(await store.db.batches.count()).toBe(3);
    const rest = [first.value as StoredEvent[], ...(await collect({ [Symbol.asyncIterator]: () => reader }))].flat();
    expect(rest.map((e) => e.seq)).toEqual(range('a', 1, 4210).map((e) => e.seq));
    expect(rest).toEqual(range('a', 1, 4210));
    expect(await store.events('a')).toEqual(range('a', 1, 4210));
    expect(await store.countEvents('a')).toBe(4210);
  }, 60_000);
});

describe('sessions stored by schema version 1 (one row per event)', () => {
  it('read back, count and delete through the same functions', async () => {
    // The database as version 1 of the code wrote it.
    const old = new Dexie(name);
    old.version(1).stores({ sessions: 'id, startedAt, state, tabId', events: '[sessionId+seq]', bodies: '[sessionId+requestId]' });
    await old.table('sessions').add({ ...session('old'), eventCount: 120 });
    await old.table('events').bulkAdd(range('old', 1, 120));
    await old.table('bodies').add({ sessionId: 'old', requestId: 'r1', body: 'hello', base64Encoded: false });
    old.close();

    const store = new SessionStore(openDb(name));
    expect(await store.countEvents('old')).toBe(120);
    expect(await store.events('old')).toEqual(range('old', 1, 120));
    expect(await store.events('old', 50, 52)).toEqual(range('old', 50, 52));
    const pages = await collect(store.pages('old', 50, 3));
    expect(pages.map((p) => p.length)).toEqual([50, 50, 18]);
    expect(pages.flat()).toEqual(range('old', 3, 120));
    expect(store.db.verno).toBe(3); // opened and upgraded in place, the old rows kept
    // Version 3's pass gave the old body its size and kept it.
    expect(await store.body('old', 'r1')).toEqual({ sessionId: 'old', requestId: 'r1', body: 'hello', base64Encoded: false, size: 5 });
    // A new session in the same database is written as batch rows.
    await store.create(session('new'));
    await store.append('new', range('new', 1, 5));
    expect(await store.db.batches.count()).toBe(1);
    expect(await store.events('new')).toEqual(range('new', 1, 5));

    await store.delete('old');
    expect(await store.db.events.count()).toBe(0);
    expect(await store.db.bodies.count()).toBe(0);
    expect(await store.events('new')).toEqual(range('new', 1, 5));
  });
});
