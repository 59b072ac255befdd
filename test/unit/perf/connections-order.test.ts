// The connection records of shapes whose responses land far out of order, or whose memory-cache
// replays are reported after their responses, match what the log itself says, whether they are
// read once at the end or after every batch of events (as a live recording reads them).
// The expected order is computed here from the log's own fields: a request's response time is
// its timing's requestTime + receiveHeadersEnd, or the responseReceived timestamp if earlier
// (DevTools' rule), ties broken by the order the requests were sent.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { h2OutOfOrder, memoryCache, shortPages } from '../../../bench/lib/shape-logs.ts';

interface Expected {
  id: number;
  requestIds: string[];
  origins: string[];
}

function expectedConnections(log: readonly CdpEvent[]): Expected[] {
  const sentAt = new Map<string, number>();
  const origin = new Map<string, string>();
  const replayed = new Set<string>();
  const carried: { id: string; conn: number; at: number; index: number }[] = [];
  for (const e of log) {
    const p = e.params as Record<string, any>;
    if (e.method === 'Network.requestWillBeSent' && !sentAt.has(p.requestId)) {
      sentAt.set(p.requestId, sentAt.size);
      origin.set(p.requestId, new URL(p.request.url).origin);
    } else if (e.method === 'Network.requestServedFromCache') replayed.add(p.requestId);
    else if (e.method === 'Network.responseReceived' && p.response.connectionId > 0) {
      const t = p.response.timing;
      const start = t.requestTime * 1000;
      let at = Math.min(p.timestamp * 1000, start + t.receiveHeadersEnd);
      if (at < start) at = start;
      carried.push({ id: p.requestId, conn: p.response.connectionId, at, index: sentAt.get(p.requestId)! });
    }
  }
  const byConn = new Map<number, typeof carried>();
  for (const c of carried) {
    if (replayed.has(c.id)) continue;
    if (!byConn.has(c.conn)) byConn.set(c.conn, []);
    byConn.get(c.conn)!.push(c);
  }
  const out = [...byConn].map(([id, list]) => {
    list.sort((a, b) => a.at - b.at || a.index - b.index);
    return { id, list, requestIds: list.map((c) => c.id), origins: [...new Set(list.map((c) => origin.get(c.id)!))] };
  });
  out.sort((a, b) => a.list[0]!.at - b.list[0]!.at || a.list[0]!.index - b.list[0]!.index);
  return out.map(({ id, requestIds, origins }) => ({ id, requestIds, origins }));
}

function fold(log: readonly CdpEvent[], readEvery: number): Expected[] {
  const rec = new NetworkRecorder();
  log.forEach((e, i) => {
    rec.dispatch(e);
    if (readEvery > 0 && i % readEvery === 0) rec.connections();
  });
  return rec.connections().map((c) => ({ id: c.id, requestIds: [...c.requestIds], origins: [...c.origins] }));
}

describe('connections follow response order, however the events came', () => {
  const shapes: [string, CdpEvent[]][] = [
    ['one HTTP/2 connection, bursts of 100 streams answered out of order', h2OutOfOrder(3000, 7)],
    ['memory-cache replays, half reported after their responses', memoryCache(3000)],
    ['short pages, a new connection each', shortPages(2000)],
  ];
  for (const [name, log] of shapes) {
    it(name, () => {
      const expected = expectedConnections(log);
      // The shape really is out of order: response events do not come in response-time order.
      expect(expected.length).toBeGreaterThan(0);
      expect(fold(log, 0)).toEqual(expected);
      expect(fold(log, 37)).toEqual(expected);
      expect(fold(log, 500)).toEqual(expected);
    }, 60_000);
  }

  it('the HTTP/2 shape does come out of order (else the test above proves nothing)', () => {
    const log = h2OutOfOrder(3000, 7);
    const arrival: string[] = [];
    for (const e of log) if (e.method === 'Network.responseReceived') arrival.push((e.params as { requestId: string }).requestId);
    const order = expectedConnections(log)[0]!.requestIds;
    let far = 0;
    const pos = new Map(order.map((id, i) => [id, i]));
    arrival.forEach((id, i) => {
      if (Math.abs(pos.get(id)! - i) > 32) far++;
    });
    expect(far).toBeGreaterThan(100);
  }, 60_000);
});
