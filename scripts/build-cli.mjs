// Builds the netlens command line into build/cli/netlens.js (the package's "bin"): one ES module
// for Node 20, with puppeteer-core left as a dependency. Runs on `npm install` (prepare) and in
// `npm run build`.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = new URL('../build/cli/netlens.js', import.meta.url).pathname;
await build({
  entryPoints: [new URL('../src/cli/netlens.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['puppeteer-core'],
  define: { __NETLENS_VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS packages call require(); give the ES module one.
  banner: { js: "import { createRequire as __nlCreateRequire } from 'node:module'; const require = __nlCreateRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
