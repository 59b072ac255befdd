// Child targets (cross-process iframes, workers): their events carry the child's CDP session id.
// Chromium reports one request across sessions (requested on the parent's session, loaded on the
// child's; ExtraInfo on the tab's for a worker's fetch), and request ids are unique across a
// browser's targets: so a requestId is one request whichever session reports it, its record id is
// the requestId, and `target` is the session its requestWillBeSent came on.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder, recorderSnapshot } from '../../../src/core/recorder/index.ts';
import { clone, loadLog, loadTruth, requestIdOf } from './fixtures.ts';

const records = (r: NetworkRecorder) => recorderSnapshot(r, { diagnostics: false });
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const isNetwork = (e: CdpEvent) => e.method.startsWith('Network.');

describe('child targets', () => {
  const tab = loadLog('pool');
  const child: CdpEvent[] = tab.map((e) => ({ ...e, sessionId: 'CHILD-1' }));
  const attach: CdpEvent = { method: 'Target.attachedToTarget', params: { sessionId: 'CHILD-1', targetInfo: { targetId: 'T1', type: 'iframe', title: '', url: 'http://b.test/frame', attached: true, canAccessOpener: false }, waitingForDebugger: false } };
  const log: CdpEvent[] = [
    attach,
    ...tab,
    ...child,
    { method: 'Target.targetInfoChanged', params: { targetInfo: { targetId: 'T1', type: 'iframe', title: '', url: 'http://b.test/next', attached: true, canAccessOpener: false } } },
    { method: 'Target.detachedFromTarget', params: { sessionId: 'CHILD-1', targetId: 'T1' } },
  ];
  const rec = NetworkRecorder.fromLog(log);
  const alone = NetworkRecorder.fromLog(tab);

  it('takes the same requestId on another session for the same request: a copy adds nothing, ids are plain requestIds', () => {
    const { targets, ...ours } = records(rec);
    const { targets: none, ...theirs } = records(alone);
    expect(ours).toEqual(theirs);
    expect(none).toEqual([]);
    expect(targets).toHaveLength(1);
    for (const r of rec.requests()) {
      expect(r.id === r.requestId || r.id.startsWith(`${r.requestId}:`), r.id).toBe(true);
      expect(r.target).toBeUndefined(); // every request started on the tab
      expect(rec.request(r.id)).toBe(r);
    }
    // Every Network event of the child's copy is a duplicate (a priority set again changes nothing).
    const copies = child.filter((e) => isNetwork(e) && e.method !== 'Network.resourceChangedPriority' && !(e.method in alone.diagnostics.unhandledEvents));
    expect(sum(rec.diagnostics.duplicateEvents)).toBe(copies.length);
    expect(rec.diagnostics.orphanEvents).toEqual({});
  });

  it('keeps the session a request started on as its target', () => {
    const onChild = NetworkRecorder.fromLog([attach, ...child, ...tab]);
    expect(onChild.requests().length).toBe(alone.requests().length);
    for (const r of onChild.requests()) expect(r.target).toBe('CHILD-1');
  });

  it('makes pages only from the tab’s own main frame', () => {
    expect(rec.pages()).toEqual(alone.pages());
    expect(NetworkRecorder.fromLog([attach, ...child]).pages()).toEqual([]);
  });

  it('records the target, its URL changes and its detach', () => {
    expect(rec.targets()).toEqual([{ sessionId: 'CHILD-1', targetId: 'T1', type: 'iframe', url: 'http://b.test/next', attachedAt: 0, detached: true }]);
    const again = NetworkRecorder.fromLog([...log, log[log.length - 2]!, log[log.length - 1]!, { method: 'Target.detachedFromTarget', params: { sessionId: 'nobody' } }]);
    expect(again.diagnostics.duplicateEvents['Target.detachedFromTarget']).toBe(1);
    expect(again.diagnostics.duplicateEvents['Target.targetInfoChanged']).toBe(1);
    expect(again.diagnostics.orphanEvents['Target.detachedFromTarget']).toBe(1);
  });

  it('finds a child’s events for a navigation its parent reported', () => {
    const doc = tab.find((e) => e.method === 'Network.requestWillBeSent')!;
    const docId = (doc.params as { requestId: string }).requestId;
    const parentOnly = tab.filter((e) => (e.params as { requestId?: string }).requestId !== docId || e.method === 'Network.requestWillBeSent');
    const finish = tab.filter((e) => (e.params as { requestId?: string }).requestId === docId && e.method !== 'Network.requestWillBeSent').map((e) => ({ ...e, sessionId: 'CHILD-1' }));
    const r = NetworkRecorder.fromLog([log[0]!, ...parentOnly, ...finish]);
    const d = r.request(docId)!;
    expect([d.status, d.finished, d.decodedBodySize > 0, d.target]).toEqual([200, true, true, undefined]);
    expect(r.diagnostics.orphanEvents).toEqual({});
  });

  it('dates an undated event by its own session, whatever other sessions sent in between', () => {
    const date = (ms: number, sessionId?: string): CdpEvent => ({ method: 'Page.loadEventFired', params: { timestamp: ms / 1000 }, ...(sessionId ? { sessionId } : {}) });
    const created = (requestId: string, sessionId?: string): CdpEvent => ({ method: 'Network.webSocketCreated', params: { requestId, url: 'ws://a.test/' }, ...(sessionId ? { sessionId } : {}) });
    const attach2: CdpEvent = { method: 'Target.attachedToTarget', params: { sessionId: 'CHILD-2', targetInfo: { targetId: 'T2', type: 'worker', title: '', url: 'http://a.test/w.js', attached: true, canAccessOpener: false }, waitingForDebugger: false } };
    const r = NetworkRecorder.fromLog([date(1000), attach, date(5000, 'CHILD-1'), date(2000), attach2, created('ws-tab'), created('ws-1', 'CHILD-1'), created('ws-2', 'CHILD-2')]);
    expect(r.targets().map((t) => t.attachedAt)).toEqual([1000, 2000]);
    // A child with nothing dated on it yet reads its parent's clock.
    expect(r.webSockets().map((w) => [w.requestId, w.createdAt])).toEqual([['ws-tab', 2000], ['ws-1', 5000], ['ws-2', 2000]]);
  });
});

