// WebSocket and Server-Sent Events against what the fixture server sent and received.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { loadLog, loadTruth, pairWithTruth } from './fixtures.ts';

describe('streams scenario: WebSocket', () => {
  const rec = NetworkRecorder.fromLog(loadLog('streams'));
  const truth = loadTruth('streams');
  const { pairs } = pairWithTruth(truth, rec.requests());
  const wsTruth = truth.requests.filter((t) => t.status === 101);

  it('has one channel per socket, and its handshake in the request list as DevTools shows it', () => {
    expect(rec.webSockets().length).toBe(wsTruth.length);
    const ws = rec.webSockets()[0]!;
    const req = rec.request(ws.id)!;
    expect(rec.requests()).toContain(req);
    expect([req.resourceType, req.status, req.url, req.method]).toEqual(['WebSocket', 101, wsTruth[0]!.url, 'GET']);
    expect(pairs.find((p) => p.truth.status === 101)?.req).toBe(req);
    expect(ws.handshake?.status).toBe(101);
    expect(ws.handshake?.requestHeaders.find((h) => h.name.toLowerCase() === 'upgrade')?.value).toBe('websocket');
    expect(ws.handshake?.responseHeadersText).toMatch(/^HTTP\/1\.1 101 /);
    expect(req.protocol).toBe('http/1.1');
  });

  it('has the frames the server exchanged, per direction, in order, with payloads and byte sizes', () => {
    const ws = rec.webSockets()[0]!;
    const serverId = wsTruth[0]!.id;
    for (const [ours, theirs] of [['sent', 'received'], ['received', 'sent']] as const) {
      const expected = truth.messages.filter((m) => m.kind === 'ws' && m.requestId === serverId && m.direction === theirs);
      const got = ws.frames.filter((f) => f.direction === ours);
      expect(got.map((f) => [f.opcode, f.payload])).toEqual(expected.map((m) => [m.opcode, m.data]));
      for (const f of got) {
        const bytes = f.opcode === 2 ? Buffer.from(f.payload, 'base64').length : Buffer.byteLength(f.payload, 'utf8');
        expect(f.size).toBe(bytes);
      }
      const total = got.reduce((n, f) => n + f.size, 0);
      expect(ours === 'sent' ? ws.sentBytes : ws.receivedBytes).toBe(total);
    }
    for (let i = 1; i < ws.frames.length; i++) expect(ws.frames[i]!.at).toBeGreaterThanOrEqual(ws.frames[i - 1]!.at);
    expect(ws.closedAt).toBeGreaterThanOrEqual(ws.frames[ws.frames.length - 1]!.at);
    expect(rec.request(ws.id)!.finished).toBe(true);
  });
});

describe('streams scenario: Server-Sent Events', () => {
  const rec = NetworkRecorder.fromLog(loadLog('streams'));
  const truth = loadTruth('streams');
  const { pairs } = pairWithTruth(truth, rec.requests());
  const sseTruth = truth.requests.filter((t) => new URL(t.url).pathname === '/sse');

  it('has one channel per EventSource connection, reconnects included', () => {
    expect(sseTruth.length).toBeGreaterThan(1);
    expect(rec.eventSources().length).toBe(sseTruth.length);
    for (const ch of rec.eventSources()) expect(rec.request(ch.id)?.resourceType).toBe('EventSource');
  });

  it('has the Last-Event-ID the browser sent on each reconnect, and none on the first connection', () => {
    for (const t of sseTruth) {
      const req = pairs.find((p) => p.truth === t)!.req;
      const ch = rec.eventSources().find((c) => c.id === req.id)!;
      expect(ch.lastEventId).toBe(t.headers['last-event-id']);
    }
    expect(rec.eventSources()[0]!.lastEventId).toBeUndefined();
    expect(rec.eventSources()[1]!.lastEventId).toBe('3');
  });

  it('has the events the server sent on each connection, in order, with their ids', () => {
    for (const t of sseTruth) {
      const req = pairs.find((p) => p.truth === t)!.req;
      const ch = rec.eventSources().find((c) => c.id === req.id)!;
      const sent = truth.messages.filter((m) => m.kind === 'sse' && m.requestId === t.id);
      expect(ch.messages.map((m) => m.data)).toEqual(sent.map((m) => m.data));
      ch.messages.forEach((m, i) => {
        const s = sent[i]!;
        // A nameless event carries the last id the stream set (EventSource keeps it), as the server's ids go.
        if (s.eventId !== undefined) expect([m.eventName, m.eventId]).toEqual(['message', s.eventId]);
        else expect(m.eventName).toBe('tick');
      });
    }
  });
});
