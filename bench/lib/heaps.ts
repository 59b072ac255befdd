// JS heap of each Netlens context in a running browser: the panel, its workers (analysis, jobs)
// and the service worker. Each is measured in its own target: HeapProfiler.collectGarbage, then
// Runtime.getHeapUsage (the isolate's used heap, in bytes).
import type { Browser, CDPSession, Target } from 'puppeteer-core';

export interface HeapFigures {
  /** Context name → MB used after a collection (absent when the context is not running). */
  [context: string]: number;
}

const sessions = new WeakMap<Target, CDPSession>();

function contextOf(t: Target, extensionId: string): string | undefined {
  const url = t.url();
  if (!url.startsWith(`chrome-extension://${extensionId}/`)) return undefined;
  if (t.type() === 'service_worker') return 'service worker';
  // The panel's main thread; its isolate also holds the small devtools page of the same window
  // (one renderer main thread), which is therefore not measured apart.
  if (url.includes('/panel/index.html')) return 'panel';
  // Dedicated workers of the panel (puppeteer lists them as "other" targets).
  if (/analysis-worker/.test(url)) return 'analysis worker';
  if (/jobs-worker/.test(url)) return 'jobs worker';
  return undefined;
}

export async function heaps(browser: Browser, extensionId: string): Promise<HeapFigures> {
  const out: HeapFigures = {};
  for (const t of browser.targets()) {
    const name = contextOf(t, extensionId);
    if (!name) continue;
    try {
      let s = sessions.get(t);
      if (!s) sessions.set(t, (s = await t.createCDPSession()));
      await s.send('HeapProfiler.collectGarbage');
      const { usedSize } = await s.send('Runtime.getHeapUsage');
      out[name] = (out[name] ?? 0) + usedSize / 1e6;
    } catch {
      // The context went away while measured.
    }
  }
  return out;
}

/** The panel and its workers together (the target), MB. */
export function panelTotal(h: HeapFigures): number {
  return Object.entries(h).filter(([k]) => k !== 'service worker').reduce((a, [, v]) => a + v, 0);
}
