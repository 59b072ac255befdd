import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifestSource from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };

// One config for the extension build and for vitest. The crx plugin rewrites the manifest and
// the entry points of the extension; vitest does not need it (and must not run it).
//
// Two builds of the extension:
// - `vite build` (npm run build) writes dist/: what `npm start`, `netlens record` and the tests
//   load. It keeps the manifest's "key" (a fixed extension id) and the test hooks (the service
//   worker's `netlensControl`, the panel's `netlensPanel`), with source maps.
// - `vite build --mode store` (npm run package) writes release/store/: what the Chrome Web Store
//   takes. No "key" (the store assigns the id and refuses the field), no test hooks, no source maps.
const underVitest = Boolean(process.env.VITEST);

export default defineConfig(({ mode }) => {
  const store = mode === 'store';
  // The one version of a release is package.json's (manifest.json has none of its own).
  const { key, ...withoutKey } = manifestSource;
  const manifest = { ...(store ? withoutKey : { ...withoutKey, key }), version: pkg.version };
  return {
    plugins: [preact(), ...(underVitest ? [] : [crx({ manifest })])],
    define: {
      __NETLENS_VERSION__: JSON.stringify(pkg.version),
      __NETLENS_TEST_HOOKS__: JSON.stringify(!store),
    },
    build: {
      outDir: store ? 'release/store' : 'dist',
      emptyOutDir: true,
      target: 'chrome125',
      sourcemap: !store,
      // The panel is not named by the manifest (devtools.panels.create names it at run time),
      // so it must be an explicit input.
      rollupOptions: { input: { panel: 'panel/index.html' } },
    },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['test/unit/**/*.test.{ts,tsx}'],
            environment: 'node',
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            // Each file launches its own Chromium; on two cores they run one at a time.
            fileParallelism: false,
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
