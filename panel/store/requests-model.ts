// The Requests table's model: columns, DevTools-style type groups, filtering and sorting.
// Pure functions over NetworkRequest records, so they are tested without a DOM.
import type { NetworkRequest } from '../../src/core/records.ts';
import { SOURCE_LABELS, formatBytes } from '../../src/core/format/index.ts';

/** DevTools' resource type filter groups. */
export const TYPE_GROUPS = ['Fetch/XHR', 'Doc', 'CSS', 'JS', 'Font', 'Img', 'Media', 'WS', 'Other'] as const;
export type TypeGroup = (typeof TYPE_GROUPS)[number];

export function typeGroup(r: NetworkRequest): TypeGroup {
  switch (r.resourceType) {
    case 'XHR':
    case 'Fetch':
    case 'EventSource':
      return 'Fetch/XHR';
    case 'Document':
      return 'Doc';
    case 'Stylesheet':
      return 'CSS';
    case 'Script':
      return 'JS';
    case 'Font':
      return 'Font';
    case 'Image':
      return 'Img';
    case 'Media':
      return 'Media';
    case 'WebSocket':
      return 'WS';
    default:
      return 'Other';
  }
}

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'failed', 'pending'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export function statusClass(r: NetworkRequest): StatusClass {
  if (r.failure) return 'failed';
  if (r.status === undefined) return 'pending';
  const c = Math.floor(r.status / 100);
  return c >= 1 && c <= 5 ? (`${c}xx` as StatusClass) : 'pending';
}

export function statusLabel(r: NetworkRequest): string {
  if (r.failure) return r.failure.canceled ? '(canceled)' : r.failure.blockedReason ? '(blocked)' : '(failed)';
  if (r.status === undefined) return '(pending)';
  return String(r.status);
}

/** The Size column: transferred bytes, or where a cached response came from (as DevTools shows it). */
export function sizeLabel(r: NetworkRequest): string {
  if (r.source === 'memory-cache') return '(memory cache)';
  if (r.source === 'disk-cache') return '(disk cache)';
  if (r.source === 'prefetch-cache') return '(prefetch cache)';
  if (r.source === 'service-worker' && !r.transferSize) return '(service worker)';
  return formatBytes(r.transferSize);
}

export function connectionLabel(r: NetworkRequest): string {
  if (!r.connectionId) return '';
  return `#${r.connectionId} ${r.connectionReused ? 'reused' : 'new'}`;
}

export interface RequestFilter {
  text: string;
  types: ReadonlySet<TypeGroup>;
  statuses: ReadonlySet<StatusClass>;
  origin: string;
  /** Only requests that opened a new connection (paid DNS + TCP + TLS). */
  newConnections?: boolean;
  /** Only requests that waited for a socket or a connection before being sent. */
  queued?: boolean;
}

export const EMPTY_FILTER: RequestFilter = { text: '', types: new Set(), statuses: new Set(), origin: '', newConnections: false, queued: false };

/** What the connection filters ask of the socket-pool analysis (see panel/store/pools.ts). */
export interface ConnectionFilterFacts {
  isNewConnection(id: string): boolean;
  isQueued(id: string): boolean;
}

/**
 * Filters requests. Text matches the URL (case-insensitive); `method:POST`, `status:404`,
 * `domain:a.test`, `source:disk`, `conn:12`, `cors:preflighted` (`failed`, `hit`, `miss`, `simple`,
 * `no-cors`, `preflight`) and a leading `-` to negate, as in DevTools.
 * `facts` is asked for only when a connection filter is on, so the pool analysis runs only then.
 */
export function filterRequests(all: readonly NetworkRequest[], f: RequestFilter, facts?: () => ConnectionFilterFacts, corsTags?: () => ReadonlyMap<string, readonly string[]>): NetworkRequest[] {
  const terms = parseFilterText(f.text);
  const anyType = f.types.size === 0;
  const anyStatus = f.statuses.size === 0;
  const conn = (f.newConnections || f.queued) && facts ? facts() : undefined;
  // `cors:` keys ask the CORS analysis (only when one is typed).
  const tags = terms.some((t) => t.key === 'cors') ? corsTags?.() : undefined;
  const out: NetworkRequest[] = [];
  for (const r of all) {
    if (!anyType && !f.types.has(typeGroup(r))) continue;
    if (!anyStatus && !f.statuses.has(statusClass(r))) continue;
    if (f.origin && r.origin !== f.origin) continue;
    if (conn && f.newConnections && !conn.isNewConnection(r.id)) continue;
    if (conn && f.queued && !conn.isQueued(r.id)) continue;
    if (terms.length > 0 && !terms.every((t) => (t.key === 'cors' ? (tags?.get(r.id)?.includes(t.value) ?? false) : matchTerm(r, t)) !== t.negate)) continue;
    out.push(r);
  }
  return out;
}

