// netlens convert folds a one-event-per-line log while reading it (src/cli/stream-log.ts
// foldByLine). It must hand on exactly the events of the file, and give up (so the whole-file
// importer reads the file and words any problem) on every layout or item it does not take as is.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { foldByLine } from '../../../src/cli/stream-log.ts';
import { loadLog } from '../../fixtures/load.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netlens-fold-by-line-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fold(name: string, text: string): Promise<{ n: number | undefined; got: CdpEvent[] }> {
  const file = join(dir, name);
  await writeFile(file, text);
  const got: CdpEvent[] = [];
  const n = await foldByLine(file, (e) => got.push(e));
  return { n, got };
}

const lines = (items: unknown[]) => `[\n${items.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;

describe('foldByLine', () => {
  it('hands on every event of a recorded log written one per line, in order', async () => {
    const log = loadLog('streams');
    const { n, got } = await fold('streams.json', lines(log));
    expect(n).toBe(log.length);
    expect(got).toEqual(log);
  });

  it('takes the bracket on the first and last event lines, a BOM, CRLF and blank lines', async () => {
    const a = { method: 'Network.a', params: { x: 1 } };
    const b = { method: 'Network.b', params: {}, sessionId: 'S1' };
    for (const text of [`[${JSON.stringify(a)},\n${JSON.stringify(b)}]`, `\uFEFF[\r\n${JSON.stringify(a)},\r\n\r\n${JSON.stringify(b)}\r\n]\r\n\r\n`]) {
      const { n, got } = await fold('small.json', text);
      expect(n).toBe(2);
      expect(got).toEqual([a, b]);
    }
  });

  it('gives up on everything the whole-file importer must read or word', async () => {
    const e = { method: 'Network.a', params: {} };
    const cases: Record<string, string> = {
      'pretty-printed': JSON.stringify([e, e], null, 2),
      'two events on a line': `[\n${JSON.stringify(e)},${JSON.stringify(e)}\n]`,
      'JSON Lines (no array)': `${JSON.stringify(e)}\n${JSON.stringify(e)}\n`,
      'a ChromeDriver perflog line': lines([{ message: JSON.stringify({ message: e }), level: 'INFO', timestamp: 1 }]),
      'an item without method': lines([e, { params: {} }]),
      'params that are not an object': lines([e, { method: 'Network.b', params: 3 }]),
      'a trailing comma': `[\n${JSON.stringify(e)},\n]`,
      'cut short': `[\n${JSON.stringify(e)},\n${JSON.stringify(e).slice(0, 10)}`,
      'never closed': `[\n${JSON.stringify(e)}`,
      'text after the array': `${lines([e])}x`,
      'empty array': '[\n]\n',
      'a HAR': '{"log":{"entries":[]}}',
    };
    for (const [what, text] of Object.entries(cases)) expect((await fold('bad.json', text)).n, what).toBeUndefined();
  });
});
