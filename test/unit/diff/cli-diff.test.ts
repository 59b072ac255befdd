// `netlens diff` in-process on recorded fixtures: its help, its output formats and its exit
// codes (0 within budget, 1 a budget violated, 2 bad input or usage).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/netlens.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { loadTruth } from '../../fixtures/load.ts';

const fixture = (name: string) => join(process.cwd(), 'test', 'fixtures', `${name}.cdp.json`);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netlens-diff-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false, cwd: dir };
  return { code: await main(argv, io), out, err };
}

describe('netlens diff', () => {
  it('has --help with the normalisation rules and the exit codes, and is listed in netlens --help', async () => {
    const r = await run('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: netlens diff A B /);
    expect(r.out).toContain('{uuid}');
    expect(r.out).toMatch(/Exit codes:\n {2}0 {2}.*\n {2}1 {2}a budget was violated\n {2}2 {2}bad input.*\n {2}3 {2}anything else/);
    expect((await run('--help')).out).toMatch(/netlens diff A B/);
  });

  it('pool against pools-shard: text with a broken budget (exit 1), JSON and Markdown without one (exit 0)', async () => {
    const pool = loadTruth('pool');
    const shard = loadTruth('pools-shard');
    // The shard page's 17 requests, by the server's log, against a budget of 16.
    expect(shard.requests.length).toBe(17);
    const budget = join(dir, 'b.json');
    await writeFile(budget, JSON.stringify({ overall: { maxRequests: 16 } }));
    const text = await run('diff', fixture('pool'), fixture('pools-shard'), '--budget', budget);
    expect(text.code).toBe(1);
    expect(text.out).toContain('Budget: 1 violation:');
    expect(text.out).toContain('✗ Overall: 17 requests; the budget allows 16 requests (overall.maxRequests).');
    const json = await run('diff', fixture('pool'), fixture('pools-shard'), '--json');
    expect(json.code).toBe(0);
    const d = JSON.parse(json.out) as { a: { requests: number }; b: { requests: number }; changes: unknown[] };
    expect([d.a.requests, d.b.requests]).toEqual([pool.requests.length, shard.requests.length]);
    const md = await run('diff', fixture('pool'), fixture('pools-shard'), '--markdown', '--ignore', 'timing');
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^### Netlens: \d+ network changes\n/);
    expect(md.out).not.toMatch(/\*\*timing\*\*/);
    expect(md.out).toContain('timing changes left out');
  });

  it('reads a HAR\'s browser and its recording conditions, and warns when they differ', async () => {
    const har = join(dir, 'pool.har');
    expect((await run('convert', fixture('pool'), '-o', har)).code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const parsed = JSON.parse(await readFile(har, 'utf8')) as { log: Record<string, unknown> };
    const variant = (browser: string, conditions: object) => ({ log: { version: '1.2', creator: parsed.log.creator, browser: { name: 'Chromium', version: browser }, ...parsed.log, _netlensConditions: conditions } });
    await writeFile(join(dir, 'x.har'), JSON.stringify(variant('156.0.1.1', { throttling: 'none', run: 'cold' })));
    await writeFile(join(dir, 'y.har'), JSON.stringify(variant('157.0.2.2', { throttling: 'slow-4g', run: 'cold' })));
    const r = await run('diff', 'x.har', 'y.har', '--json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as { warnings: string[]; changes: unknown[] };
    expect(d.warnings).toEqual(['Recorded with different browsers: Chrome 156 before, Chrome 157 now.', 'Recorded with `throttling` `none` before and `slow-4g` now.']);
    expect(d.changes).toEqual([]);
  });

  it('exits 2 with a sentence on bad usage and bad input', async () => {
    expect((await run('diff', fixture('pool'))).code).toBe(2);
    expect((await run('diff', fixture('pool'), fixture('pool'), '--json', '--markdown')).err).toMatch(/choose one of --json and --markdown/);
    const ignore = await run('diff', fixture('pool'), fixture('pool'), '--ignore', 'timing,speed');
    expect([ignore.code, ignore.err]).toEqual([2, 'netlens diff: --ignore: "speed" is not a kind of change; the kinds are added, bytes, cache, connections, cors, moved, origins, protocol, removed, status, streams, timing.\nRun "netlens diff --help" for usage.\n']);
    const folder = await run('diff', fixture('pool'), dir);
    expect([folder.code, folder.err.trim().split('\n').pop()]).toEqual([2, `netlens diff: Could not read ${dir}: EISDIR: illegal operation on a directory, read.`]);
    const empty = join(dir, 'empty.json');
    await writeFile(empty, '[]');
    const none = await run('diff', fixture('pool'), empty);
    expect(none.code).toBe(2);
    const missing = await run('diff', fixture('pool'), fixture('pool'), '--budget', join(dir, 'nope.json'));
    expect([missing.code, missing.err]).toEqual([2, `netlens diff: There is no budget file at ${join(dir, 'nope.json')}.\n`]);
  });

  it('exits 2 with a sentence naming the file on a truncated HAR, a JSON file that is not a recording, a HAR without entries', async () => {
    const har = join(dir, 'whole.har');
    expect((await run('convert', fixture('pool'), '-o', har)).code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(har, 'utf8');
    await writeFile(join(dir, 'cut.har'), text.slice(0, 3000));
    await writeFile(join(dir, 'package.json'), '{"name":"my-package","version":"1.0.0"}\n');
    await writeFile(join(dir, 'no-entries.har'), '{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":"none"}}');
    const last = (r: { err: string }) => r.err.trim().split('\n').pop();
    const cut = await run('diff', fixture('pool'), 'cut.har');
    expect([cut.code, last(cut), cut.out]).toEqual([2, `netlens diff: ${join(dir, 'cut.har')}: The HAR file is cut short: the JSON ends before it is complete (was the file truncated?) (at byte 3,000)`, '']);
    const pkg = await run('diff', 'package.json', fixture('pool'));
    expect([pkg.code, last(pkg)]).toEqual([2, `netlens diff: ${join(dir, 'package.json')} is neither a HAR file (a JSON object with "log") nor a CDP event log (a JSON array of {method, params}). (at line 1, column 1)`]);
    const none = await run('diff', fixture('pool'), 'no-entries.har');
    expect([none.code, last(none)]).toEqual([2, `netlens diff: ${join(dir, 'no-entries.har')}: The HAR has no "log.entries" array.`]);
  });

  it('-o writes the diff to a file with the same exit code; a path that cannot be written exits 3 with a sentence, and nothing on stdout', async () => {
    const budget = join(dir, 'b16.json');
    await writeFile(budget, JSON.stringify({ overall: { maxRequests: 16 } }));
    const written = await run('diff', fixture('pool'), fixture('pools-shard'), '--budget', budget, '--markdown', '-o', 'pr.md');
    expect([written.code, written.out]).toEqual([1, '']);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(join(dir, 'pr.md'), 'utf8')).toMatch(/^### Netlens: \d+ network changes · ❌ 1 budget violation\n/);
    // A folder, a path through a file, a folder that does not exist: exit 3 ("anything else").
    await writeFile(join(dir, 'plain.txt'), 'x');
    const last = (r: { err: string }) => `${r.err.trim().split('\n').pop()}\n`;
    const folder = await run('diff', fixture('pool'), fixture('pool'), '-o', dir);
    expect([folder.code, folder.out, last(folder)]).toEqual([3, '', `netlens diff: Could not write the diff to ${dir}: it is a folder (EISDIR); choose another -o path.\n`]);
    const through = await run('diff', fixture('pool'), fixture('pool'), '--json', '--out', 'plain.txt/diff.json');
    expect([through.code, last(through)]).toEqual([3, 'netlens diff: Could not write the diff to plain.txt/diff.json: a part of its path is a file, not a folder (ENOTDIR); choose another -o path.\n']);
    const missing = await run('diff', fixture('pool'), fixture('pool'), '-o', 'no/such/folder/diff.txt');
    expect([missing.code, last(missing)]).toEqual([3, 'netlens diff: Could not write the diff to no/such/folder/diff.txt: its folder does not exist (ENOENT); choose another -o path.\n']);
  });

  it('--same-origin A=B: the same server on other ports is no change; the hint without it; a bad pair exits 2 with a sentence', async () => {
    const truth = loadTruth('pool');
    const hosts = [...new Set(truth.requests.map((t) => t.host))];
    const { readFile } = await import('node:fs/promises');
    let text = await readFile(fixture('pool'), 'utf8');
    for (const h of hosts) text = text.replaceAll(h, h.replace(/:(\d+)$/, ':1'));
    await writeFile(join(dir, 'pool-port1.cdp.json'), text);
    const flags = hosts.flatMap((h) => ['--same-origin', `http://${h}=http://${h.replace(/:(\d+)$/, ':1')}`]);
    const hint = await run('diff', fixture('pool'), 'pool-port1.cdp.json');
    expect(hint.code).toBe(0);
    expect(hint.out).toContain(`did you mean ${hosts.map((h) => `--same-origin http://${h}=http://${h.replace(/:(\d+)$/, ':1')}`).join(' ')}?`);
    const same = await run('diff', fixture('pool'), 'pool-port1.cdp.json', ...flags, '--json');
    expect(same.code).toBe(0);
    const d = JSON.parse(same.out) as { changes: unknown[]; matched: number; sameOrigins: unknown[] };
    expect([d.changes, d.matched, d.sameOrigins.length]).toEqual([[], truth.requests.length, hosts.length]);
    const bad = async (...argv: string[]) => {
      const r = await run('diff', fixture('pool'), fixture('pool'), ...argv);
      return [r.code, r.err.split('\n')[0]];
    };
    expect(await bad('--same-origin', 'http://a.test:1')).toEqual([2, 'netlens diff: --same-origin takes ORIGIN_OF_A=ORIGIN_OF_B (as http://127.0.0.1:4000=http://127.0.0.1:5000); got "http://a.test:1".']);
    expect(await bad('--same-origin', 'http://a.test:1/app=http://a.test:2')).toEqual([2, 'netlens diff: --same-origin http://a.test:1/app=http://a.test:2: "http://a.test:1/app" is not an origin (scheme://host[:port], as http://127.0.0.1:4000, with no path).']);
    expect(await bad('--same-origin', 'a.test:1=http://a.test:2')).toEqual([2, 'netlens diff: --same-origin a.test:1=http://a.test:2: "a.test:1" is not an origin (scheme://host[:port], as http://127.0.0.1:4000, with no path).']);
    expect(await bad('--same-origin', 'http://a.test:1=http://b.test', '--same-origin', 'http://a.test:1/=http://c.test')).toEqual([2, 'netlens diff: --same-origin: http://a.test:1 is mapped twice; give each origin of A once.']);
  });
});
