// Event streams (issue 17) on the recorded event-streams fixture (test/server/scenarios/event-streams.ts
// in real Chromium through Netlens's own capture): the parsed messages equal what the server logged
// it sent (count, order, bytes, ids, event types, retry, comments), the reconnect is linked by
// Last-Event-ID, the held-back stream is found with its evidence, and the six EventSources that
// held hold.test's sockets are named, as the server's socket log says.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analysePoolData, analysePools, describePool, explainRequest } from '../../../src/core/analysis/pools/index.ts';
import { analyseStreamsData, channelMessages, channelSources } from '../../../src/core/analysis/streams/index.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const log = loadLog('event-streams');
const truth = loadTruth('event-streams');
const rec = NetworkRecorder.fromLog(log);
const input = { requests: rec.requests(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), webSockets: rec.webSockets() };
const data = analyseStreamsData(input, { pages: rec.pages(), pools: analysePoolData(rec.requests()) });
const sources = channelSources(input);

/** The server's requests for a path, in the order it received them. */
const served = (path: string) => truth.requests.filter((r) => r.path.startsWith(path)).sort((a, b) => a.id - b.id);
/** What the server sent on a request: messages (no retry or comment entries), in order. */
const sent = (requestId: number) => truth.messages.filter((m) => m.requestId === requestId && m.retry === undefined && m.comment === undefined);
const channelsFor = (path: string) => data.channels.filter((c) => new URL(c.url).pathname === path);
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function messagesOf(id: string) {
  const src = sources.find((s) => s.id === id)!;
  const list = channelMessages(src);
  return Array.from({ length: list.length }, (_, i) => ({ data: list.text(i), size: list.size(i), type: list.type(i), id: list.eventId(i) }));
}

