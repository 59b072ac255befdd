// The CORS section of the report (`netlens explain`): totals per target origin with what a longer
// Access-Control-Max-Age would have saved, then every cross-origin request worth a word — failures
// first, then preflights, preflight-cache hits and misses — in the sentences the panel shows.
// JSON gets the whole plain CORS model.
import type { SectionBuilder } from './report.ts';
import { analyseCorsData, explainCors, explainIssueWithoutRequest, MAX_MAX_AGE_S, type CorsRequest } from '../analysis/cors/index.ts';
import type { CorsIssue } from '../records.ts';
import type { NetworkRequest } from '../records.ts';

const MAX_REQUESTS = 30;

const rank = (c: CorsRequest) => (c.class === 'failed' ? 0 : c.preflightIds.length || c.cache ? 1 : 2);

export const corsSection: SectionBuilder = (src) => {
  const requests = src.requests();
  // A recorder also has the Audits CORS issues that name no request (a HAR has none).
  const withIssues = src as { corsIssuesWithoutRequest?: () => readonly CorsIssue[] };
  const d = analyseCorsData(requests, typeof withIssues.corsIssuesWithoutRequest === 'function' ? withIssues.corsIssuesWithoutRequest() : undefined);
  const byId = new Map<string, NetworkRequest>(requests.map((r) => [r.id, r]));
  const cross = d.requests.filter((c) => c.class !== 'same-origin' && c.class !== 'navigation');
  if (cross.length === 0 && d.unpaired.length === 0 && !d.withoutRequest) return undefined;
  const lines: string[] = [];
  for (const o of d.origins) {
    const counts = (['simple', 'preflighted', 'no-cors', 'failed'] as const).map((k) => [k, cross.filter((c) => c.target === o.origin && c.class === k).length] as const).filter(([, n]) => n > 0);
    lines.push(
      `${o.origin}: ${o.requests} cross-origin request${o.requests === 1 ? '' : 's'} (${counts.map(([k, n]) => `${n} ${k}`).join(', ')}); ${o.preflights} preflight${o.preflights === 1 ? '' : 's'} costing ${Math.round(o.preflightMs)} ms and delaying their requests ${Math.round(o.delayMs)} ms; preflight cache ${o.hits} hit${o.hits === 1 ? '' : 's'}, ${o.misses} miss${o.misses === 1 ? '' : 'es'}` +
        (o.saving.preflights > 0 ? `; Access-Control-Max-Age: ${MAX_MAX_AGE_S} would have saved ${o.saving.preflights} preflight${o.saving.preflights === 1 ? '' : 's'} (${Math.round(o.saving.ms)} ms) in this recording` : '') +
        '.',
    );
  }
  const notable = cross.filter((c) => rank(c) < 2 || c.class === 'no-cors').sort((a, b) => rank(a) - rank(b));
  for (const c of notable.slice(0, MAX_REQUESTS)) {
    const r = byId.get(c.id)!;
    lines.push(`#${r.index + 1} ${r.method} ${r.url} [${c.class}]: ${explainCors(d, r, (id) => byId.get(id)).join(' ')}`);
  }
  if (notable.length > MAX_REQUESTS) lines.push(`…and ${notable.length - MAX_REQUESTS} more cross-origin requests (use --json for everything).`);
  for (const u of d.unpaired) {
    const r = byId.get(u.preflightId)!;
    lines.push(`#${r.index + 1} OPTIONS ${r.url}: a preflight of a request ${u.reason === 'no-request-id' ? 'it does not name' : 'not in the recording'}.`);
  }
  for (const i of d.withoutRequest ?? []) lines.push(explainIssueWithoutRequest(i));
  return { title: 'CORS', lines, data: d };
};
