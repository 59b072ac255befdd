// The ExtraInfo reconciler: raw headers and status land on the right redirect hop whatever order
// they arrive in, and hops that get no ExtraInfo (served from a cache) are skipped.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { NetworkRecorder, recorderSnapshot } from '../../../src/core/recorder/index.ts';
import { clone, isExtraInfo, loadLog, loadTruth } from './fixtures.ts';

const header = (list: readonly { name: string; value: string }[], name: string) => list.find((h) => h.name.toLowerCase() === name)?.value;

/** The redirect scenario as if its first hop (the 301) had been served from the disk cache. */
function firstHopFromDiskCache(): CdpEvent[] {
  const log = clone(loadLog('redirect'));
  let droppedRequest = false;
  let droppedResponse = false;
  let rwbs = 0;
  return log.filter((e) => {
    if (e.method === 'Network.requestWillBeSentExtraInfo' && !droppedRequest) return !(droppedRequest = true);
    if (e.method === 'Network.responseReceivedExtraInfo' && !droppedResponse) return !(droppedResponse = true);
    if (e.method === 'Network.requestWillBeSent' && rwbs++ === 1) {
      const p = e.params as { redirectHasExtraInfo: boolean; redirectResponse: Record<string, unknown> };
      p.redirectHasExtraInfo = false;
      Object.assign(p.redirectResponse, { fromDiskCache: true, connectionId: 0, encodedDataLength: 0 });
    }
    return true;
  });
}

describe('ExtraInfo alignment by redirect hop', () => {
  const cached = firstHopFromDiskCache();
  const variants: [string, CdpEvent[]][] = [
    ['as recorded', cached],
    ['all ExtraInfo first', [...cached.filter(isExtraInfo), ...cached.filter((e) => !isExtraInfo(e))]],
    ['all ExtraInfo last', [...cached.filter((e) => !isExtraInfo(e)), ...cached.filter(isExtraInfo)]],
  ];

  it.each(variants)('skips a hop served from cache (%s)', (_, log) => {
    const rec = NetworkRecorder.fromLog(log);
    const [hop0, hop1, hop2] = rec.requests();
    expect(rec.requests().length).toBe(3);
    // Hop 0 came from the disk cache: no raw headers, its status from the redirect response.
    expect([hop0!.source, hop0!.status, hop0!.requestHeadersRaw, hop0!.responseHeadersRaw]).toEqual(['disk-cache', 301, false, false]);
    expect(hop0!.extraInfo.expectResponse).toBe(false);
    // The first ExtraInfo pair belongs to hop 1 (a.test, 302), the second to hop 2 (b.test, 200).
    expect([header(hop1!.requestHeaders, 'host'), hop1!.status, hop1!.responseHeadersRaw]).toEqual([new URL(hop1!.url).host, 302, true]);
    expect(header(hop1!.responseHeaders, 'location')).toContain('/redirect/end');
    expect([header(hop2!.requestHeaders, 'host'), hop2!.status, hop2!.responseHeadersRaw]).toEqual([new URL(hop2!.url).host, 200, true]);
    expect(rec.diagnostics.orphanEvents).toEqual({});
  });

  it('gives the same records for every arrival order', () => {
    const snaps = variants.map(([, log]) => recorderSnapshot(NetworkRecorder.fromLog(log), { diagnostics: false }));
    expect(snaps[1]).toEqual(snaps[0]);
    expect(snaps[2]).toEqual(snaps[0]);
  });

  it('keeps Blink’s headers until the raw ones arrive, and takes raw ones back from a hop found to get none', () => {
    const log = cached;
    const rec = new NetworkRecorder();
    const extras = log.filter(isExtraInfo);
    // Hop 0 exists, its ExtraInfo status unknown: the (really hop 1's) ExtraInfo is given to it for now…
    rec.dispatch(log.find((e) => e.method === 'Network.requestWillBeSent')!);
    rec.dispatch(extras[0]!);
    expect(rec.requests()[0]!.requestHeadersRaw).toBe(true);
    // …and moved on when hop 1's requestWillBeSent says hop 0 had none.
    const hop1Event = log.filter((e) => e.method === 'Network.requestWillBeSent')[1]!;
    rec.dispatch(hop1Event);
    const [hop0, hop1] = rec.requests();
    expect(hop0!.requestHeadersRaw).toBe(false);
    expect(header(hop0!.requestHeaders, 'host')).toBeUndefined();
    expect(hop1!.requestHeadersRaw).toBe(true);
  });
});

describe('request ExtraInfo', () => {
  it('carries the conditional headers Blink does not show (If-None-Match on a revalidation)', () => {
    const rec = NetworkRecorder.fromLog(loadLog('cache'));
    const revalidated = rec.requests().filter((r) => r.source === 'revalidated');
    // The three conditional requests the server answered 304.
    expect(revalidated.length).toBe(loadTruth('cache').requests.filter((t) => t.status === 304).length);
    expect(revalidated.length).toBe(3);
    const log = loadLog('cache');
    for (const r of revalidated) {
      const blink = log.find((e) => e.method === 'Network.requestWillBeSent' && (e.params as { requestId: string }).requestId === r.requestId)!;
      expect(header(Object.entries((blink.params as { request: { headers: Record<string, string> } }).request.headers).map(([name, value]) => ({ name, value })), 'if-none-match')).toBeUndefined();
      expect(header(r.requestHeaders, 'if-none-match')).toMatch(/^"/);
    }
  });
});
