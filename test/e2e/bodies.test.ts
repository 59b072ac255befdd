// Response bodies end to end (issue 19), one Chromium launch: the fixture server’s bodies (text,
// JSON, an image, binary, one over the limit, one with planted secrets, an event stream, a
// redirect) recorded with bodies on, then compared byte for byte with what the server sent
// (test/server/scenarios/bodies.ts defines the bytes): in the bodies table, in the HAR the
// panel's export job writes (redacted by default, unredacted on purpose, strict), after importing
// that HAR again, and after `netlens convert` of it; then the real panel's Body tab shows the
// image under the extension's CSP, the JSON tree and the reason of the one over the limit.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { BIG_CUT, BODY_FIXTURES, BODY_SECRETS, BODY_STREAMS, BODY_TEST_LIMIT, GZIP_JSON, GZIP_SENT, STREAM_SECRET } from '../server/scenarios/bodies.ts';
import { reconstructStreamBody } from '../../src/core/stream-body.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import { bodyCountsOf, bodyForRecord, type BodyEntry } from '../../src/core/bodies.ts';
import type { NetworkRequest } from '../../src/core/records.ts';
import { exportText, memoryJobStore } from '../memory-job-store.ts';
import { runImport } from '../../panel/jobs/import-job.ts';
import { convert } from '../../src/cli/commands/convert.ts';
import type { Har, HarEntry } from '../../src/core/har/types.ts';

let rig: Rig;
let worker: WebWorker;
beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
});
afterAll(async () => {
  await rig?.close();
});

type Started = Extract<ControlResponse, { type: 'start' }>;

const bodyBytes = (b: { body?: string; text?: string; base64Encoded?: boolean; encoding?: string }) => {
  const text = b.body ?? b.text ?? '';
  return b.base64Encoded || b.encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
};

const entryOf = (har: Har, path: string, run: string, via = false) =>
  har.log.entries.find((e) => e.request.url.includes(`${path}?run=${run}`) && e.request.url.includes('via=redirect') === via && e.response.status === 200) as HarEntry;

