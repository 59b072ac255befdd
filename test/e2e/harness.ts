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
