// Redirect chains: one record per hop, linked both ways, with each hop's own raw headers.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { loadLog, loadTruth, pairWithTruth } from './fixtures.ts';

const header = (list: readonly { name: string; value: string }[], name: string) => list.find((h) => h.name.toLowerCase() === name)?.value;

describe.each(['redirect', 'demo'] as const)('%s: the 301 → 302 → 200 chain', (name) => {
  const rec = NetworkRecorder.fromLog(loadLog(name));
  const truth = loadTruth(name);
  const { pairs } = pairWithTruth(truth, rec.requests());
  const chainStart = rec.requests().find((r) => r.url.includes('/redirect/start'))!;
  const chain = rec.requests().filter((r) => r.requestId === chainStart.requestId);

  it('is one record per hop, ids requestId, requestId:1, requestId:2, linked both ways', () => {
    expect(chain.map((r) => r.redirectHop)).toEqual([0, 1, 2]);
    expect(chain.map((r) => r.id)).toEqual([chainStart.requestId, `${chainStart.requestId}:1`, `${chainStart.requestId}:2`]);
    expect(chain[0]!.redirectFrom).toBeUndefined();
    expect(chain[2]!.redirectTo).toBeUndefined();
    for (let i = 0; i + 1 < chain.length; i++) {
      expect(chain[i]!.redirectTo).toBe(chain[i + 1]!.id);
      expect(rec.request(chain[i + 1]!.redirectFrom!)).toBe(chain[i]);
      expect(chain[i]!.finished).toBe(true);
    }
  });

  it('has the statuses the server sent, in order, and the last hop on the other origin', () => {
    const served = pairs.filter((p) => p.req.requestId === chainStart.requestId).map((p) => [p.req.redirectHop, p.truth.status]);
    expect(served).toEqual([[0, 301], [1, 302], [2, 200]]);
    expect(chain.map((r) => r.status)).toEqual([301, 302, 200]);
    expect(chain[0]!.origin).toBe(chain[1]!.origin);
    expect(chain[2]!.origin).not.toBe(chain[0]!.origin);
  });

  it('gives each hop the raw ExtraInfo of that hop: its own Host and its own Location', () => {
    for (const hop of chain) {
      expect(hop.requestHeadersRaw && hop.responseHeadersRaw).toBe(true);
      expect(header(hop.requestHeaders, 'host')).toBe(new URL(hop.url).host);
    }
    expect(new URL(header(chain[0]!.responseHeaders, 'location')!, chain[0]!.url).href).toBe(chain[1]!.url);
    expect(new URL(header(chain[1]!.responseHeaders, 'location')!, chain[1]!.url).href).toBe(chain[2]!.url);
    expect(header(chain[2]!.responseHeaders, 'location')).toBeUndefined();
  });

  it('lands later events (response, data, finish) on the newest hop', () => {
    expect(chain[0]!.decodedBodySize + chain[1]!.decodedBodySize).toBe(0);
    expect(chain[2]!.decodedBodySize).toBeGreaterThan(0);
    expect(chain[2]!.finished).toBe(true);
    // Each redirect hop ends when the next one is issued.
    expect(chain[0]!.endedAt).toBe(chain[1]!.issuedAt);
    expect(chain[1]!.endedAt).toBe(chain[2]!.issuedAt);
  });
});
