// Nothing recorded can act. A hostile page (test/server/scenarios/hostile.ts) makes the browser
// record markup, script, `javascript:` URLs, control characters and bidi overrides in URLs, header
// names and values, cookies, the page title, an initiator's URL, EventSource data and WebSocket
// frames; then a HAR holding the same is imported. In every view of the panel, the detail pane's
// tabs, the export dialog, the Sessions list and the popup: the marker the payloads would set stays
// unset, the extension's CSP reports nothing, no element carries an event-handler attribute, a
// `javascript:` link or an injected script, and the payloads are in the DOM as text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNetlensPanel, startRig, waitFor, type Rig } from './harness.ts';
import { HOSTILE, HOSTILE_TITLE, MARKER } from '../server/scenarios/hostile.ts';

let rig: Rig;
let worker: WebWorker;
let page: Page;
let devtools: Page;
let panel: Frame;
let dir: string;
let run: string;

/** What would show that recorded data acted in a page, or was turned into markup. */
async function acted(frame: Frame | Page, dom = true): Promise<string[]> {
  return frame.evaluate((marker: string, dom: boolean) => {
    const bad: string[] = [];
    const w = window as unknown as Record<string, unknown>;
    if (w[marker] !== undefined) bad.push(`the marker ${marker} was set`);
    for (const v of (w.__cspViolations as string[] | undefined) ?? []) bad.push(`CSP violation: ${v}`);
    if (!dom) return bad;
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`<${el.localName}> has the attribute ${a.name}`);
        if (/^(href|src|action|formaction|xlink:href|srcdoc|data)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) bad.push(`<${el.localName} ${a.name}="${a.value.slice(0, 40)}">`);
      }
      if (el.localName === 'script' && !(el as HTMLScriptElement).src) bad.push('an inline <script> element');
      if (el.localName === 'img' && el.getAttribute('src') === 'x') bad.push('an <img src=x> element');
      if (['iframe', 'object', 'embed', 'frame'].includes(el.localName)) bad.push(`an <${el.localName}> element`);
    }
    return bad;
  }, MARKER, dom);
}

/** Starts collecting CSP violation reports in a page, from now on. */
async function watchCsp(frame: Frame | Page): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { __cspViolations?: string[] };
    if (w.__cspViolations) return;
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations!.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
}

const text = (frame: Frame | Page) => frame.evaluate(() => document.body.textContent ?? '');

async function clickTab(label: string): Promise<void> {
  const el = await panel.waitForSelector(`::-p-xpath(//nav[@aria-label="Views"]/button[normalize-space()="${label}"])`, { timeout: 20_000 });
  await el!.click();
}

/** Every view, every row's detail tabs: each must stay inert. Returns the panel's text seen along the way. */
async function visitEverything(): Promise<string> {
  let seen = '';
  const views = await panel.$$eval('nav[aria-label="Views"] button', (bs) => bs.map((b) => b.textContent?.trim() ?? ''));
  expect(views).toEqual(expect.arrayContaining(['Requests', 'Connections', 'Cache', 'Sessions']));
  for (const view of views) {
    await clickTab(view);
    await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await acted(panel), `the ${view} view`).toEqual([]);
    seen += await text(panel);
  }
  // The Streams view: every channel, every message of it (up to 50) shown whole, each decoded view.
  if (views.includes('Streams')) {
    await clickTab('Streams');
    const channels = await panel.$$('.stream-channel');
    for (let c = 0; c < channels.length; c++) {
      await (await panel.$$('.stream-channel'))[c]!.click();
      await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const count = Math.min(50, (await panel.$$('.stream-row:not(.placeholder)')).length);
      for (let m = 0; m < count; m++) {
        const row = (await panel.$$('.stream-row:not(.placeholder)'))[m];
        if (!row) break;
        await row.click();
        await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const tabs = await panel.$$('[aria-label="Decoded views"] [role="tab"]');
        for (let t = 0; t < tabs.length; t++) {
          await (await panel.$$('[aria-label="Decoded views"] [role="tab"]'))[t]!.click();
          expect(await acted(panel), `stream channel ${c}, message ${m}, decoded tab ${t}`).toEqual([]);
          seen += await text(panel);
        }
        expect(await acted(panel), `stream channel ${c}, message ${m}`).toEqual([]);
        seen += await text(panel);
      }
    }
  }
  // The detail pane of every hostile request, each of its tabs.
  await clickTab('Requests');
  const rows = await panel.$$('.request-row');
  for (let i = 0; i < rows.length; i++) {
    const row = (await panel.$$('.request-row'))[i]!;
    if (!/hostile/.test(await row.evaluate((r) => r.textContent ?? ''))) continue;
    await row.click();
    await panel.waitForSelector('.detail');
    const tabs = await panel.$$eval('.detail [role="tab"]', (ts) => ts.map((t) => t.textContent?.trim() ?? ''));
    for (const tab of tabs) {
      const button = await panel.$(`::-p-xpath(//aside[@aria-label="Request details"]//*[@role="tab"][normalize-space()="${tab}"])`);
      await button!.click();
      await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      expect(await acted(panel), `request row ${i}, ${tab} tab`).toEqual([]);
      seen += await text(panel);
    }
  }
  return seen;
}

