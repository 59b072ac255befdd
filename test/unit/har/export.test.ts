// HAR export from recorded sessions: valid HAR 1.2 by the schema, Chrome's custom fields, timings
// that add up, redirects as entries, WebSocket and SSE messages, and a streaming writer whose
// chunks join into the same document.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildHar, harEntries } from '../../../src/core/har/build.ts';
import { harChunks, HarWriteAborted } from '../../../src/core/har/write.ts';
import type { Har } from '../../../src/core/har/types.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { harValidator } from './validator.ts';

const SCENARIOS = ['pool', 'h2', 'cache', 'redirect', 'streams', 'child-targets', 'demo'];
const ctx = { creator: { name: 'Netlens', version: 'test' } };
const validate = harValidator();

/** DevTools' `_resourceType` names for the CDP resource types of the fixtures, written out. */
const HAR_TYPE: Record<string, string> = { Document: 'document', Image: 'image', Script: 'script', Fetch: 'fetch', EventSource: 'eventsource', WebSocket: 'websocket' };

describe.each(SCENARIOS)('%s: HAR export', (name) => {
  const log = loadLog(name);
  const rec = NetworkRecorder.fromLog(log);
  const har = buildHar(rec, ctx);
  // Request id → the resource type the raw log gives it (a WebSocket has its own event).
  const cdpTypes = new Map<string, string>();
  for (const ev of log) {
    const p = ev.params as { requestId?: string; type?: string };
    if (ev.method === 'Network.requestWillBeSent' && p.type) cdpTypes.set(p.requestId!, p.type);
    if (ev.method === 'Network.webSocketCreated') cdpTypes.set(p.requestId!, 'WebSocket');
  }

  it('validates against the HAR 1.2 schema', () => {
    expect(validate(har)).toEqual([]);
    expect(har.log.entries.length).toBe(rec.requests().length);
  });

  it('has timings whose sum is the entry time, -1 only for phases that did not happen', () => {
    for (const e of har.log.entries) {
      const t = e.timings;
      const sum = [t.blocked, t.dns, t.connect, t.send, t.wait, t.receive].reduce((s, v) => s + Math.max(0, v), 0);
      expect(e.time).toBeCloseTo(sum, 6);
      expect(t.send).toBeGreaterThanOrEqual(0);
      expect(t.wait).toBeGreaterThanOrEqual(0);
      expect(t.receive).toBeGreaterThanOrEqual(0);
      if (t.ssl >= 0) expect(t.ssl).toBeLessThanOrEqual(t.connect);
      // A reused socket paid no connect (or DNS) time, so those phases are -1, not 0.
      if (e._netlensConnectionReused === true) {
        expect(t.connect).toBe(-1);
        expect(t.dns).toBe(-1);
      }
    }
  });

  it('carries Chrome’s custom fields, so DevTools can import what Netlens saw', () => {
    const byId = new Map(rec.requests().map((r) => [r.id, r]));
    for (const e of har.log.entries) {
      const r = byId.get(e._netlensId as string)!;
      expect(r).toBeDefined();
      // The type CDP gave the request in the recorded log, written the way DevTools' HAR names it.
      expect(e._resourceType, r.url).toBe(HAR_TYPE[cdpTypes.get(r.id.split(':')[0]!)!]);
      if (r.connectionId) expect(e._connectionId).toBe(String(r.connectionId));
      else expect(e._connectionId).toBeUndefined();
      if (r.source === 'memory-cache') expect(e._fromCache).toBe('memory');
      if (r.source === 'disk-cache') expect(e._fromCache).toBe('disk');
      expect(e.response._transferSize).toBe(r.transferSize ?? 0);
      expect(e._priority).toBe(r.priority);
      expect(e.startedDateTime).toBe(new Date(r.issuedWall).toISOString());
      if (r.remotePort !== undefined) expect(e.connection).toBe(String(r.remotePort));
    }
  });

  it('writes the same document in chunks as built whole', () => {
    const chunks = [...harChunks(rec, ctx)];
    expect(chunks.length).toBe(rec.requests().length + 2);
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify(har)));
  });
});