interface Term {
  key: string;
  value: string;
  negate: boolean;
}

export function parseFilterText(text: string): Term[] {
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => {
      const negate = raw.startsWith('-') && raw.length > 1;
      const body = negate ? raw.slice(1) : raw;
      const m = /^(method|status|domain|source|conn|type|protocol|cors):(.*)$/i.exec(body);
      return m ? { key: m[1]!.toLowerCase(), value: m[2]!.toLowerCase(), negate } : { key: 'url', value: body.toLowerCase(), negate };
    });
}

/**
 * `domain:` as in DevTools: the request's host, exactly (`domain:b.test` is not `h2b.test`), with
 * `*` as a wildcard (`domain:*.b.test`); a value with a port is held against host:port.
 */
function domainMatches(origin: string, value: string): boolean {
  const hostPort = origin.slice(origin.indexOf('//') + 2).toLowerCase();
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:\d+$/, '');
  if (!value.includes('*')) return host === value || hostPort === value;
  const pattern = wildcard(value);
  return pattern.test(host) || pattern.test(hostPort);
}

let lastWildcard: { value: string; re: RegExp } | undefined;
/** The pattern of a `*` value, compiled once per filter rather than once per row. */
function wildcard(value: string): RegExp {
  if (lastWildcard?.value !== value) {
    const source = value.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    lastWildcard = { value, re: new RegExp(`^${source}$`) };
  }
  return lastWildcard.re;
}

function matchTerm(r: NetworkRequest, t: Term): boolean {
  switch (t.key) {
    case 'method':
      return r.method.toLowerCase() === t.value;
    case 'status':
      return statusLabel(r).toLowerCase().startsWith(t.value);
    case 'domain':
      return domainMatches(r.origin, t.value);
    case 'source':
      return SOURCE_LABELS[r.source].startsWith(t.value) || r.source.startsWith(t.value);
    case 'conn':
      return String(r.connectionId ?? '') === t.value.replace(/^#/, '');
    case 'type':
      return (r.resourceType ?? '').toLowerCase() === t.value || typeGroup(r).toLowerCase() === t.value;
    case 'protocol':
      return (r.protocol ?? '').toLowerCase() === t.value;
    default:
      return r.url.toLowerCase().includes(t.value);
  }
}

export const COLUMNS = ['index', 'method', 'url', 'status', 'protocol', 'connection', 'source', 'size', 'time', 'waterfall'] as const;
export type Column = (typeof COLUMNS)[number];

export interface SortSpec {
  column: Column;
  descending: boolean;
}

const key: Record<Column, (r: NetworkRequest) => string | number> = {
  index: (r) => r.index,
  method: (r) => r.method,
  url: (r) => r.url,
  status: (r) => (r.failure ? -1 : r.status ?? -2),
  protocol: (r) => r.protocol ?? '',
  connection: (r) => r.connectionId ?? -1,
  source: (r) => r.source,
  size: (r) => r.transferSize ?? -1,
  time: (r) => r.phases.total ?? -1,
  waterfall: (r) => r.issuedAt,
};

/** Sorts a copy; ties keep request order, so sorting is stable and predictable. */
export function sortRequests(rows: NetworkRequest[], s: SortSpec): NetworkRequest[] {
  if (s.column === 'index') return s.descending ? rows.slice().reverse() : rows;
  const k = key[s.column];
  const dir = s.descending ? -1 : 1;
  return rows
    .map((r) => ({ r, v: k(r) }))
    .sort((a, b) => (a.v < b.v ? -dir : a.v > b.v ? dir : a.r.index - b.r.index))
    .map((x) => x.r);
}

/** The time span the waterfall column covers. */
export function timeSpan(rows: readonly NetworkRequest[]): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const r of rows) {
    if (r.issuedAt < start) start = r.issuedAt;
    const e = r.endedAt ?? r.responseAt ?? r.issuedAt;
    if (e > end) end = e;
  }
  if (!Number.isFinite(start)) return { start: 0, end: 1 };
  return { start, end: Math.max(end, start + 1) };
}
