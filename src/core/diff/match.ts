// Matching the requests of two recordings: by method and normalised URL, the k-th request of a
// key in A with the k-th of the same key in B (creation order). What is left is matched again by
// method and normalised path and query alone: a request that moved to another origin (a shard
// removed, a CDN added) is one request moved, not one removed and one added. Linear.
import { pathKey } from './normalise.ts';
import type { RequestFacts } from './types.ts';

export interface Matching {
  /** Index pairs into A's and B's facts, in A's order. */
  pairs: [number, number][];
  /** Pairs whose origin differs (matched on path alone), a subset of `pairs`' positions. */
  moved: [number, number][];
  onlyA: number[];
  onlyB: number[];
}

function queues(facts: readonly RequestFacts[], keyOf: (f: RequestFacts) => string, only?: readonly number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (i: number) => {
    const k = keyOf(facts[i]!);
    const q = out.get(k);
    if (q) q.push(i);
    else out.set(k, [i]);
  };
  if (only) for (const i of only) add(i);
  else for (let i = 0; i < facts.length; i++) add(i);
  return out;
}

export function matchFacts(a: readonly RequestFacts[], b: readonly RequestFacts[]): Matching {
  const takenB = new Uint8Array(b.length);
  const pairs: [number, number][] = [];
  const leftA: number[] = [];
  const byKey = queues(b, (f) => f.key);
  const next = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const k = a[i]!.key;
    const q = byKey.get(k);
    const p = next.get(k) ?? 0;
    if (q && p < q.length) {
      pairs.push([i, q[p]!]);
      takenB[q[p]!] = 1;
      next.set(k, p + 1);
    } else leftA.push(i);
  }
  const leftB: number[] = [];
  for (let j = 0; j < b.length; j++) if (!takenB[j]) leftB.push(j);
  // Second pass: the same path and query on another origin.
  const moved: [number, number][] = [];
  const onlyA: number[] = [];
  const path = (f: RequestFacts) => pathKey(f.method, f.url);
  const byPath = queues(b, path, leftB);
  const nextPath = new Map<string, number>();
  for (const i of leftA) {
    const k = path(a[i]!);
    const q = byPath.get(k);
    const p = nextPath.get(k) ?? 0;
    if (q && p < q.length) {
      moved.push([i, q[p]!]);
      takenB[q[p]!] = 1;
      nextPath.set(k, p + 1);
    } else onlyA.push(i);
  }
  const onlyB: number[] = [];
  for (const j of leftB) if (!takenB[j]) onlyB.push(j);
  return { pairs, moved, onlyA, onlyB };
}
