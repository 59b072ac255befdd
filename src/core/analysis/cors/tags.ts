// What the Requests table's `cors:` filter key matches, per hop id, from the plain CORS model:
// the class (`simple`, `preflighted`, `no-cors`, `failed`, `same-origin`, `navigation`), `preflight`
// for a preflight itself, and `hit` / `miss` for the preflight cache. Both partners of a preflight
// carry `preflighted` (or `failed`), so the filter keeps them together.
import type { CorsData } from './types.ts';

export function corsTags(d: CorsData): Map<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const c of d.requests) {
    const tags: string[] = [c.class];
    if (c.cache?.kind === 'hit' || c.cache?.kind === 'miss') tags.push(c.cache.kind);
    out.set(c.id, tags);
  }
  for (const p of d.pairing.pairs) {
    const real = out.get(p.hopId) ?? [];
    out.set(p.preflightId, ['preflight', ...real.filter((t) => t !== 'hit')]);
  }
  for (const u of d.unpaired) out.set(u.preflightId, ['preflight']);
  return out;
}
