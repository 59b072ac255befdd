// netlens convert writes the HAR through 1 MB slabs, each entry encoded as UTF-8 on its own (see
// writeHar): text outside ASCII, a lone surrogate and an entry larger than a slab must come back
// exactly as the log gave them.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/netlens.ts';
import type { CliIo } from '../../../src/cli/io.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netlens-convert-write-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Values of X-Test on the responses, one per request: small non-ASCII ones, and two over 1 MB once encoded. */
const VALUES = Array.from({ length: 600 }, (_, i) => {
  const text = `é😀\ud800 ü ${i} ` + '€'.repeat(i % 7);
  return i === 100 || i === 400 ? text + 'ж'.repeat(600_000) : text;
});

function log(): string {
  const events: unknown[] = [];
  VALUES.forEach((value, i) => {
    const requestId = `r${i}`;
    const t = 1 + i * 0.01;
    events.push({ method: 'Network.requestWillBeSent', params: { requestId, loaderId: 'L', documentURL: 'http://a.test/', request: { url: `http://a.test/x${i}`, method: 'GET', headers: {} }, timestamp: t, wallTime: 1_700_000_000 + t, type: 'Fetch' } });
    events.push({ method: 'Network.responseReceived', params: { requestId, loaderId: 'L', timestamp: t + 0.001, type: 'Fetch', response: { url: `http://a.test/x${i}`, status: 200, statusText: 'OK', headers: { 'X-Test': value, 'Content-Type': 'text/plain' }, mimeType: 'text/plain', protocol: 'http/1.1', connectionId: 7, connectionReused: i > 0, encodedDataLength: 100 } } });
    events.push({ method: 'Network.loadingFinished', params: { requestId, timestamp: t + 0.002, encodedDataLength: 110 } });
  });
  // One event per line: the streamed reader, as convert reads most logs.
  return `[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}

describe('netlens convert writing', () => {
  it('writes every character of every entry, small or larger than a write', async () => {
    const input = join(dir, 'log.json');
    await writeFile(input, log());
    let err = '';
    const io: CliIo = { out: () => {}, err: (t) => void (err += t), interactive: false, cwd: dir };
    expect(await main(['convert', input, '-o', 'out.har', '--no-redact'], io)).toBe(0);
    expect(err).toContain('600 entries');
    const har = JSON.parse(await readFile(join(dir, 'out.har'), 'utf8')) as { log: { entries: { request: { url: string }; response: { headers: { name: string; value: string }[] } }[] } };
    expect(har.log.entries.length).toBe(600);
    const byUrl = new Map(har.log.entries.map((e) => [e.request.url, e.response.headers.find((h) => h.name === 'X-Test')?.value]));
    for (let i = 0; i < VALUES.length; i++) expect(byUrl.get(`http://a.test/x${i}`), `entry ${i}`).toBe(VALUES[i]);
  });
});
