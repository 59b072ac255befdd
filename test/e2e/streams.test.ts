// Event streams against ground truth, end to end (issue 17): real Chromium records the
// event-streams lab (test/server/scenarios/event-streams.ts) and the six EventSources that hold
// hold.test's sockets, through Netlens's own capture (Network.streamResourceContent and its
// pseudo-events); the stored log is folded and analysed, and every message list, id, retry,
// comment, reconnect, buffering finding and socket hold is held against what the fixture server
// logged it sent and its socket log. One browser launch; waits are on conditions only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, screenshot, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { screenshotPanel } from '../../src/cli/devtools-panel.ts';
import { fileURLToPath } from 'node:url';
import { expectGapless } from './expect-stored.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent, type StoredEvent } from '../../src/core/cdp.ts';
import { analysePoolData } from '../../src/core/analysis/pools/index.ts';
import { analyseStreamsData, channelMessages, channelSources, type StreamsData } from '../../src/core/analysis/streams/index.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { TruthMessage, TruthRequest } from '../server/truth-log.ts';

let rig: Rig;
let worker: WebWorker;
let rec: NetworkRecorder;
let data: StreamsData;
let events: StoredEvent[];
let sessionId: string;
let truth: TruthRequest[];
let messages: TruthMessage[];
type Started = Extract<ControlResponse, { type: 'start' }>;
const STREAM_PATHS = /^\/(es-lab|ai-stream|ndjson-stream|json-seq-stream|gzip-stream|held-stream|hold-stream)/;

beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
  const page = await rig.newPage();
  const tabId = await tabIdOf(page, worker);
  const started = await control<Started>(worker, { type: 'start', tabId });
  if (!started.ok) throw new Error(JSON.stringify(started));
  sessionId = started.session.id;
  const run = rig.newRun('streams');
  await page.goto(rig.server.urls.http('a.test', `/event-streams?run=${run}`));
  await waitFor('the lab page', () => page.$eval('#out', (e) => /streams done/.test(e.textContent ?? '')), 20_000);
  await page.goto(rig.server.urls.http('hold.test', `/stream-hold-page?run=${run}`));
  await waitFor('the six streams and the fetch', () => page.$eval('#out', (e) => /hold done/.test(e.textContent ?? '')), 20_000);
  await waitFor('the server to finish', () => rig.server.log.requestsMatching(run).every((r) => r.finishedAt || r.path.startsWith('/es-lab')));
  truth = rig.server.log.requestsMatching(run).sort((a, b) => a.id - b.id);
  const ids = new Set(truth.map((r) => r.id));
  messages = rig.server.log.messages.filter((m) => ids.has(m.requestId));
  const streamRequests = truth.filter((r) => STREAM_PATHS.test(r.path) && r.status === 200).length;
  await waitFor('every stream ended and its capture answered, in the stored log', async () => {
    await control(worker, { type: 'flush', sessionId });
    events = (await storedSession(worker, sessionId)).events;
    rec = NetworkRecorder.fromLog(events.map(toLogEvent));
    const streams = rec.bodyStreams().filter((b) => b.url.includes(run));
    return streams.length >= streamRequests && streams.every((b) => b.ended && b.capture !== 'pending');
  }, 30_000);
  await control(worker, { type: 'stop', sessionId });
  events = (await storedSession(worker, sessionId)).events;
  rec = NetworkRecorder.fromLog(events.map(toLogEvent));
  await page.close();
  data = analyseStreamsData({ requests: rec.requests(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), webSockets: rec.webSockets() }, { pages: rec.pages(), pools: analysePoolData(rec.requests()) });
}, 120_000);
afterAll(async () => {
  await rig?.close();
});

