// The command line as a user installs it: `npm pack` gives netlens-<version>.tgz, and after
// `npm install -g` of that file into an empty prefix (node and its npm only, nothing from this
// checkout on the path) `netlens --version`, `explain` and `convert` work on a recorded log.
// The expected values come from package.json and the fixture server's truth for that log.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness.ts';

const exec = promisify(execFile);
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let tarball: string;
let packed: string[];
let netlens: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'netlens-pack-'));
  // The build already ran (npm test builds before the tests): pack what it wrote, without
  // rebuilding dist/ under the other tests' feet.
  const { stdout } = await exec(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, timeout: 60_000 });
  const info = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  tarball = join(work, info.filename);
  packed = info.files.map((f) => f.path);
  const prefix = join(work, 'prefix');
  // A fresh prefix, this checkout's npm cache first (puppeteer-core is in it after `npm ci`).
  await exec(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: work,
    timeout: 180_000,
    env: { ...process.env, npm_config_global: 'true' },
  });
  netlens = join(prefix, 'bin', 'netlens');
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the installed command from an empty folder, with no path into this checkout. */
const run = (args: string[]) => exec(netlens, args, { cwd: work, timeout: 60_000, env: { PATH: `${join(work, 'prefix', 'bin')}:${process.env.PATH}`, HOME: work } });

describe('the installable command line', () => {
  it('packs only what it needs: the bundled command, the built extension for `record`, the readme, licence and changelog', () => {
    expect(tarball.endsWith(`netlens-${pkg.version}.tgz`)).toBe(true);
    expect(packed).toContain('build/cli/netlens.js');
    expect(packed).toContain('dist/manifest.json');
    expect(packed).toContain('README.md');
    expect(packed).toContain('CHANGELOG.md');
    expect(packed).toContain('LICENSE');
    expect(packed.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(packed.filter((p) => /^(src|panel|test|bench|scripts|docs|node_modules)\//.test(p))).toEqual([]);
  });

  it('`netlens --version` prints package.json\'s version', async () => {
    const { stdout } = await run(['--version']);
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('`netlens explain` and `netlens convert` read a recorded log: every request the server answered, in the report and the HAR', async () => {
    const log = join(ROOT, 'test/fixtures/pool.cdp.json');
    const truth = JSON.parse(await readFile(join(ROOT, 'test/fixtures/pool.truth.json'), 'utf8')) as { run: string; requests: { url: string }[] };
    const explained = await run(['explain', log, '--json']);
    const report = JSON.parse(explained.stdout) as { generator: { version: string }; summary: { requests: number } };
    expect(report.generator.version).toBe(pkg.version);
    expect(report.summary.requests).toBeGreaterThanOrEqual(truth.requests.length);

    const out = join(work, 'pool.har');
    const converted = await run(['convert', log, '-o', out]);
    expect(converted.stderr).toMatch(/Wrote .*pool\.har/);
    const har = JSON.parse(await readFile(out, 'utf8')) as { log: { creator: { name: string; version: string }; entries: { request: { url: string } }[] } };
    expect(har.log.creator).toEqual({ name: 'Netlens', version: pkg.version });
    const served = har.log.entries.filter((e) => e.request.url.includes(truth.run));
    expect(served.length).toBe(truth.requests.length);
    expect(har.log.entries.length).toBe(report.summary.requests);
  });
});
