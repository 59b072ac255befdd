// The Streams view's window in the analysis worker, for a WebSocket channel: "hide heartbeats"
// leaves out exactly the heartbeat frames, and the channel's WebSocket sentences come with it.
// The channel is written literally as Chromium's events; every expected index is counted below.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseStreamsData, channelSources } from '../../../src/core/analysis/streams/index.ts';
import { StreamsFilterCache, streamsWindow } from '../../../panel/workers/streams-window.ts';
import { wsLog, type LiteralFrame } from '../analysis/websocket-log.ts';

const frames: LiteralFrame[] = [
  { t: 0.0, dir: 'received', payload: '0{"sid":"abc","pingInterval":25000}' }, // 0
  { t: 0.1, dir: 'received', payload: '2' }, // 1 ping
  { t: 0.11, dir: 'sent', payload: '3' }, // 2 pong
  { t: 0.2, dir: 'sent', payload: '42["chat","hello"]' }, // 3
  { t: 0.3, dir: 'received', payload: '2' }, // 4 ping
  { t: 0.31, dir: 'sent', payload: '3' }, // 5 pong
  { t: 0.4, dir: 'received', payload: '42["chat","hi back"]' }, // 6
];

function windowOf(filter: object, f: LiteralFrame[] = frames) {
  const rec = NetworkRecorder.fromLog(wsLog({ url: 'ws://a.test/socket.io/?EIO=4&transport=websocket', frames: f }));
  const input = { requests: rec.requests(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), webSockets: rec.webSockets() };
  const data = analyseStreamsData(input, { pages: rec.pages() });
  const sources = new Map(channelSources(input).map((c) => [c.id, c]));
  return streamsWindow('s', 1, data, (id) => sources.get(id), new StreamsFilterCache(), { from: 0, to: 100, filter });
}

describe('the Streams window of a WebSocket channel', () => {
  it('lists every frame, and with "hide heartbeats" every frame but the Engine.IO pings and pongs', () => {
    const all = windowOf({});
    expect(all.channel?.kind).toBe('websocket');
    expect(all.rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(all.websocket?.heartbeats).toBe(4);
    const hidden = windowOf({ hideHeartbeats: true });
    expect(hidden.rows.map((r) => r.index)).toEqual([0, 3, 6]);
    expect(hidden.filtered).toBe(3);
    expect(hidden.total).toBe(7);
  });

  it('joins "hide heartbeats" with the other filters, and brings the channel\'s WebSocket sentences', () => {
    const w = windowOf({ hideHeartbeats: true, direction: 'sent' });
    expect(w.rows.map((r) => r.index)).toEqual([3]);
    expect(w.websocket?.lines.some((l) => /^Heartbeats: 4 messages/.test(l))).toBe(true);
    // What Chromium does not report is said, not guessed.
    expect(w.websocket?.lines).toContain('Ping, pong and close control frames are not reported by Chromium: only text and binary messages are listed.');
    expect(w.websocket?.lines).toContain('The channel had not closed when the recording ended (or its close was not recorded).');
  });

  it('on a big channel sends the rows first and the WebSocket analysis when it is made, unless "hide heartbeats" needs it now', async () => {
    // 30,000 frames: every tenth an Engine.IO ping from the server, the rest chat messages.
    const big: LiteralFrame[] = Array.from({ length: 30_000 }, (_, i) => ({ t: 0.01 * i, dir: 'received' as const, payload: i % 10 === 0 ? '2' : `42["chat",${i}]` }));
    const rec = NetworkRecorder.fromLog(wsLog({ url: 'ws://a.test/socket.io/?EIO=4&transport=websocket', frames: big }));
    const input = { requests: rec.requests(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), webSockets: rec.webSockets() };
    const data = analyseStreamsData(input, { pages: rec.pages() });
    const sources = new Map(channelSources(input).map((c) => [c.id, c]));
    const cache = new StreamsFilterCache();
    const first = streamsWindow('s', 1, data, (id) => sources.get(id), cache, { from: 0, to: 10, filter: {} });
    expect(first.rows).toHaveLength(10);
    expect(first.websocket).toBeUndefined();
    expect(first.websocketPending).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    const again = streamsWindow('s', 1, data, (id) => sources.get(id), cache, { from: 0, to: 10, filter: {}, poll: 1 });
    expect(again.websocketPending).toBeUndefined();
    expect(again.websocket?.heartbeats).toBe(3000);
    // A fresh channel asked with "hide heartbeats" gets the analysis at once: the filter needs it.
    const hidden = windowOf({ hideHeartbeats: true }, big);
    expect(hidden.filtered).toBe(27_000);
  });

  it('sends with a selected Socket.IO binary event its attachments, with an attachment its packet, and the Engine.IO version', () => {
    const sio: LiteralFrame[] = [
      { t: 0.0, dir: 'received', payload: '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' }, // 0
      { t: 0.1, dir: 'sent', payload: '451-["avatar",{"_placeholder":true,"num":0}]' }, // 1
      { t: 0.11, dir: 'sent', opcode: 2, payload: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64') }, // 2
      { t: 0.2, dir: 'received', payload: '42["ok"]' }, // 3
    ];
    const header = windowOf({}, sio);
    expect(header.selected).toBeUndefined();
    const rec = NetworkRecorder.fromLog(wsLog({ url: 'ws://a.test/socket.io/?EIO=4&transport=websocket', frames: sio }));
    const input = { requests: rec.requests(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), webSockets: rec.webSockets() };
    const data = analyseStreamsData(input, { pages: rec.pages() });
    const sources = new Map(channelSources(input).map((c) => [c.id, c]));
    const at = (selected: number) => streamsWindow('s', 1, data, (id) => sources.get(id), new StreamsFilterCache(), { from: 0, to: 100, filter: {}, selected }).selected!;
    expect(at(1).socketIo).toEqual({ packet: { type: 'BINARY_EVENT', event: 'avatar', expected: 1, attachments: [2] } });
    expect(at(2).socketIo).toEqual({ attachmentOf: { index: 1, num: 0, of: 1 } });
    expect(at(2).engineIo).toBe(4);
    expect(at(3).socketIo).toBeUndefined();
  });
});
