// The capture session's contracts with a scripted debugger and a real Dexie store on
// fake-indexeddb (the one thing that cannot run here is a real full disk).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../../src/adapters/storage/db.ts';
import { SessionStore } from '../../../src/adapters/storage/sessions.ts';
import type { DebuggerPort, DebuggerTarget } from '../../../src/adapters/debugger.ts';
import type { StoredEvent } from '../../../src/core/cdp.ts';
import type { SessionInfo } from '../../../src/core/session.ts';
import { CaptureSession, type CaptureDeps } from '../../../src/background/capture-session.ts';
import { Recordings } from '../../../src/background/recordings.ts';

class ScriptedDebugger implements DebuggerPort {
  commands: { target: DebuggerTarget; method: string; params?: object }[] = [];
  attachError?: Error;
  attached = new Set<number>();
  private eventListener?: (t: DebuggerTarget, m: string, p: unknown) => void;
  private detachListener?: (tabId: number, reason: string) => void;
  async attach(tabId: number) {
    if (this.attachError) throw this.attachError;
    this.attached.add(tabId);
  }
  async detach(tabId: number) {
    this.attached.delete(tabId);
  }
  async send<R>(target: DebuggerTarget, method: string, params?: object): Promise<R> {
    this.commands.push({ target, method, ...(params ? { params } : {}) });
    if (method === 'Target.getTargetInfo') return { targetInfo: { url: 'about:blank', title: '' } } as R;
    return {} as R;
  }
  onEvent(l: (t: DebuggerTarget, m: string, p: unknown) => void) {
    this.eventListener = l;
  }
  onDetach(l: (tabId: number, reason: string) => void) {
    this.detachListener = l;
  }
  emit(tabId: number, method: string, params: unknown, sessionId?: string) {
    this.eventListener?.(sessionId ? { tabId, sessionId } : { tabId }, method, params);
  }
  detachFromBrowser(tabId: number, reason: string) {
    this.attached.delete(tabId);
    this.detachListener?.(tabId, reason);
  }
}

let dbCounter = 0;
let store: SessionStore;
let dbg: ScriptedDebugger;
let published: StoredEvent[][];
let changes: SessionInfo[];

function deps(overrides: Partial<CaptureDeps> = {}): CaptureDeps {
  let n = 0;
  return {
    debugger: dbg,
    store,
    publish: (_id, events) => published.push(events),
    sessionChanged: (s) => changes.push({ ...s }),
    now: () => Date.now(),
    newId: () => `test-${++n}-${dbCounter}`,
    flushIntervalMs: 100,
    ...overrides,
  };
}

function recordings(d = deps()) {
  const r = new Recordings(d, { recording: () => undefined });
  dbg.onEvent((t, m, p) => r.route(t, m, p));
  dbg.onDetach((tabId, reason) => void r.detached(tabId, reason));
  return r;
}

const request = (i: number) => ({ requestId: `r${i}`, request: { url: `http://a.test/${i}`, method: 'GET', headers: {} }, timestamp: i, wallTime: i });

