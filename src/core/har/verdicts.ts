// Netlens's verdicts for HAR entries, from the analyses: connection reuse and queueing (socket
// pools) and where the response came from and why (cache). Computed once per session; each entry
// then takes its own under `_netlens…` names no other tool uses. The verdicts are data (kinds,
// ids, figures) plus the cache's one-line headline; the full explanations are Netlens's to write
// again when it reads the file (writing them for every entry would cost more than the export).
import type { NetworkRequest } from '../records.ts';
import { analysePools, poolVerdictsAt, type QueueVerdict, type ReuseVerdict } from '../analysis/pools/index.ts';
import { analyseCache, cacheHeadline, eachCacheVerdict, type CacheVerdictData } from '../analysis/cache/index.ts';
import { analyseCorsData, pairPreflights, type CorsData, type CorsPairing } from '../analysis/cors/index.ts';
import { corsVerdict } from './cors-verdict.ts';
import type { HarSource } from './build.ts';

export function analysisVerdicts(
  src: HarSource,
  done: { pools?: ReturnType<typeof analysePools>; cache?: ReturnType<typeof analyseCache>; cors?: CorsData } = {},
): (r: NetworkRequest) => Record<string, unknown> {
  return harVerdicts(src, done).verdicts;
}

/**
 * The verdicts of every entry and the session's CORS pairing, made once for the pools, the CORS
 * analysis and the HAR builder (pass it as HarBuildContext.pairing): what `convert` needs.
 */
export function harVerdicts(
  src: HarSource,
  done: { pools?: ReturnType<typeof analysePools>; cache?: ReturnType<typeof analyseCache>; cors?: CorsData } = {},
): { verdicts: (r: NetworkRequest) => Record<string, unknown>; pairing: CorsPairing } {
  const requests = src.requests();
  const pairing = done.cors?.pairing ?? done.pools?.pairing ?? pairPreflights(requests);
  // Each entry's fields are made as soon as each analysis is done, and the analysis is then let
  // go: only what the entries write is held until they are written (the pools' connections and
  // patterns, the CORS requests and the cache verdicts were the larger part of convert's memory).
  const outs = new Map<string, Record<string, unknown>>();
  const outOf = (id: string) => {
    let out = outs.get(id);
    if (out === undefined) outs.set(id, (out = {}));
    return out;
  };
  // Analyses already run (the benchmarks time each on its own) are not run again. Otherwise only
  // the pools' verdicts are made (no origin pools, patterns or preflight waits: the HAR has no
  // field for them).
  if (done.pools) {
    const pools = done.pools;
    addPoolFields(requests, (r) => pools.verdict(r.id), (r) => pools.queue(r.id), outOf);
  } else {
    const { verdicts, queues } = poolVerdictsAt(requests);
    addPoolFields(requests, (_, i) => verdicts[i], (_, i) => queues[i], outOf);
  }
  // Only what the entry writes is kept of each cache verdict (its headline and a few figures),
  // made as the verdict is made: the rows per URL, the totals and the sentences of `why` are not
  // computed for an export, and the verdicts themselves are not kept.
  if (done.cache) {
    for (const r of requests) {
      const v = done.cache.verdicts.get(r.id);
      if (v) outOf(r.id)._netlensCache = cacheField(v, v.headline);
    }
  } else {
    eachCacheVerdict(requests, src.pages(), (v, r) => {
      outOf(r.id)._netlensCache = cacheField(v, cacheHeadline(v, r));
    });
  }
  const cors = done.cors ?? analyseCorsData(requests, undefined, pairing);
  for (const r of requests) {
    const cv = corsVerdict(cors, r.id);
    if (cv) outOf(r.id)._netlensCors = cv;
  }
  return { verdicts: (r) => outs.get(r.id) ?? {}, pairing };
}

/**
 * `_netlensConnection` and `_netlensQueue` of every request, in that order (the first fields of
 * its verdicts). `i`: the request's position in `requests`.
 */
function addPoolFields(
  requests: readonly NetworkRequest[],
  verdictOf: (r: NetworkRequest, i: number) => ReuseVerdict | undefined,
  queueOf: (r: NetworkRequest, i: number) => QueueVerdict | undefined,
  outOf: (id: string) => Record<string, unknown>,
): void {
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    const reuse = verdictOf(r, i);
    const queue = queueOf(r, i);
    if (!reuse && !queue?.queued) continue;
    const out = outOf(r.id);
    if (reuse) {
      // The verdict's fields in its order, `setup` written last as `setupMs`.
      const from = reuse as unknown as Record<string, unknown>;
      const connection: Record<string, unknown> = {};
      for (const k of Object.keys(from)) if (k !== 'setup') connection[k] = from[k];
      const setup = from.setup as { dns?: number; tcp?: number; tls?: number; total: number } | undefined;
      if (setup) connection.setupMs = { dns: setup.dns, tcp: setup.tcp, tls: setup.tls, total: setup.total };
      out._netlensConnection = connection;
    }
    if (queue?.queued) {
      out._netlensQueue = { cause: queue.cause, waitMs: queue.waitMs, busyCount: queue.busyCount, openCount: queue.openCount, limit: queue.limit, busyWith: queue.busyWith };
    }
  }
}

/** `_netlensCache` of an entry: filled field by field in the order written (no object per optional field to spread). */
function cacheField(c: CacheVerdictData, headline: string): Record<string, unknown> {
  const out: Record<string, unknown> = { reason: c.reason, headline };
  if (c.fresh !== undefined) out.fresh = c.fresh;
  if (c.response) {
    out.lifetimeSeconds = c.response.lifetime.seconds;
    out.lifetimeBasis = c.response.lifetime.basis;
  }
  if (c.age) out.ageSeconds = c.age.currentAge;
  if (c.conditionals.length) out.conditionals = c.conditionals;
  if (c.matched) out.matched = c.matched;
  if (c.bytesSaved !== undefined) out.bytesSaved = c.bytesSaved;
  if (c.storedBy) out.storedBy = c.storedBy;
  if (c.advice.length) out.advice = c.advice.map((a) => a.text);
  return out;
}
