// The browser is found from CHROME_PATH, else the usual places; a missing one is a clear error.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, findBrowser } from '../../../src/cli/find-browser.ts';
import { extensionIdFromKey } from '../../../src/cli/extension-id.ts';
import manifest from '../../../manifest.json' with { type: 'json' };

describe('findBrowser', () => {
  it('uses CHROME_PATH when it points at a file', () => {
    expect(findBrowser({ CHROME_PATH: process.execPath }).path).toBe(process.execPath);
  });

  it('says how to install a browser when CHROME_PATH points nowhere', () => {
    expect(() => findBrowser({ CHROME_PATH: '/nonexistent/chrome' })).toThrow(BrowserNotFoundError);
    try {
      findBrowser({ CHROME_PATH: '/nonexistent/chrome' });
    } catch (err) {
      expect((err as Error).message).toMatch(/CHROME_PATH is set to \/nonexistent\/chrome/);
      expect((err as Error).message).toMatch(/apt-get install -y chromium/);
    }
  });

  it('recognises branded Chrome, which must load extensions over the pipe', () => {
    // Executables named as Google Chrome installs them (empty files: findBrowser only checks they exist).
    const dir = mkdtempSync(join(tmpdir(), 'netlens-browsers-'));
    try {
      const at = (name: string) => {
        const path = join(dir, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, '');
        return path;
      };
      for (const name of ['google-chrome', 'google-chrome-stable', 'opt/google/chrome/chrome', 'Google Chrome.app/Contents/MacOS/Google Chrome']) {
        expect(findBrowser({ CHROME_PATH: at(name) }).branded, name).toBe(true);
      }
      for (const name of ['chromium', 'chromium-browser', 'Chromium.app/Contents/MacOS/Chromium', 'chrome-linux/chrome']) {
        expect(findBrowser({ CHROME_PATH: at(name) }).branded, name).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('extensionIdFromKey', () => {
  it('derives the stable id Chrome gives the unpacked extension from the manifest key', () => {
    const id = extensionIdFromKey(manifest.key);
    expect(id).toMatch(/^[a-p]{32}$/);
    // The id the e2e tests see in chrome-extension:// URLs (checked by the rig test) is this one.
    expect(id).toBe('dfgfaedlmeaoiifbnbjalgmdmnnepale');
  });
});
