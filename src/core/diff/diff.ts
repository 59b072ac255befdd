// The semantic diff of two recordings: match their requests (match.ts, by normalise.ts's key),
// list what changed, largest effect first (changes.ts, streams.ts), and warn when they were
// recorded under different conditions (conditions.ts). Pure, plain data, linear.
import { fillCache, readSide } from './facts.ts';
import { matchFacts } from './match.ts';
import { findChanges } from './changes.ts';
import { streamChanges } from './streams.ts';
import { conditionWarnings } from './conditions.ts';
import type { Change, ChangeKind, DiffOptions, DiffResult, DiffSide } from './types.ts';

/** Order among changes of equal effect: the kinds a reader looks for first. */
export const KIND_ORDER: readonly ChangeKind[] = ['status', 'cache', 'cors', 'added', 'removed', 'origins', 'moved', 'connections', 'protocol', 'streams', 'bytes', 'timing'];

export function diffRecordings(a: DiffSide, b: DiffSide, options: DiffOptions = {}): DiffResult {
  const A = readSide(a);
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
  return { a: A.summary, b: B.summary, matched: m.pairs.length + m.moved.length, changes, warnings: conditionWarnings(A, B), ignored };
}

/** Cache regressions: URLs whose responses came from a cache less than before, or stopped being storable. */
export function cacheRegressions(d: Pick<DiffResult, 'changes'>, origin?: string): Change[] {
  return d.changes.filter((c) => c.kind === 'cache' && c.direction === 'worse' && (origin === undefined || c.origin === origin));
}
