// The netlens command line, in-process (main with captured output) and once as the built binary.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/netlens.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { harValidator } from '../har/validator.ts';
import { PLANTED } from '../../server/scenarios/secrets.ts';

const fixture = (name: string) => join(process.cwd(), 'test', 'fixtures', `${name}.cdp.json`);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netlens-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false, cwd: dir };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('netlens explain', () => {
  it('prints a readable report of a CDP log', async () => {
    const r = await run('explain', fixture('demo'));
    expect(r.code).toBe(0);
    // The server answered 54 requests of the recorded demo load (all of them: it was cold).
    expect(loadTruth('demo').requests.length).toBe(54);
    expect(r.out).toContain('54 requests to ');
    // 42 over HTTP/1.1 and 12 over h2, by the server's log.
    expect(r.out).toMatch(/Protocols: http\/1\.1 42, h2 12\b/);
    expect(r.err).toMatch(/CDP log \(json-array\)/);
  });

  it('prints JSON for scripts, with the same counts', async () => {
    const r = await run('explain', fixture('streams'), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    // The page, the event stream and its reconnect, and the WebSocket: the 4 requests the server answered.
    expect(loadTruth('streams').requests.length).toBe(4);
    expect(report.summary.requests).toBe(4);
    const streams = report.sections.find((s: { title: string }) => s.title === 'Streams');
    expect(streams.data.webSockets[0]).toMatchObject({ status: 101, closed: true });
    expect(streams.data.eventSources[0].lastEventIds).toEqual(['3']);
  });

  it('redacts the report as it redacts a HAR, unless --no-redact', async () => {
    // The secrets recording quotes a URL whose access_token is the planted query secret.
    const raw = await run('explain', fixture('secrets'), '--json', '--no-redact');
    expect(raw.out).toContain(PLANTED.query);
    for (const args of [['--json'], []]) {
      const r = await run('explain', fixture('secrets'), ...args);
      expect(r.code).toBe(0);
      for (const s of Object.values(PLANTED)) expect(r.out).not.toContain(s);
    }
    // Nothing but the secret changes: the same report with that one value put back.
    const red = (await run('explain', fixture('secrets'), '--json')).out;
    expect(red.replace('access_token=REDACTED', `access_token=${PLANTED.query}`)).toBe(raw.out);
  });

  it('explains a HAR the same way as the log it came from', async () => {
    const har = join(dir, 'demo.har');
    expect((await run('convert', fixture('demo'), '-o', har, '--no-redact')).code).toBe(0);
    const fromLog = JSON.parse((await run('explain', fixture('demo'), '--json')).out);
    const fromHar = JSON.parse((await run('explain', har, '--json')).out);
    const { durationMs: harMs, ...harRest } = fromHar.summary;
    const { durationMs: logMs, ...logRest } = fromLog.summary;
    expect(harRest).toEqual(logRest);
    // Times go through epoch-based floating point in the HAR: equal to a tenth of a millisecond.
    expect(Math.abs(harMs - logMs)).toBeLessThan(0.1);
  });
});

describe('netlens convert', () => {
  it('writes a schema-valid HAR, redacted by default, and says what it removed', async () => {
    const out = join(dir, 'secrets.har');
    const r = await run('convert', fixture('secrets'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Wrote .*secrets\.har: \d+ entries\. Redacted \d+ credential headers, \d+ cookies/);
    const text = await readFile(out, 'utf8');
    expect(harValidator()(JSON.parse(text))).toEqual([]);
    for (const s of Object.values(PLANTED)) expect(text).not.toContain(s);
  });

  it('writes credentials only when asked, and the file says so', async () => {
    const out = join(dir, 'plain.har');
    const r = await run('convert', fixture('secrets'), '--out', out, '--no-redact');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/NOT redacted/);
    const text = await readFile(out, 'utf8');
    expect(text).toContain(PLANTED.cookie);
    expect(JSON.parse(text).log._netlensRedaction).toEqual({ redacted: false });
  });

  it('--redact strict also drops bodies, frames, SSE data and query values; --redact with --no-redact is refused', async () => {
    const out = join(dir, 'strict.har');
    const r = await run('convert', fixture('secrets'), '-o', out, '--redact', 'strict');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Redacted \(strict\) .*bodies dropped \(strict\)/);
    const har = JSON.parse(await readFile(out, 'utf8'));
    expect(harValidator()(har)).toEqual([]);
    expect(har.log._netlensRedaction.level).toBe('strict');
    const entries = har.log.entries as { request: { queryString: { value: string }[]; postData?: { text: string } }; _webSocketMessages?: { data: string }[]; _eventSourceMessages?: { data: string }[] }[];
    expect(entries.flatMap((e) => e.request.queryString.map((q) => q.value)).every((v) => v === 'REDACTED' || v === '')).toBe(true);
    expect(entries.flatMap((e) => [...(e._webSocketMessages ?? []), ...(e._eventSourceMessages ?? [])]).every((m) => m.data === '')).toBe(true);
    expect(entries.filter((e) => e.request.postData).every((e) => e.request.postData!.text === '[REMOVED by strict redaction]')).toBe(true);
    const both = await run('convert', fixture('secrets'), '-o', out, '--redact', 'strict', '--no-redact');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/either --redact or --no-redact/);
    const bad = await run('convert', fixture('secrets'), '-o', out, '--redact=loose');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--redact takes strict or default, not loose/);
  });

  it('redacts the extra names it is given', async () => {
    const out = join(dir, 'extra.har');
    expect((await run('convert', fixture('secrets'), '-o', out, '--redact-header', 'X-Request-Id', '--redact-param=keyword')).code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain('req-4242');
    expect(text).not.toContain('keyword=blue');
  });
});

