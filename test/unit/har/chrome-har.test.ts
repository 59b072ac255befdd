// A HAR written by another tool — chrome-har from npm, on a log recorded from real Chromium —
// imports into the same requests, statuses and connection ids the log itself folds into.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { importHar } from '../../../src/core/import/import-har.ts';
import { loadLog } from '../../fixtures/load.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';

// chrome-har ships no types.
const chromeHar = 'chrome-har';
const { harFromMessages } = (await import(chromeHar)) as { harFromMessages(m: readonly CdpEvent[], o: object): { log: { creator: { name: string }; entries: { request: { url: string }; response: { status: number }; connection?: string }[] } } };

describe.each(['pool', 'h2', 'redirect', 'demo'])('%s: chrome-har’s HAR', (name) => {
  it('imports with the requests, statuses and connection ids of the original log', () => {
    const log = loadLog(name);
    const har = harFromMessages(log, {});
    expect(har.log.entries.length).toBeGreaterThan(0);
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
  });
});
