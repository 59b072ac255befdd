// The semantic diff of two recordings: match their requests (match.ts, by normalise.ts's key),
// list what changed, largest effect first (changes.ts, streams.ts), and warn when they were
// recorded under different conditions (conditions.ts). Pure, plain data, linear.
import { fillCache, readSide } from './facts.ts';
import { matchFacts } from './match.ts';
import { findChanges } from './changes.ts';
import { streamChanges } from './streams.ts';
import { conditionWarnings } from './conditions.ts';
import type { Change, ChangeKind, DiffOptions, DiffResult, DiffSide, OriginPair } from './types.ts';
import type { SideState } from './facts.ts';
import type { Matching } from './match.ts';

/** Order among changes of equal effect: the kinds a reader looks for first. */
export const KIND_ORDER: readonly ChangeKind[] = ['status', 'cache', 'cors', 'added', 'removed', 'origins', 'moved', 'connections', 'protocol', 'streams', 'bytes', 'timing'];

export function diffRecordings(a: DiffSide, b: DiffSide, options: DiffOptions = {}): DiffResult {
  const same = options.sameOrigins ?? [];
  const A = readSide(a, same.length ? new Map(same.map((p) => [p.a, p.b])) : undefined);
  const B = readSide(b);
  const m = matchFacts(A.facts, B.facts);
  // The cache analyses only when a matched pair differs in what decides caching.
  const pairs = m.moved.length ? [...m.pairs, ...m.moved] : m.pairs;
  if (pairs.some(([i, j]) => A.cacheSigs[i] !== B.cacheSigs[j])) {
    fillCache(A);
    fillCache(B);
  }
  const ignored = [...(options.ignore ?? [])];
  const changes: Change[] = [...findChanges(A, B, m), ...streamChanges(a, b)].filter((c) => !ignored.includes(c.kind));
  changes.sort((x, y) => y.effect - x.effect || KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || (x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0));
  const suggestions = originSuggestions(A, B, m);
  return {
    a: A.summary,
    b: B.summary,
    matched: m.pairs.length + m.moved.length,
    changes,
    warnings: conditionWarnings(A, B),
    ignored,
    ...(same.length ? { sameOrigins: same.map((p) => ({ a: p.a, b: p.b })) } : {}),
    ...(suggestions.length ? { originSuggestions: suggestions } : {}),
    ...(m.pairs.length === 0 && m.moved.length > 0 ? { allMoved: true } : {}),
  };
}

/**
 * Origins that look like one server under two names: A's origin, contacted only in A, whose
 * matched requests all went to one origin contacted only in B. A shard folded into an origin
 * the page already used is not one (that origin is on both sides).
 */
function originSuggestions(A: SideState, B: SideState, m: Matching): OriginPair[] {
  const inA = new Set(A.summary.origins.map((o) => o.origin));
  const inB = new Set(B.summary.origins.map((o) => o.origin));
  const to = new Map<string, Set<string>>();
  for (const [i, j] of m.moved) {
    const from = A.facts[i]!.origin;
    const where = B.facts[j]!.origin;
    if (inB.has(from) || inA.has(where)) continue;
    const set = to.get(from) ?? new Set<string>();
    set.add(where);
    to.set(from, set);
  }
  const out: OriginPair[] = [];
  for (const [from, set] of to) if (set.size === 1) out.push({ a: from, b: [...set][0]! });
  return out;
}

/** Cache regressions: URLs whose responses came from a cache less than before, or stopped being storable. */
export function cacheRegressions(d: Pick<DiffResult, 'changes'>, origin?: string): Change[] {
  return d.changes.filter((c) => c.kind === 'cache' && c.direction === 'worse' && (origin === undefined || c.origin === origin));
}
