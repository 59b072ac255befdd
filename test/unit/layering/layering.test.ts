// The layering checker must be able to fail: on a tree that breaks each rule once it names every
// rule with the file that broke it, says nothing of the files at the edges that are allowed, stops on
// a file it cannot parse, and passes the product's own tree.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = 'scripts/check-layers.mjs';

async function check(root?: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, ...(root ? ['--root', root] : [])]);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('layering checker', { timeout: 60_000 }, () => {
  it('names every rule that the bad tree breaks, with the file that breaks it', async () => {
    const { code, out } = await check('test/fixtures/layering/bad');
    expect(code).toBe(1);
    const lines = out.split('\n');
    const has = (rule: string, from: string, to: RegExp) =>
      lines.some((l) => l.startsWith(`${rule}: ${from}`) && to.test(l));
    expect(has('core-is-pure', 'src/core/reads-disk.ts', /→ fs$/)).toBe(true);
    expect(has('core-is-pure', 'src/core/stores.ts', /node_modules\/dexie\//)).toBe(true);
    expect(has('core-is-pure', 'src/core/draws.ts', /→ panel\/views\/View\.tsx$/)).toBe(true);
    expect(has('browser-apis-at-the-edges', 'src/core/stores.ts', /node_modules\/dexie\//)).toBe(true);
    expect(has('browser-apis-at-the-edges', 'panel/store/store.ts', /node_modules\/webextension-polyfill\//)).toBe(true);
    expect(has('views-not-backends', 'panel/views/View.tsx', /→ panel\/backend\/backend\.ts$/)).toBe(true);
    expect(has('views-not-backends', 'panel/components/Cell.tsx', /→ src\/adapters\/db\.ts$/)).toBe(true);
    expect(has('no-cycles', 'src/cycle-a.ts', /cycle-b\.ts → src\/cycle-a\.ts$/)).toBe(true);
    expect(has('no-unresolvable', 'src/missing.ts', /not-here\.ts$/)).toBe(true);
    expect(has('chrome-at-the-edges', 'src/core/messages.ts uses the chrome global (1×)', /./)).toBe(true);
    // The ten violations above and nothing else: the adapter, the backend and the strings,
    // comments and property names that say "chrome" are not reported.
    expect(out).toMatch(/^check-layers: 10 violation\(s\) in 14 files\.$/m);
    expect(out).not.toMatch(/src\/adapters\/db\.ts (→|uses)/);
    expect(out).not.toMatch(/^[a-z-]+: panel\/backend\/backend\.ts/m);
    // A cycle through an `import type` edge is no runtime cycle.
    expect(out).not.toContain('typed-a.ts');
  });

  it('stops with exit 2 on a file it cannot parse, rather than passing', async () => {
    const { code, out } = await check('test/fixtures/layering/broken');
    expect(code).toBe(2);
    expect(out).toContain('check-layers: could not run');
  });

  it('passes the product tree and says how much it read', async () => {
    const { code, out } = await check();
    expect(code).toBe(0);
    const m = /check-layers: (\d+) files, (\d+) imports, 0 violations/.exec(out);
    expect(m).not.toBeNull();
    // The product has well over a hundred source files; a checker reading none would say 0.
    expect(Number(m![1])).toBeGreaterThan(100);
    expect(Number(m![2])).toBeGreaterThan(300);
  });
});
