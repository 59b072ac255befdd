// What changed between two recordings, from the matched requests and the two sides' totals:
// requests added, removed or moved to another origin, status, cache verdict, CORS class and
// preflights, protocol, bytes (per request), then per origin and overall: origins contacted,
// connections opened, bytes; and timing beyond the noise (timing.ts). Each change is one
// sentence with its requests on both sides. Linear in the number of requests.
import { cacheHeadline } from '../analysis/cache/index.ts';
import { SOURCE_LABELS } from '../format/index.ts';
import type { SideState } from './facts.ts';
import type { Matching } from './match.ts';
import { NOISE, type Change, type RequestFacts, type RequestLink, type SideSummary } from './types.ts';
import { codeSpan, listed, plural, requestLabel, signedBytes } from './words.ts';
import { pageLoadChanges, requestTimingChanges } from './timing.ts';

const link = (a: RequestFacts | undefined, b: RequestFacts | undefined): RequestLink => ({ ...(a ? { a: a.id } : {}), ...(b ? { b: b.id } : {}), url: (b ?? a)!.url });
const ms = (f: RequestFacts | undefined) => f?.totalMs ?? 0;

/** How much a response came from a cache: 2 no request to the server, 1 a 304, 0 a full response; undefined when no HTTP cache was involved. */
function cacheRank(f: RequestFacts): number | undefined {
  if (f.cacheReason === 'cache-storage') return 2;
  if (f.source === 'memory-cache' || f.source === 'disk-cache' || f.source === 'prefetch-cache') return 2;
  if (f.source === 'revalidated') return 1;
  if (f.source === 'network') return 0;
  return undefined;
}

const sourceWords = (f: RequestFacts) => (f.source === 'network' ? 'the network' : f.source === 'revalidated' ? 'a 304 revalidation' : `the ${SOURCE_LABELS[f.source]} cache`);
const statusOf = (f: RequestFacts) => (f.failed ? `failed (${f.failed})` : f.status !== undefined ? String(f.status) : 'no response');
const bad = (f: RequestFacts) => f.failed !== undefined || (f.status ?? 0) >= 400;

function protocolRank(p: string | undefined): number {
  if (!p) return -1;
  if (/^h3/.test(p)) return 3;
  if (p === 'h2') return 2;
  if (/^http\/1/.test(p)) return 1;
  return -1;
}

/** Groups changes of one kind under a string key, in first-seen order. */
class Groups<T> {
  readonly map = new Map<string, T>();
  get(key: string, make: () => T): T {
    let g = this.map.get(key);
    if (!g) this.map.set(key, (g = make()));
    return g;
  }
}