describe('event streams fixture against the server log', () => {
  it('every stream is a channel of its kind', () => {
    expect(channelsFor('/es-lab').map((c) => c.kind)).toEqual(['eventsource', 'eventsource']);
    expect(channelsFor('/ai-stream').map((c) => c.kind)).toEqual(['fetch-sse']);
    expect(channelsFor('/ndjson-stream').map((c) => c.kind)).toEqual(['ndjson']);
    expect(channelsFor('/held-stream').map((c) => c.kind)).toEqual(['fetch-sse']);
    expect(channelsFor('/hold-stream')).toHaveLength(served('/hold-stream').length);
  });

  it('the EventSource: messages, ids, event types, retry and comments as the server wrote them, across the reconnect', () => {
    const reqs = served('/es-lab');
    expect(reqs).toHaveLength(2);
    const chans = channelsFor('/es-lab');
    for (let k = 0; k < 2; k++) {
      const want = sent(reqs[k]!.id);
      const got = messagesOf(chans[k]!.id);
      expect(got.map((m) => m.data)).toEqual(want.map((m) => m.data));
      expect(got.map((m) => m.size)).toEqual(want.map((m) => utf8(m.data)));
      expect(got.map((m) => m.id)).toEqual(want.map((m) => m.eventId));
      expect(got.map((m) => m.type)).toEqual(want.map((m) => m.eventName ?? 'message'));
    }
    const fields = (id: number) => truth.messages.filter((m) => m.requestId === id);
    expect(chans[0]!.retries).toEqual(fields(reqs[0]!.id).filter((m) => m.retry !== undefined).map((m) => m.retry));
    expect(chans[0]!.comments).toBe(fields(reqs[0]!.id).filter((m) => m.comment !== undefined).length);
    // The server dropped the first connection; the browser came back with the last id it had.
    expect(chans[0]!.end).toBe('network-error');
    expect(reqs[1]!.headers['last-event-id']).toBe('3');
    const link = chans[1]!.reconnect!;
    expect(link.previousId).toBe(chans[0]!.id);
    expect(link.lastEventIdSent).toBe(reqs[1]!.headers['last-event-id']);
    expect(link.ids).toBe('continued');
    expect(link.retryMs).toBe(300);
    expect(link.retryFrom).toBe('stream');
    // The browser waits `retry` before reconnecting; the gap cannot be shorter.
    expect(link.gapMs!).toBeGreaterThanOrEqual(290);
    expect(chans[0]!.reconnectedBy).toBe(chans[1]!.id);
  });

  it('the fetch-read token stream and the NDJSON stream: every message, split lines and a split UTF-8 character included', () => {
    for (const path of ['/ai-stream', '/ndjson-stream']) {
      const [req] = served(path);
      const want = sent(req!.id);
      const [ch] = channelsFor(path);
      const got = messagesOf(ch!.id);
      expect(got.map((m) => m.data)).toEqual(want.map((m) => m.data));
      expect(ch!.stats.bytes).toBe(want.reduce((n, m) => n + utf8(m.data), 0));
      expect(ch!.capture).toBe('streaming');
      expect(ch!.invalid).toBe(0);
    }
    expect(messagesOf(channelsFor('/ai-stream')[0]!.id).some((m) => m.data.includes('na\u00efve'))).toBe(true);
  });

  it('the held-back stream is flagged as buffered, with the time stamps as evidence', () => {
    const [ch] = channelsFor('/held-stream');
    const [req] = served('/held-stream');
    const want = sent(req!.id);
    expect(messagesOf(ch!.id).map((m) => m.data)).toEqual(want.map((m) => m.data));
    expect(ch!.buffering).toHaveLength(1);
    const b = ch!.buffering[0]!;
    expect(b.count).toBe(want.length);
    expect(b.confidence).toBe('certain');
    expect(b.timestampField).toBe('madeAt');
    const made = want.map((m) => (JSON.parse(m.data) as { madeAt: number }).madeAt);
    expect(b.producedSpreadMs).toBe(made[made.length - 1]! - made[0]!);
    expect(b.ids).toEqual({ first: want[0]!.eventId, last: want[want.length - 1]!.eventId });
    // The streams sent as they were made are not flagged.
    for (const path of ['/ai-stream', '/ndjson-stream']) expect(channelsFor(path)[0]!.buffering).toEqual([]);
  });

  it('the six EventSources held hold.test’s six sockets while the fetch waited, as the socket log says', () => {
    const holders = served('/hold-stream');
    const [after] = served('/res/after-streams.json');
    // The server's view: six sockets, each carrying one stream, and the fetch arrived only after one ended.
    expect(new Set(holders.map((r) => r.socketId)).size).toBe(6);
    expect(after!.receivedAt).toBeGreaterThanOrEqual(Math.min(...holders.map((r) => r.finishedAt!)));
    expect(holders.map((r) => r.socketId)).toContain(after!.socketId);
    expect(data.holds).toHaveLength(1);
    const hold = data.holds[0]!;
    expect(new URL(hold.origin).hostname).toBe('hold.test');
    expect(hold.heldSockets).toBe(6);
    expect(hold.byKind).toEqual([{ kind: 'eventsource', count: 6 }]);
    expect(hold.holders.map((h) => h.id).sort()).toEqual(channelsFor('/hold-stream').map((c) => c.id).sort());
    expect(hold.waited).toHaveLength(1);
    expect(hold.sentence).toMatch(/^6 of 6 sockets to http:\/\/hold\.test:\d+ were held by 6 EventSource streams; 1 request waited/);
    expect(hold.sentence).toContain('HTTP/2');
    for (const c of channelsFor('/hold-stream')) expect(c.badges.map((b) => b.kind)).toContain('holds-socket');
  });

  it('the pools explanation names the streams that held the sockets', () => {
    const pools = analysePools(rec.requests());
    const byId = (id: string) => rec.request(id);
    const fetch = rec.requests().find((r) => r.url.includes('/res/after-streams.json'))!;
    const holders = rec.requests().filter((r) => r.url.includes('/hold-stream')).map((r) => `#${r.index + 1}`);
    const queued = explainRequest(pools, fetch, byId).find((s) => s.topic === 'queue')!;
    expect(queued.text).toContain(`6 of them were long-lived streams (6 EventSource streams ${holders[0]}–${holders[5]})`);
    expect(queued.text).toContain('over HTTP/2 they would all share one connection');
    const pool = pools.pools.find((p) => new URL(p.origin).hostname === 'hold.test')!;
    expect(describePool(pools, pool, byId)[0]!.text).toContain('While they waited, 6 sockets were held by long-lived streams (6 EventSource streams');
    // A pool where no stream held a socket says nothing of streams.
    for (const p of pools.pools.filter((p) => new URL(p.origin).hostname !== 'hold.test')) for (const s of describePool(pools, p, byId)) expect(s.text).not.toContain('long-lived');
  });

  it('the model is plain data', () => {
    expect(structuredClone(data)).toEqual(data);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
