// Holds the cache analysis against the fixture server's own log (the ground truth): a memory or
// disk cache hit never reached the server; a 304 is a conditional request the server answered
// 304; a full response is a request it answered in full. Used by the unit tests (recorded
// fixtures) and the end-to-end tests (live Chromium) alike. It walks the URLs of both sides, so a
// request the server answered that the recording lost is caught as well as one it invented.
import type { NetworkRequest } from '../../src/core/records.ts';
import type { CacheVerdict } from '../../src/core/analysis/cache/index.ts';
import type { TruthRequest } from '../server/truth-log.ts';

/** Reasons that mean "no request reached the server". */
const HIT_REASONS = new Set(['fresh', 'same-document', 'stale-hit', 'hit-unknown-age', 'prefetch', 'cache-storage']);
/** Reasons of a conditional request the server answered 304. */
const REVALIDATION_REASONS = new Set(['no-cache', 'expired', 'reload-main-document', 'request-validate', 'revalidated-unknown']);
/** Reasons of a full response to a request that carried no validator. */
const UNCONDITIONAL_FULL = new Set(['first-load', 'not-stored', 'bypass', 'stale-no-validator', 'vary-mismatch', 'unexplained']);

const noFragment = (url: string) => url.split('#')[0]!;

/**
 * Every disagreement between the verdicts of `requests` (those whose URL contains `needle`) and
 * what the server saw for the same URLs, in words; empty when they agree on every load.
 */
export function disagreements(requests: readonly NetworkRequest[], verdicts: ReadonlyMap<string, CacheVerdict>, truth: readonly TruthRequest[], needle: string): string[] {
  const problems: string[] = [];
  const mine = requests.filter((r) => r.url.includes(needle) && r.method === 'GET' && /^https?:/.test(r.url));
  // Every URL either side saw: one the server answered but the recording lost is a disagreement too.
  const served = truth.filter((t) => t.url.includes(needle) && t.method === 'GET' && /^https?:/.test(t.url));
  const urls = [...new Set([...served.map((t) => t.url), ...mine.map((r) => noFragment(r.url))])];
  for (const url of urls) {
    const loads = mine.filter((r) => noFragment(r.url) === url);
    const toServer = loads.filter((r) => r.source === 'network' || r.source === 'revalidated');
    const seen = served.filter((t) => t.url === url);
    const short = url.replace(/^https?:\/\/[^/]+/, '');
    if (toServer.length !== seen.length) {
      problems.push(`${short}: ${toServer.length} loads went to the server by the recording (${loads.map((r) => r.source).join(', ')}), the server saw ${seen.length}`);
      continue;
    }
    toServer.forEach((r, i) => {
      const t = seen[i]!;
      const v = verdicts.get(r.id);
      const expected = r.source === 'revalidated' ? 304 : r.status;
      if (t.status !== expected) problems.push(`${short} load ${i + 1}: recorded ${r.source} ${r.status}, the server answered ${t.status}`);
      if (!v) return problems.push(`${short}: no verdict for ${r.id}`) as unknown as void;
      const sentInm = t.headers['if-none-match'];
      const sentIms = t.headers['if-modified-since'];
      if (r.source === 'revalidated') {
        if (!REVALIDATION_REASONS.has(v.reason)) problems.push(`${short}: a 304 explained as ${v.reason}`);
        if (sentInm === undefined && sentIms === undefined) problems.push(`${short}: a 304 but the server got no conditional header`);
        for (const c of v.conditionals) {
          const got = c.name === 'If-None-Match' ? sentInm : sentIms;
          if (got !== c.value) problems.push(`${short}: verdict says ${c.name}: ${c.value}, the server got ${got}`);
        }
        if (v.conditionals.length === 0) problems.push(`${short}: a 304 without the conditional header it sent`);
      } else {
        if (v.reason === 'changed' && sentInm === undefined && sentIms === undefined) problems.push(`${short}: explained as changed, but the server got no validator`);
        if (UNCONDITIONAL_FULL.has(v.reason) && (sentInm !== undefined || sentIms !== undefined)) problems.push(`${short}: explained as ${v.reason}, but the server got a validator`);
        if (v.reason === 'bypass' && !/no-cache/.test(t.headers['cache-control'] ?? '') && !/no-cache/.test(t.headers.pragma ?? '')) problems.push(`${short}: explained as a cache bypass, but the server got no no-cache`);
        if (!UNCONDITIONAL_FULL.has(v.reason) && v.reason !== 'changed' && v.reason !== 'not-cacheable-method') problems.push(`${short}: a full response explained as ${v.reason}`);
      }
    });
    for (const r of loads) {
      const v = verdicts.get(r.id);
      if ((r.source === 'memory-cache' || r.source === 'disk-cache') && (!v || !HIT_REASONS.has(v.reason))) problems.push(`${short}: a cache hit explained as ${v?.reason}`);
    }
  }
  return problems;
}
