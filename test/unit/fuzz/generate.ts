// Input number i of a seeded run, and the shrinking of a failing one to a small reproducer.
import { applyOps, randomMutation, render, renderDoc, rng, type Json, type Mutation, type Special } from './mutate.ts';
import type { Corpus } from './corpus.ts';
import { runPipeline, type Result } from './pipeline.ts';

export interface FuzzInput {
  index: number;
  mutation: Mutation;
  text: string;
}

/** Input i depends only on (seed, i): any one can be made again alone. */
export function inputAt(corpus: Corpus, seed: number, index: number): FuzzInput {
  const rand = rng((seed * 1_000_003 + index * 7_919) >>> 0);
  const base = corpus.pick(rand);
  const doc = corpus.base(base);
  const mutation = randomMutation(rand, base, doc);
  return { index, mutation, text: render(doc, mutation) };
}

/** What a failure is, for "the same failure" while shrinking. */
export function signature(r: Result): string {
  const o = r.outcome;
  if (o.kind === 'crash' || o.kind === 'nonsense') return `${o.kind}@${o.stage}:${o.message.replace(/\d+/g, 'N').slice(0, 60)}`;
  if (r.redaction) return `redaction-${r.redaction.kind}:${r.redaction.message.replace(/\d+/g, 'N').slice(0, 60)}`;
  return o.kind;
}

/**
 * Shrinks a failing input: drops mutation operations one at a time, then cuts the mutated
 * document's list (events, or HAR entries) by halves and quarters while the same failure remains.
 * Bounded in time: a reproducer is useful, a perfect one is not needed.
 */
export function shrink(corpus: Corpus, input: FuzzInput, failure: string, budgetMs = 8000): { text: string; mutation: Mutation; display: string } {
  const deadline = Date.now() + budgetMs;
  const fails = (text: string) => Date.now() < deadline && signature(runPipeline(text)) === failure;
  const base = corpus.base(input.mutation.base);
  let m = input.mutation;
  for (let changed = true; changed && Date.now() < deadline; ) {
    changed = false;
    for (let i = 0; i < m.ops.length + m.text.length; i++) {
      const next: Mutation = i < m.ops.length ? { ...m, ops: m.ops.filter((_, j) => j !== i) } : { ...m, text: m.text.filter((_, j) => j !== i - m.ops.length) };
      if (fails(render(base, next))) {
        m = next;
        changed = true;
        break;
      }
    }
  }
  let doc = applyOps(base, m.ops);
  const listOf = (d: Json): Json[] | undefined => (Array.isArray(d) ? d : Array.isArray((d as { log?: { entries?: Json[] } })?.log?.entries) ? (d as { log: { entries: Json[] } }).log.entries : undefined);
  const withList = (d: Json, list: Json[]): Json => {
    if (Array.isArray(d)) return list;
    const copy = { ...(d as Record<string, Json>) } as { log: Record<string, Json> };
    copy.log = { ...copy.log, entries: list };
    return copy as unknown as Json;
  };
  const initial = listOf(doc);
  if (initial) {
    let list: Json[] = initial;
    for (let chunk = Math.ceil(list.length / 2); chunk >= 1 && Date.now() < deadline; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
      for (let at = 0; at < list.length && Date.now() < deadline; ) {
        const candidate: Json[] = [...list.slice(0, at), ...list.slice(at + chunk)];
        const d = withList(doc, candidate);
        if (candidate.length < list.length && fails(renderDoc(d, m.text))) {
          list = candidate;
          doc = d;
        } else at += chunk;
      }
    }
  }
  const text = renderDoc(doc, m.text);
  return { text, mutation: m, display: displayOf(doc, m) };
}

/** The reproducer as a reader can take it in: special values named, long strings cut. */
function displayOf(doc: Json, m: Mutation): string {
  const body = JSON.stringify(doc, (_k, v: unknown) => {
    if (v && typeof v === 'object' && 'special' in v) return `<${(v as unknown as Special).special} ×${(v as unknown as Special).n}>`;
    if (typeof v === 'string' && v.length > 200) return `${v.slice(0, 100)}…(${v.length} chars)`;
    return v;
  });
  const text = m.text.length ? `, then ${m.text.map((t) => JSON.stringify(t)).join(', ')}` : '';
  return `${body.length > 3000 ? body.slice(0, 3000) + `…(${body.length} chars)` : body}${text}`;
}
