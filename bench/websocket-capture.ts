// Benchmark (issue 18): WebSocket frames captured end to end, and the WebSocket analysis at scale.
//  1. Capture: the fixture server's /ws-flood sends N text frames as fast as the socket takes them;
//     the real extension records the tab through chrome.debugger into IndexedDB. Printed: frames
//     per second from the server's first frame to the last one stored, the rate at which frame
//     events reached the worker (their own timestamps), and whether any was lost: every stored
//     frame of the run is read back and its number checked to be 1..N in order, none missing, none
//     twice, against the server's count. First, the floor: the same flood with no Netlens, counted
//     by puppeteer's own CDP session. (bench/storage.ts measures the same flood for the storage
//     layer; this one checks each frame.)
//  2. analyseWebSocket on a channel of 1,000,000 frames built in node (text and binary both ways,
//     JSON-RPC calls, an Engine.IO heartbeat, bursts behind large messages), median of --runs.
// Run: npm run build && npx tsx bench/websocket-capture.ts [--frames 200000] [--size 64] [--runs 3] [--analysis-frames 1000000] [--no-capture]
import { performance } from 'node:perf_hooks';
import type { WebWorker } from 'puppeteer-core';
import type { ControlResponse } from '../src/adapters/messaging.ts';
import type { WsChannel, WsFrame } from '../src/core/records.ts';
import { analyseWebSocket } from '../src/core/analysis/streams/websocket.ts';
import { websocketLines } from '../src/core/report/websocket-section.ts';
import { cpu, median, nproc } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const FRAMES = arg('frames', 200_000);
const SIZE = arg('size', 64);
const RUNS = arg('runs', 3);
const ANALYSIS_FRAMES = arg('analysis-frames', 1_000_000);
const CAPTURE = !process.argv.includes('--no-capture');

type Started = Extract<ControlResponse, { type: 'start' }>;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};

