// The Chrome Web Store package, as a user gets it: `npm run package` writes
// release/netlens-<version>.zip; unzipped, it loads in real Chromium with no errors or warnings,
// records a fixture page through the panel's own Record button (the requests it lists are the
// ones the fixture server answered), and holds none of the test build's hooks.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startRig, openNetlensPanel, extensionErrors, waitFor, type Rig } from './harness.ts';

const exec = promisify(execFile);
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
// Written here, not taken from the build: what the test build exposes for tools and tests.
const HOOKS = ['netlensControl', 'netlensStore', 'netlensReady', 'netlensPanel'];

let dir: string;
let files: Record<string, Uint8Array>;
let packageOutput: string;
let rig: Rig | undefined;

beforeAll(async () => {
  const { stdout } = await exec(process.execPath, ['scripts/package.mjs'], { cwd: ROOT, timeout: 120_000 });
  packageOutput = stdout;
  files = unzipSync(new Uint8Array(await readFile(join(ROOT, 'release', `netlens-${pkg.version}.zip`))));
  dir = await mkdtemp(join(tmpdir(), 'netlens-store-'));
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
}, 180_000);

afterAll(async () => {
  await rig?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the store package', () => {
  it('is a zip with the manifest at its root, package.json\'s version, every icon size, no key, no source maps and no test hooks', () => {
    const names = Object.keys(files);
    expect(packageOutput).toMatch(new RegExp(`Wrote release/netlens-${pkg.version.replace(/\./g, '\\.')}\\.zip: ${names.length} files, [\\d.]+ kB`));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, unknown> & { icons: Record<string, string> };
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.manifest_version).toBe(3);
    expect('key' in manifest).toBe(false);
    expect(String(manifest.description).length).toBeLessThanOrEqual(132);
    expect(Object.keys(manifest.icons).sort()).toEqual(['128', '16', '32', '48']);
    for (const [size, path] of Object.entries(manifest.icons)) {
      const png = files[path]!;
      const view = new DataView(png.buffer, png.byteOffset);
      expect([view.getUint32(16), view.getUint32(20)], path).toEqual([Number(size), Number(size)]);
    }
    expect(names.filter((n) => n.endsWith('.map'))).toEqual([]);
    expect(names.filter((n) => n.split('/').some((p) => p.startsWith('.')))).toEqual([]);
    expect(names.filter((n) => /^(src|panel)\/.*\.(ts|tsx)$/.test(n))).toEqual([]);
    for (const name of names.filter((n) => /\.(js|html)$/.test(n))) {
      const text = new TextDecoder().decode(files[name]);
      expect(HOOKS.filter((h) => text.includes(h)), name).toEqual([]);
    }
  });

  it('loads in Chromium with no errors or warnings, and its pages run without errors', async () => {
    rig = await startRig({ extensionDir: dir, testHooks: false });
    const worker = await rig.worker();
    // Its id is the one Chromium gives an unpacked extension with no key (from its folder).
    expect(worker.url()).toBe(`chrome-extension://${rig.extensionId}/service-worker-loader.js`);
    const info = await extensionErrors(rig, async () => true);
    expect(info.name).toBe('Netlens');
    expect(info.state).toBe('ENABLED');
    expect(info.installWarnings).toEqual([]);
    expect(info.manifestErrors).toEqual([]);
    expect(info.runtimeErrors).toEqual([]);
  });

  it('records a page through the panel\'s Record button: it lists every request the server answered', async () => {
    const r = rig!;
    const run = r.newRun('store');
    const page = await r.newPage();
    await page.goto(r.server.urls.http('a.test', `/?run=${r.newRun('store-index')}`));
    const { devtools, panel } = await openNetlensPanel(page, r.extensionId);
    await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    await page.goto(r.server.urls.http('a.test', `/pool?run=${run}`), { waitUntil: 'load' });
    const answered = () => r.server.log.requestsMatching(run).filter((q) => q.finishedAt !== undefined).length;
    // The pool page asks for 31 requests (its document and 30 images).
    await waitFor('the server to answer the pool page', () => answered() >= 31, 30_000);
    const shown = async () => {
      const text = await panel.evaluate(() => document.querySelector('.filter-bar .count')?.textContent ?? '');
      return Number(/\/ ([\d,]+) requests/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
    };
    await waitFor('the panel to list the pool page\'s requests', async () => (await shown()) >= answered(), 30_000);
    // Only this load was recorded after pressing Record, so the panel lists its requests exactly.
    expect(await shown()).toBe(answered());
    // The rows in view arrive from the analysis worker a moment after the count.
    await waitFor('the rows of the pool page', () => panel.evaluate(() => [...document.querySelectorAll('.request-row')].some((row) => (row.textContent ?? '').includes('pool'))));

    // None of the test build's hooks, in the service worker or the panel.
    const worker = await r.worker();
    expect(await worker.evaluate((names) => names.filter((n) => n in globalThis), HOOKS)).toEqual([]);
    expect(await panel.evaluate((names) => names.filter((n) => n in globalThis), HOOKS)).toEqual([]);
    await devtools.close();
    await page.close();
  });
});
