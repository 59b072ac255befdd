// What the CORS view draws, built in the analysis worker from the CORS analysis it keeps: the
// counts, the groups by target origin (failures first) with their totals, and for each group only
// the rows it shows, each with the few record fields a row prints. The panel never receives the
// whole analysis (one entry per request of the session). A group shows its first FIRST_ROWS
// rows until the user asks for all of them (then up to MAX_ROWS); groups after the first
// OPEN_GROUPS start folded. So a view switch draws a bounded number of rows on any session.
import type { CorsData, CorsOriginTotals, CorsRequest, PreflightCause } from '../../src/core/analysis/cors/index.ts';
import { explainIssueWithoutRequest } from '../../src/core/analysis/cors/explain.ts';
import type { NetworkRequest } from '../../src/core/records.ts';

/** Rows a group shows before "Show all". */
export const FIRST_ROWS = 25;
/** Rows a group shows at most once shown all; the rest are counted (the Requests table's `cors:` filter lists them). */
export const MAX_ROWS = 300;
/** Groups shown open; the rest start folded to their header and totals. */
export const OPEN_GROUPS = 12;

export interface CorsQuery {
  failuresOnly: boolean;
  /** Target origins the user unfolded (groups after the first OPEN_GROUPS start folded). */
  opened: readonly string[];
  /** Target origins the user folded. */
  folded: readonly string[];
  /** Target origins whose rows the user asked to see all of (up to MAX_ROWS). */
  all: readonly string[];
}

export interface CorsRowView {
  id: string;
  /** The record's position in the session (its number is index + 1); undefined when the worker no longer holds it. */
  index?: number;
  method: string;
  url: string;
  class: CorsRequest['class'];
  originNull: boolean;
  preflight?: { id: string; index?: number; status?: number; delayMs?: number };
  causes: string[];
  cache?: { text: string; cls: 'cors-hit' | 'cors-miss' };
  failure?: { error: string; sentence: string; fix: string };
}

export interface CorsGroupView {
  totals: CorsOriginTotals;
  /** Rows this group has with the view's filter. */
  rowCount: number;
  /** The rows drawn (empty while folded). */
  rows: CorsRowView[];
  folded: boolean;
  /** All rows up to MAX_ROWS are drawn (the user asked). */
  showingAll: boolean;
}

export interface CorsWindow {
  sessionId: string;
  seq: number;
  cross: number;
  preflights: number;
  unpaired: number;
  /** Sentences for Audits CORS issues that name no request. */
  withoutRequest: string[];
  groups: CorsGroupView[];
  ms?: number;
}

const rank = (c: CorsRequest) => (c.class === 'failed' ? 0 : c.class === 'preflighted' ? 1 : c.class === 'simple' ? 2 : 3);

function causeLabel(c: PreflightCause): string {
  switch (c.kind) {
    case 'method':
      return c.method;
    case 'header':
      return c.name;
    case 'header-value':
      return `${c.name}: ${c.why === 'content-type' ? (c.value ?? 'value') : c.why}`;
    case 'not-visible':
      return 'not visible in the protocol';
  }
}

function cacheLabel(c: CorsRequest): CorsRowView['cache'] {
  const v = c.cache;
  if (!v) return undefined;
  if (v.kind === 'hit') return { text: v.beforeRecording ? 'cache hit (from before recording)' : `cache hit, ${Math.round(v.leftS ?? 0)} s left`, cls: 'cors-hit' };
  if (v.kind === 'miss') return { text: `cache miss: ${v.reason}`, cls: 'cors-miss' };
  return undefined;
}

/** Cross-origin requests by target origin, failures first (stable), for one filter; kept per analysis. */
export class CorsGrouping {
  private kept = new WeakMap<CorsData, Map<boolean, { cross: number; byOrigin: Map<string, CorsRequest[]> }>>();

  of(d: CorsData, failuresOnly: boolean): { cross: number; byOrigin: Map<string, CorsRequest[]> } {
    let perFilter = this.kept.get(d);
    if (!perFilter) this.kept.set(d, (perFilter = new Map()));
    let g = perFilter.get(failuresOnly);
    if (!g) {
      const byOrigin = new Map<string, CorsRequest[]>();
      let cross = 0;
      for (const c of d.requests) {
        if (c.class === 'same-origin' || c.class === 'navigation' || (failuresOnly && c.class !== 'failed')) continue;
        cross++;
        let list = byOrigin.get(c.target);
        if (!list) byOrigin.set(c.target, (list = []));
        list.push(c);
      }
      // Array.prototype.sort is stable: within a class, creation order stays.
      for (const list of byOrigin.values()) list.sort((a, b) => rank(a) - rank(b));
      perFilter.set(failuresOnly, (g = { cross, byOrigin }));
    }
    return g;
  }
}

function rowView(c: CorsRequest, byId: (id: string) => NetworkRequest | undefined): CorsRowView {
  const r = byId(c.id);
  const pfId = c.preflightIds.at(-1);
  const pf = pfId !== undefined ? byId(pfId) : undefined;
  const row: CorsRowView = { id: c.id, index: r?.index, method: r?.method ?? '', url: r?.url ?? '', class: c.class, originNull: c.originNull === true, causes: c.causes.map(causeLabel) };
  if (pfId !== undefined) row.preflight = { id: pfId, index: pf?.index, status: pf?.status, delayMs: c.time?.delayMs };
  const cache = cacheLabel(c);
  if (cache) row.cache = cache;
  if (c.failure) row.failure = { error: c.failure.error, sentence: c.failure.sentence, fix: c.failure.fix };
  return row;
}

export function corsWindow(sessionId: string, seq: number, d: CorsData, grouping: CorsGrouping, q: CorsQuery, byId: (id: string) => NetworkRequest | undefined): CorsWindow {
  const { cross, byOrigin } = grouping.of(d, q.failuresOnly);
  const opened = new Set(q.opened);
  const folded = new Set(q.folded);
  const all = new Set(q.all);
  const groups: CorsGroupView[] = [];
  for (const totals of d.origins) {
    const list = byOrigin.get(totals.origin);
    if (!list || list.length === 0) continue;
    const showingAll = all.has(totals.origin);
    const isFolded = folded.has(totals.origin) || (!opened.has(totals.origin) && !showingAll && groups.length >= OPEN_GROUPS);
    const shown = isFolded ? [] : list.slice(0, showingAll ? MAX_ROWS : FIRST_ROWS);
    groups.push({ totals, rowCount: list.length, rows: shown.map((c) => rowView(c, byId)), folded: isFolded, showingAll });
  }
  return {
    sessionId,
    seq,
    cross,
    preflights: d.pairing.pairs.length,
    unpaired: d.unpaired.length,
    withoutRequest: (d.withoutRequest ?? []).map(explainIssueWithoutRequest),
    groups,
  };
}