beforeEach(() => {
  store = new SessionStore(openDb(`netlens-test-${++dbCounter}`));
  dbg = new ScriptedDebugger();
  published = [];
  changes = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CaptureSession', () => {
  it('enables Network, Page and flattened auto-attach on the tab, and lets child targets run', async () => {
    const rec = recordings();
    const res = await rec.handle({ type: 'start', tabId: 7 });
    expect(res.ok).toBe(true);
    const methods = dbg.commands.map((c) => c.method);
    expect(methods).toEqual(expect.arrayContaining(['Network.enable', 'Page.enable', 'Target.setAutoAttach']));
    expect(dbg.commands.find((c) => c.method === 'Target.setAutoAttach')?.params).toMatchObject({ autoAttach: true, flatten: true, waitForDebuggerOnStart: true });

    dbg.emit(7, 'Target.attachedToTarget', { sessionId: 'child-1', targetInfo: { type: 'iframe', url: 'http://b.test/' }, waitingForDebugger: true });
    await vi.waitFor(() => expect(dbg.commands.some((c) => c.target.sessionId === 'child-1' && c.method === 'Runtime.runIfWaitingForDebugger')).toBe(true));
    const childMethods = dbg.commands.filter((c) => c.target.sessionId === 'child-1').map((c) => c.method);
    // Network before letting it run, so its first request is recorded.
    expect(childMethods.indexOf('Network.enable')).toBeLessThan(childMethods.indexOf('Runtime.runIfWaitingForDebugger'));
    expect(childMethods).toContain('Page.enable');
  });

  it('stores events unchanged, seq from 1 without gaps, within the flush interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const rec = recordings();
    const res = await rec.handle({ type: 'start', tabId: 1 });
    if (!res.ok || res.type !== 'start') throw new Error('start failed');
    const id = res.session.id;
    for (let i = 0; i < 10; i++) dbg.emit(1, 'Network.requestWillBeSent', request(i));
    dbg.emit(1, 'Network.loadingFinished', { requestId: 'r0' }, 'child-9');
    expect(await store.countEvents(id)).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    await vi.waitFor(async () => expect(await store.countEvents(id)).toBe(11));
    const events = await store.events(id);
    expect(events.map((e) => e.seq)).toEqual([...Array(11).keys()].map((i) => i + 1));
    expect(events[3]!.params).toEqual(request(3));
    expect(events[10]!.target).toBe('child-9');
    expect(events[0]!.target).toBeUndefined();
    expect((await store.get(id))?.eventCount).toBe(11);
    // Live clients get the same rows, after they are stored. (This session's only: an earlier
    // test's recording, never stopped, may still flush into the shared list.)
    expect(published.flat().filter((e) => e.sessionId === id).map((e) => e.seq)).toEqual(events.map((e) => e.seq));
  });

  it('flushes every pending event before marking the session ended (tab closed)', async () => {
    const rec = recordings(deps({ flushIntervalMs: 60_000 }));
    const res = await rec.handle({ type: 'start', tabId: 2 });
    if (!res.ok || res.type !== 'start') throw new Error('start failed');
    for (let i = 0; i < 25; i++) dbg.emit(2, 'Network.requestWillBeSent', request(i));
    dbg.detachFromBrowser(2, 'target_closed');
    await vi.waitFor(async () => expect((await store.get(res.session.id))?.state).toBe('stopped'));
    const row = await store.get(res.session.id);
    expect(row?.endReason).toBe('target_closed');
    expect(row?.eventCount).toBe(25);
    expect(await store.countEvents(res.session.id)).toBe(25);
  });

  it('names cancelling the infobar as canceled_by_user', async () => {
    const rec = recordings();
    const res = await rec.handle({ type: 'start', tabId: 3 });
    if (!res.ok || res.type !== 'start') throw new Error('start failed');
    dbg.detachFromBrowser(3, 'canceled_by_user');
    await vi.waitFor(async () => expect((await store.get(res.session.id))?.endReason).toBe('canceled_by_user'));
  });

  it('counts what was stored when a write that reported failure was stored after all (as Chromium 156 does when the disk fills)', async () => {
    const blobs = Object.assign(new Error('Failed to write blobs (IOError)'), { name: 'DataError' });
    let appends = 0;
    const failing = Object.create(store) as SessionStore;
    failing.append = async (...args: Parameters<SessionStore['append']>) => {
      await store.append(...args);
      if (++appends >= 2 && args[1].length > 0) throw blobs;
    };
    const rec = recordings(deps({ store: failing }));
    const res = await rec.handle({ type: 'start', tabId: 4 });
    if (!res.ok || res.type !== 'start') throw new Error('start failed');
    const id = res.session.id;
    for (let i = 0; i < 5; i++) dbg.emit(4, 'Network.requestWillBeSent', request(i));
    await rec.handle({ type: 'flush', sessionId: id });
    for (let i = 5; i < 9; i++) dbg.emit(4, 'Network.requestWillBeSent', request(i));
    await vi.waitFor(async () => expect((await store.get(id))?.state).toBe('interrupted'));
    const row = await store.get(id);
    expect(row?.endReason).toBe('storage_error');
    expect(row?.endDetail).toBe('Failed to write blobs (IOError)');
    expect(row?.eventCount).toBe(9);
    expect(row?.lostEvents).toBeUndefined();
    expect((await store.events(id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops cleanly on a full disk: what was stored stays, the reason and the loss are recorded', async () => {
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    let appends = 0;
    const failing = Object.create(store) as SessionStore;
    failing.append = async (...args: Parameters<SessionStore['append']>) => {
      if (++appends >= 2 && args[1].length > 0) throw quota;
      return store.append(...args);
    };
    const rec = recordings(deps({ store: failing }));
    const res = await rec.handle({ type: 'start', tabId: 4 });
    if (!res.ok || res.type !== 'start') throw new Error('start failed');
    const id = res.session.id;
    for (let i = 0; i < 5; i++) dbg.emit(4, 'Network.requestWillBeSent', request(i));
    await rec.handle({ type: 'flush', sessionId: id });
    expect(await store.countEvents(id)).toBe(5);
    for (let i = 5; i < 9; i++) dbg.emit(4, 'Network.requestWillBeSent', request(i));
    await vi.waitFor(async () => expect((await store.get(id))?.state).toBe('interrupted'));
    dbg.emit(4, 'Network.requestWillBeSent', request(99));
    const row = await store.get(id);
    expect(row?.endReason).toBe('quota');
    expect(row?.endDetail).toContain('Chromium said “The quota has been exceeded.”');
    expect(row?.lostEvents).toBe(4);
    expect(row?.eventCount).toBe(5);
    const events = await store.events(id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    // The debugger was let go, and the tab is no longer listed as recording.
    expect(dbg.attached.has(4)).toBe(false);
    const status = await rec.handle({ type: 'status' });
    expect(status.ok && status.type === 'status' && status.recordings.length).toBe(0);
  });

  it('refuses a tab another debugger holds with a sentence, and stores no session', async () => {
    dbg.attachError = new Error('Another debugger is already attached to the tab with id: 5.');
    const rec = recordings();
    const res = await rec.handle({ type: 'start', tabId: 5 });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error).toMatch(/^Another debugger is already attached to this tab/);
    expect(await store.list()).toEqual([]);
  });

  it('marks sessions a killed worker left recording as interrupted, sparing live ones', async () => {
    const base = { url: 'http://a.test/', title: '', startedAt: 1, eventCount: 3, source: 'live' as const, options: {} };
    await store.create({ ...base, id: 'dead', state: 'recording' });
    await store.create({ ...base, id: 'alive', state: 'recording' });
    await store.create({ ...base, id: 'done', state: 'stopped', endReason: 'stopped' });
    const marked = await store.markInterrupted(new Set(['alive']));
    expect(marked.map((s) => s.id)).toEqual(['dead']);
    expect((await store.get('dead'))?.state).toBe('interrupted');
    expect((await store.get('dead'))?.endReason).toBe('worker_restart');
    expect((await store.get('alive'))?.state).toBe('recording');
    expect((await store.get('done'))?.state).toBe('stopped');
  });
});

describe('CaptureSession.start', () => {
  it('registers the session before enabling domains, so no early event is dropped', async () => {
    const early: string[] = [];
    const d = deps();
    const original = dbg.send.bind(dbg);
    let session: CaptureSession | undefined;
    dbg.send = async <R,>(target: DebuggerTarget, method: string, params?: object) => {
      // The protocol may emit events before Network.enable even returns.
      if (method === 'Network.enable' && !target.sessionId) session?.onEvent(target, 'Network.requestWillBeSent', request(0));
      return original<R>(target, method, params);
    };
    session = await CaptureSession.start(6, {}, d, (s) => {
      session = s;
      early.push(s.id);
    });
    await session.flush();
    expect(early).toHaveLength(1);
    expect(await store.countEvents(session.id)).toBe(1);
  });
});
