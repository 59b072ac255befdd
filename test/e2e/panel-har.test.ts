// HAR export and import through the real panel in real Chromium: the export dialog downloads a
// redacted HAR of a recorded session (the jobs worker does the work), and importing that file —
// or a bad one — through the file picker gives a new session, or a sentence and nothing stored.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Frame, Page, WebWorker } from 'puppeteer-core';
import { ROOT, control, openNetlensPanel, startRig, tabIdOf, waitFor, type Rig } from './harness.ts';
import { PLANTED } from '../server/scenarios/secrets.ts';
import { harValidator } from '../unit/har/validator.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';

let rig: Rig;
let worker: WebWorker;
let downloads: string;
let sessionId: string;
let page: Page;
let panel: Frame;
let run: string;

beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
  downloads = await mkdtemp(join(tmpdir(), 'netlens-downloads-'));
  const cdp = await rig.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  // A recorded session of the page that plants secrets of every kind.
  page = await rig.newPage();
  const started = await control<Extract<ControlResponse, { type: 'start' }>>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
  sessionId = started.session.id;
  run = rig.newRun('secrets');
  await page.goto(rig.server.urls.http('a.test', `/secrets-page?run=${run}`));
  await waitFor('the secrets page', () => page.$eval('#out', (e) => e.textContent === 'secrets done'));
  // The page, its five fetches, the event stream and the WebSocket: 8 requests at the server.
  await waitFor('the server to answer the 8 requests of the page', () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 8);
  await control(worker, { type: 'stop', sessionId });
  ({ panel } = await openNetlensPanel(page, rig.extensionId));
});
afterAll(async () => {
  await rig?.close();
  await rm(downloads, { recursive: true, force: true });
});

async function click(selector: string): Promise<void> {
  const el = await panel.waitForSelector(selector, { timeout: 20_000 });
  await el!.click();
}

async function showSessions(): Promise<void> {
  await click('::-p-xpath(//nav[@aria-label="Views"]/button[normalize-space()="Sessions"])');
  await panel.waitForSelector('.sessions-view');
}

describe('export from the panel', () => {
  it('downloads a redacted, schema-valid HAR of the session', async () => {
    await showSessions();
    await click(`tr[data-session-id="${sessionId}"] ::-p-xpath(.//button[normalize-space()="Export…"])`);
    await panel.waitForSelector('.redaction-preview', { timeout: 30_000 });
    const preview = await panel.$eval('.redaction-preview', (e) => e.textContent ?? '');
    // The page plants a fixed set (test/server/scenarios/secrets.ts), recorded without bodies:
    // 7 cookies (Set-Cookie, then Cookie on 6 requests), Authorization and X-Api-Key, the
    // access_token parameter, the password field, apiKey, refresh_token and the SSE data's token
    // (JSON), and the JWT in the WebSocket frame and in its echo.
    expect(preview).toMatch(/Redaction will replace 16 values/);
    await click('::-p-xpath(//button[normalize-space()="Export redacted HAR"])');
    const file = await waitFor('the download', async () => (await readdir(downloads)).find((f) => f.endsWith('.har')), 30_000);
    expect(file).toMatch(/^netlens-.*\.har$/);
    const text = await readFile(join(downloads, file), 'utf8');
    for (const s of Object.values(PLANTED)) expect(text, s).not.toContain(s);
    const har = JSON.parse(text);
    expect(harValidator()(har)).toEqual([]);
    // The panel writes the version of package.json, the one version of a release.
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(har.log.creator).toEqual({ name: 'Netlens', version });
    // Held against the server: one entry per request it answered, and the WebSocket frames and
    // SSE events it sent and received.
    const truth = rig.server.log.requestsMatching(run);
    const path = (url: string) => url.replace(/^[a-z]+:\/\/[^/]+/, '').replace(/\?.*/, '');
    const mine = (har.log.entries as { request: { method: string; url: string } }[]).filter((e) => e.request.url.includes(run));
    expect(mine.map((e) => `${e.request.method} ${path(e.request.url)}`).sort()).toEqual(truth.map((t) => `${t.method} ${path(t.url)}`).sort());
    const messagesOf = (pathname: string, kind: 'ws' | 'sse') => {
      const t = truth.find((x) => path(x.url) === pathname)!;
      return rig.server.log.messages.filter((m) => m.kind === kind && m.requestId === t.id).map((m) => m.data.length);
    };
    const entryOf = (pathname: string) => har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes(run) && path(e.request.url) === pathname);
    const ws = entryOf('/ws');
    expect(ws._webSocketMessages.length).toBe(messagesOf('/ws', 'ws').length);
    expect(messagesOf('/ws', 'ws').length).toBeGreaterThanOrEqual(4);
    expect(entryOf('/secrets/sse')._eventSourceMessages.length).toBe(messagesOf('/secrets/sse', 'sse').length);
    expect(messagesOf('/secrets/sse', 'sse').length).toBe(1);
    expect(har.log._netlensRedaction.redacted).toBe(true);
    await panel.waitForSelector('.export-dialog', { hidden: true });
  });
});