export function findChanges(A: SideState, B: SideState, m: Matching): Change[] {
  const out: Change[] = [];
  const fa = A.facts;
  const fb = B.facts;
  const originsA = new Set(A.summary.origins.map((o) => o.origin));
  const originsB = new Set(B.summary.origins.map((o) => o.origin));

  // Added and removed, by origin (an origin only one side contacted is an "origins" change below).
  const addedRemoved = (list: readonly number[], facts: readonly RequestFacts[], other: Set<string>, kind: 'added' | 'removed') => {
    const g = new Groups<RequestFacts[]>();
    for (const i of list) g.get(facts[i]!.origin, () => []).push(facts[i]!);
    for (const [origin, fs] of g.map) {
      if (!other.has(origin)) continue;
      const bytes = fs.reduce((s, f) => s + f.bytes, 0);
      const time = fs.reduce((s, f) => s + ms(f), 0);
      out.push({
        kind,
        direction: kind === 'added' ? 'worse' : 'better',
        subject: origin,
        origin,
        sentence: `${plural(fs.length, 'request')} ${kind === 'added' ? 'added to' : 'no longer made to'} ${origin}: ${listed(fs.map((f) => requestLabel(f.method, f.url)))} (${signedBytes(kind === 'added' ? bytes : -bytes)}).`,
        before: kind === 'added' ? 0 : fs.length,
        after: kind === 'added' ? fs.length : 0,
        effect: Math.max(1, bytes / 1024 + time),
        requests: fs.map((f) => (kind === 'added' ? link(undefined, f) : link(f, undefined))),
      });
    }
  };
  addedRemoved(m.onlyB, fb, originsA, 'added');
  addedRemoved(m.onlyA, fa, originsB, 'removed');

  // Moved to another origin, by the pair of origins.
  const moves = new Groups<{ from: string; to: string; links: RequestLink[]; bytes: number }>();
  for (const [i, j] of m.moved) {
    const a = fa[i]!;
    const b = fb[j]!;
    const g = moves.get(`${a.origin} ${b.origin}`, () => ({ from: a.origin, to: b.origin, links: [], bytes: 0 }));
    g.links.push(link(a, b));
    g.bytes += b.bytes;
  }
  for (const g of moves.map.values()) {
    out.push({
      kind: 'moved',
      direction: 'neutral',
      subject: `${g.from} → ${g.to}`,
      origin: g.to,
      sentence: `${plural(g.links.length, 'request')} moved from ${g.from} to ${g.to}: ${listed(g.links.map((l) => codeSpan(pathOfUrl(l.url))))}.`,
      before: g.from,
      after: g.to,
      effect: Math.max(1, g.bytes / 1024),
      requests: g.links,
    });
  }

  // Per pair: status, cache, CORS, protocol, bytes.
  const status = new Groups<{ a: RequestFacts; b: RequestFacts; links: RequestLink[] }>();
  const cache = new Groups<{ a: RequestFacts; b: RequestFacts; worse: [RequestFacts, RequestFacts][]; better: [RequestFacts, RequestFacts][] }>();
  const cors = new Groups<{ a: RequestFacts; b: RequestFacts; links: RequestLink[]; preflightsA: number; preflightsB: number; msA: number; msB: number }>();
  const protocol = new Groups<{ origin: string; from: string; to: string; links: RequestLink[] }>();
  const bytes = new Groups<{ a: RequestFacts; b: RequestFacts; links: RequestLink[]; delta: number }>();
  const preflightMs = (side: SideState, ids: readonly string[]) => ids.reduce((s, id) => s + (side.byId.get(id)?.phases.total ?? 0), 0);
  const all = m.moved.length ? [...m.pairs, ...m.moved] : m.pairs;
  for (const [i, j] of all) {
    const a = fa[i]!;
    const b = fb[j]!;
    const sa = statusOf(a);
    const sb = statusOf(b);
    if (sa !== sb) status.get(`${b.origin} ${sa} ${sb}`, () => ({ a, b, links: [] })).links.push(link(a, b));

    let cacheChanged = false;
    const ra = cacheRank(a);
    const rb = cacheRank(b);
    const servedWorse = ra !== undefined && rb !== undefined && rb < ra;
    const servedBetter = ra !== undefined && rb !== undefined && rb > ra;
    const storeWorse = a.storable === true && b.storable === false;
    const storeBetter = a.storable === false && b.storable === true;
    // A status that changed explains a change of storability (a 503 is not stored): said once, as the status.
    if (sa === sb && (servedWorse || servedBetter || storeWorse || storeBetter)) {
      cacheChanged = true;
      const g = cache.get(a.key, () => ({ a, b, worse: [], better: [] }));
      if (servedWorse || storeWorse) g.worse.push([a, b]);
      else g.better.push([a, b]);
    }

    if (a.corsClass !== b.corsClass || a.preflights.length !== b.preflights.length) {
      // A change of preflights is about its URL; a change of class alone (a request that became
      // same-origin when its shard moved) is grouped by origin and classes.
      const key = a.preflights.length !== b.preflights.length ? a.key : `${b.origin} ${a.corsClass} ${b.corsClass}`;
      const g = cors.get(key, () => ({ a, b, links: [], preflightsA: 0, preflightsB: 0, msA: 0, msB: 0 }));
      g.links.push(link(a, b), ...a.preflights.map((id) => ({ a: id, url: A.byId.get(id)?.url ?? a.url })), ...b.preflights.map((id) => ({ b: id, url: B.byId.get(id)?.url ?? b.url })));
      g.preflightsA += a.preflights.length;
      g.preflightsB += b.preflights.length;
      g.msA += preflightMs(A, a.preflights);
      g.msB += preflightMs(B, b.preflights);
    }

    if (a.protocol && b.protocol && a.protocol !== b.protocol && protocolRank(a.protocol) >= 0 && protocolRank(b.protocol) >= 0) {
      protocol.get(`${b.origin} ${a.protocol} ${b.protocol}`, () => ({ origin: b.origin, from: a.protocol!, to: b.protocol!, links: [] })).links.push(link(a, b));
    }

    const delta = b.bytes - a.bytes;
    if (!cacheChanged && sa === sb && a.source === b.source && Math.abs(delta) >= NOISE.requestBytes && Math.abs(delta) >= NOISE.requestBytesShare * Math.max(1, a.bytes)) {
      const g = bytes.get(a.key, () => ({ a, b, links: [], delta: 0 }));
      g.links.push(link(a, b));
      g.delta += delta;
    }
  }

  for (const g of status.map.values()) {
    const worse = bad(g.b) && !bad(g.a);
    out.push({
      kind: 'status',
      direction: worse ? 'worse' : bad(g.a) && !bad(g.b) ? 'better' : 'neutral',
      subject: g.a.key,
      origin: g.b.origin,
      sentence: `${requestLabel(g.b.method, g.b.url)}${g.links.length > 1 ? ` (${plural(g.links.length, 'request')} on ${g.b.origin})` : ''} answered ${statusOf(g.a)} before and ${statusOf(g.b)} now.`,
      before: statusOf(g.a),
      after: statusOf(g.b),
      effect: (worse ? 1e6 : 0) + g.links.length,
      requests: g.links,
    });
  }

  for (const g of cache.map.values()) {
    const worse = g.worse.length > 0;
    const pairs = worse ? g.worse : g.better;
    const [a, b] = pairs[0]!;
    const served = pairs.find(([x, y]) => cacheRank(x) !== cacheRank(y));
    const what = served
      ? `was served from ${sourceWords(served[0])} before and from ${sourceWords(served[1])} now`
      : worse
        ? 'could be stored by the HTTP cache before and cannot be now'
        : 'could not be stored by the HTTP cache before and can be now';
    // Why: the response that cannot be stored says why; else the cache's own headline for the request now.
    const notStorable = worse ? pairs.find(([, y]) => y.storable === false)?.[1] : undefined;
    const why = notStorable
      ? B.verdicts.get(notStorable.id)?.response?.storability.reasons[0]
      : served
        ? headlineOf(B, served[1])
        : undefined;
    const extraBytes = pairs.reduce((s, [x, y]) => s + (y.bytes - x.bytes), 0);
    const extraMs = pairs.reduce((s, [x, y]) => s + (ms(y) - ms(x)), 0);
    out.push({
      kind: 'cache',
      direction: worse ? 'worse' : 'better',
      subject: a.key,
      origin: b.origin,
      sentence: `${requestLabel(b.method, b.url)} ${what}${pairs.length > 1 ? ` (${plural(pairs.length, 'load')})` : ''}${why ? `: ${why}` : '.'}`,
      before: served ? SOURCE_LABELS[served[0].source] : worse ? 'storable' : 'not storable',
      after: served ? SOURCE_LABELS[served[1].source] : worse ? 'not storable' : 'storable',
      effect: Math.max(1, Math.abs(extraBytes) / 1024 + Math.abs(extraMs)),
      requests: pairs.map(([x, y]) => link(x, y)),
    });
  }

  for (const g of cors.map.values()) {
    const classes = g.a.corsClass !== g.b.corsClass ? ` (${g.a.corsClass ?? 'none'} before, ${g.b.corsClass ?? 'none'} now)` : '';
    const pre = g.preflightsA !== g.preflightsB
      ? g.preflightsA === 0
        ? ` now pays ${plural(g.preflightsB, 'preflight')}`
        : g.preflightsB === 0
          ? ` no longer pays a preflight (${plural(g.preflightsA, 'preflight')} before)`
          : ` paid ${plural(g.preflightsA, 'preflight')} before and ${g.preflightsB.toLocaleString('en-US')} now`
      : ' changed CORS class';
    const worse = g.preflightsB > g.preflightsA || (g.b.corsClass === 'failed' && g.a.corsClass !== 'failed');
    const classOnly = g.preflightsA === g.preflightsB;
    const requests = g.links.filter((l) => l.a !== undefined && l.b !== undefined).length;
    out.push({
      kind: 'cors',
      direction: worse ? 'worse' : g.preflightsB < g.preflightsA || g.a.corsClass === 'failed' ? 'better' : 'neutral',
      subject: classOnly ? `${g.b.origin} ${g.a.corsClass ?? 'none'} → ${g.b.corsClass ?? 'none'}` : g.a.key,
      origin: g.b.origin,
      sentence: classOnly && requests > 1 ? `${plural(requests, 'request')} to ${g.b.origin} changed CORS class${classes}.` : `${requestLabel(g.b.method, g.b.url)}${pre}${classes}.`,
      before: g.a.corsClass ?? 'none',
      after: g.b.corsClass ?? 'none',
      effect: Math.max(1, Math.abs(g.msB - g.msA)) + (g.b.corsClass === 'failed' ? 1e6 : 0),
      requests: g.links,
    });
  }

  for (const g of protocol.map.values()) {
    const down = protocolRank(g.to) < protocolRank(g.from);
    out.push({
      kind: 'protocol',
      direction: down ? 'worse' : 'better',
      subject: g.origin,
      origin: g.origin,
      sentence: `${plural(g.links.length, 'request')} to ${g.origin} went over ${g.from} before and ${g.to} now.`,
      before: g.from,
      after: g.to,
      effect: g.links.length * 10,
      requests: g.links,
    });
  }

  for (const g of bytes.map.values()) {
    out.push({
      kind: 'bytes',
      direction: g.delta > 0 ? 'worse' : 'better',
      subject: g.a.key,
      origin: g.b.origin,
      sentence: `${requestLabel(g.b.method, g.b.url)} transferred ${signedBytes(g.delta)}${g.links.length > 1 ? ` over ${plural(g.links.length, 'load')}` : ''}.`,
      before: g.links.length === 1 ? g.a.bytes : undefined,
      after: g.links.length === 1 ? g.b.bytes : undefined,
      effect: Math.abs(g.delta) / 1024,
      requests: g.links,
    });
  }

  out.push(...originChanges(A, B, m, originsA, originsB));
  out.push(...totalChanges(A.summary, B.summary));
  // Timing, beyond the noise only (timing.ts).
  out.push(...requestTimingChanges(A, B, m), ...pageLoadChanges(A.summary, B.summary));
  return out;
}