const served = (path: string) => truth.filter((r) => r.path.startsWith(path));
const sent = (id: number) => messages.filter((m) => m.requestId === id && m.retry === undefined && m.comment === undefined);
const fields = (id: number) => messages.filter((m) => m.requestId === id);
const channelsFor = (path: string) => data.channels.filter((c) => new URL(c.url).pathname === path);
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
function listOf(id: string) {
  const src = channelSources({ requests: rec.requests(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), webSockets: rec.webSockets() }).find((s) => s.id === id)!;
  const l = channelMessages(src);
  return Array.from({ length: l.length }, (_, i) => ({ data: l.text(i), size: l.size(i), type: l.type(i), id: l.eventId(i), at: l.at(i) }));
}

describe('event streams, recorded live', () => {
  it('the capture turned streaming on for every stream and wrote its answer into the gapless log', () => {
    expectGapless(events, sessionId);
    const answers = events.filter((e) => e.method === 'Netlens.streamResourceContent');
    const streamIds = new Set(rec.bodyStreams().map((b) => b.requestId));
    expect(answers.length).toBe(streamIds.size);
    for (const a of answers) {
      const p = a.params as { requestId: string; bufferedData?: string; error?: string };
      expect(streamIds.has(p.requestId)).toBe(true);
      expect(p.error).toBeUndefined();
      expect(typeof p.bufferedData).toBe('string');
    }
    // Every streamed chunk after the answer carries its bytes.
    expect(events.some((e) => e.method === 'Network.dataReceived' && typeof (e.params as { data?: unknown }).data === 'string')).toBe(true);
  });

  it('message lists equal the server’s: count, order, bytes, ids, event types, retry and comments', () => {
    const checks: [string, number][] = [['/es-lab', 2], ['/ai-stream', 1], ['/ndjson-stream', 1], ['/json-seq-stream', 1], ['/gzip-stream', 1], ['/held-stream', 1]];
    for (const [path, n] of checks) {
      const reqs = served(path);
      const chans = channelsFor(path);
      expect(reqs).toHaveLength(n);
      expect(chans).toHaveLength(n);
      reqs.forEach((req, k) => {
        const want = sent(req.id);
        const got = listOf(chans[k]!.id);
        expect(got.map((m) => m.data), path).toEqual(want.map((m) => m.data));
        expect(got.map((m) => m.size), path).toEqual(want.map((m) => utf8(m.data)));
        expect(got.map((m) => m.id), path).toEqual(want.map((m) => m.eventId));
        if (path !== '/ndjson-stream' && path !== '/json-seq-stream') expect(got.map((m) => m.type), path).toEqual(want.map((m) => m.eventName ?? 'message'));
        expect(chans[k]!.retries, path).toEqual(fields(req.id).filter((m) => m.retry !== undefined).map((m) => m.retry));
        expect(chans[k]!.comments, path).toBe(fields(req.id).filter((m) => m.comment !== undefined).length);
      });
    }
    expect(channelsFor('/ai-stream')[0]!.kind).toBe('fetch-sse');
    expect(channelsFor('/ndjson-stream')[0]!.kind).toBe('ndjson');
    expect(channelsFor('/json-seq-stream')[0]!.kind).toBe('json-seq');
    // Compressed with gzip: the messages above are the decoded text, each the server's, in order.
    expect(channelsFor('/gzip-stream')[0]!.kind).toBe('fetch-sse');
    expect(served('/gzip-stream')[0]!.headers['accept-encoding']).toMatch(/gzip/);
    const gz = rec.requests().find((r) => new URL(r.url).pathname === '/gzip-stream')!;
    expect(gz.responseHeaders.find((h) => h.name.toLowerCase() === 'content-encoding')?.value).toBe('gzip');
    // Streaming was turned on for it (whether the first messages, written with the headers, were
    // still buffered by then depends on timing: they were in 3 of 4 runs, not in one CI run).
    expect(events.some((e) => e.method === 'Netlens.streamResourceContent' && (e.params as { requestId: string }).requestId === gz.requestId)).toBe(true);
    expect(channelsFor('/es-lab').map((c) => c.kind)).toEqual(['eventsource', 'eventsource']);
  });

  it('the drop and the reconnect: Last-Event-ID as the server received it, ids continued, retry in force', () => {
    const [first, second] = served('/es-lab');
    const [a, b] = channelsFor('/es-lab');
    expect(a!.end).toBe('network-error');
    expect(second!.headers['last-event-id']).toBe(sent(first!.id).at(-1)!.eventId);
    expect(b!.reconnect).toMatchObject({ previousId: a!.id, lastEventIdSent: second!.headers['last-event-id'], ids: 'continued', retryMs: 300, retryFrom: 'stream' });
    // The browser waited the retry the server set before coming back (server clock: drop → next request).
    expect(second!.receivedAt - first!.respondedAt!).toBeGreaterThanOrEqual(300);
    expect(b!.reconnect!.gapMs!).toBeGreaterThanOrEqual(290);
  });

  it('the held-back stream is flagged buffered with its time stamps; the others are not', () => {
    const [req] = served('/held-stream');
    const want = sent(req!.id);
    const [ch] = channelsFor('/held-stream');
    expect(ch!.buffering).toHaveLength(1);
    const made = want.map((m) => (JSON.parse(m.data) as { madeAt: number }).madeAt);
    expect(ch!.buffering[0]).toMatchObject({ count: want.length, confidence: 'certain', timestampField: 'madeAt', producedSpreadMs: made.at(-1)! - made[0]! });
    for (const p of ['/ai-stream', '/ndjson-stream']) expect(channelsFor(p)[0]!.buffering).toEqual([]);
    // Streamed, not read at the end: the tokens arrive spread out much as the server wrote them
    // (its log's times), in order; the first one some time after the request.
    const ai = listOf(channelsFor('/ai-stream')[0]!.id);
    const wrote = sent(served('/ai-stream')[0]!.id);
    expect(ai.every((m, i) => i === 0 || m.at >= ai[i - 1]!.at)).toBe(true);
    expect(ai.at(-1)!.at - ai[0]!.at).toBeGreaterThanOrEqual((wrote.at(-1)!.at - wrote[0]!.at) / 2);
    expect(channelsFor('/ai-stream')[0]!.stats.firstMessageMs!).toBeGreaterThan(0);
  });

  it('six EventSources held hold.test’s six sockets and the fetch waited, as the server’s socket log says', () => {
    const holders = served('/hold-stream').filter((r) => r.status === 200);
    const [after] = served('/res/after-streams.json');
    expect(holders).toHaveLength(6);
    expect(new Set(holders.map((r) => r.socketId)).size).toBe(6);
    const firstFree = Math.min(...holders.map((r) => r.finishedAt!));
    expect(after!.receivedAt).toBeGreaterThanOrEqual(firstFree);
    const hold = data.holds.find((h) => new URL(h.origin).hostname === 'hold.test')!;
    expect(hold).toBeDefined();
    expect(hold.heldSockets).toBe(6);
    expect(hold.byKind).toEqual([{ kind: 'eventsource', count: 6 }]);
    const ids = new Set(channelsFor('/hold-stream').filter((c) => c.stats.messages === 1).map((c) => c.id));
    expect(new Set(hold.holders.map((h) => h.id))).toEqual(ids);
    const waitedFor = rec.request(hold.waited[0]!)!;
    expect(waitedFor.url).toContain('/res/after-streams.json');
    // Netlens's wait against the server's clock: the page fetched once all six had a message (so
    // after the last stream reached the server) and the fetch arrived when the first one let go.
    const window = firstFree - Math.max(...holders.map((r) => r.receivedAt));
    expect(hold.longestWaitMs).toBeLessThanOrEqual(window + 50);
    expect(hold.longestWaitMs).toBeGreaterThanOrEqual(window - 300);
  });
});

