// What the panel's analysis worker does, behind one interface: it folds the open session from the
// stored events it reads itself (through an EventReader: the storage adapter in the worker, the
// in-memory backend in component tests), applies the live batches the panel forwards, and answers
// the views' analyses as plain data. The same module runs in the worker (analysis-worker.ts,
// through comlink) and in-process where there is no Worker (happy-dom), so the tests run this code.
//
// Everything it returns is plain, structured-cloneable data (see src/core/analysis): the panel
// builds its look-ups (indexPools) and sentences (cacheWords) on its side.
import type { HopId, NetworkRequest } from '../../src/core/records.ts';
import { inputProblems, type InputProblems } from '../../src/core/report/input-problems.ts';
import { timeSpan } from '../store/requests-model.ts';
import type { StoredEvent } from '../../src/core/cdp.ts';
import { applyInOrder, foldStoredSession, newFold, type FoldState } from '../../src/core/fold-session.ts';
import { analysePoolData, explainRequest, indexPools, type PoolAnalysis, type PoolData, type Sentence } from '../../src/core/analysis/pools/index.ts';
import { analyseCacheData, cacheWords, type CacheAnalysisData, type CacheVerdictData } from '../../src/core/analysis/cache/index.ts';
import { analyseCorsData, corsTags, explainCors, pairOfPreflight, pairPreflights, preflightsOf, type CorsData, type CorsPairing } from '../../src/core/analysis/cors/index.ts';
import { whatIfSummary, type WhatIfSummary } from '../../src/core/whatif/index.ts';
import { CorsGrouping, corsWindow, type CorsQuery, type CorsWindow } from './cors-window.ts';
import { CacheRowFilter, cacheWindow, type CacheQuery, type CacheWindow } from './cache-window.ts';
import { compareData, type CompareContext, type ComparisonData } from './compare-data.ts';
import type { OriginPair } from '../../src/core/diff/index.ts';
import { RequestsTable, requestsWindow, type RequestsQuery, type RequestsWindow } from './requests-window.ts';
import { analyseStreamsData, channelSources, type ChannelSource, type StreamsData } from '../../src/core/analysis/streams/index.ts';
import { StreamsFilterCache, streamsWindow, type StreamsQuery, type StreamsWindow } from './streams-window.ts';
import { limitStreamBody, reconstructStreamBody, type ReconstructedBody } from '../../src/core/stream-body.ts';
import { LayoutCache, connectionsStep, connectionsWindow, type ConnectionsQuery, type ConnectionsWindow, type LayoutQuery, type StepKey } from './connections-window.ts';

/** Reads a session's stored events in seq order, in pages. */
export interface EventReader {
  pages(sessionId: string, fromSeq: number, pageSize: number): AsyncIterable<StoredEvent[]>;
  /** Opens the storage connection ahead of the first read (optional). */
  warm?(): Promise<void>;
}

/** A plain analysis with how long the worker took for it (fold catch-up included). */
export interface Analysed<T> {
  sessionId: string;
  /** The last event folded into it. */
  seq: number;
  data: T;
  ms: number;
}

/** How far the worker's fold of the open session has gone. */
export interface FoldProgress {
  /** The last event folded. */
  seq: number;
  /** The fold reached the end of what was stored when this step ran. */
  done: boolean;
}

/** What the status bar, the filter bar and the sessions list show of the open session. */
export interface SessionSummary {
  sessionId: string;
  seq: number;
  requests: number;
  /** Bytes transferred over the network, all requests. */
  bytes: number;
  /** Earliest issue and latest end (ms, the session's clock); { 0, 1 } when empty. */
  span: { start: number; end: number };
  /** Every origin of the session, sorted. */
  origins: string[];
  /** What the session's log held that the recorder repaired or left out. */
  problems: InputProblems;
  /** Events the recorder took in (each seq once). */
  events: number;
}

/** Records of the open session, as folded when `seq` was the last event. */
export interface RecordsAnswer {
  sessionId: string;
  seq: number;
  records: NetworkRequest[];
}