describe('child targets recorded from real Chromium (cross-site iframe and dedicated worker)', () => {
  const log = loadLog('child-targets');
  const rec = NetworkRecorder.fromLog(log);
  const truth = loadTruth('child-targets');
  const iframe = rec.targets().find((t) => t.type === 'iframe')!;
  const worker = rec.targets().find((t) => t.type === 'worker')!;
  const byUrl = (part: string) => rec.requests().filter((r) => r.url.includes(part));

  it('has every server request once, each id its requestId, nothing orphaned or doubled', () => {
    for (const t of truth.requests) expect(byUrl(t.url).map((r) => r.url), t.url).toEqual([t.url]);
    expect(rec.requests().length).toBe(truth.requests.length);
    for (const r of rec.requests()) expect(r.id).toBe(r.requestId);
    expect(rec.diagnostics.orphanEvents).toEqual({});
    expect(rec.diagnostics.duplicateEvents).toEqual({});
    expect(rec.diagnostics.heldEvents).toBe(0);
    expect(rec.targets().map((t) => [t.type, t.detached])).toEqual([['iframe', true], ['worker', true]]);
  });

  it('joins the iframe’s document, requested on the tab’s session and loaded on the iframe’s', () => {
    const [doc] = byUrl('/frame?');
    expect(doc!.target).toBeUndefined();
    expect(doc!.frameId).toBe(iframe.targetId);
    expect(log.some((e) => requestIdOf(e) === doc!.requestId && e.sessionId === iframe.sessionId && e.method === 'Network.loadingFinished')).toBe(true);
    expect([doc!.status, doc!.finished, doc!.source, doc!.extraInfo.response]).toEqual([200, true, 'network', true]);
    expect(doc!.decodedBodySize).toBeGreaterThan(0);
    expect(doc!.connectionId).toBeGreaterThan(0);
    // Its subresources started on the iframe's session.
    const images = byUrl('/res/frame-');
    expect(images).toHaveLength(3);
    for (const r of images) expect([r.target, r.status, r.finished]).toEqual([iframe.sessionId, 200, true]);
  });

  it('joins the worker’s script (requested on the tab’s session, loaded on the worker’s) and its fetch (ExtraInfo on the tab’s, first)', () => {
    const [script] = byUrl('/worker.js');
    expect(script!.requestId).toBe(worker.targetId);
    expect(script!.target).toBeUndefined();
    expect([script!.status, script!.finished, script!.extraInfo.request, script!.extraInfo.response]).toEqual([200, true, true, true]);
    expect(script!.decodedBodySize).toBeGreaterThan(0);
    const [fetch] = byUrl('/res/from-worker.json');
    expect(fetch!.target).toBe(worker.sessionId);
    expect([fetch!.status, fetch!.finished, fetch!.extraInfo.request, fetch!.extraInfo.response]).toEqual([200, true, true, true]);
    expect(fetch!.requestHeadersRaw).toBe(true);
    expect(fetch!.connectionId).toBeGreaterThan(0);
    // Its ExtraInfo came on the tab's session before the request existed: held, then applied.
    expect(rec.diagnostics.reorderedEvents).toBeGreaterThan(0);
  });

  it('makes one page, the tab’s own navigation', () => {
    expect(rec.pages().map((p) => p.url)).toEqual([truth.requests[0]!.url]);
  });

  it('ignores copies of every Network event delivered on another session too, data chunks included', () => {
    const other = (e: CdpEvent): CdpEvent => {
      const { sessionId, ...rest } = clone(e);
      return sessionId === undefined ? { ...rest, sessionId: worker.sessionId } : rest;
    };
    const copies = log.filter((e) => isNetwork(e) && e.method !== 'Network.resourceChangedPriority' && !(e.method in rec.diagnostics.unhandledEvents));
    // Right after each original, and all at the end (chunks of one body far apart).
    for (const doubled of [log.flatMap((e) => (copies.includes(e) ? [e, other(e)] : [e])), [...log, ...copies.map(other)]]) {
      const r = NetworkRecorder.fromLog(doubled);
      expect(records(r)).toEqual(records(rec));
      expect(sum(r.diagnostics.duplicateEvents)).toBe(copies.length);
      expect(r.diagnostics.orphanEvents).toEqual({});
    }
  });
});
