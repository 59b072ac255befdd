// The few request records the panel holds: those the views draw outside the Requests table's rows
// (the selected request in the detail pane, a preflight's partner, the requests a sentence names, a
// redirect chain, the CORS view's rows). The session is folded only in the analysis worker; a view
// asks `request(id)` while it renders, gets what is here (or undefined for now), and an id not here
// yet, or here from before the recorder moved on while its request was still running, is fetched
// from the worker in one batch, after which the views that asked draw again.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { NetworkRequest } from '../../src/core/records.ts';
import type { AnalysisService } from '../workers/analysis-service.ts';
import type { AnalysisTarget } from './paced-analysis.ts';

/** Records kept at most; the least recently used go first. */
const MAX_KEPT = 5000;
/** Ids asked for in one call at most. */
const BATCH = 2000;

export interface RecordCache {
  /** The record of this hop if the panel has it; asks the worker for it (or a newer one) when not. Reading it subscribes to arrivals. */
  request(id: string): NetworkRequest | undefined;
  /** Records the worker sent with another answer (the table's rows), as folded at `seq`. */
  put(target: AnalysisTarget, seq: number, records: readonly NetworkRequest[]): void;
  /** Bumped when records arrive. */
  arrived: ReadonlySignal<number>;
  /** Nothing asked for is outstanding (tests wait on it). */
  idle(): boolean;
  /** How many records the panel holds (bounded by MAX_KEPT). */
  size(): number;
}

interface Kept {
  seq: number;
  record: NetworkRequest;
  /** The generation in which a view last drew it (see `trim`). */
  used: number;
}

export function createRecordCache(version: ReadonlySignal<number>, loader: ReadonlySignal<AnalysisTarget | undefined>, service: () => AnalysisService): RecordCache {
  const arrived = signal(0);
  let owner: AnalysisTarget | undefined;
  let kept = new Map<string, Kept>();
  let wanted = new Set<string>();
  /** Ids the worker did not have, with the seq it had folded: asked again only once the fold moved on. */
  let missing = new Map<string, number>();
  let inFlight = false;
  /** The ids of the call in flight (not asked for again meanwhile). */
  let asking = new Set<string>();
  let scheduled = false;
  /** Bumped once records asked for have all arrived; a record drawn in the current generation stays. */
  let generation = 0;

  /** The cache belongs to one open session: another one empties it. */
  const sameSession = (l: AnalysisTarget | undefined) => {
    if (l === owner) return;
    owner = l;
    kept = new Map();
    wanted = new Set();
    missing = new Map();
  };

  const keep = (id: string, k: Kept) => {
    kept.delete(id);
    kept.set(id, k);
  };
  /**
   * Over MAX_KEPT, the records least recently put go first, but never one drawn (or arrived)
   * since the last arrival: a view that draws more than MAX_KEPT records at once keeps them all
   * (rather than evicting what it draws and asking for it again, for ever).
   */
  const trim = () => {
    if (kept.size <= MAX_KEPT) return;
    let drop = kept.size - MAX_KEPT + Math.floor(MAX_KEPT / 5);
    for (const [key, k] of kept) {
      if (drop <= 0) break;
      if (k.used >= generation) continue;
      kept.delete(key);
      drop--;
    }
  };

  const fetchWanted = () => {
    scheduled = false;
    const l = owner;
    if (inFlight || !l || wanted.size === 0) return;
    const ids: string[] = [];
    for (const id of wanted) {
      ids.push(id);
      wanted.delete(id);
      if (ids.length >= BATCH) break;
    }
    inFlight = true;
    asking = new Set(ids);
    service()
      .records(l.sessionId, l.lastSeq, ids)
      .then(
        (answer) => {
          if (!answer || owner !== l) return;
          for (const r of answer.records) keep(r.id, { seq: answer.seq, record: r, used: generation });
          for (const id of ids) if (!kept.has(id)) missing.set(id, answer.seq);
          trim();
          // One render's asks may take several calls: the generation moves on once they are all in,
          // so none of them evicts another.
          if (wanted.size === 0) generation++;
          arrived.value++;
        },
        () => undefined,
      )
      .finally(() => {
        inFlight = false;
        asking = new Set();
        if (wanted.size > 0) schedule();
      });
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(fetchWanted);
  };

  const request = (id: string): NetworkRequest | undefined => {
    void arrived.value;
    void version.value;
    const l = loader.value;
    sameSession(l);
    if (!l) return undefined;
    const k = kept.get(id);
    if (k) k.used = generation;
    // A running request changes as events arrive; a finished one is kept as it was sent.
    if (!k || (!k.record.finished && k.seq < l.lastSeq)) {
      const absentAt = missing.get(id);
      if (!wanted.has(id) && !asking.has(id) && (absentAt === undefined || absentAt < l.lastSeq)) {
        wanted.add(id);
        schedule();
      }
    }
    return k?.record;
  };

  const put = (target: AnalysisTarget, seq: number, records: readonly NetworkRequest[]) => {
    sameSession(target);
    if (owner !== target) return;
    for (const r of records) {
      const k = kept.get(r.id);
      if (!k || k.seq <= seq) keep(r.id, { seq, record: r, used: generation });
    }
    trim();
    generation++;
    arrived.value++;
  };

  return { request, put, arrived, idle: () => !inFlight && !scheduled && wanted.size === 0, size: () => kept.size };
}
