// `npm run package`: the Chrome Web Store package, release/netlens-<version>.zip.
//
// Builds the extension in the store mode (vite.config.ts: no manifest "key", no test hooks, no
// source maps) into release/store/, checks what the store and users expect of it, zips it with
// the manifest at the root, and prints its size and file count. Refuses (exit 1, saying why) when a
// check fails, so a bad package is never written.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative, dirname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { zipSync } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const storeDir = join(root, 'release', 'store');
const zipPath = join(root, 'release', `netlens-${pkg.version}.zip`);

/** Names only the test build may hold (src/background/index.ts, panel/main.tsx). */
export const TEST_HOOKS = ['netlensControl', 'netlensStore', 'netlensReady', 'netlensPanel'];
/** Icon sizes the store and Chrome ask for (the store listing uses the 128 px one). */
export const ICON_SIZES = [16, 32, 48, 128];

function filesUnder(base, dir = base) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(base, p));
    else out.push(relative(base, p).split('\\').join('/'));
  }
  return out.sort();
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes) {
  const signature = '89504e470d0a1a0a';
  if (bytes.subarray(0, 8).toString('hex') !== signature) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Every file the extension can load, from the manifest outwards: the files the manifest names, and
 * every file named (by its path or its file name) in an HTML, JS or CSS file already reached.
 */
function reachable(dir, files, manifest) {
  const byName = new Map();
  for (const f of files) {
    const base = posix.basename(f);
    byName.set(base, [...(byName.get(base) ?? []), f]);
  }
  const seen = new Set(['manifest.json']);
  const queue = [];
  const add = (f) => {
    if (files.includes(f) && !seen.has(f)) {
      seen.add(f);
      queue.push(f);
    }
  };
  const fromManifest = JSON.stringify(manifest);
  for (const f of files) if (fromManifest.includes(`"${f}"`)) add(f);
  while (queue.length) {
    const f = queue.shift();
    if (!/\.(html|js|mjs|css)$/.test(f)) continue;
    const text = readFileSync(join(dir, f), 'utf8');
    for (const [base, paths] of byName) if (text.includes(base)) paths.forEach(add);
  }
  return seen;
}

function check(dir) {
  const problems = [];
  const files = filesUnder(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  if (manifest.version !== pkg.version) problems.push(`manifest version ${manifest.version} is not package.json's ${pkg.version}`);
  if ('key' in manifest) problems.push('the manifest has a "key" (the Chrome Web Store refuses it)');
  if (!manifest.description || manifest.description.length > 132) problems.push('the manifest description is missing or longer than 132 characters');
  for (const size of ICON_SIZES) {
    const icon = manifest.icons?.[String(size)];
    if (!icon) {
      problems.push(`no ${size} px icon in the manifest`);
      continue;
    }
    const got = files.includes(icon) ? pngSize(readFileSync(join(dir, icon))) : undefined;
    if (!got || got.width !== size || got.height !== size) problems.push(`icon ${icon} is not a ${size}×${size} PNG`);
  }
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length) problems.push(`source maps in the package: ${maps.join(', ')}`);
  const dotFiles = files.filter((f) => f.split('/').some((part) => part.startsWith('.')));
  if (dotFiles.length) problems.push(`build leftovers in the package: ${dotFiles.join(', ')}`);
  for (const f of files.filter((f) => /\.(js|html)$/.test(f))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const hooks = TEST_HOOKS.filter((h) => text.includes(h));
    if (hooks.length) problems.push(`${f} holds test hooks (${hooks.join(', ')})`);
    if (/\bsourceMappingURL=/.test(text)) problems.push(`${f} points to a source map`);
  }
  const loaded = reachable(dir, files, manifest);
  const unused = files.filter((f) => !loaded.has(f));
  if (unused.length) problems.push(`files the extension never loads: ${unused.join(', ')}`);
  return { files, problems };
}

async function main() {
  // vite.config.ts leaves the extension plugin out under vitest; this script is run by a test too.
  delete process.env.VITEST;
  rmSync(storeDir, { recursive: true, force: true });
  await build({ root, mode: 'store', logLevel: 'warn' });
  const { files, problems } = check(storeDir);
  if (problems.length) {
    console.error(`npm run package: not writing ${relative(root, zipPath)}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  const entries = {};
  // A fixed date, so the same build gives the same bytes.
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const f of files) entries[f] = [readFileSync(join(storeDir, f)), { mtime, level: /\.(png)$/.test(f) ? 0 : 9 }];
  const zip = zipSync(entries);
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, zip);
  const unpacked = files.reduce((n, f) => n + statSync(join(storeDir, f)).size, 0);
  console.log(`Wrote ${relative(root, zipPath)}: ${files.length} files, ${(zip.length / 1024).toFixed(1)} kB (${(unpacked / 1024).toFixed(1)} kB unpacked), version ${pkg.version}.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