describe('response bodies', () => {
  it('stores, exports, redacts, imports and converts the server’s bodies byte for byte, keeps the first bytes of the one over the limit, and rebuilds the streams from their messages', async () => {
    const page = await rig.newPage();
    const tabId = await tabIdOf(page, worker);
    const started = await control<Started>(worker, { type: 'start', tabId, options: { bodies: true, maxBodyBytes: BODY_TEST_LIMIT, maxSessionBodyBytes: 10 * BODY_TEST_LIMIT } });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const sessionId = started.session.id;
    expect(started.session.options).toMatchObject({ bodies: true, maxBodyBytes: BODY_TEST_LIMIT });
    const run = rig.newRun('bodies');
    await page.goto(rig.server.urls.http('a.test', `/bodies-page?run=${run}`), { waitUntil: 'load' });
    await waitFor('the page to fetch every body', () => page.$eval('#out', (e) => e.textContent === 'bodies done'));
    const served = () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt);
    // The page, 6 fixtures, 2 streams, the redirect and its target, the gzip one.
    await waitFor('the server to finish every response', () => served().length >= 12);
    const readBodies = () => worker.evaluate((id) => (globalThis as unknown as { netlensStore: { bodies(id: string): Promise<unknown[]> } }).netlensStore.bodies(id), sessionId) as Promise<(BodyEntry & { sessionId: string })[]>;
    // Every response that finished has a row: its body or its reason (the page, 6 fixtures, 2 streams, the redirect's target, gzip).
    await waitFor('a body row for every finished response', async () => (await readBodies()).length >= 11);
    const stopped = await control(worker, { type: 'stop', sessionId });
    expect(stopped.ok).toBe(true);

    const { session, events } = await storedSession(worker, sessionId);
    const rows = await readBodies();
    const rec = NetworkRecorder.fromLog(events.map(toLogEvent));
    const requests = rec.requests().filter((r) => r.url.includes(run));
    const byPath = (path: string, via = false): NetworkRequest =>
      requests.find((r) => new URL(r.url).pathname === path && r.url.includes('via=redirect') === via && !r.redirectTo)!;
    const rowOf = (r: NetworkRequest) => rows.find((b) => b.requestId === r.requestId);

    // 1. The bodies table holds the server's bytes.
    for (const path of ['/bodies/text.txt', '/bodies/data.json', '/bodies/pixel.png', '/bodies/blob.bin', '/bodies/secrets.json']) {
      const row = rowOf(byPath(path));
      expect(row?.body, `${path}: ${JSON.stringify(row)}`).toBeDefined();
      expect(bodyBytes(row!).equals(BODY_FIXTURES[path]!.bytes), path).toBe(true);
      expect(row!.size).toBe(BODY_FIXTURES[path]!.bytes.length);
      expect(row!.hop).toBe(0);
    }
    expect(rowOf(byPath('/bodies/pixel.png'))!.base64Encoded).toBe(true);
    expect(rowOf(byPath('/bodies/blob.bin'))!.base64Encoded).toBe(true);
    expect(rowOf(byPath('/bodies/text.txt'))!.base64Encoded).toBe(false);
    // Text over the limit: its first bytes, cut before the 3-byte character that crosses the limit.
    const bigSent = BODY_FIXTURES['/bodies/big.txt']!.bytes;
    expect(bigSent.length).toBe(100_000);
    expect([bigSent[BIG_CUT], BIG_CUT < BODY_TEST_LIMIT, BIG_CUT + 3 > BODY_TEST_LIMIT]).toEqual([0xe2, true, true]);
    const big = rowOf(byPath('/bodies/big.txt'))!;
    expect(big.reason, JSON.stringify({ ...big, body: big.body?.slice(0, 20) })).toBeUndefined();
    expect(bodyBytes(big).equals(bigSent.subarray(0, BIG_CUT))).toBe(true);
    expect(big.truncated).toEqual({ kept: BIG_CUT, limit: 'body' });
    expect(big.size).toBe(100_000);
    // Event streams: no body fetched (the streams capture has their bytes); rebuilt from the
    // messages, they are the bytes the server wrote, joined, and the messages its log holds.
    for (const [path, s] of Object.entries(BODY_STREAMS)) {
      const r = byPath(path);
      expect(rowOf(r)!.reason, path).toBe('event-stream');
      const rebuilt = reconstructStreamBody(r, rec.bodyStreams().find((b) => b.id === r.id), rec.eventSources().find((c) => c.id === r.id))!;
      expect(Buffer.from(rebuilt.text, 'utf8').equals(Buffer.concat(s.parts)), `${path}: ${JSON.stringify(rebuilt)}`).toBe(true);
      const sent = rig.server.log.messages.filter((m) => m.requestId === rig.server.log.requestsMatching(run).find((q) => q.path.startsWith(`${path}?`))!.id && m.retry === undefined);
      expect(sent.map((m) => m.data), path).toEqual(s.messages.filter((m) => m.retry === undefined).map((m) => m.data));
      expect(rebuilt, path).toMatchObject({ channelId: r.id, from: 'stream', messages: sent.length, complete: true, notes: [] });
    }
    // The redirect: its first hop has no body (a redirect), its last hop is the text, under hop 1.
    const hops = requests.filter((r) => r.requestId === byPath('/bodies/text.txt', true).requestId);
    expect(hops.map((h) => h.status)).toEqual([302, 200]);
    expect(bodyForRecord(hops[0]!, rowOf(hops[0]!), true)).toEqual({ kind: 'none', reason: 'redirect' });
    expect(rowOf(hops[1]!)!.hop).toBe(1);
    expect(bodyBytes(rowOf(hops[1]!)!).equals(BODY_FIXTURES['/bodies/text.txt']!.bytes)).toBe(true);
    // The session's size counts its bodies.
    const kept = rows.reduce((n, b) => n + (b.body?.length ?? 0), 0);
    expect(session!.storedBytes).toBeGreaterThan(kept);

    // 2. HAR, as the panel's export job writes it.
    const store = memoryJobStore(new Map([[sessionId, session!]]), new Map([[sessionId, events]]), new Map([[sessionId, rows]]));
    const plainText = await exportText(store, sessionId, false);
    const plain = JSON.parse(plainText) as Har;
    for (const path of ['/bodies/text.txt', '/bodies/data.json', '/bodies/pixel.png', '/bodies/blob.bin', '/bodies/secrets.json']) {
      const c = entryOf(plain, path, run).response.content;
      expect(bodyBytes(c).equals(BODY_FIXTURES[path]!.bytes), path).toBe(true);
      expect(c.size, path).toBe(BODY_FIXTURES[path]!.bytes.length);
      expect(c.encoding, path).toBe(path.endsWith('.png') || path.endsWith('.bin') ? 'base64' : undefined);
      // Identity bodies: nothing saved by compression.
      expect(c.compression ?? 0, path).toBe(0);
    }
    // A gzip body: stored and written decoded; size is the decoded length, compression what gzip saved.
    const gz = entryOf(plain, '/bodies/gzip.json', run).response;
    expect(Buffer.from(gz.content.text!, 'utf8').equals(GZIP_JSON)).toBe(true);
    expect(gz.content.size).toBe(GZIP_JSON.length);
    expect(gz.bodySize).toBe(GZIP_SENT.length);
    expect(gz.content.compression).toBe(GZIP_JSON.length - GZIP_SENT.length);
    // The truncated body: its prefix, the whole size, and what was kept in words.
    const bigHar = entryOf(plain, '/bodies/big.txt', run).response.content;
    expect(bodyBytes(bigHar).equals(bigSent.subarray(0, BIG_CUT))).toBe(true);
    expect(bigHar.size).toBe(100_000);
    expect(bigHar._netlensTruncated).toEqual({ kept: BIG_CUT, size: 100_000, limit: 'body', text: 'kept the first 65,535 of 100,000 bytes (the limit per body)' });
    expect(bigHar._netlensBodyReason).toBeUndefined();
    // The streams: content.text is the rebuilt body, marked as such.
    for (const [path, s] of Object.entries(BODY_STREAMS)) {
      const c = entryOf(plain, path, run).response.content;
      expect(Buffer.from(c.text ?? '', 'utf8').equals(Buffer.concat(s.parts)), path).toBe(true);
      expect(c._netlensStreamBody, path).toEqual({ from: 'stream', format: s.kind, messages: s.messages.filter((m) => m.retry === undefined).length, complete: true, notes: [] });
    }
    for (const secret of [...Object.values(BODY_SECRETS), STREAM_SECRET]) expect(plainText).toContain(secret);

    const redactedText = await exportText(store, sessionId, { extraHeaders: [], extraParams: [], level: 'default' });
    for (const secret of [...Object.values(BODY_SECRETS), STREAM_SECRET]) expect(redactedText).not.toContain(secret);
    const redacted = JSON.parse(redactedText) as Har;
    const secretBody = JSON.parse(entryOf(redacted, '/bodies/secrets.json', run).response.content.text!) as { note: string; token_type: string; user: { name: string } };
    expect(secretBody).toMatchObject({ note: 'keep me', token_type: 'Bearer', user: { name: 'alice' } });
    // Bodies without secrets are untouched by redaction.
    for (const path of ['/bodies/text.txt', '/bodies/data.json', '/bodies/pixel.png', '/bodies/blob.bin']) {
      expect(bodyBytes(entryOf(redacted, path, run).response.content).equals(BODY_FIXTURES[path]!.bytes), path).toBe(true);
    }
    const strict = JSON.parse(await exportText(store, sessionId, { extraHeaders: [], extraParams: [], level: 'strict' })) as Har;
    expect(strict.log.entries.filter((e) => e.response.content.text !== undefined)).toEqual([]);

    // 3. Import the unredacted HAR back: the same bytes in the imported session's bodies.
    const imported = await runImport(plainText, 'bodies.har', store, () => undefined);
    const back = (await store.bodies!(imported.session.id)) as BodyEntry[];
    const importedEvents = [];
    for await (const p of store.pages(imported.session.id)) importedEvents.push(...p);
    const importedRec = NetworkRecorder.fromLog(importedEvents.map(toLogEvent));
    expect(importedRec.diagnostics.unhandledEvents).not.toHaveProperty(['Netlens.responseBody']);
    expect(importedEvents.some((e) => e.method === 'Netlens.responseBody')).toBe(false);
    for (const path of ['/bodies/text.txt', '/bodies/pixel.png', '/bodies/blob.bin', '/bodies/secrets.json']) {
      const r = importedRec.requests().find((x) => x.url.includes(`${path}?run=${run}`) && !x.url.includes('via=redirect'))!;
      const v = bodyForRecord(r, back.find((b) => b.requestId === r.requestId), true);
      expect(v.kind, path).toBe('body');
      if (v.kind === 'body') expect(bodyBytes(v.entry).equals(BODY_FIXTURES[path]!.bytes), path).toBe(true);
    }
    // The truncated body comes back as its prefix (the import does not read _netlensTruncated yet).
    const bigBack = back.find((b) => b.body !== undefined && bodyBytes(b).equals(bigSent.subarray(0, BIG_CUT)));
    expect(bigBack).toBeDefined();

    // 4. `netlens convert` of the Netlens HAR keeps its bodies (unredacted on purpose here).
    const dir = mkdtempSync(join(tmpdir(), 'netlens-bodies-'));
    writeFileSync(join(dir, 'in.har'), plainText);
    const err: string[] = [];
    const code = await convert([join(dir, 'in.har'), '-o', 'out.har', '--no-redact'], { out: () => undefined, err: (t) => void err.push(t), interactive: false, cwd: dir });
    expect(code, err.join('')).toBe(0);
    const converted = JSON.parse(readFileSync(join(dir, 'out.har'), 'utf8')) as Har;
    for (const path of ['/bodies/pixel.png', '/bodies/blob.bin', '/bodies/data.json']) {
      expect(bodyBytes(entryOf(converted, path, run).response.content).equals(BODY_FIXTURES[path]!.bytes), path).toBe(true);
    }
    expect(err.join('')).not.toMatch(/unknown|Netlens\.responseBody/i);

    // 5. The real panel, under the extension's real CSP: open the session, select a request, Body.
    const { panel } = await openNetlensPanel(page, rig.extensionId);
    await (await panel.waitForSelector('::-p-xpath(//button[@role="tab"][normalize-space()="Sessions"])'))!.click();
    // The row says the setting and how many bodies were kept and skipped: the stored rows' counts.
    const keptRows = rows.filter((b) => b.body !== undefined).length;
    const skippedRows = rows.filter((b) => b.body === undefined).length;
    expect([rows.filter((b) => b.truncated).length, skippedRows >= 2]).toEqual([1, true]);
    const countsWords = `${keptRows} kept (1 truncated), ${skippedRows} skipped`;
    expect(await panel.$eval(`tr[data-session-id="${sessionId}"] .bodies-line`, (e) => e.textContent)).toBe(`bodies on (≤ 64 kB each, 640 kB in all): ${countsWords}`);
    await (await panel.waitForSelector(`::-p-xpath(//tr[@data-session-id="${sessionId}"]//button[normalize-space()="Open"])`))!.click();
    // The open session says it recorded bodies, and within which limits (64 kB each, 640 kB in all, as started above).
    await (await panel.waitForSelector('::-p-xpath(//button[@role="tab"][normalize-space()="Sessions"])'))!.click();
    await waitFor('the session details to say so', async () => (await panel.$eval('.session-details', (e) => e.textContent ?? '').catch(() => '')).includes(`Response bodies were recorded, each up to 64 kB, 640 kB in all: ${countsWords} (each one skipped or truncated says why in its Body tab).`));
    await (await panel.waitForSelector('::-p-xpath(//button[@role="tab"][normalize-space()="Requests"])'))!.click();
    const showBody = async (r: NetworkRequest) => {
      await (await panel.waitForSelector(`[data-request-id="${r.id}"]`, { timeout: 15_000 }))!.click();
      await (await panel.waitForSelector('::-p-xpath(//aside[contains(@class,"detail")]//button[@role="tab"][normalize-space()="Body"])'))!.click();
      await panel.waitForFunction(() => !document.querySelector('.body-loading'));
    };
    await showBody(byPath('/bodies/pixel.png'));
    // The image decoded from its data: URL (2×2 pixels): the CSP's img-src allows it.
    const img = await panel.waitForFunction(() => {
      const i = document.querySelector('img.body-image') as HTMLImageElement | null;
      return i && i.complete && i.naturalWidth > 0 ? { w: i.naturalWidth, h: i.naturalHeight, src: i.src.slice(0, 22) } : undefined;
    });
    expect(await img.jsonValue()).toEqual({ w: 2, h: 2, src: 'data:image/png;base64,' });
    await showBody(byPath('/bodies/data.json'));
    expect(await panel.$eval('.json-tree summary', (e) => e.textContent)).toBe('{6}');
    await showBody(byPath('/bodies/big.txt'));
    expect(await panel.$eval('.body-truncated', (e) => e.textContent)).toBe('Truncated: kept the first 65,535 of 100,000 bytes (the limit per body).');
    // The event stream: rebuilt from its messages, said so, with a link to its channel.
    await showBody(byPath('/bodies/stream'));
    await panel.waitForSelector('.body-stream-note');
    expect(await panel.$eval('.body-stream-note', (e) => e.textContent)).toBe('Reconstructed from the stream’s 3 messages, not the bytes as received; complete. Show in the Streams view');
    expect(await panel.$eval('.body-stream .body-text', (e) => e.textContent)).toBe(Buffer.concat(BODY_STREAMS['/bodies/stream']!.parts).toString('utf8'));
    // The NDJSON stream, the second channel: its link selects it (not the first) in the Streams view.
    await showBody(byPath('/bodies/ndjson'));
    await panel.waitForFunction(() => document.querySelector('.body-stream .body-text')?.textContent?.startsWith('{"i":1}'));
    expect(await panel.$eval('.body-stream-note', (e) => e.textContent)).toBe('Reconstructed from the stream’s 3 messages, not the bytes as received; complete. Show in the Streams view');
    expect(await panel.$eval('.body-stream .body-text', (e) => e.textContent)).toBe(Buffer.concat(BODY_STREAMS['/bodies/ndjson']!.parts).toString('utf8'));
    await (await panel.waitForSelector('::-p-xpath(//p[contains(@class,"body-stream-note")]//button[normalize-space()="Show in the Streams view"])'))!.click();
    await waitFor('the Streams view to select the NDJSON stream', async () => ((await panel.$eval('.stream-channel.selected .stream-url', (e) => e.textContent ?? '').catch(() => '')).includes('/bodies/ndjson')));
    expect(await panel.$$eval('.stream-channel .stream-url', (els) => els.map((e) => e.textContent ?? '').findIndex((t) => t.includes('/bodies/ndjson')))).toBeGreaterThan(0);
    await page.close();
  });

  it('stops keeping bodies at the session limit, each later one saying so', async () => {
    const page = await rig.newPage();
    const tabId = await tabIdOf(page, worker);
    // Room for the page and a few small bodies (about 2.4 kB in all), not for all of them.
    const started = await control<Started>(worker, { type: 'start', tabId, options: { bodies: true, maxBodyBytes: 2048, maxSessionBodyBytes: 2048 } });
    expect(started.ok).toBe(true);
    const run = rig.newRun('bodies-limit');
    await page.goto(rig.server.urls.http('a.test', `/bodies-page?run=${run}`), { waitUntil: 'load' });
    await waitFor('the page to fetch every body', () => page.$eval('#out', (e) => e.textContent === 'bodies done'));
    const readBodies = () => worker.evaluate((id) => (globalThis as unknown as { netlensStore: { bodies(id: string): Promise<unknown[]> } }).netlensStore.bodies(id), started.session.id) as Promise<BodyEntry[]>;
    await waitFor('a body row for every finished response', async () => (await readBodies()).length >= 10);
    await control(worker, { type: 'stop', sessionId: started.session.id });
    const rows = await readBodies();
    const kept = rows.filter((b) => b.body !== undefined);
    // A text body that crossed the session's edge keeps what was left: count the bytes kept.
    const total = kept.reduce((n, b) => n + (b.truncated ? b.truncated.kept : b.size!), 0);
    for (const b of kept) expect(bodyBytes(b).length).toBe(b.truncated ? b.truncated.kept : b.size);
    expect(kept.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(2048);
    const limited = rows.filter((b) => b.reason === 'session-limit');
    expect(limited.length).toBeGreaterThan(0);
    // Each one that was refused would not have fitted beside what was kept.
    for (const b of limited) expect(total + b.size!).toBeGreaterThan(2048);
    // The session row counts what the rows hold (the Sessions view shows it).
    const { session: limitedSession } = await storedSession(worker, started.session.id);
    expect(bodyCountsOf(limitedSession!)).toEqual({ kept: kept.length, truncated: kept.filter((b) => b.truncated).length, skipped: rows.length - kept.length });
    // Only bodies larger than the limit per body are "over the limit".
    expect(rows.filter((b) => b.reason === 'over-limit' || b.reason === 'binary-over-limit').every((b) => b.size! > 2048)).toBe(true);
    await page.close();
  });
});