async function capture(): Promise<void> {
  const { control, startRig, tabIdOf, waitFor } = await import('../test/e2e/harness.ts');
  const rig = await startRig();
  try {
    let worker: WebWorker = await rig.worker();
    await worker.evaluate('globalThis.__name = (f) => f');
    say(`browser: ${await rig.browser.version()}`);
    // 0. The floor: the same flood with no Netlens, counted by puppeteer's own CDP session on the
    // page (the Network domain on, as chrome.debugger has it): how fast the browser hands frame
    // events to any protocol client here.
    const floor = await (async () => {
      const p = await rig.newPage();
      const cdp = await p.createCDPSession();
      await cdp.send('Network.enable');
      const peer = { n: 0, first: 0, last: 0 };
      cdp.on('Network.webSocketFrameReceived', (e: { timestamp: number }) => {
        peer.first ||= e.timestamp;
        peer.last = e.timestamp;
        peer.n++;
      });
      const r = rig.newRun('wsfloor');
      const t0 = Date.now();
      await p.goto(rig.server.urls.http('a.test', `/ws-flood-page?run=${r}&frames=${FRAMES}&size=${SIZE}`), { waitUntil: 'load' });
      await waitFor('the peer to get the whole flood', () => peer.n >= FRAMES, 600_000, 100);
      const wall = (Date.now() - t0) / 1000;
      await cdp.detach().catch(() => undefined);
      await p.close();
      return { n: peer.n, span: peer.last - peer.first, wall };
    })();
    const page = await rig.newPage();
    const tabId = await tabIdOf(page, worker);
    const started = await control<Started>(worker, { type: 'start', tabId });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const sid = started.session.id;
    const run = rig.newRun('wscap');
    await page.goto(rig.server.urls.http('a.test', `/ws-flood-page?run=${run}&frames=${FRAMES}&size=${SIZE}`), { waitUntil: 'load' });
    const truth = await waitFor('the flood to start', () => rig.server.log.floods.find((f) => f.run === run), 30_000);
    await waitFor('the page to receive the whole flood', () => page.evaluate(() => document.title === 'flood done'), 600_000, 100);
    // Read every stored frame of the run back and check its number: 1..N in order.
    const check = () =>
      worker.evaluate(async (id: string, run: string) => {
        const store = (globalThis as unknown as { netlensStore: { pages(id: string, size: number): AsyncIterable<{ method: string; t: number; params: { timestamp: number; response?: { payloadData?: string } } }[]> } }).netlensStore;
        let frames = 0;
        let inOrder = 0;
        let missingOrTwice = 0;
        let first = 0;
        let last = 0;
        for await (const p of store.pages(id, 5000))
          for (const e of p) {
            if (e.method !== 'Network.webSocketFrameReceived') continue;
            const [num, r] = (e.params.response?.payloadData ?? '').split(' ');
            if (r !== run) continue;
            frames++;
            if (Number(num) === inOrder + 1) inOrder++;
            else missingOrTwice++;
            if (!first) first = e.params.timestamp;
            last = e.params.timestamp;
          }
        return { frames, inOrder, missingOrTwice, first, last };
      }, sid, run);
    let got = await check();
    const storedBy = await waitFor('every frame stored', async () => {
      await control(worker, { type: 'flush', sessionId: sid });
      got = await check();
      return got.frames >= truth.sent ? Date.now() : 0;
    }, 600_000, 250);
    await control(worker, { type: 'stop', sessionId: sid });
    const endToEnd = (storedBy - truth.startedAt) / 1000;
    const protocolSpan = got.last - got.first;
    say('');
    say('| capture | figure |');
    say('| --- | ---: |');
    say(`| frames the server sent (${SIZE} B each) | ${n(truth.sent)} in ${((truth.lastAt - truth.startedAt) / 1000).toFixed(1)} s |`);
    say(`| frames stored in IndexedDB, read back | ${n(got.frames)} (${got.frames === truth.sent ? 'equal to the server' : 'NOT equal to the server'}) |`);
    say(`| numbered 1..N in order / missing or twice | ${n(got.inOrder)} / ${n(got.missingOrTwice)} |`);
    say(`| end to end: server's first frame → all stored (flush polled every 250 ms) | ${endToEnd.toFixed(1)} s, ${n(got.frames / endToEnd)} frames/s |`);
    say(`| frame events' own timestamps, first → last | ${protocolSpan.toFixed(1)} s, ${n(got.frames / protocolSpan)} frames/s |`);
    say(`| the floor: the same flood with no Netlens, puppeteer's CDP session on the page (events' timestamps) | ${floor.span.toFixed(1)} s, ${n(floor.n / floor.span)} frames/s (${floor.wall.toFixed(1)} s from navigation to the last) |`);
    await page.close();
  } finally {
    await rig.close();
  }
}