describe('import into the panel', () => {
  async function upload(path: string): Promise<void> {
    await showSessions();
    const input = (await panel.waitForSelector('input[type="file"][aria-label="Import a HAR or CDP log file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path);
  }

  it('imports the exported HAR as a session and shows its requests', async () => {
    const file = (await readdir(downloads)).find((f) => f.endsWith('.har'))!;
    const har = JSON.parse(await readFile(join(downloads, file), 'utf8'));
    const before = await worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<unknown[]> } }).netlensStore.list().then((l) => l.length));
    await upload(join(downloads, file));
    await panel.waitForSelector('section.requests-view');
    await waitFor('the imported requests in the table', async () => {
      const count = await panel.$eval('.filter-bar .count', (e) => e.textContent ?? '');
      return new RegExp(`/ ${har.log.entries.length} requests`).test(count);
    });
    const sessions = (await worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<unknown[]> } }).netlensStore.list())) as { source: string; state: string; fileName?: string }[];
    expect(sessions.length).toBe(before + 1);
    expect(sessions.find((s) => s.source === 'har')).toMatchObject({ state: 'imported', fileName: file });
  });

  it('imports a file dropped anywhere on the panel', async () => {
    const file = (await readdir(downloads)).find((f) => f.endsWith('.har') && f !== 'cut.har')!;
    const text = await readFile(join(downloads, file), 'utf8');
    const count = () => worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<unknown[]> } }).netlensStore.list().then((l) => l.length));
    const before = await count();
    // A real DragEvent carrying a real File, as Chrome delivers a drop from the desktop.
    const prevented = await panel.evaluate((content: string) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'dropped.har', { type: 'application/json' }));
      const app = document.querySelector('.app')!;
      const over = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer });
      app.dispatchEvent(over);
      app.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      return over.defaultPrevented;
    }, text);
    expect(prevented).toBe(true);
    await waitFor('the dropped file to be imported', async () => (await count()) === before + 1);
    await waitFor('its requests in the table', async () => new RegExp(`/ ${JSON.parse(text).log.entries.length} requests`).test(await panel.$eval('.filter-bar .count', (e) => e.textContent ?? '')));
  });

  it('refuses a truncated file with the reason, and stores nothing', async () => {
    const bad = join(downloads, 'cut.har');
    const file = (await readdir(downloads)).find((f) => f.endsWith('.har') && f !== 'cut.har')!;
    await writeFile(bad, (await readFile(join(downloads, file), 'utf8')).slice(0, 5000));
    const before = await worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<unknown[]> } }).netlensStore.list().then((l) => l.length));
    await upload(bad);
    const alert = await panel.waitForSelector('[role="alert"]', { timeout: 20_000 });
    expect(await alert!.evaluate((e) => e.textContent)).toMatch(/Could not import cut\.har: .*cut short.*Nothing was stored/);
    const after = await worker.evaluate(() => (globalThis as unknown as { netlensStore: { list(): Promise<unknown[]> } }).netlensStore.list().then((l) => l.length));
    expect(after).toBe(before);
  });
});
