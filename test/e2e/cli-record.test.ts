// `netlens record` end to end: the built command launches Chromium with the extension, records
// the fixture server's pool page through the control API, and writes a HAR that agrees with what
// the server saw (requests, statuses, which shared a socket), plus the report.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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

// Issue 19: `record --bodies` keeps the server's bodies byte for byte (redacted by default), and
// says why one is absent.
it('records response bodies with --bodies', async () => {
  const { BODY_FIXTURES, BODY_SECRETS } = await import('../server/scenarios/bodies.ts');
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
  expect(content('/bodies/stream')._netlensBodyReason?.reason).toBe('event-stream');
  for (const secret of Object.values(BODY_SECRETS)) expect(text).not.toContain(secret);
}, 120_000);
