// `netlens diff` against ground truth: real Chromium records, through Netlens's own capture, two
// versions of the fixture server's diff page (test/server/scenarios/diff.ts) that differ in five
// known ways — a header changed from max-age to no-store, a preflight added, a shard removed,
// HTTP/2 turned off, one response held 1,500 ms — each loaded twice (a cold load, then the same
// URL again). The built command must report exactly those changes (and the connection counts the
// server saw change with them), nothing else (timing included: what varies between two loads of
// one page is noise, not a change), and fail the budget they break; a recording against itself reports nothing and
// exits 0; bad input exits 2 with a sentence. One browser launch; waits are on conditions.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { control, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { toLogEvent } from '../../src/core/cdp.ts';
import { NetworkRecorder } from '../../src/core/recorder/network-recorder.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';
import type { TruthRequest } from '../server/truth-log.ts';
import { SLOW_MS, diffVersions } from '../server/scenarios/diff.ts';
import type { Change, DiffResult, Violation } from '../../src/core/diff/index.ts';

const exec = promisify(execFile);
let rig: Rig;
let dir: string;
type Started = Extract<ControlResponse, { type: 'start' }>;

interface Recording {
  run: string;
  file: string;
  truth: TruthRequest[];
}

const recordings: Partial<Record<'a' | 'b', Recording>> = {};

/** Requests the server must answer per version: page, cached.png (only when not cached), 6 shard and 4 h2 images, the API (and its preflight in b), the slow fetch; twice. */
const EXPECTED = { a: 14 + 13, b: 15 + 15 };