export interface AnalysisService {
  /**
   * Does nothing but start: the panel calls it when it loads, so the worker's code is compiled and
   * its database open before the user opens a session (that took ~300 ms of the first rows).
   */
  warm(): Promise<void>;
  /** Opens a session: folds its stored events, read by the service itself. Replaces the open one. */
  open(sessionId: string): Promise<{ seq: number }>;
  /**
   * The panel's replay of a stored session: folds up to `maxEvents` more of its stored events, or
   * as many as `budgetMs` allows (250 ms by default), opening it first (this replaces another open
   * session), so the panel can show first rows and progress between steps while the fold runs
   * here, never on its own thread. One read of the stored rows goes on from step to step, with
   * its next rows in flight.
   */
  advance(sessionId: string, maxEvents: number, budgetMs?: number): Promise<FoldProgress>;
  /** A live batch the panel received (each event with its seq): a seq already applied is skipped, a gap is read from storage. */
  apply(sessionId: string, events: readonly StoredEvent[]): Promise<FoldProgress | undefined>;
  /** The open session's counts, span, origins and input problems, with every event up to `seq` folded. */
  summary(sessionId: string, seq: number): Promise<SessionSummary | undefined>;
  /** The records of these hops (those the session has), with every event up to `seq` folded: the detail pane, partners, links. */
  records(sessionId: string, seq: number, hopIds: readonly string[]): Promise<RecordsAnswer | undefined>;
  /** The socket-pool analysis of the session with every event up to `seq` folded (read from storage if a batch was missed). Whole: for tests and tools, not for the panel's views. */
  pools(sessionId: string, seq: number): Promise<Analysed<PoolData> | undefined>;
  /** The CORS analysis of the session with every event up to `seq` folded (read from storage if a batch was missed). */
  cors(sessionId: string, seq: number): Promise<Analysed<CorsData> | undefined>;
  /**
   * The CORS view's window (panel/workers/cors-window.ts): counts, groups by target origin with
   * their totals and only the rows each group draws, from the kept CORS analysis when it holds
   * every event up to `seq`. Never the whole analysis.
   */
  corsWindow(sessionId: string, seq: number, query: CorsQuery): Promise<CorsWindow | undefined>;
  /** The What-if view: the model's estimates of the session's first page load (no per-request graph), or why there are none. */
  whatIf(sessionId: string, seq: number): Promise<Analysed<WhatIfSummary> | undefined>;
  /**
   * The Connections view's window: the layout rows in view, each with only the bars inside the
   * time window it draws, from the kept pool analysis when it holds every event up to `seq`.
   */
  connectionsWindow(sessionId: string, seq: number, query: ConnectionsQuery): Promise<ConnectionsWindow | undefined>;
  /** Where a keyboard move in the Connections view goes from the selected request. */
  connectionsStep(sessionId: string, seq: number, layout: LayoutQuery, selectedId: string | undefined, key: StepKey): Promise<string | undefined>;
  /**
   * The Requests table's window: the ids of the rows in view after its filter and sort (the
   * connection chips ask the kept pool analysis), the counts, and the selection's index.
   */
  requestsWindow(sessionId: string, seq: number, query: RequestsQuery): Promise<RequestsWindow | undefined>;
  /** The id of the request at `index` of the table's list (a keyboard move out of the window). */
  requestIdAt(sessionId: string, seq: number, query: Pick<RequestsQuery, 'filter' | 'sort'>, index: number): Promise<string | undefined>;
  /**
   * The Cache view's window: the rows it draws after its filter, counts, totals, pages and the
   * selected URL, from the kept cache analysis when it holds every event up to `seq`, else from a
   * fresh one (every event up to `seq` folded first). Never the whole analysis.
   */
  cacheWindow(sessionId: string, seq: number, query: CacheQuery): Promise<CacheWindow | undefined>;
  /** The key of the row at `index` of the Cache view's filtered list (a keyboard move out of the window). */
  cacheKeyAt(sessionId: string, seq: number, query: Pick<CacheQuery, 'filter' | 'adviceOnly'>, index: number): Promise<string | undefined>;
  /** Compares two stored sessions, folded here: what changed in meaning (the diff), and what the cache saved. */
  compare(beforeId: string, afterId: string, context?: { before?: CompareContext; after?: CompareContext; sameOrigins?: OriginPair[] }): Promise<ComparisonData>;
  /**
   * Folds the session and runs both analyses ahead of time, keeping them for when a view asks
   * (nothing is sent back): the panel calls it once its replay (`advance`) is done.
   */
  prepare(sessionId: string): Promise<void>;
  /** What the Explain tab shows for one request (its sentences written here, where the records are). */
  explain(sessionId: string, seq: number, hopId: HopId): Promise<Explanation | undefined>;
  /**
   * The Streams view's window (issue 17): the channels, and for the selected one its figures,
   * the rows in view after its filter and the selected message whole (panel/workers/streams-window.ts).
   */
  streamsWindow(sessionId: string, seq: number, query: StreamsQuery): Promise<StreamsWindow | undefined>;
  /** The CORS preflight partners of one hop (the one pairing), for the detail pane. */
  preflightPartners(sessionId: string, seq: number, hopId: string): Promise<PreflightPartners | undefined>;
  /** Forgets the session (the panel closed it). */
  close(sessionId: string): Promise<void>;

