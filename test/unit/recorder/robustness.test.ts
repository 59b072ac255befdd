// Duplicate, reordered, unknown and malformed events never throw, never change the records they
// should not, and are counted in diagnostics.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder, recorderSnapshot } from '../../../src/core/recorder/index.ts';
import { clone, isExtraInfo, loadLog, requestIdOf, rng, SCENARIOS } from './fixtures.ts';

const records = (r: NetworkRecorder) => recorderSnapshot(r, { diagnostics: false });
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Moves the events `pick` selects to just before the first (or just after the last) of the other
 * events of their request, keeping the moved events in their original order.
 */
function moveToEdge(log: CdpEvent[], pick: (e: CdpEvent) => boolean, edge: 'before-first' | 'after-last'): CdpEvent[] {
  const rest = log.filter((e) => !pick(e));
  const anchor = new Map<string | undefined, number>();
  rest.forEach((e, i) => {
    const id = requestIdOf(e);
    if (edge === 'after-last' || !anchor.has(id)) anchor.set(id, i);
  });
  const at = new Map<number, CdpEvent[]>();
  const unanchored: CdpEvent[] = [];
  for (const e of log.filter(pick)) {
    const i = anchor.get(requestIdOf(e));
    if (i === undefined) unanchored.push(e);
    else (at.get(i) ?? at.set(i, []).get(i)!).push(e);
  }
  const out: CdpEvent[] = [];
  rest.forEach((e, i) => {
    if (edge === 'before-first') out.push(...(at.get(i) ?? []), e);
    else out.push(e, ...(at.get(i) ?? []));
  });
  return [...out, ...unanchored];
}

/** Request ids that are redirect chains (more than one requestWillBeSent). */
function redirected(log: CdpEvent[]): Set<string | undefined> {
  const seen = new Set<string | undefined>();
  const twice = new Set<string | undefined>();
  for (const e of log) {
    if (e.method !== 'Network.requestWillBeSent') continue;
    const id = requestIdOf(e);
    if (seen.has(id)) twice.add(id);
    seen.add(id);
  }
  return twice;
}