beforeAll(async () => {
  rig = await startRig();
  dir = await mkdtemp(join(tmpdir(), 'netlens-diff-'));
  const worker = await rig.worker();
  const stamp = Date.now().toString(36);
  for (const v of ['a', 'b'] as const) {
    // The run token (letters and digits) is what the diff folds: both versions have the same keys.
    const run = `d${stamp}${v}1`;
    if (v === 'b') diffVersions.add(run);
    rig.server.setHttp2(v === 'a');
    rig.server.dropConnections();
    const page = await rig.newPage();
    const started = await control<Started>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const url = rig.server.urls.http('a.test', `/diff/page?run=${run}`);
    const answered = (n: number) => waitFor(`${n} requests of ${run} answered`, () => {
      const seen = rig.server.log.requestsMatching(run);
      return seen.length >= n && seen.every((r) => r.finishedAt) && seen.length;
    }, 30_000);
    // The page marks its body once its two fetches (the API, and the slow one made after load) have answered.
    const loaded = async () => {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('body[data-done="1"]', { timeout: 30_000 });
    };
    await loaded();
    const first = await answered(v === 'a' ? 14 : 15);
    await loaded();
    await answered(EXPECTED[v]);
    let events: unknown[] = [];
    await waitFor(`the stored log of ${run} to hold every request, finished`, async () => {
      await control(worker, { type: 'flush', sessionId: started.session.id });
      const stored = await storedSession(worker, started.session.id);
      const rec = NetworkRecorder.fromLog(stored.events.map(toLogEvent));
      const ours = rec.requests().filter((r) => r.url.includes(run) && !r.url.startsWith('data:'));
      events = stored.events.map(toLogEvent);
      // Every request the server saw, plus cached.png's second load (from the cache) in a.
      return ours.length >= EXPECTED[v] + (v === 'a' ? 1 : 0) && ours.every((r) => r.finished);
    }, 30_000);
    await control(worker, { type: 'stop', sessionId: started.session.id });
    await page.close();
    expect(first).toBeGreaterThan(0);
    const file = join(dir, `${v}.cdp.json`);
    await writeFile(file, `[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
    recordings[v] = { run, file, truth: rig.server.log.requestsMatching(run) };
  }
  rig.server.setHttp2(true);
}, 120_000);

afterAll(async () => {
  await rig?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function netlens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['build/cli/netlens.js', ...args], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const hostOf = (hostPort: string) => hostPort.replace(/:\d+$/, '');
/** Distinct sockets the server saw carry requests, per host name. */
function socketsByHost(truth: readonly TruthRequest[]): Map<string, number> {
  const sets = new Map<string, Set<number>>();
  for (const t of truth) {
    const s = sets.get(hostOf(t.host)) ?? new Set<number>();
    s.add(t.socketId);
    sets.set(hostOf(t.host), s);
  }
  return new Map([...sets].map(([h, s]) => [h, s.size]));
}
const changeHost = (c: Change) => hostOf((c.origin ?? c.subject).replace(/^[a-z]+:\/\//, ''));

it('reports exactly the five changes and what the server saw change with them, and fails the budget they break', async () => {
  const a = recordings.a!;
  const b = recordings.b!;
  // The server's view of what differs.
  const sa = socketsByHost(a.truth);
  const sb = socketsByHost(b.truth);
  const shard1 = rig.server.urls.http('shard1.test', '').replace(/\/$/, '');
  const budget = join(dir, 'budget.json');
  await writeFile(budget, JSON.stringify({ overall: { maxPreflights: 0, maxCacheRegressions: 0, maxRequests: 1000 }, origins: { [shard1]: { maxNewConnections: sa.get('shard1.test') } } }));

  // Timing is compared too: on this loaded 2-core machine two loads of one page differ by up to
  // hundreds of milliseconds, which the diff's noise rule (timing.ts) must not report, while the
  // slow fetch's 1,500 ms in b must be.
  const out = await netlens('diff', a.file, b.file, '--json', '--budget', budget);
  expect(out.code, out.stderr).toBe(1);
  const d = JSON.parse(out.stdout) as DiffResult & { budget: { within: boolean; violations: Violation[] } };
  expect(d.warnings).toEqual([]);
  expect(d.ignored).toEqual([]);

  // The kinds and what each is about, from the server's log: the cached image, the API, the
  // shard, the HTTP/2 origin, and the hosts whose socket count changed by the diff's rule (one
  // more or fewer, and a quarter of before at least: NOISE.connectionsShare).
  const connectionHosts = [...new Set([...sa.keys(), ...sb.keys()])].filter((h) => sa.has(h) && sb.has(h) && Math.abs(sb.get(h)! - sa.get(h)!) >= Math.max(1, 0.25 * sa.get(h)!)).sort();
  const got = d.changes.map((c) => `${c.kind} ${changeHost(c)}`).sort();
  const expected = [
    'cache a.test',
    'cors b.test',
    'moved shard1.test',
    'origins shard2.test',
    'protocol h2.test',
    'timing a.test',
    ...connectionHosts.map((h) => `connections ${h}`),
  ].sort();
  expect(got, d.changes.map((c) => c.sentence).join('\n')).toEqual(expected);
  expect(connectionHosts).toEqual(expect.arrayContaining(['h2.test', 'shard1.test']));

  const byKind = (k: Change['kind']) => d.changes.find((c) => c.kind === k)!;
  // Cache: the image, both loads; cached before (the second load), not storable now, and why.
  const cache = byKind('cache');
  expect(cache.direction).toBe('worse');
  expect(cache.subject).toMatch(/^GET http:\/\/a\.test:\d+\/diff\/cached\.png\?run=\{id\}$/);
  expect(cache.requests.length).toBe(2);
  expect(cache.sentence).toMatch(/no-store/);
  expect(a.truth.filter((t) => t.path.startsWith('/diff/cached.png')).length).toBe(1);
  expect(b.truth.filter((t) => t.path.startsWith('/diff/cached.png')).length).toBe(2);
  // CORS: the server saw OPTIONS only in b, one per load.
  const cors = byKind('cors');
  const optionsB = b.truth.filter((t) => t.method === 'OPTIONS');
  expect(a.truth.filter((t) => t.method === 'OPTIONS')).toEqual([]);
  expect(optionsB.length).toBe(2);
  expect([cors.before, cors.after, cors.direction]).toEqual(['simple', 'preflighted', 'worse']);
  // The shard: shard2's requests in a are shard1's in b, by URL path.
  const moved = byKind('moved');
  const pathOf = (u: string) => new URL(u).pathname;
  expect(moved.requests.map((l) => pathOf(l.url)).sort()).toEqual(a.truth.filter((t) => hostOf(t.host) === 'shard2.test').map((t) => t.path.split('?')[0]).sort());
  expect(b.truth.some((t) => hostOf(t.host) === 'shard2.test')).toBe(false);
  // HTTP/2: the server answered h2.test over h2 in a and HTTP/1.1 in b.
  const protocol = byKind('protocol');
  const h2a = a.truth.filter((t) => hostOf(t.host) === 'h2.test');
  expect(h2a.every((t) => t.protocol === 'h2')).toBe(true);
  expect(b.truth.filter((t) => hostOf(t.host) === 'h2.test').every((t) => t.protocol === 'http/1.1')).toBe(true);
  expect([protocol.before, protocol.after, protocol.requests.length]).toEqual(['h2', 'http/1.1', h2a.length]);
  // Timing: the slow fetch's wait for the server, both loads, and nothing else in timing. The
  // server held b's answers SLOW_MS and a's not at all (its own clock).
  const slowOf = (r: Recording) => r.truth.filter((t) => t.path.startsWith('/diff/slow'));
  const held = (t: TruthRequest) => t.respondedAt! - t.receivedAt;
  expect(slowOf(a).map(held).every((x) => x < SLOW_MS / 3)).toBe(true);
  expect(slowOf(b).map(held).every((x) => x >= SLOW_MS)).toBe(true);
  const timing = byKind('timing');
  expect(timing.subject).toMatch(/^http:\/\/a\.test:\d+ wait$/);
  expect(timing.direction).toBe('worse');
  expect(timing.requests.map((l) => l.url).sort()).toEqual(slowOf(b).map((t) => t.url).sort());
  expect(timing.requests.every((l) => l.a !== undefined && l.b !== undefined)).toBe(true);
  expect(timing.before as number).toBeLessThan(SLOW_MS / 3);
  expect(timing.after as number).toBeGreaterThanOrEqual(SLOW_MS);
  expect(timing.sentence).toMatch(/^`GET \/diff\/slow\?run=[^`]+` spent \+1\.\d s more time waiting for the server \(TTFB\)/);
  // Connections: what the server counted.
  for (const h of connectionHosts) {
    const c = d.changes.find((x) => x.kind === 'connections' && changeHost(x) === h)!;
    expect([h, c.before, c.after]).toEqual([h, sa.get(h), sb.get(h)]);
  }

  // The budget: preflights, cache regressions and shard1's connections, each with its evidence.
  expect(d.budget.within).toBe(false);
  expect(d.budget.violations.map((v) => `${v.scope} ${v.limit} ${v.actual}`).sort()).toEqual(
    [`overall maxPreflights ${optionsB.length}`, 'overall maxCacheRegressions 1', `${shard1} maxNewConnections ${sb.get('shard1.test')}`].sort(),
  );
  const pre = d.budget.violations.find((v) => v.limit === 'maxPreflights')!;
  expect(pre.requests.map((l) => l.url).sort()).toEqual(optionsB.map((t) => t.url).sort());

  // The same as Markdown for a pull request, and as text: the sentences, and exit 1.
  const [md, text] = await Promise.all([netlens('diff', a.file, b.file, '--markdown', '--budget', budget, '--ignore=timing'), netlens('diff', a.file, b.file)]);
  expect(md.code).toBe(1);
  expect(md.stdout).toMatch(/^### Netlens: \d+ network changes · ❌ 3 budget violations/);
  expect(md.stdout).toContain(cache.sentence);
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/went over h2 before and http\/1\.1 now/);
  expect(text.stdout).toMatch(/\[timing\] GET \/diff\/slow\?run=\S+ spent \+1\.\d s more time waiting for the server/);
  expect(md.stdout).not.toContain('**timing**');
}, 60_000);

it('reports nothing for a recording against itself (a CDP log, and the HAR made of it), within budget: exit 0', async () => {
  const a = recordings.a!;
  const shard1 = rig.server.urls.http('shard1.test', '').replace(/\/$/, '');
  const budget = join(dir, 'budget-self.json');
  await writeFile(budget, JSON.stringify({ overall: { maxPreflights: 0, maxCacheRegressions: 0 }, origins: { [shard1]: { maxNewConnections: socketsByHost(a.truth).get('shard1.test') } } }));
  const self = await netlens('diff', a.file, a.file, '--budget', budget);
  expect(self.code, self.stderr).toBe(0);
  expect(self.stdout).toMatch(/\nNo changes\.\n/);
  expect(self.stdout).toMatch(/\nWithin budget\.\n/);
  const har = join(dir, 'a.har');
  expect((await netlens('convert', a.file, '-o', har)).code).toBe(0);
  const fromHar = await netlens('diff', har, har, '--json');
  expect(fromHar.code).toBe(0);
  expect((JSON.parse(fromHar.stdout) as DiffResult).changes).toEqual([]);
}, 60_000);

it('exits 2 with a sentence on bad input (a missing file, a file that is not a recording, a bad budget) and 3 on an output it cannot write', async () => {
  const a = recordings.a!;
  const notes = join(dir, 'notes.txt');
  await writeFile(notes, 'these are my notes\n');
  const badBudget = join(dir, 'bad-budget.json');
  await writeFile(badBudget, JSON.stringify({ overall: { maxBytes: '10kb' } }));
  const [missing, junk, bad] = await Promise.all([netlens('diff', a.file, join(dir, 'nope.har')), netlens('diff', a.file, notes), netlens('diff', a.file, a.file, '--budget', badBudget)]);
  const last = (s: string) => s.trim().split('\n').pop();
  expect([missing.code, last(missing.stderr)]).toEqual([2, `netlens diff: There is no file at ${join(dir, 'nope.har')}.`]);
  expect(junk.code).toBe(2);
  expect(last(junk.stderr)).toMatch(/^netlens diff: .*notes\.txt/);
  expect([bad.code, last(bad.stderr)]).toEqual([2, `netlens diff: ${badBudget}: \`overall.maxBytes\` must be a whole number of 0 or more (it is "10kb").`]);
  const usage = await netlens('diff', a.file);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/diff needs two recordings/);
  // Not bad input: an output file that cannot be written is "anything else", exit 3.
  const unwritable = await netlens('diff', a.file, a.file, '-o', dir);
  expect([unwritable.code, last(unwritable.stderr), unwritable.stdout]).toEqual([3, `netlens diff: Could not write the diff to ${dir}: it is a folder (EISDIR); choose another -o path.`, '']);
}, 60_000);
