// The streaming reader for logs too big to be one string: same events as a whole parse, chunk
// boundaries anywhere, strings with brackets and commas, and a truncated file refused.
import { describe, expect, it } from 'vitest';
import { arrayElements } from '../../../src/cli/stream-log.ts';
import { loadLog } from '../../fixtures/load.ts';

async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
async function all(text: string, size: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of arrayElements(chunksOf(text, size))) out.push(JSON.parse(e));
  return out;
}

describe('arrayElements', () => {
  it('yields every element of a recorded log, whatever the chunk size', async () => {
    const log = loadLog('streams');
    const text = JSON.stringify(log, null, 1);
    for (const size of [1, 7, 1000, text.length]) expect(await all(text, size)).toEqual(log);
  });

  it('is not fooled by brackets, braces, commas and escaped quotes inside strings', async () => {
    const tricky = [{ method: 'a', params: { data: '],{"x":[1,2]}, \\" ' } }, { method: 'b', params: {} }];
    expect(await all(JSON.stringify(tricky), 3)).toEqual(tricky);
  });

  it('refuses a file that is cut short', async () => {
    const text = JSON.stringify(loadLog('redirect')).slice(0, -20);
    await expect(all(text, 64)).rejects.toThrow(/cut short/);
  });
});

describe('streamLargeLog', () => {
  it('reads a one-event-per-line log and a pretty-printed one to the same events', async () => {
    const { streamLargeLog } = await import('../../../src/cli/stream-log.ts');
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'netlens-stream-'));
    try {
      const log = loadLog('demo');
      const lines = join(dir, 'lines.json');
      await writeFile(lines, '[\n' + log.map((e) => JSON.stringify(e)).join(',\n') + '\n]\n');
      const pretty = join(dir, 'pretty.json');
      await writeFile(pretty, JSON.stringify(log, null, 2));
      for (const file of [lines, pretty]) {
        const got: unknown[] = [];
        const n = await streamLargeLog(file, (e) => got.push(e));
        expect(n).toBe(log.length);
        expect(got).toEqual(log);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
