// Child targets: their events carry the child's CDP session id; their requests get ids prefixed
// by it, so the same requestId in two targets never collides.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { loadLog } from './fixtures.ts';

describe('child targets', () => {
  const tab = loadLog('pool');
  const child: CdpEvent[] = tab.map((e) => ({ ...e, sessionId: 'CHILD-1' }));
  const log: CdpEvent[] = [
    { method: 'Target.attachedToTarget', params: { sessionId: 'CHILD-1', targetInfo: { targetId: 'T1', type: 'iframe', title: '', url: 'http://b.test/frame', attached: true, canAccessOpener: false }, waitingForDebugger: false } },
    ...tab,
    ...child,
    { method: 'Target.targetInfoChanged', params: { targetInfo: { targetId: 'T1', type: 'iframe', title: '', url: 'http://b.test/next', attached: true, canAccessOpener: false } } },
    { method: 'Target.detachedFromTarget', params: { sessionId: 'CHILD-1', targetId: 'T1' } },
  ];
  const rec = NetworkRecorder.fromLog(log);
  const alone = NetworkRecorder.fromLog(tab);

  it('keeps requests of both targets apart, ids prefixed by the child session', () => {
    expect(rec.requests().length).toBe(2 * alone.requests().length);
    const ids = rec.requests().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const fromChild = rec.requests().filter((r) => r.target === 'CHILD-1');
    expect(fromChild.length).toBe(alone.requests().length);
    for (const r of fromChild) {
      expect(r.id).toBe(`CHILD-1/${r.requestId}`);
      expect(rec.request(r.id)).toBe(r);
      expect(r.source).toBe('network');
    }
    expect(rec.diagnostics.duplicateEvents).toEqual({});
  });

  it('makes pages only from the tab’s own main frame', () => {
    expect(rec.pages().length).toBe(alone.pages().length);
  });

  it('records the target, its URL changes and its detach', () => {
    expect(rec.targets()).toEqual([{ sessionId: 'CHILD-1', targetId: 'T1', type: 'iframe', url: 'http://b.test/next', attachedAt: 0, detached: true }]);
    const again = NetworkRecorder.fromLog([...log, log[log.length - 1]!, { method: 'Target.detachedFromTarget', params: { sessionId: 'nobody' } }]);
    expect(again.diagnostics.duplicateEvents['Target.detachedFromTarget']).toBe(1);
    expect(again.diagnostics.orphanEvents['Target.detachedFromTarget']).toBe(1);
  });

  it('finds a child’s events for a navigation its parent reported', () => {
    const doc = tab.find((e) => e.method === 'Network.requestWillBeSent')!;
    const docId = (doc.params as { requestId: string }).requestId;
    const parentOnly = tab.filter((e) => (e.params as { requestId?: string }).requestId !== docId || e.method === 'Network.requestWillBeSent');
    const finish = tab.filter((e) => (e.params as { requestId?: string }).requestId === docId && e.method !== 'Network.requestWillBeSent').map((e) => ({ ...e, sessionId: 'CHILD-1' }));
    const r = NetworkRecorder.fromLog([log[0]!, ...parentOnly, ...finish]);
    const d = r.request(docId)!;
    expect([d.status, d.finished, d.decodedBodySize > 0]).toEqual([200, true, true]);
    expect(r.diagnostics.orphanEvents).toEqual({});
  });
});
