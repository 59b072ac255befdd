// What the Cache view is sent: the window of URL rows it draws (after its filter), the counts for
// its scrollbar, the totals and the page loads, and the selected URL with every load; never the
// whole analysis (at 100,000 requests its structured clone costs more than computing it). Built
// in the analysis worker from the analysis it keeps; every verdict sent carries its sentences,
// written here where the records are.
import type { CacheAnalysisData, CachePage, CacheTotals, CacheUrlRow, CacheVerdictData } from '../../src/core/analysis/cache/index.ts';
import { cacheWords } from '../../src/core/analysis/cache/index.ts';
import type { NetworkRequest } from '../../src/core/records.ts';

/** A verdict with its sentences (plain: strings). */
export type WordedVerdict = CacheVerdictData & { headline: string; why: string[] };

/** Up to this many loads (pages) get a column each; beyond, the latest loads are drawn in one cell. */
export const MAX_LOAD_COLUMNS = 10;
/** Chips a row draws at most in one cell (the latest loads). */
export const MAX_CHIPS = 12;
/** Chips drawn per load column at most. */
export const MAX_PER_SLOT = 2;

/** A URL row as the list draws it: only the loads it shows, with the counts of the rest. */
export interface CacheRowView extends Omit<CacheUrlRow<WordedVerdict>, 'loads'> {
  /** The loads drawn: the first MAX_PER_SLOT of each page's column, or the latest MAX_CHIPS. */
  loads: WordedVerdict[];
  /** Every load of the URL. */
  loadCount: number;
  /** Loads per page column (only when the session has at most MAX_LOAD_COLUMNS page loads). */
  slotCounts?: number[];
  /** The latest load (its headline is the row's "why"). */
  latest: WordedVerdict;
}

/** What the Cache view asks for. */
export interface CacheQuery {
  /** Text the URL must contain (case-insensitive). */
  filter: string;
  /** Only URLs with advice. */
  adviceOnly: boolean;
  /** The rows wanted: from (inclusive) to (exclusive), in the filtered list. */
  from: number;
  to: number;
  /** The selected URL, sent whole with every load, and its position in the filtered list. */
  selectedKey?: string | undefined;
}

export interface CacheWindow {
  sessionId: string;
  /** The last event folded into the analysis. */
  seq: number;
  /** Worker time for the answer (analysis included when it had to be made). */
  ms: number;
  totals: CacheTotals;
  pages: CachePage[];
  /** URL rows in the session. */
  all: number;
  /** URL rows after the filter. */
  count: number;
  /** Index of rows[0] in the filtered list. */
  from: number;
  rows: CacheRowView[];
  /** The selected URL's index in the filtered list (-1: filtered out or unknown). */
  selectedIndex: number;
  /** The selected URL with every load and its sentences. */
  selected?: CacheUrlRow<WordedVerdict>;
}

type RequestOf = (id: string) => NetworkRequest | undefined;

function worded(v: CacheVerdictData, requestOf: RequestOf): WordedVerdict {
  const r = requestOf(v.id);
  return { ...v, ...(r ? cacheWords(v, r) : { headline: '', why: [] }) };
}

/** The filtered rows of an analysis, kept while the analysis and the filter stay the same. */
export class CacheRowFilter {
  private last: { data: CacheAnalysisData; filter: string; adviceOnly: boolean; rows: CacheUrlRow<CacheVerdictData>[]; index: Map<string, number> | undefined } | undefined;

  rows(data: CacheAnalysisData, filter: string, adviceOnly: boolean): CacheUrlRow<CacheVerdictData>[] {
    const text = filter.trim().toLowerCase();
    const l = this.last;
    if (l && l.data === data && l.filter === text && l.adviceOnly === adviceOnly) return l.rows;
    const rows = !text && !adviceOnly ? data.rows : data.rows.filter((r) => (!text || r.url.toLowerCase().includes(text)) && (!adviceOnly || r.advice.length > 0));
    this.last = { data, filter: text, adviceOnly, rows, index: undefined };
    return rows;
  }

  /** Position of a key in the rows last filtered. */
  indexOf(key: string): number {
    const l = this.last;
    if (!l) return -1;
    if (!l.index) {
      l.index = new Map();
      l.rows.forEach((r, i) => l.index!.set(r.key, i));
    }
    return l.index.get(key) ?? -1;
  }
}

function rowView(row: CacheUrlRow<CacheVerdictData>, pages: readonly CachePage[], requestOf: RequestOf): CacheRowView {
  const { loads, ...rest } = row;
  const slotted = pages.length > 0 && pages.length <= MAX_LOAD_COLUMNS;
  let shown: CacheVerdictData[];
  let slotCounts: number[] | undefined;
  if (slotted) {
    slotCounts = pages.map(() => 0);
    shown = [];
    for (const v of loads) {
      const slot = Math.max(0, Math.min(pages.length - 1, v.load.pageIndex));
      if (slotCounts[slot]!++ < MAX_PER_SLOT) shown.push(v);
    }
  } else {
    shown = loads.length > MAX_CHIPS ? loads.slice(loads.length - MAX_CHIPS) : loads;
  }
  const last = loads[loads.length - 1]!;
  const done = new Map<CacheVerdictData, WordedVerdict>();
  const w = (v: CacheVerdictData) => {
    let x = done.get(v);
    if (!x) done.set(v, (x = worded(v, requestOf)));
    return x;
  };
  return { ...rest, loads: shown.map(w), loadCount: loads.length, ...(slotCounts ? { slotCounts } : {}), latest: w(last) };
}

/** The window of rows a query asks for, from a kept analysis and its filtered rows. */
export function cacheWindow(
  sessionId: string,
  seq: number,
  data: CacheAnalysisData,
  filtered: CacheRowFilter,
  q: CacheQuery,
  requestOf: RequestOf,
): Omit<CacheWindow, 'ms'> {
  const rows = filtered.rows(data, q.filter, q.adviceOnly);
  const from = Math.max(0, Math.min(q.from, rows.length));
  const to = Math.max(from, Math.min(q.to, rows.length));
  const selectedIndex = q.selectedKey === undefined ? -1 : filtered.indexOf(q.selectedKey);
  const sel = selectedIndex >= 0 ? rows[selectedIndex] : undefined;
  return {
    sessionId,
    seq,
    totals: data.totals,
    pages: data.pages,
    all: data.rows.length,
    count: rows.length,
    from,
    rows: rows.slice(from, to).map((r) => rowView(r, data.pages, requestOf)),
    selectedIndex,
    ...(sel ? { selected: { ...sel, loads: sel.loads.map((v) => worded(v, requestOf)) } } : {}),
  };
}
