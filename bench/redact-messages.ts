// Redaction of one entry's EventSource messages alone, at N and 10×N, each size in a fresh process
// (no log, records or HAR around it): separates the redactor's own growth from the heap effects
// the shapes benchmark sees when a million messages sit in one HAR entry.
// Run: npx tsx bench/redact-messages.ts [--n 100000]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HarRedactor } from '../src/core/redact/redact-har.ts';
import type { HarEntry } from '../src/core/har/types.ts';

const self = fileURLToPath(import.meta.url);
const child = process.argv.indexOf('--child');
if (child >= 0) {
  const n = Number(process.argv[child + 1]);
  const made = Array.from({ length: n }, (_, i) => ({ type: "message", time: i / 1000, eventName: "message", eventId: String(i + 1), data: `message ${i}` }));
  // As a log read from disk has them (JSON.parse makes flat strings), unless --cons: then the
  // template strings stay rope ("cons") strings, which the first regular expression flattens.
  const messages = process.argv.includes("--cons") ? made : (JSON.parse(JSON.stringify(made)) as typeof made);
  const entry = {
    request: { method: 'GET', url: 'http://a.test/sse', httpVersion: 'http/1.1', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'http/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/event-stream' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    _eventSourceMessages: messages,
  } as unknown as HarEntry;
  const before = process.cpuUsage();
  new HarRedactor({}).entry(entry, 0);
  const used = process.cpuUsage(before);
  console.log(((used.user + used.system) / 1000).toFixed(0));
} else {
  const at = process.argv.indexOf('--n');
  const n = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
  const run = (size: number) => {
    const ms = [1, 2, 3].map(() => Number(execFileSync(process.execPath, [...process.execArgv, self, '--child', String(size)], { encoding: 'utf8' }).trim()));
    return ms.sort((a, b) => a - b)[1]!;
  };
  const small = run(n);
  const large = run(n * 10);
  console.log(`redaction of ${n.toLocaleString('en-US')} / ${(n * 10).toLocaleString('en-US')} EventSource messages: ${small} / ${large} CPU ms (median of 3), ratio ${(large / small).toFixed(1)}`);
}
