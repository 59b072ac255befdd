// The real-browser rig every end-to-end test uses: the fixture server, Chromium with the built
// extension, the extension's service worker, DevTools with the Netlens panel, screenshots, and a
// reliable close. Waits are on conditions, never fixed sleeps.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { launchWithExtension, type LaunchedBrowser } from '../../src/cli/launch.ts';
import { startFixtureServer, type FixtureServer } from '../server/fixture-server.ts';
import type { ControlRequest, ControlResponse } from '../../src/adapters/messaging.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import type { StoredEvent } from '../../src/core/cdp.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-results');

export interface Rig {
  server: FixtureServer;
  launched: LaunchedBrowser;
  browser: Browser;
  extensionId: string;
  /** A fresh id for URLs, so nothing from an earlier load of the same scenario is reused. */
  newRun(label?: string): string;
  worker(): Promise<WebWorker>;
  /** A new tab (about:blank). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** Extra Chromium flags. */
  args?: string[];
  /** Extra Chromium flags that need the fixture server's ports (e.g. --ip-address-space-overrides). */
  argsFor?: (server: FixtureServer) => string[];
  /** Headful needs a display; default is headless. */
  headless?: boolean;
  devtoolsPreferences?: Record<string, string>;
  /** The built extension to load (default: this worktree's dist/; a benchmark may compare another build). */
  extensionDir?: string;
  /** A profile folder to reuse (kept on close), to restart the browser on the same profile. */
  userDataDir?: string;
  /** The build has the test hooks (default); false for the store package (see launchWithExtension). */
  testHooks?: boolean;
  /** Show the debugging infobar (headful only; see launchWithExtension). */
  debuggerInfobar?: boolean;
}

