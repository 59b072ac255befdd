// `netlens record` end to end: the built command launches Chromium with the extension, records
// the fixture server's pool page through the control API, and writes a HAR that agrees with what
// the server saw (requests, statuses, which shared a socket), plus the report.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../server/fixture-server.ts';
import { partition } from './cdp-oracle.ts';

const exec = promisify(execFile);
let server: FixtureServer;
let dir: string;
beforeAll(async () => {
  await exec(process.execPath, ['scripts/build-cli.mjs']);
  server = await startFixtureServer();
  dir = await mkdtemp(join(tmpdir(), 'netlens-record-'));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

it('records a page into a HAR that matches the server, and prints the report', async () => {
  const run = `cli-${Date.now().toString(36)}`;
  const url = server.urls.http('a.test', `/pool?run=${run}&n=12&other=3&delay=30`);
  const out = join(dir, 'pool.har');
  const { stdout, stderr } = await exec(
    process.execPath,
    ['build/cli/netlens.js', 'record', url, '-o', out, '--headless', ...server.chromiumArgs.map((a) => `--browser-arg=${a}`), '--browser-arg=--disable-quic'],
    { timeout: 90_000 },
  );
  expect(stderr).toMatch(/Recording http:\/\/a\.test/);
  expect(stderr).toMatch(/Wrote .*pool\.har: \d+ entries\. (Redacted|Redaction found nothing)/);
  // The report names the version of package.json (the one version of a release).
  const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
  expect(stdout.startsWith(`Netlens ${version} report: http://a.test`)).toBe(true);
  const har = JSON.parse(await readFile(out, 'utf8')) as { log: { entries: { request: { url: string; method: string }; response: { status: number }; _connectionId?: string }[] } };
  const entries = har.log.entries.filter((e) => e.request.url.includes(run));
  const truth = server.log.requestsMatching(run);
  expect(entries.map((e) => `${e.request.method} ${e.request.url} ${e.response.status}`).sort()).toEqual(truth.map((t) => `${t.method} ${t.url} ${t.status}`).sort());
  expect(partition(entries, (e) => e.request.url, (e) => e._connectionId)).toEqual(partition(truth, (t) => t.url, (t) => t.socketId));
}, 120_000);

it('exits non-zero with a sentence when the page cannot load', async () => {
  const out = join(dir, 'refused.har');
  // A loopback port nothing listens on: bind one, then let it go.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const failed = await exec(process.execPath, ['build/cli/netlens.js', 'record', `http://127.0.0.1:${port}/`, '-o', out, '--headless', '--seconds', '0'], { timeout: 90_000 }).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect((failed as { code: number }).code).toBe(1);
  expect((failed as { stderr: string }).stderr).toMatch(/The page did not load: net::ERR_CONNECTION_REFUSED/);
  // What was recorded is still written: the failed navigation itself.
  const har = JSON.parse(await readFile(out, 'utf8')) as { log: { entries: { response: { _error: string } }[] } };
  expect(har.log.entries[0]?.response._error).toMatch(/ERR_CONNECTION_REFUSED/);
}, 120_000);

// Experiments (issue 21): runs in one profile, emulated conditions, and a --steps module, each held
// against the fixture server's log.
type Har = { log: { pages: { id: string }[]; entries: { pageref?: string; request: { url: string; method: string }; response: { status: number }; time: number; _fromCache?: string; _netlensNetworkConditionsId?: string }[] } };
const record = (args: string[]) =>
  exec(process.execPath, ['build/cli/netlens.js', 'record', ...args, '--headless', ...server.chromiumArgs.map((a) => `--browser-arg=${a}`), '--browser-arg=--disable-quic'], { timeout: 90_000 });

it('--runs cold,warm,reload: one page per run, and what reached the server each time matches the caching rules', async () => {
  const run = `cli-runs-${Date.now().toString(36)}`;
  const url = server.urls.http('a.test', `/cache-lab/page?k=max-age,no-cache,no-store&run=${run}`);
  const out = join(dir, 'runs.har');
  const { stderr } = await record([url, '-o', out, '--runs', 'cold,warm,reload']);
  expect(stderr).toMatch(/run 1 \(cold\)[\s\S]*run 2 \(warm\)[\s\S]*run 3 \(reload\)/);
  expect(stderr).toMatch(/HTTP cache emptied first/);
  // The server's log, per URL kind, in order: the cold load fetched everything; the warm
  // navigation revalidated only no-cache and refetched no-store; the reload also revalidated the document.
  const seen = (k: string) =>
    server.log
      .requestsMatching(run)
      .filter((t) => (k === 'document' ? t.path.startsWith('/cache-lab/page') : t.url.includes(`k=${k}&`)))
      .map((t) => `${t.headers['if-none-match'] ? 'conditional' : 'full'} ${t.status}`);
  expect(seen('document')).toEqual(['full 200', 'conditional 304']);
  expect(seen('max-age')).toEqual(['full 200']);
  expect(seen('no-cache')).toEqual(['full 200', 'conditional 304', 'conditional 304']);
  expect(seen('no-store')).toEqual(['full 200', 'full 200', 'full 200']);
  const har = JSON.parse(await readFile(out, 'utf8')) as Har;
  expect(har.log.pages).toHaveLength(3);
  // Each page holds the document and the three images, whether from the network or the cache.
  for (const p of har.log.pages) expect(har.log.entries.filter((e) => e.pageref === p.id && e.request.url.includes(run))).toHaveLength(4);
}, 120_000);

it('--steps drives a two-page flow under --latency, and every request the server saw is in the HAR with the latency', async () => {
  const run = `cli-steps-${Date.now().toString(36)}`;
  const steps = join(dir, 'flow.mjs');
  await writeFile(
    steps,
    `export default async (page) => {
  await page.type('#name', 'Ada');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#next')]);
  await page.waitForFunction(() => document.title === 'done');
};
`,
  );
  const outDir = join(dir, 'steps');
  const { stderr } = await record([server.urls.http('a.test', `/flow/start?run=${run}`), '--out-dir', outDir, '--steps', steps, '--latency', '300']);
  expect(stderr).toMatch(/Running the steps in .*flow\.mjs/);
  expect(stderr).toMatch(/does not add round trips to DNS, TCP or TLS/);
  const truth = server.log.requestsMatching(run);
  // The flow as the server saw it: both pages, what each loaded, and the form's field.
  expect(truth.map((t) => new URL(t.url).pathname).sort()).toEqual(['/flow/next', '/flow/start', '/res/flow-data.json', '/res/flow-next.png', '/res/flow-start.png']);
  expect(truth.find((t) => t.path.startsWith('/flow/next'))?.url).toMatch(/name=Ada/);
  const har = JSON.parse(await readFile(join(outDir, '1-custom.har'), 'utf8')) as Har;
  const entries = har.log.entries.filter((e) => e.request.url.includes(run));
  expect(entries.map((e) => e.request.url).sort()).toEqual(truth.map((t) => t.url).sort());
  for (const e of entries) {
    expect(e.time).toBeGreaterThanOrEqual(300);
    expect(e._netlensNetworkConditionsId).toBeTruthy();
  }
}, 120_000);

it('a --steps module that throws: exit code 3, the error as such, and what was recorded is still written', async () => {
  const run = `cli-steps-err-${Date.now().toString(36)}`;
  const steps = join(dir, 'broken.mjs');
  await writeFile(steps, `export default async () => { throw new Error('the Next button is missing'); };\n`);
  const out = join(dir, 'broken.har');
  const failed = await record([server.urls.http('a.test', `/flow/start?run=${run}`), '-o', out, '--steps', steps]).catch((e: { code: number; stderr: string }) => e);
  expect((failed as { code: number }).code).toBe(3);
  expect((failed as { stderr: string }).stderr).toMatch(/The steps in .*broken\.mjs failed: the Next button is missing/);
  const har = JSON.parse(await readFile(out, 'utf8')) as Har;
  expect(har.log.entries.filter((e) => e.request.url.includes(run)).map((e) => new URL(e.request.url).pathname).sort()).toEqual(['/flow/start', '/res/flow-start.png']);
}, 120_000);

it('bad experiment flags get a sentence and exit code 2 before any browser starts', async () => {
  const bad = await exec(process.execPath, ['build/cli/netlens.js', 'record', 'http://a.test/', '-o', join(dir, 'x.har'), '--throttle', 'dial-up']).catch((e: { code: number; stderr: string }) => e);
  expect((bad as { code: number }).code).toBe(2);
  expect((bad as { stderr: string }).stderr).toMatch(/Unknown --throttle preset "dial-up"; the presets are "Fast 4G", "Slow 4G", "3G", "Satellite", "Offline"/);
  const noFn = join(dir, 'nofn.mjs');
  await writeFile(noFn, 'export const x = 1;\n');
  const bad2 = await exec(process.execPath, ['build/cli/netlens.js', 'record', 'http://a.test/', '-o', join(dir, 'x.har'), '--steps', noFn]).catch((e: { code: number; stderr: string }) => e);
  expect((bad2 as { code: number }).code).toBe(2);
  expect((bad2 as { stderr: string }).stderr).toMatch(/exports no function/);
  const bad3 = await exec(process.execPath, ['build/cli/netlens.js', 'record', 'http://a.test/', '-o', join(dir, 'x.har'), '--runs', 'reload,cold']).catch((e: { code: number; stderr: string }) => e);
  expect((bad3 as { stderr: string }).stderr).toMatch(/--runs cannot start with reload/);
});
// Issue 19: `record --bodies` keeps the server's bodies byte for byte (redacted by default), and
// says why one is absent.
it('records response bodies with --bodies', async () => {
  const { BODY_FIXTURES, BODY_SECRETS, BODY_STREAMS, STREAM_SECRET } = await import('../server/scenarios/bodies.ts');
  const run = `cli-bodies-${Date.now().toString(36)}`;
  const out = join(dir, 'bodies.har');
  const { stderr } = await exec(
    process.execPath,
    ['build/cli/netlens.js', 'record', server.urls.http('a.test', `/bodies-page?run=${run}`), '-o', out, '--headless', '--bodies', ...server.chromiumArgs.map((a) => `--browser-arg=${a}`)],
    { timeout: 90_000 },
  );
  expect(stderr).toMatch(/Stored \d+ response bodies; \d+ not kept, each with its reason\./);
  const text = await readFile(out, 'utf8');
  const har = JSON.parse(text) as { log: { entries: { request: { url: string }; response: { status: number; content: { text?: string; encoding?: string; size: number; _netlensBodyReason?: { reason: string } } } }[] } };
  const content = (path: string) => har.log.entries.find((e) => e.request.url.includes(`${path}?run=${run}`) && !e.request.url.includes('via=') && e.response.status === 200)!.response.content;
  for (const path of ['/bodies/pixel.png', '/bodies/blob.bin', '/bodies/text.txt', '/bodies/big.txt']) {
    const c = content(path);
    const bytes = c.encoding === 'base64' ? Buffer.from(c.text!, 'base64') : Buffer.from(c.text ?? '', 'utf8');
    expect(bytes.equals(BODY_FIXTURES[path]!.bytes), path).toBe(true);
    expect(c.size, path).toBe(BODY_FIXTURES[path]!.bytes.length);
  }
  // The event stream's body is rebuilt from its messages (issue 19): every message the server
  // sent is in it, the planted token redacted, and the entry says it was rebuilt.
  const stream = content('/bodies/stream') as { text?: string; _netlensStreamBody?: { from: string; messages: number; complete: boolean } };
  expect(stream._netlensStreamBody).toMatchObject({ from: 'stream', complete: true, messages: BODY_STREAMS['/bodies/stream']!.messages.filter((m) => m.retry === undefined).length });
  for (const m of BODY_STREAMS['/bodies/stream']!.messages) if (m.retry === undefined && !m.data.includes(STREAM_SECRET)) for (const line of m.data.split('\n')) expect(stream.text).toContain(`data: ${line}`);
  for (const secret of [...Object.values(BODY_SECRETS), STREAM_SECRET]) expect(text).not.toContain(secret);
}, 120_000);