describe.each(SCENARIOS)('%s: order and repetition do not change the records', (name) => {
  const log = loadLog(name);
  const base = NetworkRecorder.fromLog(log);

  it('fromLog equals dispatching event by event, in one go or in batches', () => {
    const one = new NetworkRecorder();
    for (const e of log) one.dispatch(e);
    expect(recorderSnapshot(one)).toEqual(recorderSnapshot(base));
    expect(one.version).toBe(base.version);
    expect(base.version).toBeGreaterThan(0);
    expect(base.version).toBeLessThanOrEqual(log.length);
    // The live panel reads records between events: reading must not disturb the fold.
    const live = new NetworkRecorder();
    for (const e of log) {
      live.dispatch(e);
      live.requests().length;
    }
    expect(recorderSnapshot(live)).toEqual(recorderSnapshot(base));
  });

  it('ignores every event delivered twice in a row, counting each repeat', () => {
    const twice = log.flatMap((e) => [e, clone(e)]);
    const r = NetworkRecorder.fromLog(twice);
    expect(records(r)).toEqual(records(base));
    // Every repeat of a handled event is a duplicate, except a priority change (setting it again changes nothing).
    const handled = log.filter((e) => !(e.method in base.diagnostics.unhandledEvents) && e.method !== 'Network.resourceChangedPriority').length;
    expect(sum(r.diagnostics.duplicateEvents)).toBe(handled);
    expect(r.diagnostics.duplicateEvents['Network.requestWillBeSent']).toBe(log.filter((e) => e.method === 'Network.requestWillBeSent').length);
  });

  it('ignores repeats that come much later (the request long finished)', () => {
    const repeats = log.filter((e) => e.method !== 'Network.dataReceived' && e.method !== 'Network.resourceChangedPriority' && !(e.method in base.diagnostics.unhandledEvents));
    const r = NetworkRecorder.fromLog([...log, ...clone(repeats)]);
    expect(records(r)).toEqual(records(base));
    expect(sum(r.diagnostics.duplicateEvents)).toBe(repeats.length);
  });

  it('gives the same records whether ExtraInfo comes before its request or after it finished', () => {
    for (const edge of ['before-first', 'after-last'] as const) {
      const moved = moveToEdge(log, isExtraInfo, edge);
      expect(moved.length).toBe(log.length);
      const r = NetworkRecorder.fromLog(moved);
      expect(records(r)).toEqual(records(base));
      expect(r.diagnostics.orphanEvents).toEqual({});
      if (edge === 'before-first' && log.some(isExtraInfo)) expect(r.diagnostics.reorderedEvents).toBeGreaterThan(0);
    }
  });

  it('gives the same records with ExtraInfo shuffled anywhere in the log (keeping their order per request)', () => {
    for (const seed of [1, 2, 3]) {
      const random = rng(seed);
      const keyed = log.map((e, i) => ({ e, key: i }));
      // Random positions, then given back in order within each request and kind, since the k-th
      // ExtraInfo of a kind belongs to the k-th hop.
      const groups = new Map<string, { e: CdpEvent; key: number }[]>();
      for (const k of keyed) {
        if (!isExtraInfo(k.e)) continue;
        const g = `${requestIdOf(k.e)} ${k.e.method}`;
        (groups.get(g) ?? groups.set(g, []).get(g)!).push(k);
      }
      for (const g of groups.values()) {
        const keys = g.map(() => random() * log.length).sort((a, b) => a - b);
        g.forEach((k, i) => (k.key = keys[i]!));
      }
      const shuffled = keyed.sort((a, b) => a.key - b.key).map((k) => k.e);
      expect(records(NetworkRecorder.fromLog(shuffled))).toEqual(records(base));
    }
  });

  it('gives the same records when responseReceived, data and loadingFinished come before requestWillBeSent', () => {
    // Not across the hops of a redirect chain: a response can only be placed on the hop that exists.
    const chains = redirected(log);
    const early = (e: CdpEvent) =>
      (e.method === 'Network.responseReceived' || e.method === 'Network.dataReceived' || e.method === 'Network.loadingFinished') && !chains.has(requestIdOf(e));
    const moved = moveToEdge(log, early, 'before-first');
    const r = NetworkRecorder.fromLog(moved);
    expect(records(r)).toEqual(records(base));
    expect(r.diagnostics.orphanEvents).toEqual({});
    expect(r.diagnostics.heldEvents).toBe(0);
    expect(r.diagnostics.reorderedEvents).toBe(log.filter(early).length + base.diagnostics.reorderedEvents);
  });

  it('ignores unknown and malformed events mixed into the log, and counts them', () => {
    const junk: unknown[] = [
      { method: 'Foo.bar', params: {} },
      { method: 'Network.somethingNew', params: { requestId: 'x' } },
      null,
      42,
      { params: {} },
      { method: 7 },
      { method: 'Network.requestWillBeSent', params: null },
      { method: 'Network.requestWillBeSent', params: { requestId: 'm1', timestamp: 1, request: { url: 5, method: 'GET', headers: {} } } },
      { method: 'Network.requestWillBeSent', params: { requestId: 'm2', timestamp: 'soon', request: { url: 'http://x/', method: 'GET', headers: {} } } },
      { method: 'Network.responseReceived', params: { requestId: requestIdOf(log.find((e) => e.method === 'Network.responseReceived')!) ?? 'q', timestamp: 1 } },
      { method: 'Network.responseReceived', params: { requestId: 'q', timestamp: 1, response: { url: 'http://x/', status: '200' } } },
      { method: 'Network.dataReceived', params: { requestId: 'q', timestamp: 1, dataLength: 'many' } },
      { method: 'Network.loadingFinished', params: { requestId: 'q' } },
      { method: 'Network.requestWillBeSentExtraInfo', params: { requestId: 'q', headers: 'Host: x' } },
      { method: 'Network.responseReceivedExtraInfo', params: { requestId: 'q', headers: {}, statusCode: null } },
      { method: 'Network.webSocketFrameReceived', params: { requestId: 'q', timestamp: 1 } },
      { method: 'Network.eventSourceMessageReceived', params: { requestId: 'q', timestamp: 1, eventName: 'message', data: 'x' } },
      { method: 'Page.frameNavigated', params: { frame: null } },
      { method: 'Page.loadEventFired', params: {} },
      { method: 'Target.attachedToTarget', params: { sessionId: 'S', targetInfo: {} } },
      { method: 'Network.requestWillBeSent', params: { requestId: '__proto__', timestamp: 1, request: { url: 'http://x/', method: 'GET', headers: {} }, redirectResponse: 'yes' } },
    ];
    // All but the two well-formed unknown methods, and the response whose status is the text
    // "200": that one is repaired (read as the number 200) and waits as an orphan of request q.
    const malformed = junk.length - 3;
    const mixed: CdpEvent[] = [];
    log.forEach((e, i) => {
      mixed.push(e);
      if (i % 7 === 0) mixed.push(...(junk as CdpEvent[]));
    });
    const r = NetworkRecorder.fromLog(mixed);
    expect(records(r)).toEqual(records(base));
    const rounds = Math.ceil(log.length / 7);
    expect(sum(r.diagnostics.malformedEvents)).toBe(malformed * rounds);
    expect(r.diagnostics.malformedEvents['Network.requestWillBeSent']).toBe(4 * rounds);
    expect(r.diagnostics.unhandledEvents['Foo.bar']).toBe(rounds);
    expect(r.diagnostics.unhandledEvents['Network.somethingNew']).toBe(rounds);
    expect(r.diagnostics.events).toBe(mixed.length);
    expect(r.diagnostics.repairedFields['Network.responseReceived response.status: text read as a number']).toBe(rounds);
    expect(r.diagnostics.orphanEvents['Network.responseReceived']).toBe(rounds);
    // The first of each kind is kept as an example that says what was wrong.
    expect(r.diagnostics.examples['malformed Network.dataReceived']).toMatch(/dataLength is text, not a finite number \("many"\)/);
  });
});