/** The cache analysis's one-line headline for a request now. */
function headlineOf(side: SideState, f: RequestFacts): string | undefined {
  const v = side.verdicts.get(f.id);
  const r = side.byId.get(f.id);
  return v && r ? cacheHeadline(v, r) : undefined;
}

function pathOfUrl(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url);
  return m ? m[1] || '/' : url;
}

/** Origins contacted on one side only, and connections opened per origin on both. */
function originChanges(A: SideState, B: SideState, m: Matching, originsA: Set<string>, originsB: Set<string>): Change[] {
  const out: Change[] = [];
  const movedTo = new Map<string, Map<string, number>>();
  for (const [i, j] of m.moved) {
    const from = A.facts[i]!.origin;
    const to = B.facts[j]!.origin;
    const inner = movedTo.get(from) ?? new Map<string, number>();
    inner.set(to, (inner.get(to) ?? 0) + 1);
    movedTo.set(from, inner);
  }
  const requestsOf = (side: SideState, origin: string) => side.facts.filter((f) => f.origin === origin);
  for (const o of A.summary.origins) {
    if (originsB.has(o.origin)) continue;
    const fs = requestsOf(A, o.origin);
    const moved = [...(movedTo.get(o.origin) ?? new Map()).entries()].map(([to, n]) => `${plural(n, 'request')} moved to ${to}`);
    out.push({
      kind: 'origins',
      direction: 'better',
      subject: o.origin,
      origin: o.origin,
      sentence: `${o.origin} is no longer contacted (${plural(o.requests, 'request')}, ${plural(o.newConnections, 'connection')} before${moved.length ? `; ${moved.join(', ')}` : ''}).`,
      before: o.requests,
      after: 0,
      effect: Math.max(1, o.bytes / 1024 + fs.reduce((s, f) => s + ms(f), 0)),
      requests: fs.map((f) => ({ a: f.id, url: f.url })),
    });
  }
  for (const o of B.summary.origins) {
    if (originsA.has(o.origin)) continue;
    const fs = requestsOf(B, o.origin);
    out.push({
      kind: 'origins',
      direction: 'worse',
      subject: o.origin,
      origin: o.origin,
      sentence: `${o.origin} is contacted now and was not before (${plural(o.requests, 'request')}, ${plural(o.newConnections, 'connection')}).`,
      before: 0,
      after: o.requests,
      effect: Math.max(1, o.bytes / 1024 + fs.reduce((s, f) => s + ms(f), 0)),
      requests: fs.map((f) => ({ b: f.id, url: f.url })),
    });
  }
  const byOrigin = new Map(A.summary.origins.map((o) => [o.origin, o]));
  for (const ob of B.summary.origins) {
    const oa = byOrigin.get(ob.origin);
    if (!oa) continue;
    const d = ob.newConnections - oa.newConnections;
    if (d === 0 || Math.abs(d) < NOISE.connectionsShare * Math.max(1, oa.newConnections)) continue;
    const ids: RequestLink[] = [...(A.summary.evidence.newConnections[ob.origin] ?? []).map((e) => ({ a: e.id, url: e.url })), ...(B.summary.evidence.newConnections[ob.origin] ?? []).map((e) => ({ b: e.id, url: e.url }))];
    out.push({
      kind: 'connections',
      direction: d > 0 ? 'worse' : 'better',
      subject: ob.origin,
      origin: ob.origin,
      sentence: `${ob.origin} used ${plural(ob.newConnections, 'connection')} now and ${oa.newConnections.toLocaleString('en-US')} before (requests that rode one already used: ${oa.reused.toLocaleString('en-US')} before, ${ob.reused.toLocaleString('en-US')} now).`,
      before: oa.newConnections,
      after: ob.newConnections,
      effect: Math.abs(d) * 5,
      requests: ids,
    });
  }
  return out;
}

/** Overall bytes, when they moved more than the noise (NOISE). */
function totalChanges(a: SideSummary, b: SideSummary): Change[] {
  const out: Change[] = [];
  const db = b.bytes - a.bytes;
  if (Math.abs(db) >= NOISE.totalBytes && Math.abs(db) >= NOISE.totalBytesShare * Math.max(1, a.bytes)) {
    out.push({ kind: 'bytes', direction: db > 0 ? 'worse' : 'better', subject: 'overall', sentence: `Bytes over the wire: ${signedBytes(db)} (${a.bytes.toLocaleString('en-US')} B before, ${b.bytes.toLocaleString('en-US')} B now).`, before: a.bytes, after: b.bytes, effect: Math.abs(db) / 1024, requests: [] });
  }
  return out;
}
