// @vitest-environment happy-dom
// The export dialog (preview, redacted by default, unredacted only behind a confirmation) and
// import (a file becomes a session; a bad file stores nothing and says why), with the jobs run
// in-process by the in-memory backend.
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, sessionRecords } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import type { SessionInfo } from '../../../src/core/session.ts';
import { PLANTED } from '../../server/scenarios/secrets.ts';
import { loadLog } from '../../fixtures/load.ts';

const base: SessionInfo = { id: 'secrets', tabId: 9, url: 'http://a.test/secrets-page', title: 'Secrets', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };
let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;

beforeEach(async () => {
  root = createRoot();
  backend = new MemoryBackend();
  backend.addSession(base, rowsFromLog('secrets', loadLog('secrets')));
  store = await renderPanel(root, backend);
});
afterEach(() => removeRoot(root));

const button = (text: string | RegExp) =>
  [...root.querySelectorAll('button')].find((b) => (typeof text === 'string' ? b.textContent?.trim() === text : text.test(b.textContent ?? ''))) as HTMLButtonElement | undefined;

describe('Export dialog', () => {
  it('previews what redaction removes, then downloads a redacted HAR', async () => {
    await act(async () => store.actions.openExport('secrets'));
    await vi.waitFor(() => expect(root.querySelector('.redaction-preview')).not.toBeNull());
    const preview = root.querySelector('.redaction-preview')!.textContent ?? '';
    expect(preview).toMatch(/Redaction will replace \d+ values/);
    expect(preview).toMatch(/credential headers/);
    expect(preview).toMatch(/form fields/);
    for (const s of Object.values(PLANTED)) expect(root.textContent).not.toContain(s);
    await act(async () => button('Export redacted HAR')!.click());
    await vi.waitFor(() => expect(backend.downloads.length).toBe(1));
    const file = backend.downloads[0]!;
    expect(file.fileName).toMatch(/^netlens-.*\.har$/);
    expect(file.fileName).not.toMatch(/UNREDACTED/);
    const text = await file.blob.text();
    for (const s of [PLANTED.cookie, PLANTED.form, PLANTED.json, PLANTED.jwt]) expect(text).not.toContain(s);
    expect(JSON.parse(text).log._netlensRedaction.redacted).toBe(true);
    expect(root.querySelector('.export-dialog')).toBeNull();
  });

  it('offers the strict level: the preview and the file both drop bodies, frames and query values', async () => {
    await act(async () => store.actions.openExport('secrets'));
    await vi.waitFor(() => expect(root.querySelector('.redaction-preview')).not.toBeNull());
    const strict = root.querySelector('.strict-level input') as HTMLInputElement;
    await act(async () => {
      strict.checked = true;
      strict.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(root.querySelector('.redaction-preview')?.textContent ?? '').toMatch(/Strict redaction will replace \d+ values/));
    expect(root.querySelector('.redaction-preview')!.textContent).toMatch(/bodies dropped \(strict\)/);
    const previewed = Number(/replace (\d+) values/.exec(root.querySelector('.redaction-preview')!.textContent!)![1]);
    await act(async () => button('Export strictly redacted HAR')!.click());
    await vi.waitFor(() => expect(backend.downloads.length).toBe(1));
    const har = JSON.parse(await backend.downloads[0]!.blob.text());
    expect(har.log._netlensRedaction).toMatchObject({ level: 'strict', total: previewed });
    for (const e of har.log.entries) {
      expect(e.response.content.text).toBeUndefined();
      for (const m of e._webSocketMessages ?? []) expect(m.data).toBe('');
    }
  });

  it('exports unredacted only after an explicit confirmation', async () => {
    await act(async () => store.actions.openExport('secrets'));
    await vi.waitFor(() => expect(button('Export without redaction…')?.disabled).toBe(false));
    await act(async () => button('Export without redaction…')!.click());
    expect(root.querySelector('.warning-box')?.textContent).toMatch(/cookies, Authorization headers, tokens/);
    expect(button('Export unredacted')!.disabled).toBe(true);
    const box = root.querySelector('.warning-box input[type="checkbox"]') as HTMLInputElement;
    await act(async () => {
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(async () => button('Export unredacted')!.click());
    await vi.waitFor(() => expect(backend.downloads.length).toBe(1));
    expect(backend.downloads[0]!.fileName).toMatch(/UNREDACTED\.har$/);
    expect(await backend.downloads[0]!.blob.text()).toContain(PLANTED.cookie);
  });

  it('keeps the user’s extra names and applies them to the preview', async () => {
    await act(async () => store.actions.openExport('secrets'));
    await vi.waitFor(() => expect(root.querySelector('.redaction-preview')).not.toBeNull());
    const before = Number(/replace (\d+) values/.exec(root.querySelector('.redaction-preview')!.textContent!)![1]);
    const [headers] = [...root.querySelectorAll('.extra-names input')] as HTMLInputElement[];
    await act(async () => {
      headers!.value = 'X-Request-Id';
      headers!.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => button('Apply')!.click());
    await vi.waitFor(() => expect(Number(/replace (\d+) values/.exec(root.querySelector('.redaction-preview')?.textContent ?? '')?.[1])).toBe(before + 1));
    expect(backend.settings.extraHeaders).toEqual(['X-Request-Id']);
  });
});

describe('Import', () => {
  it('imports a HAR file as a session and opens it', async () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('pool')), { creator: { name: 'Netlens', version: 'test' } });
    const file = new File([JSON.stringify(har)], 'pool.har', { type: 'application/json' });
    await act(() => store.actions.importFile(file));
    await vi.waitFor(() => expect(store.progress.value).toBeUndefined());
    const imported = [...backend.sessions.values()].find((s) => s.source === 'har')!;
    expect(imported).toMatchObject({ state: 'imported', fileName: 'pool.har' });
    expect(store.current.value?.id).toBe(imported.id);
    expect((await sessionRecords(store)).length).toBe(har.log.entries.length);
    expect(store.notice.value).toMatch(/Imported pool\.har/);
  });

  it('imports a HAR that starts with a UTF-8 byte-order mark, as Fiddler writes it', async () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('redirect')), { creator: { name: 'Fiddler', version: '5' } });
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(har))]);
    const file = new File([bytes], 'fiddler.har', { type: 'application/json' });
    await act(() => store.actions.importFile(file));
    await vi.waitFor(() => expect(store.progress.value).toBeUndefined());
    expect(root.querySelector('[role="alert"]')).toBeNull();
    const imported = [...backend.sessions.values()].find((s) => s.fileName === 'fiddler.har')!;
    expect(imported).toMatchObject({ state: 'imported', source: 'har' });
    expect((await sessionRecords(store)).length).toBe(har.log.entries.length);
  });

  it('refuses a bad file with the reason and stores nothing', async () => {
    const before = backend.sessions.size;
    const file = new File(['{"log": {"entries": [ {"request": '], 'cut.har');
    await act(() => store.actions.importFile(file));
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(/Could not import cut\.har: .*cut short.*Nothing was stored/);
    expect(backend.sessions.size).toBe(before);
  });
});
