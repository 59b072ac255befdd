// The Netlens report of a session: what the command line prints (as text or JSON) and what any
// other consumer can read. Pure: built from the recorder's records and the analyses.
import type { Diagnostics, NetworkRequest, ResponseSource } from '../records.ts';
import { inputProblems } from './input-problems.ts';
import type { HarSource } from '../har/build.ts';
import { NETLENS_CREATOR } from '../version.ts';
import { pairPreflights } from '../analysis/cors/pairing.ts';
import { streamsSection } from './streams-section.ts';

export interface ReportSection {
  title: string;
  /** Plain sentences, each one fact with its figures. */
  lines: string[];
  /** The same facts for scripts. */
  data: unknown;
}

export interface NetlensReport {
  /** The Netlens that wrote it. */
  generator: { name: string; version: string };
  /**
   * What the input held that Netlens repaired, left out or could not place, one sentence per kind
   * with its first example (the report's first lines); empty when the log was sound.
   */
  inputProblems: string[];
  summary: {
    requests: number;
    pages: number;
    origins: number;
    transferredBytes: number;
    durationMs: number;
    protocols: Record<string, number>;
    sources: Partial<Record<ResponseSource, number>>;
    failed: number;
  };
  sections: ReportSection[];
}

/** A section added by an analysis (pools, cache, …) on top of the built-in ones. */
export type SectionBuilder = (src: HarSource) => ReportSection | undefined;

export function buildReport(src: HarSource & { diagnostics?: Diagnostics }, extra: readonly SectionBuilder[] = [], notes: readonly string[] = []): NetlensReport {
  const requests = src.requests();
  const protocols: Record<string, number> = {};
  const sources: Partial<Record<ResponseSource, number>> = {};
  const origins = new Set<string>();
  let bytes = 0;
  let failed = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const r of requests) {
    if (r.protocol) protocols[r.protocol] = (protocols[r.protocol] ?? 0) + 1;
    sources[r.source] = (sources[r.source] ?? 0) + 1;
    origins.add(r.origin);
    bytes += r.transferSize ?? 0;
    if (r.failure) failed++;
    start = Math.min(start, r.issuedAt);
    end = Math.max(end, r.endedAt ?? r.issuedAt);
  }
  const sections: ReportSection[] = [];
  for (const build of extra) {
    const s = build(src);
    if (s) sections.push(s);
  }
  sections.push(preflightSection(requests), streamsSection(src), failureSection(requests));
  return {
    generator: { ...NETLENS_CREATOR },
    inputProblems: [...notes, ...(src.diagnostics ? inputProblems(src.diagnostics).lines : [])],
    summary: {
      requests: requests.length,
      pages: src.pages().length,
      origins: origins.size,
      transferredBytes: bytes,
      durationMs: Number.isFinite(start) ? end - start : 0,
      protocols,
      sources,
      failed,
    },
    sections: sections.filter((s) => s.lines.length > 0),
  };
}

/** CORS preflights paired with the exact hop each one guarded (the one pairing, analysis/cors); unpaired ones listed too. */
function preflightSection(requests: readonly NetworkRequest[]): ReportSection {
  const pairing = pairPreflights(requests);
  const byId = new Map<string, NetworkRequest>();
  for (const r of requests) byId.set(r.id, r);
  const describe = (preflight: NetworkRequest, guarded: NetworkRequest | undefined, why: string) => {
    const allowed = preflight.responseHeaders.filter((h) => /^access-control-allow-(methods|headers|origin)$/i.test(h.name)).map((h) => `${h.name}: ${h.value}`);
    const maxAge = preflight.responseHeaders.find((h) => /^access-control-max-age$/i.test(h.name))?.value;
    const hop = guarded && guarded.redirectHop > 0 ? ` (redirect hop ${guarded.redirectHop})` : '';
    return `OPTIONS ${preflight.url} → ${preflight.status ?? 'no response'} guarded ${guarded ? `${guarded.method} ${guarded.url}${hop} (${guarded.status ?? 'no response'})` : why}${allowed.length ? `; server allowed ${allowed.join('; ')}` : ''}${maxAge ? `; cached for ${maxAge} s (Access-Control-Max-Age)` : ''}.`;
  };
  const lines: string[] = [];
  const data: unknown[] = [];
  for (const pair of pairing.pairs) {
    const preflight = byId.get(pair.preflightId)!;
    const guarded = byId.get(pair.hopId)!;
    lines.push(describe(preflight, guarded, ''));
    data.push({ preflight: preflight.url, preflightId: preflight.id, status: preflight.status, guarded: { id: guarded.id, hop: pair.hop, method: guarded.method, url: guarded.url, status: guarded.status } });
  }
  for (const u of pairing.unpaired) {
    const preflight = byId.get(u.preflightId)!;
    lines.push(describe(preflight, undefined, u.reason === 'no-request-id' ? 'a request it did not name' : 'a request not in the recording'));
    data.push({ preflight: preflight.url, preflightId: preflight.id, status: preflight.status, guarded: null, unpaired: u.reason });
  }
  return { title: 'CORS preflights', lines, data };
}

function failureSection(requests: readonly NetworkRequest[]): ReportSection {
  const failed = requests.filter((r) => r.failure);
  return {
    title: 'Failures',
    lines: failed.map((r) => `${r.method} ${r.url}: ${r.failure!.errorText}${r.failure!.canceled ? ' (canceled)' : ''}${r.failure!.blockedReason ? ` (blocked: ${r.failure!.blockedReason})` : ''}${r.failure!.corsError ? ` (CORS: ${r.failure!.corsError.corsError})` : ''}.`),
    data: failed.map((r) => ({ url: r.url, method: r.method, error: r.failure!.errorText, canceled: r.failure!.canceled, blockedReason: r.failure!.blockedReason, cors: r.failure!.corsError?.corsError })),
  };
}
