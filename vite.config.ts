import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

// One config for the extension build and for vitest. The crx plugin rewrites the manifest and
// the entry points of the extension; vitest does not need it (and must not run it).
const underVitest = Boolean(process.env.VITEST);

export default defineConfig({
  plugins: [preact(), ...(underVitest ? [] : [crx({ manifest })])],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome125',
    sourcemap: true,
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
});
