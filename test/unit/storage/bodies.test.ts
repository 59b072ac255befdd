// The bodies table (issue 19): schema version 3 keeps the bodies version 2 stored, a body or a
// reason row counts in the session's storedBytes (a replaced row is taken back), one row reads
// back by session + request id, and deleting the session deletes its bodies and no other's.
// Real Dexie on fake-indexeddb; every expected value is a literal.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../src/adapters/storage/db.ts';
import { SessionStore } from '../../../src/adapters/storage/sessions.ts';

let n = 0;
let name: string;
beforeEach(() => {
  name = `netlens-bodies-${++n}`;
});

const session = (id: string) => ({ id, url: 'http://a.test/', title: '', startedAt: 1, state: 'stopped' as const, eventCount: 0, source: 'live' as const, options: { bodies: true } });

describe('the bodies table', () => {
  it('version 3 keeps the bodies a version 2 database holds, with their size', async () => {
    const old = new Dexie(name);
    old.version(1).stores({ sessions: 'id, startedAt, state, tabId', events: '[sessionId+seq]', bodies: '[sessionId+requestId]' });
    old.version(2).stores({ batches: '[sessionId+lastSeq], [sessionId+firstSeq]' });
    await old.table('sessions').add({ ...session('s'), storedBytes: 100 });
    await old.table('bodies').bulkAdd([
      { sessionId: 's', requestId: '1.1', body: 'héllo', base64Encoded: false },
      { sessionId: 's', requestId: '1.2', body: 'AAEC/w==', base64Encoded: true },
    ]);
    old.close();
    const store = new SessionStore(openDb(name));
    expect(await store.body('s', '1.1')).toEqual({ sessionId: 's', requestId: '1.1', body: 'héllo', base64Encoded: false, size: 6 });
    expect(await store.body('s', '1.2')).toEqual({ sessionId: 's', requestId: '1.2', body: 'AAEC/w==', base64Encoded: true, size: 4 });
    expect(store.db.verno).toBe(3);
    expect((await store.get('s'))!.storedBytes).toBe(100);
  });

  it('counts bodies and reasons in storedBytes, takes a replaced row back, and deletes with the session', async () => {
    const store = new SessionStore(openDb(name));
    await store.create(session('a'));
    await store.create(session('b'));
    await store.putBody({ sessionId: 'a', requestId: '7', hop: 0, body: 'x'.repeat(1000), base64Encoded: false, size: 1000 });
    expect((await store.get('a'))!.storedBytes).toBe(1000);
    await store.putBody({ sessionId: 'a', requestId: '8', hop: 2, reason: 'over-limit', detail: '12', size: 5_000_000 });
    expect((await store.get('a'))!.storedBytes).toBe(1000 + 16 + 2);
    // The same request again: the old row's size is taken back.
    await store.putBody({ sessionId: 'a', requestId: '7', hop: 0, body: 'y'.repeat(10), base64Encoded: false, size: 10 });
    expect((await store.get('a'))!.storedBytes).toBe(10 + 18);
    await store.putBody({ sessionId: 'b', requestId: '7', hop: 0, body: 'kept', base64Encoded: false, size: 4 });
    expect((await store.body('a', '8'))!.reason).toBe('over-limit');
    expect((await store.body('a', '8'))!.hop).toBe(2);
    await store.delete('a');
    expect(await store.body('a', '7')).toBeUndefined();
    expect(await store.bodies('a')).toEqual([]);
    expect((await store.bodies('b')).map((b) => b.body)).toEqual(['kept']);
  });
});