describe('bad input and usage', () => {
  it('exits 2 with a sentence for a missing file, bad JSON, wrong options and missing arguments', async () => {
    const missing = await run('explain', join(dir, 'nope.har'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/There is no file at .*nope\.har/);
    const badFile = join(dir, 'bad.json');
    await writeFile(badFile, '[\n  {"method": "Network.requestWillBeSent", "params": {}},\n  {"method": oops}\n]');
    const bad = await run('explain', badFile);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not valid JSON.*line 3, column 14/);
    expect((await run('convert', fixture('demo'))).err).toMatch(/needs -o OUT\.har/);
    expect((await run('convert', fixture('demo'), '-o')).err).toMatch(/-o needs a value/);
    expect((await run('explain', fixture('demo'), '--frobnicate')).code).toBe(2);
    expect((await run('record', 'not a url', '-o', 'x.har')).err).toMatch(/is not an http\(s\) URL/);
    expect((await run('launch')).code).toBe(2);
  });

  it('has --help for every command', async () => {
    for (const cmd of ['explain', 'convert', 'record']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: netlens ${cmd} `));
    }
    expect((await run('--help')).out).toMatch(/netlens explain FILE/);
  });
});

describe('the built binary', () => {
  it('runs as "netlens" from package.json\'s bin, with its exit codes', async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: process.cwd() });
    const pkg = JSON.parse(await readFile(join(process.cwd(), 'package.json'), 'utf8'));
    const bin = join(process.cwd(), pkg.bin.netlens);
    const ok = await promisify(execFile)(bin, ['explain', fixture('redirect')]);
    expect(ok.stdout).toMatch(/3 requests to 2 origins/);
    const failed = await promisify(execFile)(bin, ['explain', join(dir, 'nope.har')]).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(2);
  });
});

describe('a file with a byte-order mark', () => {
  it('is read by explain and convert like the same file without one', async () => {
    const file = join(dir, 'bom.cdp.json');
    await writeFile(file, '\ufeff' + (await readFile(fixture('redirect'), 'utf8')));
    const r = await run('explain', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 requests to 2 origins/);
    const c = await run('convert', file, '-o', 'bom.har');
    expect(c.code).toBe(0);
    const har = JSON.parse(await readFile(join(dir, 'bom.har'), 'utf8'));
    expect(har.log.entries.length).toBe(3);
  });
});

describe('what the recorder repaired or left out', () => {
  it('is said on stderr by explain and convert, and in the report’s first lines', async () => {
    const log = loadLog('pool');
    const responses = log.filter((e) => e.method === 'Network.responseReceived' && typeof (e.params as { response?: { connectionId?: unknown } }).response?.connectionId === 'number').length;
    const stringly = log.map((e) => {
      const p = e.params as { response?: Record<string, unknown> };
      if (e.method !== 'Network.responseReceived' || typeof p.response?.connectionId !== 'number') return e;
      return { ...e, params: { ...p, response: { ...p.response, connectionId: String(p.response.connectionId) } } };
    });
    const file = join(dir, 'stringly.cdp.json');
    await writeFile(file, JSON.stringify(stringly));
    const line = `Repaired ${responses} × Network.responseReceived response.connectionId: text read as a number`;
    const r = await run('explain', file);
    expect(r.code).toBe(0);
    expect(r.err).toContain(line);
    expect(r.out.split('\n').slice(0, 4).join('\n')).toContain(line);
    const json = JSON.parse((await run('explain', file, '--json')).out) as { inputProblems: string[] };
    expect(json.inputProblems[0]).toContain(line);
    const c = await run('convert', file, '-o', 'stringly.har');
    expect(c.err).toContain(line);
  });
});

describe('output through a pipe', () => {
  it('is complete: a report of several hundred kB piped into another process arrives whole', async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: process.cwd() });
    // The demo load twenty times over (each copy with its own request ids): a large report.
    const log = loadLog('demo');
    const big: unknown[] = [];
    for (let k = 0; k < 20; k++) {
      for (const e of log) {
        const p = JSON.parse(JSON.stringify(e.params)) as Record<string, unknown> & { frame?: { loaderId: string } };
        for (const f of ['requestId', 'loaderId']) if (typeof p[f] === 'string') p[f] = `${p[f] as string}-${k}`;
        if (p.frame) p.frame.loaderId += `-${k}`;
        big.push({ ...e, params: p });
      }
    }
    const file = join(dir, 'big.cdp.json');
    await writeFile(file, JSON.stringify(big));
    const expected = (await run('explain', file, '--json')).out;
    expect(expected.length).toBeGreaterThan(4 * 65_536);
    // The reader is slow to start, so the writer's pipe fills and node queues the rest.
    const reader = `setTimeout(() => { let n = 0; const chunks = []; process.stdin.on('data', (c) => { n += c.length; chunks.push(c); }); process.stdin.on('end', () => { JSON.parse(Buffer.concat(chunks).toString()); console.log(n); }); }, 500);`;
    const bin = join(process.cwd(), 'build', 'cli', 'netlens.js');
    const { stdout } = await promisify(execFile)('/bin/sh', ['-c', `"${process.execPath}" "${bin}" explain "${file}" --json 2>/dev/null | "${process.execPath}" -e "${reader.replace(/"/g, '\\"')}"`], { maxBuffer: 1 << 20 });
    expect(Number(stdout.trim())).toBe(Buffer.byteLength(expected));
  }, 60_000);
});

