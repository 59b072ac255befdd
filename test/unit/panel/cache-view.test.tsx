// @vitest-environment happy-dom
// The Cache view on a recorded session (test/fixtures/cache-rules), rendered with an in-memory
// backend: one row per URL with its verdict on each load side by side, totals by source, the
// reasoning of every load of the selected URL, keyboard selection, filters, the Cache section of
// the Explain tab, and the comparison of two stored sessions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadLog } from '../../fixtures/load.ts';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, pressKey, removeRoot, renderPanel, settle as settleRender, sessionRecords } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import { NetworkRecorder } from '../../../src/core/recorder/network-recorder.ts';
import { analyseCache } from '../../../src/core/analysis/cache/index.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const log = loadLog('cache-rules');
const base: SessionInfo = { id: 'x', tabId: 9, url: 'http://a.test/', title: 'Cache lab', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };

let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;

async function mount(): Promise<void> {
  store = await renderPanel(root, backend);
}
const settle = settleRender;
const click = (el: Element) => act(async () => void (el as HTMLElement).click());
const key = pressKey;
const tab = (label: string) => [...root.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.trim() === label) as HTMLElement;
/** Waits until the analysis worker (in-process here) has sent the window for the current selection and filter, then renders. */
const workerAnswered = async () => {
  await act(async () => vi.waitFor(() => expect(store.cache.window.value?.selected?.key).toBe(store.cache.selectedKey.value)));
  await settle();
};
const cacheRows = () => [...root.querySelectorAll('.cache-rows .cache-row')] as HTMLElement[];

beforeEach(() => {
  root = createRoot();
  backend = new MemoryBackend();
});
afterEach(() => removeRoot(root));