  // --- Response bodies (issue 19) ---
  /**
   * The Body tab of an event stream: its body rebuilt from the messages the fold holds (with
   * every event up to `seq` folded), how many and whether it is complete, cut to `maxBytes` when
   * given; undefined when the hop is no stream Netlens read.
   */
  streamBody(sessionId: string, seq: number, hopId: string, maxBytes?: number): Promise<ReconstructedBody | undefined>;
}

/** A hop's CORS preflight partners: the hop it guarded (on a preflight) or the preflights that guarded it. */
export interface PreflightPartners {
  hopId: string;
  isPreflight: boolean;
  partnerIds: string[];
  /** A preflight whose request is not in the recording. */
  unpaired: boolean;
}

/** One request's explanation, as the detail pane's Explain tab shows it. */
export interface Explanation {
  sessionId: string;
  hopId: HopId;
  /** The socket-pool analysis's sentences (empty when it has nothing to say). */
  connection: Sentence[];
  /** A socket carried it (it has a lane in the Connections view). */
  onSocket: boolean;
  /** Its cache verdict and sentences; absent when no HTTP cache is involved. */
  cache?: { verdict: CacheVerdictData; headline: string; why: string[] };
  /** The CORS section's sentences (empty when CORS says nothing about it). */
  cors: string[];
}

const PAGE_SIZE = 5000;
/** An analysis quicker than this (ms) is simply redone for an explanation; a slower one is reused while it knows the request. */
const QUICK_MS = 100;

interface Open {
  sessionId: string;
  fold: FoldState;
  /** Analyses memoised by the seq they were made at. */
  memo: { pools?: Analysed<PoolData>; cache?: Analysed<CacheAnalysisData>; cors?: Analysed<CorsData>; streams?: Analysed<StreamsData>; whatIf?: Analysed<WhatIfSummary> };
  summary?: SessionSummary;
  /** The preflight pairing for the table's markers, kept while the fold stays at `seq`. */
  pairing?: { seq: number; pairing: CorsPairing };
  /** The replay's read of the stored rows, kept between the panel's steps, and its page size. */
  replay?: AsyncIterator<StoredEvent[]>;
  replayPage?: number;
}

/** A replay step's time budget (ms): the panel refreshes its views between steps. */
const STEP_MS = 250;
/** Events per page of the replay's read (the budget is looked at after each). */
const REPLAY_PAGE = 2000;
/** At most this many records in one answer (a view asks again for the rest). */
const MAX_RECORDS = 5000;

function summarise(o: Open): SessionSummary {
  const r = o.fold.recorder;
  const reqs = r.requests();
  let bytes = 0;
  const origins = new Set<string>();
  for (const q of reqs) {
    bytes += q.transferSize ?? 0;
    origins.add(q.origin);
  }
  return { sessionId: o.sessionId, seq: o.fold.lastSeq, requests: reqs.length, bytes, span: timeSpan(reqs), origins: [...origins].sort(), problems: inputProblems(r.diagnostics), events: r.diagnostics.events };
}

