// What the Requests table is sent: the ids of the rows in view after its filter and sort, the
// counts for its scrollbar and its filter bar, and where the selected request is in the list.
// Filtered and sorted here, in the analysis worker, with the filter language of
// panel/store/requests-model.ts; each row's record goes with it (the panel holds no fold of its own).
import type { NetworkRequest } from '../../src/core/records.ts';
import { filterRequests, sortRequests, type ConnectionFilterFacts, type SortSpec, type StatusClass, type TypeGroup } from '../store/requests-model.ts';

/** A row's preflight marker: on a preflight, the hop it guarded; on a guarded hop, its last preflight. */
export interface PreflightMarkerData {
  /** The row is the preflight (else it is the hop a preflight guarded). */
  isPreflight: boolean;
  partnerId: string;
  /** The partner's place in the session (its `index`), when the session has it. */
  partnerIndex?: number;
}

/** The table's filter as plain data (sets as arrays). */
export interface PlainRequestFilter {
  text: string;
  types: TypeGroup[];
  statuses: StatusClass[];
  origin: string;
  newConnections?: boolean;
  queued?: boolean;
}

export interface RequestsQuery {
  filter: PlainRequestFilter;
  sort: SortSpec;
  /** Rows wanted: from (inclusive) to (exclusive), in the filtered and sorted list. */
  from: number;
  to: number;
  selectedId?: string | undefined;
}

export interface RequestsWindow {
  sessionId: string;
  /** The last event folded into the list. */
  seq: number;
  ms: number;
  /** Requests in the session. */
  total: number;
  /** Requests after the filter. */
  count: number;
  /** Index of ids[0]. */
  from: number;
  ids: string[];
  /** The records of those rows, in the same order (the table draws them as sent). */
  records: NetworkRequest[];
  /** Each row's CORS preflight partner, in the same order (the one pairing), for the row's marker. */
  markers: (PreflightMarkerData | undefined)[];
  /** The selected request's index in the list (-1: filtered out, or none). */
  selectedIndex: number;
}

/** The filtered and sorted list, kept while the fold, the filter and the sort stay the same. */
export class RequestsTable {
  private last: { seq: number; key: string; rows: NetworkRequest[]; index: Map<string, number> | undefined } | undefined;

  /**
   * `facts` is asked for only when a connection chip is on (it may run the pool analysis), and
   * `corsTags` only when a `cors:` key is typed (it may run the CORS analysis).
   */
  rows(seq: number, all: readonly NetworkRequest[], q: Pick<RequestsQuery, 'filter' | 'sort'>, facts: () => ConnectionFilterFacts, corsTags?: () => ReadonlyMap<string, readonly string[]>): NetworkRequest[] {
    const key = JSON.stringify([q.filter, q.sort]);
    if (this.last && this.last.seq === seq && this.last.key === key) return this.last.rows;
    const f = q.filter;
    const filter = { text: f.text, types: new Set(f.types), statuses: new Set(f.statuses), origin: f.origin, newConnections: f.newConnections === true, queued: f.queued === true };
    const rows = sortRequests(filterRequests(all, filter, facts, corsTags), q.sort);
    this.last = { seq, key, rows, index: undefined };
    return rows;
  }

  indexOf(id: string): number {
    const l = this.last;
    if (!l) return -1;
    if (!l.index) {
      l.index = new Map();
      l.rows.forEach((r, i) => l.index!.set(r.id, i));
    }
    return l.index.get(id) ?? -1;
  }
}

export function requestsWindow(sessionId: string, seq: number, total: number, rows: readonly NetworkRequest[], table: RequestsTable, q: RequestsQuery): Omit<RequestsWindow, 'ms' | 'records' | 'markers'> {
  const from = Math.max(0, Math.min(q.from, rows.length));
  const to = Math.max(from, Math.min(q.to, rows.length));
  return {
    sessionId,
    seq,
    total,
    count: rows.length,
    from,
    ids: rows.slice(from, to).map((r) => r.id),
    selectedIndex: q.selectedId === undefined ? -1 : table.indexOf(q.selectedId),
  };
}
