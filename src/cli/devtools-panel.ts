// Opens DevTools on a page and selects the Netlens panel: used by `npm start` and the tests.
import type { Frame, Page } from 'puppeteer-core';

export interface NetlensPanel {
  devtools: Page;
  panel: Frame;
}

export async function openNetlensPanel(page: Page, extensionId: string, timeoutMs = 60_000): Promise<NetlensPanel> {
  const devtools = await page.openDevTools();
  const tab = await devtools.waitForSelector('pierce/[role="tab"][aria-label="Netlens"]', { timeout: timeoutMs });
  if (!tab) throw new Error('DevTools shows no Netlens tab.');
  await tab.click();
  const panelUrl = `chrome-extension://${extensionId}/panel/index.html`;
  const frame = await devtools.waitForFrame((f) => f.url().startsWith(panelUrl), { timeout: timeoutMs });
  await frame.waitForSelector('#app > *', { timeout: timeoutMs });
  return { devtools, panel: frame };
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
