// The panel follows DevTools' theme: a profile whose DevTools is dark opens Netlens dark.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openNetlensPanel, screenshot, startRig, type Rig } from './harness.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ devtoolsPreferences: { 'ui-theme': '"dark"' } });
});
afterAll(async () => {
  await rig?.close();
});

it('opens dark when DevTools is dark', async () => {
  const page = await rig.newPage();
  await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('theme')}`));
  const { devtools, panel } = await openNetlensPanel(page, rig.extensionId);
  const { dark, background } = await panel.evaluate(() => ({
    dark: document.documentElement.classList.contains('theme-dark'),
    background: getComputedStyle(document.body).backgroundColor,
  }));
  expect(dark).toBe(true);
  // rgb(32, 33, 36): DevTools' dark surface; each channel well below the light theme's 255.
  const channels = background.match(/\d+/g)!.slice(0, 3).map(Number);
  expect(Math.max(...channels)).toBeLessThan(80);
  await screenshot(devtools, 'panel-dark');
  await devtools.close();
  await page.close();
});