export function createAnalysisService(reader: EventReader): AnalysisService {
  let open: Open | undefined;
  // One operation at a time: a live batch never lands in the middle of a page being folded.
  let queue: Promise<unknown> = Promise.resolve();
  /** Calls queued or running. */
  let waiting = 0;
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    waiting++;
    const next = queue.then(work).finally(() => waiting--);
    queue = next.catch(() => undefined);
    return next;
  };
  /** Resolves once no call is queued or running: work ahead of time goes after what a view asked. */
  const whenIdle = async () => {
    while (waiting > 0) await queue;
  };

  /** Reads from storage whatever follows the fold, so it holds at least `seq` (when stored). */
  const catchUp = async (o: Open, seq: number) => {
    if (o.fold.lastSeq >= seq) return;
    await foldStoredSession(reader.pages(o.sessionId, o.fold.lastSeq + 1, PAGE_SIZE), { into: o.fold, stop: () => open !== o });
  };

  /** The open fold of the session, folded at least up to `upTo` (all that is stored by default); a caller that needs more catches up. */
  const ensureOpen = async (sessionId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<Open> => {
    if (open?.sessionId === sessionId) return open;
    const o: Open = { sessionId, fold: newFold(), memo: {} };
    open = o;
    // Only as far as asked: a view may ask before the panel's replay (`advance`) has begun, and
    // must not wait for the whole session.
    await foldStoredSession(reader.pages(sessionId, 1, PAGE_SIZE), { into: o.fold, stop: () => open !== o || o.fold.lastSeq >= upTo });
    return o;
  };

  /** The preflight pairing of everything folded (kept until the next event). */
  const pairingOf = (o: Open): CorsPairing => {
    // The CORS analysis holds the same pairing: reused when it is current, not made twice.
    const cors = o.memo.cors;
    if (cors && cors.seq === o.fold.lastSeq) return cors.data.pairing;
    if (o.pairing?.seq !== o.fold.lastSeq) o.pairing = { seq: o.fold.lastSeq, pairing: pairPreflights(o.fold.recorder.requests()) };
    return o.pairing.pairing;
  };

  const poolIndex = new WeakMap<PoolData, PoolAnalysis>();
  const makers: { [K in keyof Open['memo']]-?: (o: Open) => NonNullable<Open['memo'][K]>['data'] } = {
    pools: (o) => analysePoolData(o.fold.recorder.requests()),
    cache: (o) => analyseCacheData(o.fold.recorder.requests(), o.fold.recorder.pages()),
    cors: (o) => analyseCorsData(o.fold.recorder.requests(), o.fold.recorder.corsIssuesWithoutRequest()),
    whatIf: (o) => whatIfSummary(o.fold.recorder.requests(), o.fold.recorder.pages()),
    streams: (o) => {
      const r = o.fold.recorder;
      return analyseStreamsData(streamsInput(o), { pages: r.pages(), pools: current(o, 'pools').data });
    },
  };
  const streamsInput = (o: Open) => {
    const r = o.fold.recorder;
    return { requests: r.requests(), eventSources: r.eventSources(), bodyStreams: r.bodyStreams(), webSockets: r.webSockets() };
  };
  /** The channels' records of a streams analysis, looked up by id (made once per analysis). */
  const sourcesOf = new WeakMap<StreamsData, Map<string, ChannelSource>>();
  const streamFilter = new StreamsFilterCache();

  /** The analysis of everything folded so far (kept until the next event). */
  const current = <K extends keyof Open['memo']>(o: Open, kind: K, started = performance.now()): NonNullable<Open['memo'][K]> => {
    const memo = o.memo[kind];
    if (memo && memo.seq === o.fold.lastSeq) return memo as NonNullable<Open['memo'][K]>;
    const result = { sessionId: o.sessionId, seq: o.fold.lastSeq, data: makers[kind](o), ms: 0 } as NonNullable<Open['memo'][K]>;
    result.ms = performance.now() - started;
    o.memo[kind] = result;
    return result;
  };

  /** For one request's explanation: the kept analysis when it knows the request and redoing it would be slow, else a current one. */
  const usable = <K extends 'pools' | 'cache'>(o: Open, kind: K, hopId: HopId): NonNullable<Open['memo'][K]> => {
    const memo = o.memo[kind];
    if (memo && memo.data.verdicts.has(hopId) && memo.ms >= QUICK_MS) return memo as NonNullable<Open['memo'][K]>;
    return current(o, kind);
  };

  const analysed = <K extends keyof Open['memo']>(kind: K) =>
    (sessionId: string, seq: number) =>
      serial(async () => {
        const started = performance.now();
        const o = await ensureOpen(sessionId, seq);
        await catchUp(o, seq);
        if (open !== o) return undefined;
        return current(o, kind, started);
      });

  const pools = analysed('pools');
  const cors = analysed('cors');
  const whatIf = analysed('whatIf');

  /**
   * The kept analysis of this kind when it holds every event up to `seq` (a scroll, a keystroke or
   * a view choice redoes nothing), else a current one.
   */
  const keptAt = async <K extends 'cache' | 'cors'>(kind: K, sessionId: string, seq: number) => {
    const o = await ensureOpen(sessionId, seq);
    const memo = o.memo[kind] as NonNullable<Open['memo'][K]> | undefined;
    if (memo && memo.seq >= seq) return { o, a: memo };
    await catchUp(o, seq);
    if (open !== o) return undefined;
    return { o, a: current(o, kind) as NonNullable<Open['memo'][K]> };
  };
  const cacheAt = (sessionId: string, seq: number) => keptAt('cache', sessionId, seq);
  const corsAt = (sessionId: string, seq: number) => keptAt('cors', sessionId, seq);
  const filtered = new CacheRowFilter();
  const corsGrouping = new CorsGrouping();

  /** The kept pool analysis (with its look-ups) when it holds every event up to `seq`, else a current one. */
  const poolsAt = async (sessionId: string, seq: number) => {
    const o = await ensureOpen(sessionId, seq);
    let memo = o.memo.pools;
    if (!memo || memo.seq < seq) {
      await catchUp(o, seq);
      if (open !== o) return undefined;
      memo = current(o, 'pools');
    }
    let a = poolIndex.get(memo.data);
    if (!a) poolIndex.set(memo.data, (a = indexPools(memo.data)));
    return { o, seq: memo.seq, a };
  };
  const layouts = new LayoutCache();

  const table = new RequestsTable();
  const corsTagsOf = new WeakMap<CorsData, ReadonlyMap<string, readonly string[]>>();
  /** The Requests table's list over the fold caught up to `seq`. */
  const tableAt = async (sessionId: string, seq: number, query: Pick<RequestsQuery, 'filter' | 'sort'>) => {
    const o = await ensureOpen(sessionId, seq);
    await catchUp(o, seq);
    if (open !== o) return undefined;
    const chips = query.filter.newConnections === true || query.filter.queued === true;
    const a = chips ? (await poolsAt(sessionId, o.fold.lastSeq))?.a : undefined;
    if (open !== o) return undefined;
    const facts = () => ({ isNewConnection: (id: string) => a?.verdict(id)?.kind === 'new', isQueued: (id: string) => a?.queue(id)?.queued === true });
    // `cors:` keys read the CORS analysis's tags (kept with the analysis, redone when it is).
    const tags = () => {
      const d = current(o, 'cors').data;
      let t = corsTagsOf.get(d);
      if (!t) corsTagsOf.set(d, (t = corsTags(d)));
      return t;
    };
    return { o, rows: table.rows(o.fold.lastSeq, o.fold.recorder.requests(), query, facts, tags) };
  };

  /** A session's records: the open fold when it is that session (caught up), else a fold of its stored events. */
  const recordsOf = async (id: string) => {
    if (open?.sessionId === id) {
      await catchUp(open, Number.MAX_SAFE_INTEGER);
      return open.fold.recorder;
    }
    return (await foldStoredSession(reader.pages(id, 1, PAGE_SIZE))).recorder;
  };
  const explain = (sessionId: string, seq: number, hopId: string) =>
    serial(async (): Promise<Explanation | undefined> => {
      const o = await ensureOpen(sessionId, seq);
      await catchUp(o, seq);
      const r = o.fold.recorder.request(hopId);
      if (open !== o || !r) return undefined;
      const p = usable(o, 'pools', hopId).data;
      let a = poolIndex.get(p);
      if (!a) poolIndex.set(p, (a = indexPools(p)));
      const v = usable(o, 'cache', hopId).data.verdicts.get(hopId);
      return {
        sessionId,
        hopId,
        connection: explainRequest(a, r, (id) => o.fold.recorder.request(id)),
        onSocket: a.use(hopId) !== undefined,
        ...(v && v.reason !== 'not-http' ? { cache: { verdict: v, ...cacheWords(v, r) } } : {}),
        cors: explainCors(current(o, 'cors').data, r, (id) => o.fold.recorder.request(id)),
      };
    });
  return {
    open: (sessionId) => serial(async () => ({ seq: (await ensureOpen(sessionId)).fold.lastSeq })),
    prepare: async (sessionId) => {
      // Everything stored, then both analyses (kept for when a view asks), each step only once
      // nothing a view asked for is waiting, so the views' answers at the end of a replay (the
      // whole session's counts, the rows) never queue behind seconds of analysis.
      for (const kind of [undefined, 'pools', 'cache'] as const) {
        await whenIdle();
        const go = await serial(async () => {
          const o = await ensureOpen(sessionId);
          if (open !== o) return false;
          if (kind) current(o, kind);
          return true;
        });
        if (!go) return;
      }
    },
    warm: async () => {
      await reader.warm?.();
    },
    advance: (sessionId, maxEvents, budgetMs = STEP_MS) =>
      serial(async () => {
        const started = performance.now();
        let o = open?.sessionId === sessionId ? open : undefined;
        if (!o) open = o = { sessionId, fold: newFold(), memo: {} };
        const target = o.fold.lastSeq + Math.max(1, maxEvents);
        // Page by page, stopping right after the page that reaches the target or the budget. A page
        // another path already folded (a catch-up) is skipped by seq.
        // A small first step reads a small page (its rows come at once); later steps read full pages.
        const page = Math.min(REPLAY_PAGE, Math.max(1, maxEvents));
        if (o.replay && o.replayPage !== undefined && o.replayPage < page) {
          void o.replay.return?.();
          o.replay = undefined;
        }
        if (!o.replay) {
          o.replay = reader.pages(sessionId, o.fold.lastSeq + 1, page)[Symbol.asyncIterator]();
          o.replayPage = page;
        }
        for (;;) {
          const next = await o.replay.next();
          if (next.done) {
            o.replay = undefined;
            return { seq: o.fold.lastSeq, done: true };
          }
          applyInOrder(o.fold, next.value);
          if (open !== o) return { seq: o.fold.lastSeq, done: true };
          if (o.fold.lastSeq >= target || performance.now() - started >= budgetMs) return { seq: o.fold.lastSeq, done: false };
        }
      }),
    apply: (sessionId, events) =>
      serial(async () => {
        const o = open;
        if (!o || o.sessionId !== sessionId) return undefined;
        // A hole (a batch the panel missed, or one from before this fold began): storage has it.
        if (events.length > 0 && !applyInOrder(o.fold, events)) await catchUp(o, events[events.length - 1]!.seq);
        return { seq: o.fold.lastSeq, done: true };
      }),
    summary: (sessionId, seq) =>
      serial(async () => {
        const o = await ensureOpen(sessionId, seq);
        await catchUp(o, seq);
        if (open !== o) return undefined;
        if (o.summary?.seq !== o.fold.lastSeq) o.summary = summarise(o);
        return o.summary;
      }),
    records: (sessionId, seq, hopIds) =>
      serial(async () => {
        const o = await ensureOpen(sessionId, seq);
        await catchUp(o, seq);
        if (open !== o) return undefined;
        const records: NetworkRequest[] = [];
        for (const id of hopIds.slice(0, MAX_RECORDS)) {
          const r = o.fold.recorder.request(id);
          if (r) records.push(r);
        }
        return { sessionId, seq: o.fold.lastSeq, records };
      }),
    pools,
    cors,
    corsWindow: (sessionId, seq, query) =>
      serial(async () => {
        const started = performance.now();
        const at = await corsAt(sessionId, seq);
        if (!at) return undefined;
        const w = corsWindow(sessionId, at.a.seq, at.a.data, corsGrouping, query, (id) => at.o.fold.recorder.request(id));
        return { ...w, ms: performance.now() - started };
      }),
    whatIf,
    connectionsWindow: (sessionId, seq, query) =>
      serial(async () => {
        const started = performance.now();
        const at = await poolsAt(sessionId, seq);
        if (!at) return undefined;
        const w = connectionsWindow(sessionId, at.seq, at.a, layouts, query, (id) => at.o.fold.recorder.request(id));
        return { ...w, ms: performance.now() - started };
      }),
    connectionsStep: (sessionId, seq, layout, selectedId, key) =>
      serial(async () => {
        const at = await poolsAt(sessionId, seq);
        return at ? connectionsStep(at.a, layouts, layout, selectedId, key) : undefined;
      }),
    requestsWindow: (sessionId, seq, query) =>
      serial(async () => {
        const started = performance.now();
        const at = await tableAt(sessionId, seq, query);
        if (!at) return undefined;
        const w = requestsWindow(sessionId, at.o.fold.lastSeq, at.o.fold.recorder.requests().length, at.rows, table, query);
        // The rows' records go with their ids: the table draws them as sent, with their preflight markers.
        const rec = at.o.fold.recorder;
        const records = at.rows.slice(w.from, w.from + w.ids.length);
        const p = pairingOf(at.o);
        const markers = w.ids.map((id) => {
          const guarded = pairOfPreflight(p, id);
          const partnerId = guarded ? guarded.hopId : preflightsOf(p, id).at(-1)?.preflightId;
          return partnerId === undefined ? undefined : { isPreflight: guarded !== undefined, partnerId, partnerIndex: rec.request(partnerId)?.index };
        });
        return { ...w, records, markers, ms: performance.now() - started };
      }),
    requestIdAt: (sessionId, seq, query, index) =>
      serial(async () => (await tableAt(sessionId, seq, query))?.rows[index]?.id),
    cacheWindow: (sessionId, seq, query) =>
      serial(async () => {
        const started = performance.now();
        const at = await cacheAt(sessionId, seq);
        if (!at) return undefined;
        const w = cacheWindow(sessionId, at.a.seq, at.a.data, filtered, query, (id) => at.o.fold.recorder.request(id));
        return { ...w, ms: performance.now() - started };
      }),
    cacheKeyAt: (sessionId, seq, query, index) =>
      serial(async () => {
        const at = await cacheAt(sessionId, seq);
        return at ? filtered.rows(at.a.data, query.filter, query.adviceOnly)[index]?.key : undefined;
      }),
    compare: (beforeId, afterId, context) =>
      serial(async () => {
        const a = await recordsOf(beforeId);
        const b = await recordsOf(afterId);
        return compareData(beforeId, a, afterId, b, context);
      }),
    explain,
    streamsWindow: (sessionId, seq, query) =>
      serial(async () => {
        const started = performance.now();
        const o = await ensureOpen(sessionId, seq);
        let memo = o.memo.streams;
        if (!memo || memo.seq < seq) {
          // Only as far as asked (not everything stored): while the panel replays a big session
          // the view gets its first rows early and follows the replay.
          if (o.fold.lastSeq < seq) await foldStoredSession(reader.pages(o.sessionId, o.fold.lastSeq + 1, PAGE_SIZE), { into: o.fold, stop: () => open !== o || o.fold.lastSeq >= seq });
          if (open !== o) return undefined;
          memo = current(o, 'streams');
        }
        let sources = sourcesOf.get(memo.data);
        if (!sources) sourcesOf.set(memo.data, (sources = new Map(channelSources(streamsInput(o)).map((c) => [c.id, c]))));
        const w = streamsWindow(sessionId, memo.seq, memo.data, (id) => sources.get(id), streamFilter, query);
        return { ...w, ms: performance.now() - started };
      }),
    preflightPartners: (sessionId, seq, hopId) =>
      serial(async () => {
        const o = await ensureOpen(sessionId, seq);
        await catchUp(o, seq);
        if (open !== o) return undefined;
        const p = pairingOf(o);
        const guarded = pairOfPreflight(p, hopId);
        return { hopId, isPreflight: guarded !== undefined, partnerIds: guarded ? [guarded.hopId] : preflightsOf(p, hopId).map((x) => x.preflightId), unpaired: p.unpaired.some((u) => u.preflightId === hopId) };
      }),
    // --- Response bodies (issue 19) ---
    streamBody: (sessionId, seq, hopId, maxBytes) =>
      serial(async () => {
        const o = await ensureOpen(sessionId, seq);
        await catchUp(o, seq);
        const rec = o.fold.recorder;
        const r = rec.request(hopId);
        if (open !== o || !r) return undefined;
        const b = reconstructStreamBody(r, rec.bodyStreams().find((x) => x.id === hopId), rec.eventSources().find((c) => c.id === hopId));
        return b && maxBytes !== undefined ? limitStreamBody(b, maxBytes) : b;
      }),
    close: (sessionId) =>
      serial(async () => {
        if (open?.sessionId !== sessionId) return;
        void open.replay?.return?.(undefined)?.catch(() => undefined);
        open = undefined;
      }),
  };
}

