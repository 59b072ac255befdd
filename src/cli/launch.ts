// Launches Chromium with the built Netlens extension loaded. Used by `npm start`, `netlens record`
// and every end-to-end test, so all of them run the extension the same way. Node only.
import { mkdtemp, mkdir, writeFile, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, WebWorker } from 'puppeteer-core';
import { findBrowser } from './find-browser.ts';
import { extensionIdFromKey, extensionIdFromPath } from './extension-id.ts';

export interface LaunchOptions {
  /** The built extension (the `dist/` folder). */
  extensionDir: string;
  headless: boolean;
  /** Extra Chromium flags (host resolver rules, certificate trust, …). */
  args?: string[];
  /**
   * Turn off what makes a run differ from the next: QUIC (so HTTP/2 and HTTP/1.1 are what is
   * measured), background networking, component updates and sync. On by default; `netlens
   * record` of a real site may turn it off to see HTTP/3.
   */
  deterministic?: boolean;
  /** Reuse a profile folder instead of a fresh one (it is then not deleted on close). */
  userDataDir?: string;
  /** Extra DevTools preferences for a fresh profile (values are JSON strings, as DevTools stores them). */
  devtoolsPreferences?: Record<string, string>;
  /**
   * The build has the test hooks (dist/, the default). The store package has none: its id comes
   * from its folder and its service worker counts as started once its target is up.
   */
  testHooks?: boolean;
  /**
   * Show Chromium's "started debugging this browser" infobar (off by default: it shrinks the page).
   * A test of the user's Cancel needs it, headful.
   */
  debuggerInfobar?: boolean;
}

export interface LaunchedBrowser {
  browser: Browser;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker, once its module has run. */
  serviceWorker(): Promise<WebWorker>;
  close(): Promise<void>;
}

export async function launchWithExtension(options: LaunchOptions): Promise<LaunchedBrowser> {
  const found = findBrowser();
  const extensionDir = resolve(options.extensionDir);
  const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')) as { key?: string };
  const testHooks = options.testHooks ?? true;
  if (!manifest.key && testHooks) throw new Error(`${extensionDir}/manifest.json has no "key"; build the extension first (npm run build).`);
  const extensionId = manifest.key ? extensionIdFromKey(manifest.key) : extensionIdFromPath(extensionDir);

  const ownProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'netlens-profile-')));
  // DevTools docked at the bottom, so the Netlens tab is visible rather than in the overflow menu.
  await mkdir(join(userDataDir, 'Default'), { recursive: true });
  await writeFile(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({
      devtools: {
        preferences: {
          currentDockState: '"bottom"',
          // Give the docked DevTools most of the window's height.
          'inspector-view.split-view-state': JSON.stringify({ vertical: { size: 0 }, horizontal: { size: 640 } }),
          ...options.devtoolsPreferences,
        },
      },
    }),
  );

  const deterministic = options.deterministic ?? true;
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    // Without it the "is debugging this browser" infobar shrinks the page, even headless.
    ...(options.debuggerInfobar ? [] : ['--silent-debugger-extension-api']),
    // Wide enough that DevTools shows the Netlens tab beside its own panels, not in the overflow menu.
    '--window-size=1600,1000',
    ...(deterministic
      ? ['--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync']
      : []),
    ...(found.branded ? [] : [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]),
    ...(options.args ?? []),
  ];
  // Loaded here, not at the top: puppeteer-core takes 0.25 s to load, which every other command
  // (netlens convert, netlens explain) would pay for nothing.
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: found.path,
    headless: options.headless,
    userDataDir,
    args,
    // The automation infobar would sit where the debugging one shows.
    ignoreDefaultArgs: options.debuggerInfobar ? ['--disable-extensions', '--enable-automation'] : ['--disable-extensions'],
    handleDevToolsAsPage: true,
    defaultViewport: null,
    ...(found.branded ? { enableExtensions: [extensionDir], pipe: true } : {}),
  });

  let closed = false;
  return {
    browser,
    extensionId,
    userDataDir,
    async serviceWorker() {
      const ours = (t: { type(): string; url(): string }) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`);
      // The newest target: after a reload of the extension the old one may linger a while.
      const target = browser.targets().filter(ours).at(-1) ?? (await browser.waitForTarget(ours, { timeout: 20_000 }));
      const worker = await target.worker();
      if (!worker) throw new Error('The Netlens service worker target has no worker.');
      if (!testHooks) return worker;
      // Wait until the worker's module has run (it sets netlensReady).
      for (const started = Date.now(); Date.now() - started < 20_000; ) {
        if (await worker.evaluate(() => (globalThis as { netlensReady?: boolean }).netlensReady === true).catch(() => false)) return worker;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('The Netlens service worker did not finish starting within 20 s.');
    },
    async close() {
      if (closed) return;
      closed = true;
      await browser.close().catch(() => undefined);
      if (ownProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