let runCounter = 0;

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const server = await startFixtureServer();
  let launched: LaunchedBrowser;
  try {
    launched = await launchWithExtension({
      extensionDir: options.extensionDir ?? DIST,
      headless: options.headless ?? true,
      args: [...server.chromiumArgs, ...(options.args ?? []), ...(options.argsFor?.(server) ?? [])],
      ...(options.devtoolsPreferences ? { devtoolsPreferences: options.devtoolsPreferences } : {}),
      ...(options.testHooks === false ? { testHooks: false } : {}),
      ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
      ...(options.debuggerInfobar ? { debuggerInfobar: true } : {}),
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  const stamp = Date.now().toString(36);
  return {
    server,
    launched,
    browser: launched.browser,
    extensionId: launched.extensionId,
    newRun: (label = 'run') => `${label}-${stamp}-${++runCounter}`,
    worker: () => launched.serviceWorker(),
    newPage: () => launched.browser.newPage(),
    async close() {
      await launched.close();
      await server.close();
    },
  };
}

/** Polls `check` until it returns a truthy value (returned) or the timeout passes (throws, naming `what`). */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 25): Promise<NonNullable<T>> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

import { openNetlensPanel } from '../../src/cli/devtools-panel.ts';
export { openNetlensPanel, type NetlensPanel } from '../../src/cli/devtools-panel.ts';

/** Screenshots a page into test-results/ (or an absolute path) and returns the file. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = name.startsWith('/') ? name : join(ARTIFACTS, name.endsWith('.png') ? name : `${name}.png`);
  await mkdir(dirname(file), { recursive: true });
  await page.screenshot({ path: file as `${string}.png`, captureBeyondViewport: false });
  return file;
}

/** The chrome.tabs id of a puppeteer page (matched by target id through chrome.debugger.getTargets). */
export async function tabIdOf(page: Page, worker: WebWorker): Promise<number> {
  const session = await page.createCDPSession();
  const { targetInfo } = await session.send('Target.getTargetInfo');
  await session.detach();
  const tabId = await worker.evaluate(async (targetId) => {
    const targets = await chrome.debugger.getTargets();
    return targets.find((t) => t.id === targetId)?.tabId;
  }, targetInfo.targetId);
  if (tabId === undefined) throw new Error(`No tab found for target ${targetInfo.targetId}`);
  return tabId;
}

/** Sends a control request through the service worker's control handler (the same one runtime messages reach). */
export async function control<R = ControlResponse>(worker: WebWorker, req: ControlRequest): Promise<R> {
  return (await worker.evaluate((r) => (globalThis as unknown as { netlensControl(r: unknown): Promise<unknown> }).netlensControl(r), req as never)) as R;
}

/** Reads a stored session and its events from the extension's IndexedDB. */
export async function storedSession(worker: WebWorker, sessionId: string): Promise<{ session: SessionInfo | undefined; events: StoredEvent[] }> {
  return (await worker.evaluate(async (id) => {
    const store = (globalThis as unknown as { netlensStore: { get(id: string): Promise<unknown>; events(id: string): Promise<unknown[]> } }).netlensStore;
    return { session: await store.get(id), events: await store.events(id) };
  }, sessionId)) as { session: SessionInfo | undefined; events: StoredEvent[] };
}

/** What chrome://extensions says of the extension after a reload with developer mode on. */
export interface ExtensionErrors {
  name: string;
  state: string;
  installWarnings: unknown[];
  manifestErrors: string[];
  runtimeErrors: string[];
}

/**
 * Reloads the extension with developer mode on (chrome://extensions collects manifest and runtime
 * errors only then, and for a load that happens while it is on), opens its pages (the Netlens panel
 * in DevTools on a fixture page, the popup) so their scripts run under the strict CSP, and returns
 * what the extensions page collected. `ready` says when the reloaded service worker has started.
 */
export async function extensionErrors(rig: Rig, ready: (worker: WebWorker) => Promise<boolean>): Promise<ExtensionErrors> {
  const page = await rig.newPage();
  await page.goto(`chrome://extensions/?id=${rig.extensionId}`);
  await rig.worker();
  const isOurs = (url: string) => url.startsWith(`chrome-extension://${rig.extensionId}/`);
  const oldTarget = rig.browser.targets().find((t) => t.type() === 'service_worker' && isOurs(t.url()));
  const reloaded = rig.browser.waitForTarget((t) => t.type() === 'service_worker' && isOurs(t.url()) && t !== oldTarget);
  await page.evaluate(async (id) => {
    const dp = (globalThis as unknown as { chrome: { developerPrivate: Record<string, (...a: unknown[]) => Promise<unknown>> } }).chrome.developerPrivate;
    await dp.updateProfileConfiguration!({ inDeveloperMode: true });
    await dp.reload!(id, { failQuietly: true, populateErrorForUnpacked: true });
  }, rig.extensionId);
  const worker = await (await reloaded).worker();
  if (!worker) throw new Error('The reloaded extension has no service worker.');
  await waitFor('the reloaded service worker to run', () => ready(worker));
  const tab = await rig.newPage();
  await tab.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('errors')}`));
  const { devtools } = await openNetlensPanel(tab, rig.extensionId);
  const popup = await rig.newPage();
  await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/popup.html`);
  await popup.waitForSelector('#app > *');
  type Info = { name: string; state: string; installWarnings: unknown[]; manifestErrors: { message: string }[]; runtimeErrors: { message: string }[] };
  const info = (await page.evaluate(
    (id) => (globalThis as unknown as { chrome: { developerPrivate: { getExtensionInfo(id: string): Promise<unknown> } } }).chrome.developerPrivate.getExtensionInfo(id),
    rig.extensionId,
  )) as Info;
  await Promise.all([devtools.close(), tab.close(), popup.close(), page.close()]);
  return {
    name: info.name,
    state: info.state,
    installWarnings: info.installWarnings,
    manifestErrors: info.manifestErrors.map((e) => e.message),
    runtimeErrors: info.runtimeErrors.map((e) => e.message),
  };
}