describe('Cache view', () => {
  const expected = (() => {
    const rec = NetworkRecorder.fromLog(log);
    return analyseCache(rec.requests(), rec.pages());
  })();

  async function openCacheView(): Promise<void> {
    backend.addSession({ ...base, id: 'lab' }, rowsFromLog('lab', log));
    await mount();
    await act(() => store.actions.openSession('lab'));
    await click(tab('Cache'));
    await settle();
  }

  it('shows one row per URL with its verdict on every load side by side, and the totals by source', async () => {
    await openCacheView();
    expect(root.querySelector('.count')?.textContent).toBe(`${expected.rows.length} / ${expected.rows.length} URLs`);
    expect(cacheRows().length).toBe(expected.rows.length);
    // One column per page load, named by how the page was loaded.
    const heads = [...root.querySelectorAll('.loads-header .slot')].map((e) => e.textContent);
    expect(heads).toEqual(['1 · nav', '2 · nav', '3 · nav', '4 · reload', '5 · nav', '6 · nav', '7 · nav', '8 · hard reload', '9 · nav']);
    // max-age=600: network on the cold load, memory cache on the next ones, network again on the hard reload.
    const row = cacheRows().find((r) => r.getAttribute('data-key')?.includes('k=max-age&n=max-age.png'))!;
    const slots = [...row.querySelectorAll('.loads .slot')].map((s) => s.textContent);
    expect(slots).toEqual(['network', '', 'memory', 'memory', 'memory', '', 'memory', 'network', '']);
    expect(row.querySelector('.col-lifetime')?.textContent).toBe('600 s');
    expect(row.querySelector('.col-validators')?.textContent).toBe('ETag');
    expect(row.querySelector('.col-why')?.textContent).toMatch(/^From the network \(200\): a hard reload bypasses the cache/);
    // The chip's tooltip is the verdict's headline.
    expect(row.querySelectorAll('.loads .verdict-chip')[1]!.getAttribute('title')).toMatch(/^From memory cache: fresh for 600 s \(max-age=600\)/);
    // Totals: the same numbers as the analysis.
    const totals = root.querySelector('.cache-totals')!.textContent!;
    const t = expected.totals;
    expect(totals).toContain(`${t.requests} requests`);
    expect(totals).toContain(`${t.fromCache.requests} from cache`);
    expect(totals).toContain(`${t.bySource['memory-cache'].requests} memory`);
    expect(totals).toContain(`${t.bySource['disk-cache'].requests} disk`);
    expect(totals).toContain(`${t.revalidated.requests} revalidated (304)`);
    expect(totals).toContain(`${t.network.requests} from the network`);
  });

  it('explains every load of the selected URL, moves with the keyboard, and filters', async () => {
    await openCacheView();
    const noCache = cacheRows().find((r) => r.getAttribute('data-key')?.includes('k=no-cache&'))!;
    await click(noCache);
    // The selected URL comes from the analysis worker (in-process here), whole.
    await workerAnswered();
    const detail = root.querySelector('.cache-detail') as HTMLElement;
    const loads = [...detail.querySelectorAll('.cache-load')];
    expect(loads.length).toBe(expected.rows.find((r) => r.url.includes('k=no-cache&'))!.loads.length);
    expect(loads[1]!.textContent).toMatch(/Revalidated: no-cache requires a check; sent If-None-Match: "[0-9a-f]+", the server answered 304/);
    // Code spans are rendered as code.
    expect([...loads[1]!.querySelectorAll('code.code-span')].map((c) => c.textContent)).toContain('no-cache');
    expect(detail.textContent).toContain('Revalidated 4 times in this session and every answer was 304');
    // Keyboard: down moves to the next URL, Escape closes the detail.
    const list = root.querySelector('.cache-rows') as HTMLElement;
    const before = store.cache.selectedKey.value;
    const order = expected.rows.map((r) => r.key);
    const index = order.indexOf(before!);
    await key(list, 'ArrowDown');
    await act(async () => vi.waitFor(() => expect(store.cache.selectedKey.value).toBe(order[index + 1])));
    await workerAnswered();
    expect(root.querySelector('.cache-row.selected')?.getAttribute('data-key')).toBe(order[index + 1]);
    await key(list, 'Escape');
    expect(root.querySelector('.cache-detail')).toBeNull();
    // "Show in Requests" selects the request there.
    await click(cacheRows()[0]!);
    await workerAnswered();
    await click(root.querySelector('.show-request')!);
    expect(store.view.value).toBe('requests');
    expect(store.selectedId.value).toBe(expected.rows[0]!.loads[0]!.id);
    await click(tab('Cache'));
    // Filters: text, and advice only.
    const input = root.querySelector('input[aria-label="Filter URLs"]') as HTMLInputElement;
    await act(async () => {
      input.value = 'k=skew';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => vi.waitFor(() => expect(store.cache.window.value?.count).toBe(2)));
    await settle();
    expect(cacheRows().length).toBe(2);
    await act(async () => {
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const adviceOnly = root.querySelector('.check input') as HTMLInputElement;
    await act(async () => {
      adviceOnly.checked = true;
      adviceOnly.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const withAdvice = expected.rows.filter((r) => r.advice.length > 0).length;
    await act(async () => vi.waitFor(() => expect(store.cache.window.value?.count).toBe(withAdvice)));
    await settle();
    expect(cacheRows().length).toBe(withAdvice);
    expect(cacheRows().every((r) => r.querySelector('.advice-mark'))).toBe(true);
  });

  it('draws at most the latest 12 loads in a row, with the number of earlier ones, whatever the number of loads', async () => {
    // The recorded page 14 times in one session (request and loader ids re-keyed per copy): every
    // URL is loaded at least 14 times, more than the row draws.
    const copies = 14;
    const many = Array.from({ length: copies }, (_, k) =>
      log.map((e) => JSON.parse(JSON.stringify(e).replace(/"(requestId|loaderId)":"([^"]+)"/g, `"$1":"$2~${k}"`)) as typeof e),
    ).flat();
    backend.addSession({ ...base, id: 'many' }, rowsFromLog('many', many));
    await mount();
    await act(() => store.actions.openSession('many'));
    await click(tab('Cache'));
    await act(async () => vi.waitFor(() => expect(store.cache.window.value).toBeDefined()));
    // Loads of each URL, counted from the raw events: one requestWillBeSent per load.
    const loadsOf = new Map<string, number>();
    for (const e of many) {
      if (e.method !== 'Network.requestWillBeSent') continue;
      const req = (e.params as { request: { method: string; url: string } }).request;
      const key = `${req.method} ${req.url.split('#')[0]}`;
      loadsOf.set(key, (loadsOf.get(key) ?? 0) + 1);
    }
    expect(cacheRows().length).toBeGreaterThan(0);
    for (const el of cacheRows()) {
      const n = loadsOf.get(el.getAttribute('data-key')!)!;
      expect(n).toBeGreaterThanOrEqual(copies);
      expect(el.querySelectorAll('.loads .verdict-chip').length).toBe(12);
      expect(el.querySelector('.loads .muted')?.textContent?.trim()).toBe(`+${n - 12}`);
    }
  });

  it('adds a Cache section to the Explain tab of the request detail', async () => {
    backend.addSession({ ...base, id: 'lab' }, rowsFromLog('lab', log));
    await mount();
    await act(() => store.actions.openSession('lab'));
    const fetched = (await sessionRecords(store)).filter((r) => r.resourceType === 'Fetch')[1]!;
    await act(async () => store.actions.select(fetched.id));
    // The section comes once the analysis worker (in-process here) has written this request's explanation.
    await act(async () => vi.waitFor(() => expect(store.explanation.result.value?.hopId).toBe(fetched.id)));
    const section = root.querySelector('.detail .cache-explain') as HTMLElement;
    expect(section.querySelector('h3')?.textContent).toBe('Cache');
    expect(section.querySelector('.cache-headline')?.textContent).toMatch(/^From disk cache: fresh for 600 s \(max-age=600\), \d+(\.\d)? s old when used\.$/);
    expect(section.textContent).toContain("fetch() and XHR never use the renderer's memory cache");
  });

  it('follows the DevTools theme: the view uses the theme variables only', async () => {
    backend.theme = 'dark';
    await openCacheView();
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
    expect(root.querySelector('.cache-view')).toBeTruthy();
    // Every colour the Cache view's rules set is a theme variable (defined for light, and so
    // followed by the dark theme), never a literal colour that would stay light in dark mode.
    const css = readFileSync(join(process.cwd(), 'panel', 'styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const rules = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({ selector: m[1]!.trim(), body: m[2]! }));
    const defined = new Set([...rules.find((r) => r.selector === ':root')!.body.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]!));
    const mine = rules.filter((r) => /\.(cache-|verdict-chip|compare-|not-cached|src-)/.test(r.selector));
    expect(mine.length).toBeGreaterThan(10);
    const colourProps = /^(color|background(-color)?|border(-(top|right|bottom|left))?(-color)?|outline(-color)?|fill|stroke|box-shadow|text-decoration-color)$/;
    const problems: string[] = [];
    for (const r of mine) {
      for (const decl of r.body.split(';')) {
        const [prop, ...rest] = decl.split(':');
        const name = prop?.trim() ?? '';
        const value = rest.join(':').trim();
        if (!colourProps.test(name)) continue;
        if (/#[0-9a-f]{3,8}\b|\b(rgb|rgba|hsl|hsla)\(|\b(white|black|red|green|blue|gray|grey|yellow|orange)\b/i.test(value)) problems.push(`${r.selector} { ${name}: ${value} }`);
        for (const v of value.matchAll(/var\((--[\w-]+)/g)) if (!defined.has(v[1]!)) problems.push(`${r.selector} uses ${v[1]}, which the theme does not define`);
      }
    }
    expect(problems).toEqual([]);
    // And nothing in the rendered view carries a colour of its own.
    const inline = [...root.querySelectorAll('.cache-view [style]')].map((e) => e.getAttribute('style') ?? '').filter((st) => /color|background/i.test(st));
    expect(inline).toEqual([]);
  });
});

describe('Compare sessions', () => {
  it('compares a cold session with a warm one: requests, bytes and time avoided, and what still went to the server and why', async () => {
    const cut = log.findIndex((e, i) => i > 0 && e.method === 'Page.frameStartedNavigating');
    backend.addSession({ ...base, id: 'cold', title: 'Cold load', startedAt: 1000 }, rowsFromLog('cold', log.slice(0, cut)));
    backend.addSession({ ...base, id: 'warm', title: 'Warm load', startedAt: 2000 }, rowsFromLog('warm', log.slice(cut)));
    await mount();
    await act(() => store.actions.openSession('warm'));
    await click(tab('Cache'));
    await click(tab('Compare sessions'));
    await settle();
    // Defaults: the open session after, the one recorded before it before.
    const selects = [...root.querySelectorAll('.compare-pick select')] as HTMLSelectElement[];
    expect(selects.map((s) => s.value)).toEqual(['cold', 'warm']);
    const compareButton = [...root.querySelectorAll('.compare-toolbar button')].find((b) => b.textContent === 'Compare')!;
    await click(compareButton);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    const result = store.cache.compare.result.value!;
    expect(result).toBeTruthy();
    const cards = [...root.querySelectorAll('.compare-cards .card')].map((c) => c.textContent);
    expect(cards[0]).toBe(`${result.requestsAvoided}requests avoided`);
    expect(result.requestsAvoided).toBeGreaterThanOrEqual(8);
    expect(cards[2]).toContain('bytes avoided');
    const rows = [...root.querySelectorAll('.not-cached tbody tr')];
    expect(rows.length).toBe(result.notFromCache.length);
    const text = rows.map((r) => r.textContent).join('\n');
    expect(text).toMatch(/k=no-cache.*304.*Revalidated: no-cache requires a check/);
    expect(text).toMatch(/k=no-store.*previous response could not be stored \(no-store\)/);
    expect(root.querySelector('.compare-table tbody')!.textContent).toContain('Before: Cold load');
  });
});
