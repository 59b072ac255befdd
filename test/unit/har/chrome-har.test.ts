// A HAR written by another tool — chrome-har from npm, on a log recorded from real Chromium —
// imports into the same requests, statuses and connection ids the log itself folds into, and
// that the fixture server saw (its socket ids group the requests as the connection ids do).
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { importHar } from '../../../src/core/import/import-har.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { partition } from '../../e2e/cdp-oracle.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';

// chrome-har ships no types.
const chromeHar = 'chrome-har';
const { harFromMessages } = (await import(chromeHar)) as { harFromMessages(m: readonly CdpEvent[], o: object): { log: { creator: { name: string }; entries: { request: { url: string }; response: { status: number }; connection?: string }[] } } };

describe.each(['pool', 'h2', 'redirect', 'demo'])('%s: chrome-har’s HAR', (name) => {
  it('imports with the requests, statuses and connection ids of the original log', () => {
    const log = loadLog(name);
    const har = harFromMessages(log, {});
    const truth = loadTruth(name);
    // A cold load: every request reached the server, so the HAR has one entry per request it answered.
    expect(har.log.entries.length).toBe(truth.requests.length);
    const imported = importHar(har);
    expect(imported.connectionField).toBe('socket id');
    const fromHar = NetworkRecorder.fromLog(imported.events).requests();
    const original = new Map(NetworkRecorder.fromLog(log).requests().map((r) => [`${r.method} ${r.url}`, r]));
    expect(fromHar.length).toBe(har.log.entries.length);
    for (const r of fromHar) {
      const o = original.get(`${r.method} ${r.url}`);
      expect(o, r.url).toBeDefined();
      expect(r.status, r.url).toBe(o!.status);
      expect(r.connectionId || undefined, r.url).toBe(o!.connectionId || undefined);
    }
    // Against the server: the same requests and statuses, and the connection ids group them as its sockets did.
    expect(fromHar.map((r) => `${r.method} ${r.url} ${r.status}`).sort()).toEqual(truth.requests.map((t) => `${t.method} ${t.url} ${t.status}`).sort());
    expect(partition(fromHar, (r) => `${r.method} ${r.url}`, (r) => r.connectionId || undefined)).toEqual(partition(truth.requests, (t) => `${t.method} ${t.url}`, (t) => t.socketId));
  });
});
