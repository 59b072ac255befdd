// The analyses' sections of the report, in the order they are printed: socket pools (per origin,
// with patterns and whether the connection ids can be trusted), then the cache, then CORS.
import type { SectionBuilder, ReportSection } from './report.ts';
import { analysePools, describePool } from '../analysis/pools/index.ts';
import { analyseCache } from '../analysis/cache/index.ts';
import { formatBytes } from '../format/index.ts';
import { corsSection } from './cors-section.ts';
import { websocketSection } from './websocket-section.ts';

/** Long lists are cut here; JSON keeps everything. */
const MAX_LINES = 40;

const pools: SectionBuilder = (src) => {
  const requests = src.requests();
  const byId = new Map(requests.map((r) => [r.id, r]));
  const a = analysePools(requests);
  const lines: string[] = [];
  if (!a.trust.trusted) lines.push(`Connection ids look unreliable (${a.trust.reasons.join('; ')}): reuse below is inferred from the timing.`);
  for (const pool of a.pools) {
    if (pool.requests === 0 && pool.noSocket === 0) continue;
    lines.push(`${pool.origin} (${pool.protocols.join(', ') || 'no protocol'}):`);
    for (const s of describePool(a, pool, (id) => byId.get(id))) lines.push(`  ${s.text}`);
  }
  return {
    title: 'Socket pools',
    lines: cut(lines),
    data: {
      trust: a.trust,
      pools: a.pools.map((p) => ({ origin: p.origin, protocols: p.protocols, connections: p.connectionIds.length, maxOpen: p.maxOpen, maxBusy: p.maxBusy, limit: p.limit, setupMs: p.setup, requests: p.requests, queued: p.queued.length, longestWaitMs: p.longestWaitMs })),
      patterns: a.patterns,
    },
  };
};

const cache: SectionBuilder = (src) => {
  const c = analyseCache(src.requests(), src.pages());
  const t = c.totals;
  const lines: string[] = [];
  if (t.requests === 0) return undefined;
  lines.push(
    `${t.fromCache.requests} of ${t.requests} HTTP requests were served from a cache without asking the server, ${t.revalidated.requests} were revalidated (304), ${t.network.requests} were full responses; about ${formatBytes(t.bytesSaved)} not downloaded thanks to the cache.`,
  );
  // Loads worth a sentence: everything but a first load of a URL from the network.
  const notable = [...c.verdicts.values()].filter((v) => v.reason !== 'first-load' && v.reason !== 'not-http');
  const byReason = new Map<string, number>();
  for (const v of notable) byReason.set(v.reason, (byReason.get(v.reason) ?? 0) + 1);
  if (byReason.size) lines.push(`Why: ${[...byReason].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ')}.`);
  for (const v of notable.slice(0, 20)) lines.push(`${v.method} ${v.url}: ${v.headline}`);
  if (notable.length > 20) lines.push(`…and ${notable.length - 20} more loads served or checked by the cache.`);
  // Advice once per kind, with how many URLs it concerns.
  const advice = new Map<string, { text: string; urls: string[] }>();
  for (const row of c.rows) {
    for (const a of row.advice) {
      const entry = advice.get(a.code) ?? { text: a.text, urls: [] };
      entry.urls.push(row.url);
      advice.set(a.code, entry);
    }
  }
  for (const { text, urls } of advice.values()) lines.push(`Advice (${urls.length} URL${urls.length === 1 ? '' : 's'}, e.g. ${urls[0]}): ${text}`);
  return {
    title: 'Cache',
    lines: cut(lines),
    data: {
      totals: t,
      verdicts: [...c.verdicts.values()].map((v) => ({ url: v.url, method: v.method, source: v.source, reason: v.reason, headline: v.headline, fresh: v.fresh, advice: v.advice.map((a) => a.text) })),
    },
  };
};

function cut(lines: string[]): string[] {
  return lines.length <= MAX_LINES ? lines : [...lines.slice(0, MAX_LINES), `…and ${lines.length - MAX_LINES} more (use --json for everything).`];
}

export const analysisSections: readonly SectionBuilder[] = [pools, cache, corsSection, websocketSection];
export type { ReportSection };