describe('the Streams view in the real panel', () => {
  it('lists the channels while recording and the same again from storage, with the messages the server sent (screenshot for the docs)', async () => {
    const page = await rig.newPage();
    await page.setViewport({ width: 1200, height: 400 });
    await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('start')}`));
    const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
    await devtools.setViewport({ width: 1280, height: 860 });
    await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    await (await panel.waitForSelector('.view-tabs [role="tab"][title^="EventSource"]'))!.click();
    const run = rig.newRun('panel-streams');
    await page.goto(rig.server.urls.http('a.test', `/event-streams?run=${run}`));
    const tokens = () => {
      const req = rig.server.log.requestsMatching(run).find((r) => r.path.startsWith('/ai-stream'));
      return req === undefined ? [] : rig.server.log.messages.filter((m) => m.requestId === req.id);
    };
    // Live: the token stream's channel appears while the recording goes on, with its messages.
    const counts = () => panel.$$eval('.stream-channel', (els) => els.map((e) => `${e.getAttribute('title')}|${e.querySelector('.stream-counts')?.textContent ?? ''}`));
    try {
      await waitFor('the lab page', () => page.$eval('#out', (e) => /streams done/.test(e.textContent ?? '')), 20_000);
      await waitFor('the live channel list with every token', async () => {
        const ai = (await counts()).find((c) => c.includes('/ai-stream'));
        return ai !== undefined && tokens().length > 0 && ai.includes(`|${tokens().length} messages · `);
      }, 20_000);
    } catch (err) {
      await screenshot(devtools, 'streams-view-live');
      throw err;
    }
    // Every channel of the run with the server's message count, live (the view follows the recording).
    const expected = () => {
      const reqs = rig.server.log.requestsMatching(run).filter((r) => STREAM_PATHS.test(r.path) && r.status === 200).sort((a, b) => a.id - b.id);
      return reqs.map((r) => `${r.path}|${rig.server.log.messages.filter((m) => m.requestId === r.id && m.retry === undefined && m.comment === undefined).length} messages`);
    };
    const shown = async () => (await counts()).filter((c) => c.includes(run)).map((c) => `${new URL(c.split('|')[0]!).pathname}${new URL(c.split('|')[0]!).search}|${c.split('|')[1]!.split(' · ')[0]}`);
    await waitFor('every channel with the server’s count, live', async () => JSON.stringify(await shown()) === JSON.stringify(expected()), 20_000);
    const live = (await counts()).filter((c) => c.includes(run));
    const labRequests = rig.server.log.requestsMatching(run).filter((r) => r.path.startsWith('/es-lab')).length;
    expect(live.filter((c) => c.includes('/es-lab'))).toHaveLength(labRequests);
    // Select the token stream: its rows are the server's messages.
    await panel.$$eval('.stream-channel', (els) => (els.find((e) => e.getAttribute('title')?.includes('/ai-stream')) as HTMLElement).click());
    const want = tokens().map((m) => m.data);
    await waitFor('the token rows', async () => (await panel.$$eval('.stream-row:not(.placeholder) .c-text', (els) => els.map((e) => e.textContent))).join('\n') === want.join('\n'), 10_000);
    await (await panel.waitForSelector('.stream-row:not(.placeholder):nth-child(8)'))!.click();
    await panel.waitForSelector('.stream-detail .json-tree');
    await screenshotPanel(devtools, fileURLToPath(new URL('../../docs/netlens-streams.png', import.meta.url)) as `${string}.png`);
    // Stop, then open the stored session again: the same channels and counts.
    await (await panel.waitForSelector('button[aria-label="Stop recording"]'))!.click();
    await panel.waitForSelector('button[aria-label="Record"]');
    await (await panel.waitForSelector('.view-tabs [role="tab"][title^="Stored"]'))!.click();
    // Sessions are listed newest first: this recording is the first row.
    await panel.waitForSelector('.sessions-view tbody tr');
    const opened = await panel.evaluate(() => {
      const b = [...document.querySelectorAll('.sessions-view tbody tr:first-child button')].find((x) => x.textContent?.trim() === 'Open');
      if (!b) return false;
      (b as HTMLElement).click();
      return true;
    });
    expect(opened).toBe(true);
    await (await panel.waitForSelector('.view-tabs [role="tab"][title^="EventSource"]'))!.click();
    await waitFor('the stored channel list', async () => JSON.stringify((await counts()).filter((c) => c.includes(run))) === JSON.stringify(live), 20_000);
    await page.close();
  }, 120_000);
});