describe('HAR export details', () => {
  it('writes a redirect chain as one entry per hop, each with its status and Location', () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('redirect')), ctx);
    const truth = loadTruth('redirect');
    expect(har.log.entries.map((e) => [e.request.url, e.response.status])).toEqual(truth.requests.map((r) => [r.url, r.status]));
    expect(har.log.entries[0]!.response.redirectURL).toMatch(/\/redirect\/middle/);
    expect(har.log.entries[1]!.response.redirectURL).toMatch(/^http:\/\/b\.test:\d+\/redirect\/end/);
    expect(har.log.entries[2]!.response.redirectURL).toBe('');
  });

  it('writes WebSocket frames and SSE messages as Chrome does, matching what the server sent and received', () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('streams')), ctx);
    const truth = loadTruth('streams');
    const ws = har.log.entries.find((e) => e._resourceType === 'websocket')!;
    const wsTruth = truth.messages.filter((m) => m.kind === 'ws');
    expect(ws._webSocketMessages!.map((m) => [m.type, m.opcode, m.data])).toEqual(
      expect.arrayContaining(wsTruth.map((m) => [m.direction === 'sent' ? 'receive' : 'send', m.opcode, m.data])),
    );
    expect(ws._webSocketMessages!.length).toBe(wsTruth.length);
    const start = Date.parse(ws.startedDateTime) / 1000;
    for (const m of ws._webSocketMessages!) expect(m.time).toBeGreaterThanOrEqual(start - 0.001);
    const sse = har.log.entries.filter((e) => e._eventSourceMessages?.length);
    const sent = truth.messages.filter((m) => m.kind === 'sse');
    // Every event the server sent (7, over the first connection and the reconnect), in order.
    expect(sent.length).toBe(7);
    expect(sse.flatMap((e) => e._eventSourceMessages!.map((m) => m.data))).toEqual(sent.map((m) => m.data));
  });

  it('groups entries into pages from the Page events, with load times', () => {
    const rec = NetworkRecorder.fromLog(loadLog('cache'));
    const har = buildHar(rec, ctx);
    expect(har.log.pages.length).toBe(rec.pages().length);
    expect(har.log.pages.length).toBeGreaterThanOrEqual(3);
    for (const p of har.log.pages) {
      expect(p.pageTimings.onLoad).toBeGreaterThan(0);
      expect(p.pageTimings.onContentLoad).toBeLessThanOrEqual(p.pageTimings.onLoad);
    }
    const docs = har.log.entries.filter((e) => e._resourceType === 'document');
    expect(new Set(docs.map((d) => d.pageref)).size).toBe(docs.length);
    expect(har.log.entries.every((e) => e.pageref !== undefined)).toBe(true);
  });

  it('stops with an AbortError when cancelled, and reports progress', () => {
    const rec = NetworkRecorder.fromLog(loadLog('demo'));
    const controller = new AbortController();
    const progress: number[] = [];
    const it = harChunks(rec, ctx, { signal: controller.signal, progressEvery: 10, onProgress: (n) => progress.push(n) });
    let n = 0;
    expect(() => {
      for (const _ of it) if (++n === 25) controller.abort();
    }).toThrow(HarWriteAborted);
    expect(progress).toEqual([10, 20]);
  });

  it('adds verdict fields from the analyses only under _netlens names, and bodies when recorded', () => {
    const rec = NetworkRecorder.fromLog(loadLog('pool'));
    const first = rec.requests()[0]!;
    const entries = [
      ...harEntries(rec, {
        ...ctx,
        verdicts: () => ({ _netlensReuse: { reused: true }, notNetlens: 1 }),
        body: (r) => (r.id === first.id ? { text: 'PGh0bWw+', base64Encoded: true } : undefined),
      }),
    ];
    expect(entries[0]!._netlensReuse).toEqual({ reused: true });
    expect((entries[0] as unknown as Record<string, unknown>).notNetlens).toBeUndefined();
    expect(entries[0]!.response.content).toMatchObject({ text: 'PGh0bWw+', encoding: 'base64' });
    expect(entries[1]!.response.content.text).toBeUndefined();
    const har: Har = { log: { version: '1.2', creator: ctx.creator, pages: [], entries } };
    expect(validate(har)).toEqual([]);
  });
});

describe('the schema check itself', () => {
  it('rejects a HAR with a missing field or a wrong type (so a pass above means something)', () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('redirect')), ctx) as unknown as { log: { entries: Record<string, unknown>[] } };
    const broken = structuredClone(har);
    delete broken.log.entries[0]!.time;
    expect(validate(broken).join()).toMatch(/time/);
    const wrong = structuredClone(har);
    (wrong.log.entries[1]!.request as Record<string, unknown>).headers = 'none';
    expect(validate(wrong).join()).toMatch(/headers/);
  });
});
