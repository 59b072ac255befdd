// Origins compared as one (`sameOrigins`, `--same-origin A=B`): a recorded fixture against the
// same log with every port changed (the same server started on other ports) is a list of moves
// and a suggestion; with the suggested mapping it is no change at all. A shard folded into an
// origin the page already used is a real move and suggests nothing.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { diffRecordings, diffText, type DiffSide } from '../../../src/core/diff/index.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const side = (label: string, events: readonly CdpEvent[]): DiffSide => {
  const rec = NetworkRecorder.fromLog(events as CdpEvent[]);
  return { label, requests: rec.requests(), pages: rec.pages(), webSockets: rec.webSockets(), eventSources: rec.eventSources() };
};

describe('origins compared as one', () => {
  const log = loadLog('pools-shard');
  const truth = loadTruth('pools-shard');
  // The hosts and ports the server saw (host:port), and the same hosts on port + 1000.
  const hosts = [...new Set(truth.requests.map((t) => t.host))].sort();
  const moved = (h: string) => h.replace(/:(\d+)$/, (_, p: string) => `:${Number(p) + 1000}`);
  let text = JSON.stringify(log);
  for (const h of hosts) text = text.replaceAll(h, moved(h));
  const otherPorts = JSON.parse(text) as CdpEvent[];

  it('every port changed: every request moved, and the diff suggests each origin pair', () => {
    expect(hosts.length).toBeGreaterThanOrEqual(2);
    const d = diffRecordings(side('a', log), side('b', otherPorts));
    expect(d.allMoved).toBe(true);
    expect(d.changes.filter((c) => c.kind === 'moved').flatMap((c) => c.requests).length).toBe(truth.requests.length);
    const pairs = hosts.map((h) => ({ a: `http://${h}`, b: `http://${moved(h)}` }));
    expect([...(d.originSuggestions ?? [])].sort((x, y) => (x.a < y.a ? -1 : 1))).toEqual(pairs);
    const out = diffText(d);
    expect(out).toContain(`Hint: No request matched on its origin: every matched request moved, because the origins differ.`);
    expect(out).toContain(`did you mean ${pairs.map((p) => `--same-origin ${p.a}=${p.b}`).join(' ')}?`);
  });

  it('with the mapping: no change, every request matched on its origin, and the mapping said', () => {
    const sameOrigins = hosts.map((h) => ({ a: `http://${h}`, b: `http://${moved(h)}` }));
    const d = diffRecordings(side('a', log), side('b', otherPorts), { sameOrigins });
    expect(d.changes).toEqual([]);
    expect(d.matched).toBe(truth.requests.length);
    expect(d.allMoved).toBeUndefined();
    expect(d.originSuggestions).toBeUndefined();
    expect(d.sameOrigins).toEqual(sameOrigins);
    expect(diffText(d)).toContain(`  Origins compared as one (--same-origin): ${sameOrigins[0]!.a} before as ${sameOrigins[0]!.b} now`);
    // One origin mapped, the other not: that one's requests still move, and it is suggested.
    const half = diffRecordings(side('a', log), side('b', otherPorts), { sameOrigins: sameOrigins.slice(0, 1) });
    expect(half.originSuggestions).toEqual(sameOrigins.slice(1));
    expect(half.allMoved).toBeUndefined();
  });

  it('a shard folded into an origin the page already used is a move, not a suggestion', () => {
    const folded = JSON.parse(JSON.stringify(log).replaceAll('shard2.test', 'shard1.test')) as CdpEvent[];
    const d = diffRecordings(side('a', log), side('b', folded));
    expect(d.changes.some((c) => c.kind === 'moved')).toBe(true);
    expect(d.originSuggestions).toBeUndefined();
    expect(d.allMoved).toBeUndefined();
  });
});
