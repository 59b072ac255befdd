// The `_netlensCors` verdict of a HAR entry, on both partners of a preflight: data only (no header
// values, which may hold secrets such as an Authorization token); Netlens writes the sentences
// again when it reads the file. The importer reads `failure` back into the protocol's
// corsErrorStatus, which a HAR has no place for.
import { corsOf, pairOfPreflight, type CorsData } from '../analysis/cors/index.ts';

/** The unpaired preflights of a CORS analysis by id, made once per analysis (a scan per entry made the export quadratic in them). */
const unpairedById = new WeakMap<CorsData, Map<string, CorsData['unpaired'][number]>>();

function unpairedOf(d: CorsData, id: string): CorsData['unpaired'][number] | undefined {
  let byId = unpairedById.get(d);
  if (byId === undefined) {
    byId = new Map();
    // The first of a repeated id, as find() gave it.
    for (const u of d.unpaired) if (!byId.has(u.preflightId)) byId.set(u.preflightId, u);
    unpairedById.set(d, byId);
  }
  return byId.get(id);
}

export function corsVerdict(d: CorsData, id: string): Record<string, unknown> | undefined {
  const pair = pairOfPreflight(d.pairing, id);
  if (pair) return { preflightFor: pair.hopId, hop: pair.hop };
  const unpaired = unpairedOf(d, id);
  if (unpaired) return { preflightFor: null, unpaired: unpaired.reason };
  const c = corsOf(d, id);
  if (!c || c.class === 'same-origin' || c.class === 'navigation') return undefined;
  return {
    class: c.class,
    target: c.target,
    ...(c.initiator !== undefined ? { initiator: c.initiator } : {}),
    ...(c.originNull ? { originNull: true } : {}),
    ...(c.preflightIds.length ? { preflights: c.preflightIds } : {}),
    ...(c.causes.length ? { causes: c.causes.map((x) => (x.kind === 'method' ? { kind: x.kind, method: x.method } : x.kind === 'header' ? { kind: x.kind, name: x.name } : x.kind === 'header-value' ? { kind: x.kind, name: x.name, why: x.why } : { kind: x.kind })) } : {}),
    ...(c.preflightAnswer ? { maxAgeSeconds: c.preflightAnswer.maxAge_.seconds, maxAgeBasis: c.preflightAnswer.maxAge_.how } : {}),
    ...(c.cache ? { cache: c.cache } : {}),
    ...(c.failure ? { failure: { error: c.failure.error, parameter: c.failure.parameter, stage: c.failure.stage, ...(c.failure.received !== undefined ? { received: c.failure.received } : {}), ...(c.failure.needed !== undefined ? { needed: c.failure.needed } : {}), fix: c.failure.fix } } : {}),
    ...(c.time ? { time: { preflightMs: c.time.preflightMs, delayMs: c.time.delayMs, share: c.time.share } } : {}),
  };
}