beforeAll(async () => {
  rig = await startRig();
  worker = await rig.worker();
  dir = await mkdtemp(join(tmpdir(), 'netlens-hostile-'));
  // Recorded from about:blank, with the panel's own Record button, so the session is named after
  // the hostile page (the first real page of the tab).
  page = await rig.newPage();
  ({ devtools, panel } = await openNetlensPanel(page, rig.extensionId));
  await watchCsp(panel);
  await watchCsp(devtools);
  await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
  await panel.waitForSelector('button[aria-label="Stop recording"]');
  run = rig.newRun('hostile');
  await page.goto(rig.server.urls.http('a.test', `/hostile-page?run=${run}`));
  await waitFor('the hostile page to finish', () => page.$eval('#out', (e) => e.textContent === 'hostile done'));
  await waitFor('the server to finish every request of the page', () => {
    const reqs = rig.server.log.requestsMatching(run);
    return reqs.length >= 9 && reqs.every((r) => r.finishedAt !== undefined);
  });
}, 180_000);

afterAll(async () => {
  await rig?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('recorded hostile content', () => {
  it('the page really carried its payloads (so the checks below test something)', async () => {
    expect(await page.title()).toBe(HOSTILE_TITLE);
    const urls = rig.server.log.requestsMatching(run).map((r) => decodeURIComponent(r.url));
    expect(urls.some((u) => u.includes(HOSTILE.img))).toBe(true);
    expect(urls.some((u) => u.includes(HOSTILE.script))).toBe(true);
    const ws = rig.server.log.messages.filter((m) => m.kind === 'ws' && m.direction === 'received').map((m) => m.data);
    expect(ws).toEqual(expect.arrayContaining([HOSTILE.img, HOSTILE.script, HOSTILE.js, HOSTILE.ctrl]));
  });

  it('stays inert in every view and every detail tab of the live session, and is shown as text', async () => {
    await waitFor('the panel to list the hostile requests', async () => (await panel.$$('.request-row')).length >= 9, 30_000);
    const seen = await visitEverything();
    // Shown as text: the header values as sent, the page title in the Sessions list.
    expect(seen).toContain(HOSTILE.img);
    expect(seen).toContain(HOSTILE.script);
    expect(seen).toContain(HOSTILE.attr.trim());
    expect(seen).toContain('Hostile <img src=x onerror=');
    // DevTools' own page holds the panel's frame: only the marker and CSP reports count there.
    expect(await acted(devtools, false)).toEqual([]);
  });

  it('stays inert in the export dialog (the redaction preview quotes recorded places)', async () => {
    await clickTab('Sessions');
    const exportButton = await panel.waitForSelector('::-p-xpath(//button[normalize-space()="Export…"])', { timeout: 20_000 });
    await exportButton!.click();
    await panel.waitForSelector('.redaction-preview', { timeout: 30_000 });
    expect(await acted(panel)).toEqual([]);
    const close = await panel.$('::-p-xpath(//button[normalize-space()="Cancel" or normalize-space()="Close"])');
    await close?.click();
  });

  it('stays inert in the popup, which lists the recording tab by its title', async () => {
    const popup = await rig.newPage();
    await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/popup.html`);
    await popup.waitForSelector('#app > *');
    await waitFor('the popup to list the recording tab', async () => (await text(popup)).includes('Hostile'));
    expect(await acted(popup)).toEqual([]);
    expect(await text(popup)).toContain('Hostile <img src=x onerror=');
    await popup.close();
  });

  it('stays inert after importing a HAR holding the same payloads', async () => {
    const url = `http://a.test/hostile/${encodeURIComponent(HOSTILE.script)}?q=${encodeURIComponent(HOSTILE.img)}`;
    const headers = Object.entries(HOSTILE).map(([k, v]) => ({ name: `x-${k}`, value: v }));
    const har = {
      log: {
        version: '1.2',
        creator: { name: HOSTILE.img, version: HOSTILE.script },
        pages: [{ id: 'page_1', title: HOSTILE_TITLE, startedDateTime: '2026-12-01T10:00:00.000Z', pageTimings: { onLoad: 100 } }],
        entries: [
          {
            pageref: 'page_1',
            startedDateTime: '2026-12-01T10:00:00.010Z',
            time: 20,
            request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers, queryString: [], cookies: [{ name: 'h', value: HOSTILE.script }], headersSize: -1, bodySize: 0 },
            response: {
              status: 302,
              statusText: HOSTILE.img,
              httpVersion: 'HTTP/1.1',
              headers: [...headers, { name: 'Location', value: HOSTILE.js }],
              cookies: [],
              content: { size: 10, mimeType: HOSTILE.img, text: HOSTILE.script },
              redirectURL: HOSTILE.js,
              headersSize: -1,
              bodySize: 10,
            },
            cache: {},
            timings: { blocked: 1, dns: -1, connect: -1, send: 1, wait: 10, receive: 8, ssl: -1 },
            serverIPAddress: HOSTILE.svg,
            _initiator: { type: 'script', url: HOSTILE.js, stack: { callFrames: [{ functionName: HOSTILE.img, url: HOSTILE.js, lineNumber: 1, columnNumber: 1, scriptId: '1' }] } },
            _resourceType: 'fetch',
          },
          {
            pageref: 'page_1',
            startedDateTime: '2026-12-01T10:00:00.050Z',
            time: 30,
            request: { method: 'GET', url: 'ws://a.test/hostile-ws', httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
            response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0 },
            cache: {},
            timings: { blocked: 1, dns: -1, connect: -1, send: 1, wait: 20, receive: 8, ssl: -1 },
            _resourceType: 'websocket',
            _webSocketMessages: Object.values(HOSTILE).map((data, i) => ({ type: i % 2 ? 'send' : 'receive', time: 1764583200.1 + i / 100, opcode: 1, data })),
          },
        ],
      },
    };
    const file = join(dir, 'hostile.har');
    await writeFile(file, JSON.stringify(har));
    await clickTab('Sessions');
    const input = await panel.waitForSelector('input[type="file"]');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await waitFor('the imported hostile HAR in the table', async () => /\/ 2 requests/.test(await panel.$eval('.filter-bar .count', (e) => e.textContent ?? '').catch(() => '')), 30_000);
    const seen = await visitEverything();
    expect(seen).toContain(HOSTILE.img);
    // DevTools' own page holds the panel's frame: only the marker and CSP reports count there.
    expect(await acted(devtools, false)).toEqual([]);
  });

  it('left nothing acting in the service worker', async () => {
    expect(await worker.evaluate((m) => (globalThis as Record<string, unknown>)[m], MARKER)).toBeUndefined();
  });
});
