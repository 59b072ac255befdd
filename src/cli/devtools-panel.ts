// Opens DevTools on a page and selects the Netlens panel: used by `npm start` and the tests.
import type { Frame, Page } from 'puppeteer-core';

export interface NetlensPanel {
  devtools: Page;
  panel: Frame;
}

export async function openNetlensPanel(page: Page, extensionId: string, timeoutMs = 60_000): Promise<NetlensPanel> {
  // Now and then (seen about once in fifteen CI runs, never when tried alone) a DevTools window
  // opens without the extension's panel tab and never grows one. DevTools reads the extensions
  // list as it starts; closing that window and opening a new one brings the tab back. So the tab
  // gets a third of the time per window, in up to three windows.
  const deadline = Date.now() + timeoutMs;
  let lastTabs: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const devtools = await page.openDevTools();
    const wait = attempt === 3 ? Math.max(1_000, deadline - Date.now()) : Math.max(1_000, Math.min(timeoutMs / 3, deadline - Date.now()));
    const tab = await findNetlensTab(devtools, wait);
    if (tab) {
      await tab.click();
      const panelUrl = `chrome-extension://${extensionId}/panel/index.html`;
      const left = () => Math.max(1_000, deadline - Date.now());
      const frame = await devtools.waitForFrame((f) => f.url().startsWith(panelUrl), { timeout: left() });
      await frame.waitForSelector('#app > *', { timeout: left() });
      return { devtools, panel: frame };
    }
    lastTabs = await devtools
      .$$eval('pierce/[role="tab"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))
      .catch(() => []);
    await devtools.close().catch(() => undefined);
  }
  throw new Error(`DevTools shows no Netlens tab after three windows (its tabs: ${lastTabs.join(', ') || 'none'}).`);
}

/**
 * Waits up to `timeoutMs` for DevTools' tab strip to hold the Netlens tab, matched by its label or
 * its text (one CI run listed a Netlens tab just after a wait for `[aria-label="Netlens"]` gave up).
 */
async function findNetlensTab(devtools: Page, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const tabs = await devtools.$$('pierce/[role="tab"]').catch(() => []);
    for (const tab of tabs) {
      const name = await tab.evaluate((e) => e.getAttribute('aria-label') ?? e.textContent ?? '').catch(() => '');
      if (name.trim() === 'Netlens') return tab;
    }
    if (Date.now() >= until) return null;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Screenshots the part of the DevTools window that shows the panel (with DevTools' tab strip above it). */
export async function screenshotPanel(devtools: Page, path: `${string}.png`): Promise<void> {
  const iframe = await devtools.$('pierce/iframe[src*="/panel/index.html"]');
  const box = await iframe?.boundingBox();
  if (!box) {
    await devtools.screenshot({ path, captureBeyondViewport: false });
    return;
  }
  const top = Math.max(0, box.y - 28);
  await devtools.screenshot({ path, captureBeyondViewport: false, clip: { x: 0, y: top, width: box.x + box.width, height: box.y + box.height - top } });
}
