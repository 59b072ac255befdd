// Ground truth for WebSocket (issue 18), one browser launch: the fixture server's WebSocket lab
// (test/server/scenarios/ws-lab.ts) logs every message it sent and received and how the channel
// closed; the real extension records the page through chrome.debugger into IndexedDB; what the
// stored events fold to must equal the server's log, and what Netlens says about the close must
// not contradict what only the server knows (the code, the reason, the side).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorker } from 'puppeteer-core';
import { control, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { expectGapless } from './expect-stored.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { WsChannel } from '../../src/core/records.ts';
import { analyseWebSocket, type WsAnalysis } from '../../src/core/analysis/streams/websocket.ts';
import { websocketSection } from '../../src/core/report/websocket-section.ts';
import { exportHar } from '../../src/core/har/export.ts';
import { importText } from '../../src/core/import/import-text.ts';
import { explain } from '../../src/cli/commands/explain.ts';
import { wsLabLog, type WsLabFrame, type WsLabLog } from '../server/scenarios/ws-lab.ts';

type Started = Extract<ControlResponse, { type: 'start' }>;

const BIG = 3 * 1024 * 1024;
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
/** What both sides can say of a message: opcode, bytes, and its payload (hashed: some are megabytes). */
const key = (opcode: number, bytes: number, data: string) => `${opcode}:${bytes}:${hash(data)}`;

let rig: Rig;
let worker: WebWorker;
let lab: WsLabLog;
let channel: WsChannel;
let analysis: WsAnalysis;
let recorder: NetworkRecorder;
/** The server's frame for each of Netlens's frames, by direction and order (the first test checks the lists match). */
let truthOf: (i: number) => WsLabFrame;

beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
  const page = await rig.newPage();
  const tabId = await tabIdOf(page, worker);
  const started = await control<Started>(worker, { type: 'start', tabId });
  expect(started.ok, JSON.stringify(started)).toBe(true);
  const run = rig.newRun('wslab');
  await page.goto(rig.server.urls.http('a.test', `/ws-lab-page?run=${run}&big=${BIG}&pings=4&interval=150`), { waitUntil: 'load' });
  await waitFor('the page to see the close', () => page.evaluate(() => (window as unknown as { wsLab: { closeCode?: number } }).wsLab.closeCode !== undefined), 60_000);
  lab = wsLabLog(rig.server.log, run)!;
  expect(lab?.close).toBeDefined();
  // Every message the server logged, and the close, are in the stored log once the channel folds closed with all of them.
  const folded = await waitFor('the stored events to hold the closed channel with every frame', async () => {
    await control(worker, { type: 'flush', sessionId: started.session.id });
    const { events } = await storedSession(worker, started.session.id);
    const rec = NetworkRecorder.fromLog(events.map(toLogEvent));
    const ws = rec.webSockets().find((c) => c.url.includes(run));
    return ws && ws.closedAt !== undefined && ws.frames.length >= lab.frames.length ? { events, rec, ws } : undefined;
  }, 30_000);
  await control(worker, { type: 'stop', sessionId: started.session.id });
  expectGapless(folded.events, started.session.id);
  channel = folded.ws;
  recorder = folded.rec;
  analysis = analyseWebSocket(channel);
  const ordinal = { sent: 0, received: 0 };
  const index = channel.frames.map((f) => ordinal[f.direction]++);
  const sentByServer = lab.frames.filter((f) => f.direction === 'sent');
  const receivedByServer = lab.frames.filter((f) => f.direction === 'received');
  truthOf = (i) => {
    const t = (channel.frames[i]!.direction === 'sent' ? receivedByServer : sentByServer)[index[i]!];
    if (!t) throw new Error(`Netlens's frame ${i} has no counterpart in the server's log`);
    return t;
  };
  await page.close();
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

describe('WebSocket against the server’s log', () => {
  it('has every message each way, in order, with its opcode, bytes and payload', () => {
    // The browser's sent messages are the server's received ones, and the other way round.
    const mine = (d: 'sent' | 'received') => channel.frames.filter((f) => f.direction === d).map((f) => key(f.opcode, f.size, f.payload));
    const theirs = (d: 'sent' | 'received') => lab.frames.filter((f) => f.direction === d).map((f) => key(f.opcode, f.bytes, f.data));
    expect(mine('sent')).toEqual(theirs('received'));
    expect(mine('received')).toEqual(theirs('sent'));
    expect(channel.frames.length).toBe(lab.frames.length);
    // The scenario's shape, from the server's side: a large message each way, text and binary each way.
    for (const d of ['sent', 'received'] as const) {
      const t = lab.frames.filter((f) => f.direction === d);
      expect(t.some((f) => f.bytes >= BIG && f.opcode === 2), d).toBe(true);
      expect(t.some((f) => f.opcode === 1), d).toBe(true);
    }
    const bytes = (d: 'sent' | 'received') => lab.frames.filter((f) => f.direction === d).reduce((n, f) => n + f.bytes, 0);
    expect(analysis.sent.bytes).toBe(bytes('received'));
    expect(analysis.received.bytes).toBe(bytes('sent'));
    expect(analysis.sent.messages).toBe(lab.frames.filter((f) => f.direction === 'received').length);
    expect(analysis.received.messages).toBe(lab.frames.filter((f) => f.direction === 'sent').length);
  });

  it('reads the handshake the server answered: the subprotocol it chose, permessage-deflate in force, and says sizes are after decompression', () => {
    expect(lab.extensions).toMatch(/^permessage-deflate/);
    expect(lab.protocol).toBe('lab.v2');
    expect(analysis.handshake.offeredSubprotocols).toEqual(['lab.v1', 'lab.v2']);
    expect(analysis.handshake.subprotocol).toBe(lab.protocol);
    expect(analysis.handshake.status).toBe(101);
    expect(analysis.handshake.extensions.map((e) => e.name)).toEqual(['permessage-deflate']);
    expect(analysis.handshake.offeredExtensions.map((e) => e.name)).toContain('permessage-deflate');
    expect(analysis.handshake.compressed).toBe(true);
    expect(analysis.notReported.join(' ')).toMatch(/after decompression/);
  });

  it('says the channel closed without claiming a code, a reason or a side, which only the server knows', () => {
    expect(lab.close).toMatchObject({ code: 4001, reason: 'lab done', side: 'server' });
    expect(analysis.close.state).toBe('closed');
    expect(analysis.close.code).toBeUndefined();
    expect(analysis.close.reason).toBeUndefined();
    expect(analysis.close.side).toBeUndefined();
    const section = websocketSection({ webSockets: () => [channel] } as never)!;
    const text = section.lines.join('\n');
    expect(text).toMatch(/close code, the reason and which side closed are not known/);
    expect(text).not.toContain(String(lab.close!.code));
    expect(text).not.toContain(lab.close!.reason);
    expect(text).not.toMatch(/closed by the (server|client|page|browser)|the (server|client|page|browser) closed/i);
    expect(JSON.stringify(section.data)).not.toMatch(/"(code|reason|side)":/);
  });

  it('finds exactly the server’s heartbeat messages', () => {
    const expected = channel.frames.map((_, i) => i).filter((i) => truthOf(i).heartbeat);
    expect(expected.length).toBe(8); // 4 pings, 4 pongs
    expect(analysis.heartbeatFrames).toEqual(expected);
    expect(analysis.heartbeats.map((g) => `${g.kind} ${g.direction} ${g.payload} ${g.count}`).sort()).toEqual(['engine.io received 2 4', 'engine.io sent 3 4']);
  });

  it('gives head-of-line hints only for what came behind a large message, and pairs the JSON-RPC call', () => {
    const large = channel.frames.findIndex((f, i) => f.direction === 'received' && truthOf(i).bytes >= BIG);
    const burst = channel.frames.map((_, i) => i).filter((i) => channel.frames[i]!.direction === 'received' && truthOf(i).data.startsWith('{"burst":'));
    expect(burst.length).toBe(20);
    // Whether the browser hands the burst on in one run right behind the large message depends on
    // its timing (in one CI run the burst came in two runs, 19 ms and 60 ms after it, and no hint
    // was given; the rule itself is held to literal frames in test/unit/analysis/websocket.test.ts).
    // What must hold every time: a hint names only what really came behind a large message, the
    // burst (and the small heartbeats that may interleave), never the large messages themselves.
    const heartbeats = new Set(analysis.heartbeatFrames);
    for (const h of analysis.headOfLine) {
      expect(truthOf(h.large).bytes, `hint ${JSON.stringify(h)}`).toBeGreaterThanOrEqual(BIG);
      for (const i of h.followers) expect(burst.includes(i) || heartbeats.has(i), `follower ${i} of ${h.large}`).toBe(true);
    }
    const hint = analysis.headOfLine.find((h) => h.large === large);
    if (hint) expect(hint.followers.filter((i) => burst.includes(i)).length).toBeGreaterThanOrEqual(3);
    const rpc = analysis.pairs.filter((p) => p.protocol === 'json-rpc');
    expect(rpc.map((p) => ({ id: p.id, name: p.name }))).toEqual([{ id: '7', name: 'lab.sum' }]);
    expect(truthOf(rpc[0]!.response!).data).toBe('{"jsonrpc":"2.0","id":7,"result":5}');
    expect(rpc[0]!.latencyMs).toBeGreaterThan(0);
  });

  it('exports every message to HAR as Chrome writes them, reads them back, and explains the file', async () => {
    const har = JSON.parse([...exportHar(recorder, { creator: { name: 'Netlens', version: 'test' } }, { redact: false }).chunks].join('')) as {
      log: { entries: { request: { url: string }; _webSocketMessages?: { type: string; time: number; opcode: number; data: string }[] }[] };
    };
    const entry = har.log.entries.find((e) => e.request.url === channel.url)!;
    const messages = entry._webSocketMessages!;
    expect(messages.length).toBe(lab.frames.length);
    messages.forEach((m, i) => {
      const t = truthOf(i);
      expect(m.type).toBe(channel.frames[i]!.direction === 'sent' ? 'send' : 'receive');
      expect(key(m.opcode, t.bytes, m.data)).toBe(key(t.opcode, t.bytes, t.data));
      // Seconds since the epoch, near the server's own clock (same machine).
      expect(Math.abs(m.time * 1000 - t.at)).toBeLessThan(2000);
    });
    const back = NetworkRecorder.fromLog(importText(JSON.stringify(har)).events).webSockets().find((c) => c.url === channel.url)!;
    expect(back.frames.map((f) => key(f.opcode, f.size, f.payload))).toEqual(channel.frames.map((f) => key(f.opcode, f.size, f.payload)));
    expect(back.frames.map((f) => f.direction)).toEqual(channel.frames.map((f) => f.direction));
    // Chrome DevTools' own HAR importer reads the same messages back.
    const fromDevtools = await devtoolsFrames(har);
    expect(fromDevtools.length).toBe(lab.frames.length);
    expect(fromDevtools.map((f) => f.type)).toEqual(messages.map((m) => m.type));
    expect(fromDevtools.map((f) => `${f.opCode}:${f.length}`)).toEqual(messages.map((m) => `${m.opcode}:${m.data.length}`));
    // `netlens explain --json` on that HAR file: the same channel, the same heartbeats, no close code.
    const dir = mkdtempSync(join(tmpdir(), 'netlens-ws-'));
    try {
      const file = join(dir, 'lab.har');
      writeFileSync(file, JSON.stringify(har));
      let out = '';
      await explain([file, '--json', '--no-redact'], { out: (t) => (out += t), err: () => undefined, interactive: false, cwd: dir });
      const report = JSON.parse(out) as { sections: { title: string; data: unknown }[] };
      const ws = (report.sections.find((x) => x.title === 'WebSocket')!.data as WsAnalysis[]).find((x) => x.url === channel.url)!;
      expect(ws.frameCount).toBe(lab.frames.length);
      expect(ws.received.bytes).toBe(analysis.received.bytes);
      expect(ws.heartbeatFrames).toEqual(analysis.heartbeatFrames);
      expect(ws.close.code).toBeUndefined();
      expect(out).not.toContain(`"code":${lab.close!.code}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a frame the browser refuses', () => {
  it('records the frame error Chromium reports, lists only the messages it delivered, and claims no close code', async () => {
    const page = await rig.newPage();
    const tabId = await tabIdOf(page, worker);
    const started = await control<Started>(worker, { type: 'start', tabId });
    expect(started.ok).toBe(true);
    const run = rig.newRun('wsbad');
    await page.goto(rig.server.urls.http('a.test', `/ws-lab-page?run=${run}&bad=utf8`), { waitUntil: 'load' });
    const pageSaw = await waitFor('the page to see the close', () =>
      page.evaluate(() => {
        const lab = (window as unknown as { wsLab: { closeCode?: number } }).wsLab;
        return lab.closeCode === undefined ? undefined : { code: lab.closeCode };
      }),
    );
    const bad = wsLabLog(rig.server.log, run)!;
    expect(bad.frames.map((f) => [f.data, Boolean(f.invalid)])).toEqual([['before the bad frame', false], ['', true]]);
    const { rec, ws } = await waitFor('the stored channel with its error and its close', async () => {
      await control(worker, { type: 'flush', sessionId: started.session.id });
      const { events } = await storedSession(worker, started.session.id);
      const r = NetworkRecorder.fromLog(events.map(toLogEvent));
      const c = r.webSockets().find((x) => x.url.includes(run));
      return c && c.closedAt !== undefined && c.errors.length > 0 ? { rec: r, ws: c } : undefined;
    });
    await control(worker, { type: 'stop', sessionId: started.session.id });
    // Only the valid message is a message; the invalid frame is an error, in Chromium's words.
    expect(ws.frames.map((f) => [f.direction, f.payload])).toEqual([['received', 'before the bad frame']]);
    expect(ws.errors.length).toBe(1);
    expect(ws.errors[0]!.message).toMatch(/UTF-8/);
    const a = analyseWebSocket(ws);
    expect(a.errors.map((e) => e.message)).toEqual([ws.errors[0]!.message]);
    expect(a.close.state).toBe('closed');
    expect(a.close.code).toBeUndefined();
    const text = websocketSection({ webSockets: () => [ws] } as never)!.lines.join('\n');
    expect(text).toContain(`Error at +`);
    expect(text).toContain(ws.errors[0]!.message);
    expect(text).not.toContain(String(pageSaw.code));
    // HAR: the error as Chrome writes it, after the message it followed.
    const har = JSON.parse([...exportHar(rec, { creator: { name: 'Netlens', version: 'test' } }, { redact: false }).chunks].join('')) as {
      log: { entries: { request: { url: string }; _webSocketMessages?: { type: string; opcode: number; data: string }[] }[] };
    };
    const messages = har.log.entries.find((e) => e.request.url === ws.url)!._webSocketMessages!;
    expect(messages.map((m) => [m.type, m.opcode, m.data])).toEqual([['receive', 1, 'before the bad frame'], ['error', -1, ws.errors[0]!.message]]);
    expect((await devtoolsFrames(har)).map((f) => [f.type, f.opCode])).toEqual([['receive', 1], ['error', -1]]);
    await page.close();
  });
});

/** The WebSocket frames Chrome DevTools' own HAR importer (models/har) reads from a HAR log: type, opcode, text length. */
async function devtoolsFrames(har: { log: unknown }): Promise<{ type: string; opCode: number; length: number }[]> {
  const page = await rig.newPage();
  const devtools = await page.openDevTools();
  try {
    await devtools.waitForFunction(`import('./models/har/har.js').then(() => true, () => false)`, { timeout: 30_000 });
    return (await devtools.evaluate(
      `(async (log) => {
        const HAR = await import('./models/har/har.js');
        const requests = HAR.Importer.Importer.requestsFromHARLog(new HAR.HARFormat.HARLog(log));
        return requests.flatMap((r) => r.frames().map((f) => ({ type: f.type, opCode: f.opCode, length: f.text.length })));
      })(${JSON.stringify(har.log)})`,
    )) as { type: string; opCode: number; length: number }[];
  } finally {
    await devtools.close();
    await page.close();
  }
}
