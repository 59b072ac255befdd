// The WebSocket analysis on channels written literally as Chromium's events: every expected value
// is a literal here, counted from the frames below.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseWebSocket } from '../../../src/core/analysis/streams/websocket.ts';
import { parseExtensions } from '../../../src/core/analysis/streams/websocket-handshake.ts';
import { wsLog, WALL0, T0, type LiteralFrame } from './websocket-log.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

function channel(log: Parameters<typeof wsLog>[0]) {
  const ws = NetworkRecorder.fromLog(wsLog(log)).webSockets();
  expect(ws.length).toBe(1);
  return ws[0]!;
}

describe('analyseWebSocket', () => {
  it('counts messages and bytes each way, reads the handshake, and does not claim a close code or side', () => {
    const ch = channel({
      url: 'ws://a.test/graphql',
      requestHeaders: { 'Sec-WebSocket-Protocol': 'graphql-transport-ws, json', 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits' },
      responseHeaders: { 'Sec-WebSocket-Protocol': 'graphql-transport-ws', 'Sec-WebSocket-Extensions': 'permessage-deflate; server_max_window_bits=10' },
      frames: [
        { t: 0.01, dir: 'sent', payload: 'héllo' }, // 6 bytes in UTF-8
        { t: 0.02, dir: 'received', opcode: 2, payload: 'AAECAw==' }, // 4 bytes
        { t: 0.03, dir: 'received', payload: 'abc' },
      ],
      errors: [{ t: 0.04, message: 'Invalid frame header' }],
      closeAt: 0.5,
    });
    const a = analyseWebSocket(ch);
    expect(a.frameCount).toBe(3);
    expect(a.sent).toEqual({ messages: 1, bytes: 6, text: 1, binary: 0, other: 0 });
    expect(a.received).toEqual({ messages: 2, bytes: 7, text: 1, binary: 1, other: 0 });
    expect(a.handshake.status).toBe(101);
    expect(a.handshake.offeredSubprotocols).toEqual(['graphql-transport-ws', 'json']);
    expect(a.handshake.subprotocol).toBe('graphql-transport-ws');
    expect(a.handshake.extensions).toEqual([{ name: 'permessage-deflate', params: { server_max_window_bits: '10' } }]);
    expect(a.handshake.offeredExtensions).toEqual([{ name: 'permessage-deflate', params: { client_max_window_bits: '' } }]);
    expect(a.handshake.compressed).toBe(true);
    expect(a.notReported.join(' ')).toMatch(/after decompression/);
    expect(a.notReported.join(' ')).toMatch(/Ping, pong and close control frames are not reported/);
    expect(a.errors).toEqual([{ at: (T0 + 0.04) * 1000, message: 'Invalid frame header' }]);
    expect(a.close.state).toBe('closed');
    expect(a.close.closedAt).toBe((T0 + 0.5) * 1000);
    expect(a.close.openForMs).toBeCloseTo(495, 6);
    expect(a.close.code).toBeUndefined();
    expect(a.close.reason).toBeUndefined();
    expect(a.close.side).toBeUndefined();
    expect(a.close.unknown.join(' ')).toMatch(/close code, the reason and which side closed are not known/);
  });

  it('says an uncompressed, still open channel is open and does not speak of decompression', () => {
    const a = analyseWebSocket(channel({ frames: [{ t: 0.01, dir: 'sent', payload: 'x' }] }));
    expect(a.handshake.compressed).toBe(false);
    expect(a.handshake.subprotocol).toBeUndefined();
    expect(a.close.state).toBe('open');
    expect(a.notReported.join(' ')).not.toMatch(/decompression/);
  });

  it('parses Sec-WebSocket-Extensions with several extensions and quoted values', () => {
    expect(parseExtensions('permessage-deflate; client_max_window_bits="12"; server_no_context_takeover, x-webkit-deflate-frame')).toEqual([
      { name: 'permessage-deflate', params: { client_max_window_bits: '12', server_no_context_takeover: '' } },
      { name: 'x-webkit-deflate-frame', params: {} },
    ]);
  });

  it('finds Engine.IO pings and pongs, JSON pings and a regular repeated text as heartbeats, and nothing else', () => {
    const frames: LiteralFrame[] = [
      { t: 0.0, dir: 'received', payload: '0{"sid":"abc","pingInterval":25000}' }, // 0
      { t: 0.1, dir: 'received', payload: '2' }, // 1 ping
      { t: 0.11, dir: 'sent', payload: '3' }, // 2 pong
      { t: 0.2, dir: 'sent', payload: '42["chat","2"]' }, // 3 not a heartbeat
      { t: 0.3, dir: 'received', payload: '2' }, // 4
      { t: 0.31, dir: 'sent', payload: '3' }, // 5
      { t: 0.4, dir: 'sent', payload: '{"type":"ping"}' }, // 6
      { t: 1.0, dir: 'sent', payload: 'tick' }, // 7
      { t: 2.0, dir: 'sent', payload: 'tick' }, // 8
      { t: 3.05, dir: 'sent', payload: 'tick' }, // 9
      { t: 3.1, dir: 'received', payload: 'same' }, // 10: repeated, but irregular and fast: not a heartbeat
      { t: 3.12, dir: 'received', payload: 'same' }, // 11
      { t: 3.5, dir: 'received', payload: 'same' }, // 12
    ];
    const a = analyseWebSocket(channel({ url: 'ws://a.test/socket.io/?EIO=4&transport=websocket', frames }));
    expect(a.heartbeatFrames).toEqual([1, 2, 4, 5, 6, 7, 8, 9]);
    const kinds = a.heartbeats.map((g) => `${g.kind} ${g.direction} ${g.payload} ${g.count}`).sort();
    expect(kinds).toEqual(['engine.io received 2 2', 'engine.io sent 3 2', 'json sent {"type":"ping"} 1', 'repeated sent tick 3']);
  });

  it('does not take "2" and "3" for Engine.IO heartbeats on a channel that is not Engine.IO', () => {
    const a = analyseWebSocket(channel({ frames: [{ t: 0.1, dir: 'received', payload: '2' }, { t: 0.2, dir: 'sent', payload: '3' }] }));
    expect(a.heartbeatFrames).toEqual([]);
  });

  it('pairs JSON-RPC requests and responses by id, and GraphQL operations by id, with their latency', () => {
    const frames: LiteralFrame[] = [
      { t: 0.0, dir: 'sent', payload: '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}' }, // 0
      { t: 0.01, dir: 'sent', payload: '{"jsonrpc":"2.0","id":"1","method":"other"}' }, // 1: "1" is not 1
      { t: 0.03, dir: 'received', payload: '{"jsonrpc":"2.0","id":1,"result":"0x10"}' }, // 2
      { t: 0.05, dir: 'received', payload: '{"jsonrpc":"2.0","id":"1","error":{"code":-32601,"message":"no"}}' }, // 3
      { t: 0.06, dir: 'sent', payload: '{"jsonrpc":"2.0","method":"notify"}' }, // 4: a notification
      { t: 0.07, dir: 'sent', payload: '{"jsonrpc":"2.0","id":9,"method":"never"}' }, // 5: unanswered
      { t: 0.1, dir: 'sent', payload: '{"id":"a","type":"subscribe","payload":{"query":"subscription OnPrice { price }"}}' }, // 6
      { t: 0.3, dir: 'received', payload: '{"id":"a","type":"next","payload":{"data":{"price":1}}}' }, // 7
      { t: 0.4, dir: 'received', payload: '{"id":"a","type":"next","payload":{"data":{"price":2}}}' }, // 8
      { t: 0.5, dir: 'received', payload: '{"id":"a","type":"complete"}' }, // 9
      { t: 0.6, dir: 'sent', payload: '[{"jsonrpc":"2.0","id":20,"method":"b1"},{"jsonrpc":"2.0","id":21,"method":"b2"}]' }, // 10
      { t: 0.65, dir: 'received', payload: '[{"jsonrpc":"2.0","id":21,"result":1},{"jsonrpc":"2.0","id":20,"result":2}]' }, // 11
    ];
    const a = analyseWebSocket(channel({ responseHeaders: { 'Sec-WebSocket-Protocol': 'graphql-transport-ws' }, frames }));
    const brief = a.pairs.map((p) => ({ protocol: p.protocol, id: p.id, name: p.name, request: p.request, response: p.response, latency: p.latencyMs === undefined ? undefined : Math.round(p.latencyMs), responses: p.responses, end: p.end, error: p.error }));
    expect(brief).toEqual([
      { protocol: 'json-rpc', id: '1', name: 'eth_blockNumber', request: 0, response: 2, latency: 30, responses: 1, end: undefined, error: false },
      { protocol: 'json-rpc', id: '"1"', name: 'other', request: 1, response: 3, latency: 40, responses: 1, end: undefined, error: true },
      { protocol: 'json-rpc', id: '9', name: 'never', request: 5, response: undefined, latency: undefined, responses: 0, end: undefined, error: false },
      { protocol: 'graphql-transport-ws', id: 'a', name: 'OnPrice', request: 6, response: 7, latency: 200, responses: 2, end: 9, error: false },
      { protocol: 'json-rpc', id: '20', name: 'b1', request: 10, response: 11, latency: 50, responses: 1, end: undefined, error: false },
      { protocol: 'json-rpc', id: '21', name: 'b2', request: 10, response: 11, latency: 50, responses: 1, end: undefined, error: false },
    ]);
    const rpc = a.pairStats.find((s) => s.protocol === 'json-rpc')!;
    expect(rpc.requests).toBe(5);
    expect(rpc.answered).toBe(4);
    expect(rpc.errors).toBe(1);
    expect(Math.round(rpc.maxMs!)).toBe(50);
  });

  it('pairs the older graphql-ws operations (start → data → complete) and takes its "ka" for a heartbeat', () => {
    const frames: LiteralFrame[] = [
      { t: 0.0, dir: 'sent', payload: '{"type":"connection_init","payload":{}}' }, // 0
      { t: 0.01, dir: 'received', payload: '{"type":"connection_ack"}' }, // 1
      { t: 0.02, dir: 'received', payload: '{"type":"ka"}' }, // 2
      { t: 0.1, dir: 'sent', payload: '{"id":"1","type":"start","payload":{"query":"query Me { me { id } }"}}' }, // 3
      { t: 0.25, dir: 'received', payload: '{"id":"1","type":"data","payload":{"data":{"me":{"id":1}}}}' }, // 4
      { t: 0.26, dir: 'received', payload: '{"id":"1","type":"complete"}' }, // 5
      { t: 0.3, dir: 'sent', payload: '{"id":"2","type":"start","payload":{"query":"subscription { x }"}}' }, // 6
      { t: 0.4, dir: 'received', payload: '{"id":"2","type":"error","payload":[{"message":"no"}]}' }, // 7
      { t: 10.02, dir: 'received', payload: '{"type":"ka"}' }, // 8
    ];
    const a = analyseWebSocket(channel({ responseHeaders: { 'Sec-WebSocket-Protocol': 'graphql-ws' }, frames }));
    expect(a.pairs.map((p) => [p.protocol, p.id, p.name, p.request, p.response, Math.round(p.latencyMs!), p.end, p.error])).toEqual([
      ['graphql-ws', '1', 'Me', 3, 4, 150, 5, false],
      ['graphql-ws', '2', undefined, 6, 7, 100, 7, true],
    ]);
    expect(a.heartbeatFrames).toEqual([2, 8]);
  });

  it('gives a head-of-line hint for small messages that arrived in a run right behind a large one, with the sender clock as evidence', () => {
    const big = 'A'.repeat(4 * 100_000); // base64 of 300,000 bytes
    const wallAt = (t: number) => Math.round(WALL0 * 1000 + t * 1000);
    const frames: LiteralFrame[] = [
      { t: 0.0, dir: 'received', payload: 'a' }, // 0
      { t: 0.1, dir: 'received', payload: 'b' }, // 1
      { t: 0.5, dir: 'received', opcode: 2, payload: big }, // 2: the large message, done at 0.5 s
      // Stamped at 0.2 s by the sender, arrived from 0.5 s on: waited behind it.
      { t: 0.5005, dir: 'received', payload: `{"burst":1,"sentAt":${wallAt(0.2)}}` }, // 3
      { t: 0.501, dir: 'sent', payload: 'ack' }, // 4: the other way, ignored
      { t: 0.5015, dir: 'received', payload: `{"burst":2,"sentAt":${wallAt(0.2)}}` }, // 5
      { t: 0.502, dir: 'received', payload: `{"burst":3,"sentAt":${wallAt(0.49)}}` }, // 6
      { t: 0.503, dir: 'received', payload: `{"burst":4,"sentAt":${wallAt(0.6)}}` }, // 7: stamped after (clocks differ): still a follower
      { t: 0.9, dir: 'received', payload: 'late' }, // 8: not in the run
      { t: 1.0, dir: 'received', opcode: 2, payload: big }, // 9: large, but nothing behind it
      { t: 1.0001, dir: 'received', payload: 'x' }, // 10: one follower is not a run
    ];
    const a = analyseWebSocket(channel({ frames }));
    expect(a.headOfLine.length).toBe(1);
    const h = a.headOfLine[0]!;
    expect(h.large).toBe(2);
    expect(h.size).toBe(300_000);
    expect(h.followers).toEqual([3, 5, 6, 7]);
    expect(h.firstAfterMs).toBeCloseTo(0.5, 6);
    expect(h.spanMs).toBeCloseTo(3, 6);
    expect(h.quietBeforeMs).toBeCloseTo(400, 6);
    expect(h.sentBeforeLargeArrived).toBe(3);
    expect(Math.round(h.longestWaitMs!)).toBe(302); // 0.5015 s − 0.2 s
  });

  it('gives no head-of-line hint for a run that came long after the large message', () => {
    const big = 'A'.repeat(4 * 100_000);
    const frames: LiteralFrame[] = [
      { t: 0.0, dir: 'received', opcode: 2, payload: big },
      { t: 1.5, dir: 'received', payload: 'a' },
      { t: 1.501, dir: 'received', payload: 'b' },
      { t: 1.502, dir: 'received', payload: 'c' },
    ];
    expect(analyseWebSocket(channel({ frames })).headOfLine).toEqual([]);
  });

  it('gives no head-of-line hint for a steady stream that goes on after a large message', () => {
    const big = 'A'.repeat(4 * 100_000);
    const frames: LiteralFrame[] = [];
    for (let k = 0; k < 10; k++) frames.push({ t: k * 0.016, dir: 'received', payload: `{"tick":${k}}` });
    frames.push({ t: 0.16, dir: 'received', opcode: 2, payload: big });
    for (let k = 11; k < 20; k++) frames.push({ t: k * 0.016, dir: 'received', payload: `{"tick":${k}}` });
    expect(analyseWebSocket(channel({ frames })).headOfLine).toEqual([]);
  });

  it('keeps the ten largest messages in size order, the size distribution, and rate buckets that add up', () => {
    const frames: LiteralFrame[] = [];
    for (let i = 0; i < 40; i++) frames.push({ t: i * 0.05, dir: i % 2 ? 'received' : 'sent', payload: 'x'.repeat(i + 1) });
    const a = analyseWebSocket(channel({ frames }));
    expect(a.largest.map((l) => l.size)).toEqual([40, 39, 38, 37, 36, 35, 34, 33, 32, 31]);
    expect(a.largest[0]!.index).toBe(39);
    // Sizes 1..40: ≤16 → 16 messages, 17..40 → 24 in the ≤64 bucket; odd sizes were sent.
    expect(a.sizes.bounds.slice(0, 2)).toEqual([16, 64]);
    expect(a.sizes.sent[0]! + a.sizes.received[0]!).toBe(16);
    expect(a.sizes.sent[1]! + a.sizes.received[1]!).toBe(24);
    expect(a.sizes.sent.reduce((x, y) => x + y)).toBe(20);
    expect(a.rate.bucketMs).toBe(20); // 1.95 s span in under 120 buckets
    expect(a.rate.sentMessages.reduce((x, y) => x + y)).toBe(20);
    expect(a.rate.receivedBytes.reduce((x, y) => x + y)).toBe(a.received.bytes);
    expect(a.received.bytes).toBe(420); // 2 + 4 + … + 40
  });

  it('on the recorded streams fixture (real Chromium), counts each way what the fixture server logged', () => {
    const truth = loadTruth('streams').messages.filter((m) => m.kind === 'ws');
    const a = analyseWebSocket(NetworkRecorder.fromLog(loadLog('streams')).webSockets()[0]!);
    const bytes = (m: (typeof truth)[number]) => (m.opcode === 2 ? Buffer.from(m.data, 'base64').length : Buffer.byteLength(m.data));
    // The server's "sent" is the page's "received".
    const serverSent = truth.filter((m) => m.direction === 'sent');
    const serverReceived = truth.filter((m) => m.direction === 'received');
    expect(a.received.messages).toBe(serverSent.length);
    expect(a.sent.messages).toBe(serverReceived.length);
    expect(a.received.bytes).toBe(serverSent.reduce((n, m) => n + bytes(m), 0));
    expect(a.sent.bytes).toBe(serverReceived.reduce((n, m) => n + bytes(m), 0));
    expect(a.received.binary).toBe(serverSent.filter((m) => m.opcode === 2).length);
    expect(a.close.state).toBe('closed');
    expect(a.heartbeatFrames).toEqual([]);
    expect(structuredClone(a)).toEqual(a);
  });

  it('is plain data: structuredClone and JSON keep it equal', () => {
    const a = analyseWebSocket(channel({ url: 'ws://a.test/?EIO=4', frames: [{ t: 0.1, dir: 'received', payload: '2' }, { t: 0.2, dir: 'sent', payload: '{"jsonrpc":"2.0","id":1,"method":"m"}' }], closeAt: 1 }));
    expect(structuredClone(a)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});