/** A channel of `count` frames: mostly small text both ways, some binary, JSON-RPC calls, a heartbeat, large messages with bursts. */
function syntheticChannel(count: number): WsChannel {
  const frames: WsFrame[] = [];
  let at = 1_000_000;
  let rpc = 0;
  for (let i = 0; frames.length < count; i++) {
    at += 0.5;
    const k = i % 1000;
    if (k === 0) {
      frames.push({ direction: 'received', opcode: 1, payload: '2', size: 1, at, mask: false });
      frames.push({ direction: 'sent', opcode: 1, payload: '3', size: 1, at: at + 0.1, mask: true });
    } else if (k % 100 === 1) {
      rpc++;
      frames.push({ direction: 'sent', opcode: 1, payload: `{"jsonrpc":"2.0","id":${rpc},"method":"get"}`, size: 40, at, mask: true });
    } else if (k % 100 === 3) {
      frames.push({ direction: 'received', opcode: 1, payload: `{"jsonrpc":"2.0","id":${rpc},"result":${i}}`, size: 40, at, mask: false });
    } else if (k === 500) {
      // A quiet 50 ms, a large message, five small ones right behind it, a quiet 50 ms.
      at += 50;
      frames.push({ direction: 'received', opcode: 2, payload: '', size: 200_000, at, mask: false });
      for (let b = 0; b < 5; b++) {
        const payload = `{"burst":${b},"of":${i}}`;
        frames.push({ direction: 'received', opcode: 1, payload, size: payload.length, at: at + 0.01 * (b + 1), mask: false });
      }
      at += 50;
    } else if (k % 50 === 7) {
      frames.push({ direction: 'received', opcode: 2, payload: 'AAECAwQFBgcICQ==', size: 10, at, mask: false });
    } else {
      const payload = `${i} message text of the flood`;
      frames.push({ direction: i % 3 ? 'received' : 'sent', opcode: 1, payload, size: payload.length, at, mask: i % 3 === 0 });
    }
  }
  frames.length = count;
  return {
    id: 'bench',
    requestId: 'bench',
    url: 'ws://a.test/socket.io/?EIO=4&transport=websocket',
    createdAt: 999_000,
    handshake: { requestHeaders: [], requestAt: 999_000, requestWall: 1_700_000_000_000, status: 101, responseHeaders: [{ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' }], responseAt: 999_010 },
    // As the recorder holds them: parsed from stored JSON rows (flat strings, not built by concatenation).
    frames: JSON.parse(JSON.stringify(frames)) as WsFrame[],
    errors: [],
    closedAt: at + 10,
    sentBytes: 0,
    receivedBytes: 0,
  };
}

function analysis(): void {
  const ch = syntheticChannel(ANALYSIS_FRAMES);
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let a = analyseWebSocket(ch);
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    a = analyseWebSocket(ch);
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  const t0 = performance.now();
  const text = websocketLines(a);
  const reportMs = performance.now() - t0;
  const half = syntheticChannel(ANALYSIS_FRAMES / 2);
  const halfMs: number[] = [];
  const halfCpu: number[] = [];
  analyseWebSocket(half);
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t1 = performance.now();
    analyseWebSocket(half);
    halfMs.push(performance.now() - t1);
    const c = process.cpuUsage(c0);
    halfCpu.push((c.user + c.system) / 1000);
  }
  say('');
  say('| analysis | frames | median wall ms | range ms | median CPU ms (process, GC included) |');
  say('| --- | ---: | ---: | ---: | ---: |');
  say(`| analyseWebSocket | ${n(ANALYSIS_FRAMES / 2)} | ${median(halfMs).toFixed(0)} | ${Math.min(...halfMs).toFixed(0)}–${Math.max(...halfMs).toFixed(0)} | ${median(halfCpu).toFixed(0)} |`);
  say(`| analyseWebSocket | ${n(ANALYSIS_FRAMES)} | ${median(ms).toFixed(0)} | ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} | ${median(cpuMs).toFixed(0)} |`);
  say(`| its report lines (websocketLines) | ${n(ANALYSIS_FRAMES)} | ${reportMs.toFixed(1)} | one run | |`);
  say('');
  say(`What it found in the ${n(ANALYSIS_FRAMES)} frames: ${n(a.heartbeatFrames.length)} heartbeat frames, ${n(a.pairs.length)} JSON-RPC pairs (${n(a.pairStats[0]?.answered ?? 0)} answered), ${n(a.headOfLine.length)} head-of-line hints, ${a.rate.sentMessages.length} rate buckets of ${a.rate.bucketMs} ms; ${text.length} report lines.`);
}

say(`# WebSocket capture and analysis — ${new Date().toISOString()}`);
say(`machine: ${nproc} cores, ${cpu}, node ${process.version}`);
say(`command: npx tsx bench/websocket-capture.ts --frames ${FRAMES} --size ${SIZE} --runs ${RUNS} --analysis-frames ${ANALYSIS_FRAMES}${CAPTURE ? '' : ' --no-capture'}`);
if (CAPTURE) await capture();
analysis();
