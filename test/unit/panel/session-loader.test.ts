// The live path: the analysis worker replays what is stored, then applies live batches by seq — no
// gaps, no doubles — however the batches and the panel's opening interleave.
import { loadLog } from '../../fixtures/load.ts';
import { describe, expect, it } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { SessionLoader } from '../../../panel/store/session-loader.ts';
import { NetworkRecorder } from '../../../src/core/recorder/network-recorder.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import type { NetworkRequest } from '../../../src/core/records.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const log = loadLog('demo');
const all = rowsFromLog('s1', log);
const session: SessionInfo = { id: 's1', tabId: 1, url: 'http://a.test/demo', title: '', startedAt: 1, state: 'recording', eventCount: 0, source: 'live', options: {} };
const callbacks = (changes: { n: number }) => ({ changed: () => void changes.n++, progress: () => undefined, session: () => undefined, disconnected: () => undefined });

function signature(records: readonly NetworkRequest[]): string[] {
  return records.map((r) => `${r.id} ${r.method} ${r.url} ${r.status} ${r.source} ${r.connectionId} ${r.finished}`);
}
const direct = NetworkRecorder.fromLog(log).requests();
const expected = signature(direct);
/** The session as the analysis worker (in-process here) folded it: the panel folds nothing itself. */
async function folded(backend: MemoryBackend, loader: SessionLoader): Promise<string[]> {
  const answer = await backend.analysis().records('s1', loader.lastSeq, direct.map((r) => r.id));
  return signature(answer?.records ?? []);
}

describe('SessionLoader', () => {
  it('replays a stored session into the same records as a fold of its log', async () => {
    const backend = new MemoryBackend();
    backend.addSession({ ...session, state: 'stopped' }, all);
    const changes = { n: 0 };
    const loader = new SessionLoader(backend, 's1', callbacks(changes));
    await loader.open(false);
    expect(loader.applied).toBe(all.length);
    expect(await folded(backend, loader)).toEqual(expected);
    expect(changes.n).toBeGreaterThan(0);
  });

  it('joins a recording mid-way: buffered, duplicated and missed batches all land exactly once', async () => {
    const backend = new MemoryBackend();
    backend.addSession(session, all.slice(0, 150));
    const loader = new SessionLoader(backend, 's1', callbacks({ n: 0 }));
    const opening = loader.open(true);
    // While the replay runs, the worker flushes and posts 151..250 (buffered by the loader) ...
    backend.store('s1', all.slice(150, 250));
    backend.post('s1', all.slice(150, 250));
    await opening;
    // ... then a batch arrives twice (a reconnect), overlapping what was applied,
    backend.store('s1', all.slice(250, 300));
    backend.post('s1', all.slice(200, 300));
    backend.post('s1', all.slice(250, 300));
    // ... then batches are stored but their messages are lost, and a later batch reveals the gap.
    backend.store('s1', all.slice(300, 380));
    backend.store('s1', all.slice(380));
    backend.post('s1', all.slice(380));
    await loader.settled();
    expect(loader.lastSeq).toBe(all.length);
    expect(loader.applied).toBe(all.length);
    expect((await backend.analysis().summary('s1', loader.lastSeq))?.events).toBe(all.length);
    expect(await folded(backend, loader)).toEqual(expected);
  });

  it('can be closed and reopened at any point without losing or doubling an event', async () => {
    const backend = new MemoryBackend();
    backend.addSession(session, all.slice(0, 100));
    const first = new SessionLoader(backend, 's1', callbacks({ n: 0 }));
    await first.open(true);
    backend.store('s1', all.slice(100, 200));
    backend.post('s1', all.slice(100, 200));
    await first.settled();
    expect(first.applied).toBe(200);
    first.close();
    expect(backend.subscriberCount).toBe(0);
    // Events flushed while no panel was open are simply stored.
    backend.store('s1', all.slice(200, 320));
    const second = new SessionLoader(backend, 's1', callbacks({ n: 0 }));
    await second.open(true);
    expect(second.applied).toBe(320);
    backend.store('s1', all.slice(320));
    backend.post('s1', all.slice(320));
    await second.settled();
    expect(second.applied).toBe(all.length);
    expect(await folded(backend, second)).toEqual(expected);
  });

  it('catches up from storage after the worker restarts', async () => {
    const backend = new MemoryBackend();
    backend.addSession(session, all.slice(0, 100));
    let disconnected = 0;
    const loader = new SessionLoader(backend, 's1', { ...callbacks({ n: 0 }), disconnected: () => void disconnected++ });
    await loader.open(true);
    backend.store('s1', all.slice(100, 180));
    backend.dropLive();
    expect(disconnected).toBe(1);
    await loader.catchUp();
    expect(loader.applied).toBe(180);
  });
});