/**
 * The service in-process, behind the same asynchronous interface, with every answer structured-
 * cloned as postMessage would: for component tests and any page without Workers. Not for the
 * extension: there the analyses run in the worker, off the panel's main thread.
 */
export function inProcessAnalysis(reader: EventReader): AnalysisService {
  const service = createAnalysisService(reader);
  return {
    open: (id) => service.open(id),
    warm: () => service.warm(),
    advance: (id, max, budgetMs) => service.advance(id, max, budgetMs),
    summary: async (id, seq) => structuredClone(await service.summary(id, seq)),
    records: async (id, seq, ids) => structuredClone(await service.records(id, seq, [...ids])),
    // Ahead-of-time work in-process would run on the caller's own thread: left to the first ask.
    prepare: async () => undefined,
    apply: (id, events) => service.apply(id, structuredClone(events)),
    pools: async (id, seq) => structuredClone(await service.pools(id, seq)),
    cors: async (id, seq) => structuredClone(await service.cors(id, seq)),
    corsWindow: async (id, seq, query) => structuredClone(await service.corsWindow(id, seq, structuredClone(query))),
    whatIf: async (id, seq) => structuredClone(await service.whatIf(id, seq)),
    connectionsWindow: async (id, seq, query) => structuredClone(await service.connectionsWindow(id, seq, structuredClone(query))),
    connectionsStep: (id, seq, layout, selectedId, key) => service.connectionsStep(id, seq, structuredClone(layout), selectedId, key),
    requestsWindow: async (id, seq, query) => structuredClone(await service.requestsWindow(id, seq, structuredClone(query))),
    requestIdAt: (id, seq, query, index) => service.requestIdAt(id, seq, structuredClone(query), index),
    cacheWindow: async (id, seq, query) => structuredClone(await service.cacheWindow(id, seq, structuredClone(query))),
    cacheKeyAt: (id, seq, query, index) => service.cacheKeyAt(id, seq, query, index),
    compare: async (a, b, context) => structuredClone(await service.compare(a, b, structuredClone(context))),
    explain: async (id, seq, hopId) => structuredClone(await service.explain(id, seq, hopId)),
    streamsWindow: async (id, seq, query) => structuredClone(await service.streamsWindow(id, seq, structuredClone(query))),
    preflightPartners: async (id, seq, hopId) => structuredClone(await service.preflightPartners(id, seq, hopId)),
    close: (id) => service.close(id),
    streamBody: async (id, seq, hopId, maxBytes) => structuredClone(await service.streamBody(id, seq, hopId, maxBytes)),
  };
}