describe('events for requests that never appear', () => {
  const orphan = (method: string, requestId: string, extra: Record<string, unknown> = {}): CdpEvent => ({ method, params: { requestId, timestamp: 1, ...extra } });

  it('are counted by method while they wait, and applied when their request appears', () => {
    const log = loadLog('pool');
    const first = log.findIndex((e) => e.method === 'Network.requestWillBeSent');
    const rid = requestIdOf(log[first]!)!;
    const own = log.filter((e) => requestIdOf(e) === rid && e.method !== 'Network.requestWillBeSent');
    const r = new NetworkRecorder();
    for (const e of own) r.dispatch(e);
    expect(r.requests().length).toBe(0);
    expect(sum(r.diagnostics.orphanEvents)).toBe(own.length);
    expect(r.diagnostics.orphanEvents['Network.responseReceived']).toBe(1);
    expect(r.diagnostics.heldEvents).toBe(own.length);
    r.dispatch(log[first]!);
    expect(r.diagnostics.orphanEvents).toEqual({});
    expect(r.diagnostics.heldEvents).toBe(0);
    expect(r.diagnostics.reorderedEvents).toBe(own.length);
    const req = r.request(rid)!;
    expect([req.status, req.finished, req.source]).toEqual([200, true, 'network']);
  });

  it('stay counted as orphans, and the memory they hold is bounded', () => {
    const r = new NetworkRecorder({ maxHeldEvents: 100 });
    for (let i = 0; i < 1000; i++) {
      r.dispatch(orphan('Network.webSocketFrameReceived', `ws-${i % 10}`, { response: { opcode: 1, mask: false, payloadData: `f${i}` } }));
      expect(r.diagnostics.heldEvents).toBeLessThanOrEqual(100);
    }
    r.dispatch(orphan('Network.dataReceived', 'never', { dataLength: 1, encodedDataLength: 1 }));
    expect(r.diagnostics.orphanEvents).toEqual({ 'Network.webSocketFrameReceived': 1000, 'Network.dataReceived': 1 });
    expect(r.diagnostics.heldEvents).toBeLessThanOrEqual(100);
    // A socket whose frames were given up gets only those still held when it appears.
    r.dispatch({ method: 'Network.webSocketCreated', params: { requestId: 'ws-9', url: 'ws://x/' } });
    const kept = r.webSockets()[0]!.frames.length;
    expect(kept).toBeLessThan(100);
    expect(r.diagnostics.orphanEvents['Network.webSocketFrameReceived']).toBe(1000 - kept);
  });

  it('that name a socket as a plain request stay orphans for good', () => {
    const r = new NetworkRecorder();
    r.dispatch(orphan('Network.webSocketFrameSent', 'r1', { response: { opcode: 1, mask: true, payloadData: 'hi' } }));
    r.dispatch({ method: 'Network.requestWillBeSent', params: { requestId: 'r1', timestamp: 2, wallTime: 1000, request: { url: 'http://x/', method: 'GET', headers: {} } } });
    expect(r.diagnostics.orphanEvents).toEqual({ 'Network.webSocketFrameSent': 1 });
    expect(r.diagnostics.heldEvents).toBe(0);
    expect(r.diagnostics.reorderedEvents).toBe(0);
  });
});

describe('version', () => {
  it('moves on every change and stays when nothing changed', () => {
    const log = loadLog('h2');
    const r = new NetworkRecorder();
    let last = r.version;
    for (const e of log) {
      r.dispatch(e);
      expect(r.version === last || r.version === last + 1).toBe(true);
      last = r.version;
    }
    const prio = log.find((e) => e.method === 'Network.resourceChangedPriority')!;
    const before = r.version;
    r.dispatch(prio); // the same priority again
    expect(r.version).toBe(before);
    r.dispatch({ method: 'Network.resourceChangedPriority', params: { ...(prio.params as object), newPriority: 'VeryLow' } });
    expect(r.version).toBe(before + 1);
    expect(r.request(requestIdOf(prio)!)!.priority).toBe('VeryLow');
  });
});
