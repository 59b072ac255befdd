// The strict export level through the real panel in real Chromium: the dialog's checkbox
// re-runs the preview at the strict level, and the file it downloads has no bodies, no WebSocket
// or SSE payloads and no query values, with the preview's count. (Its own browser: Chrome lets a
// page start one download without a gesture, and panel-har.test.ts already uses it.)
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, WebWorker } from 'puppeteer-core';
import { control, openNetlensPanel, startRig, tabIdOf, waitFor, type Rig } from './harness.ts';
import { PLANTED } from '../server/scenarios/secrets.ts';
import { harValidator } from '../unit/har/validator.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';

let rig: Rig;
let worker: WebWorker;
let downloads: string;
let sessionId: string;
let panel: Frame;

beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
  downloads = await mkdtemp(join(tmpdir(), 'netlens-downloads-'));
  const cdp = await rig.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  const page = await rig.newPage();
  const started = await control<Extract<ControlResponse, { type: 'start' }>>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
  sessionId = started.session.id;
  await page.goto(rig.server.urls.http('a.test', `/secrets-page?run=${rig.newRun('secrets')}`));
  await waitFor('the secrets page', () => page.$eval('#out', (e) => e.textContent === 'secrets done'));
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

describe('strict export from the panel', () => {
  it('previews and downloads a HAR without bodies, frames, SSE data or query values', async () => {
    await click('::-p-xpath(//nav[@aria-label="Views"]/button[normalize-space()="Sessions"])');
    await click(`tr[data-session-id="${sessionId}"] ::-p-xpath(.//button[normalize-space()="Export…"])`);
    await panel.waitForSelector('.redaction-preview', { timeout: 30_000 });
    await click('.strict-level input');
    const previewText = () => panel.$eval('.redaction-preview', (e) => e.textContent ?? '').catch(() => '');
    await waitFor('the strict preview', async () => /Strict redaction will replace \d+ values/.test(await previewText()), 30_000);
    const previewed = Number(/replace (\d+) values/.exec(await previewText())![1]);
    await click('::-p-xpath(//button[normalize-space()="Export strictly redacted HAR"])');
    const file = await waitFor('the download', async () => (await readdir(downloads)).find((f) => f.endsWith('.har')), 30_000);
    const text = await readFile(join(downloads, file), 'utf8');
    for (const s of Object.values(PLANTED)) expect(text, s).not.toContain(s);
    const har = JSON.parse(text);
    expect(harValidator()(har)).toEqual([]);
    expect(har.log._netlensRedaction).toMatchObject({ redacted: true, level: 'strict', total: previewed });
    const entries = har.log.entries as { request: { queryString: { value: string }[]; postData?: { text: string } }; response: { content: { text?: string } }; _webSocketMessages?: { data: string }[]; _eventSourceMessages?: { data: string }[] }[];
    expect(entries.some((e) => (e._webSocketMessages ?? []).length > 0)).toBe(true);
    expect(entries.some((e) => (e._eventSourceMessages ?? []).length > 0)).toBe(true);
    expect(entries.some((e) => e.request.queryString.length > 0)).toBe(true);
    for (const e of entries) {
      expect(e.response.content.text).toBeUndefined();
      if (e.request.postData) expect(e.request.postData.text).toBe('[REMOVED by strict redaction]');
      for (const q of e.request.queryString) expect(q.value).toBe('REDACTED');
      for (const m of [...(e._webSocketMessages ?? []), ...(e._eventSourceMessages ?? [])]) expect(m.data).toBe('');
    }
    await panel.waitForSelector('.export-dialog', { hidden: true });
  });
});