describe('the report’s analysis sections', () => {
  it('explains socket pools and the cache with the recorder’s figures', async () => {
    const demo = JSON.parse((await run('explain', fixture('demo'), '--json')).out);
    const pools = demo.sections.find((s: { title: string }) => s.title === 'Socket pools');
    expect(pools.lines.join('\n')).toMatch(/HTTP\/1\.1: \d+ connections carried \d+ requests; at most [1-6] were busy at once \(the limit is 6 per host\)/);
    expect(pools.lines.join('\n')).toMatch(/Connection coalescing: HTTP\/2 connection #\d+, opened for https:\/\/h2\.test:\d+, also carried https:\/\/h2b\.test/);
    const cache = JSON.parse((await run('explain', fixture('cache'), '--json')).out).sections.find((s: { title: string }) => s.title === 'Cache');
    // From the recording and the server's log of it: 3 answers of 304, and 9 requests served
    // from the memory cache (28 requests in the log, 19 of them reached the server).
    const truth = loadTruth('cache');
    const log = loadLog('cache');
    expect(truth.requests.filter((t) => t.status === 304).length).toBe(3);
    expect(log.filter((e) => e.method === 'Network.requestWillBeSent').length - truth.requests.length).toBe(9);
    expect(cache.data.totals.revalidated.requests).toBe(3);
    expect(cache.data.totals.fromCache.requests).toBe(9);
    expect(cache.lines.join('\n')).toMatch(/Revalidated: `no-cache` requires a check; sent `If-None-Match: "[0-9a-f]+"`, the server answered 304/);
  });

  it('writes the verdicts into the HAR under _netlens names', async () => {
    const out = join(dir, 'cache.har');
    expect((await run('convert', fixture('cache'), '-o', out)).code).toBe(0);
    const har = JSON.parse(await readFile(out, 'utf8'));
    const revalidated = har.log.entries.filter((e: { response: { status: number } }) => e.response.status === 304);
    // The three requests the server answered 304.
    expect(revalidated.length).toBe(3);
    for (const e of revalidated) expect(e._netlensCache).toMatchObject({ reason: expect.stringMatching(/no-cache|expired/), conditionals: [{ name: 'If-None-Match' }] });
    const reused = har.log.entries.filter((e: { _netlensConnection?: { kind: string } }) => e._netlensConnection?.kind === 'reused');
    // Every request that was not the first on its socket at the server rode a reused connection.
    const truth = loadTruth('cache');
    const firstOnSocket = new Map<number, number>();
    for (const t of truth.requests) if (!firstOnSocket.has(t.socketId)) firstOnSocket.set(t.socketId, t.id);
    const later = truth.requests.filter((t) => firstOnSocket.get(t.socketId) !== t.id);
    expect(later.length).toBeGreaterThan(10);
    const reusedUrls = reused.map((e: { request: { url: string } }) => e.request.url);
    for (const t of later) expect(reusedUrls, t.url).toContain(t.url);
    for (const e of reused) expect(e.timings.connect).toBe(-1);
  });
});
