// Finds the built extension (dist/) from wherever this code runs: the bundled CLI in build/cli/,
// or the sources under src/cli/ (tsx). Node only.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findDist(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dist', 'manifest.json')) && existsSync(join(dir, 'package.json'))) return join(dir, 'dist');
    if (dirname(dir) === dir) break;
  }
  throw new Error('The Netlens extension is not built: run `npm run build` in the Netlens folder first (it writes dist/).');
}
