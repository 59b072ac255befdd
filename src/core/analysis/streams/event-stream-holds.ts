// Sockets held by streams (HPBN ch. 11, "Using Multiple TCP Connections", and ch. 16): an HTTP/1.1
// origin gets 6 sockets in Chromium, and a stream keeps its socket for as long as it is open. When
// long-lived streams (EventSource, streamed fetches, long polls) hold them, other requests to that
// origin wait: the "seventh tab hangs". Read from the pool analysis's queueing verdicts: for every
// request that waited for a socket of a full or busy HTTP/1.1 pool, which of the requests holding
// the sockets were streams.
import type { NetworkRequest } from '../../records.ts';
import { formatDuration, plural } from '../../format/index.ts';
import type { PoolData } from '../pools/index.ts';
import { isLongPoll } from './event-stream-health.ts';
import type { ChannelKind, SocketHold } from './types.ts';

/** A plain request that held its socket this long is a long poll. */
export const LONG_POLL_MS = 5000;

const KIND_WORDS: Record<ChannelKind | 'long-poll', [string, string]> = {
  eventsource: ['EventSource stream', 'EventSource streams'],
  'fetch-sse': ['event stream read by fetch', 'event streams read by fetch'],
  ndjson: ['NDJSON stream', 'NDJSON streams'],
  'json-seq': ['JSON sequence stream', 'JSON sequence streams'],
  websocket: ['WebSocket', 'WebSockets'],
  'long-poll': ['long poll', 'long polls'],
};

export function kindWords(kind: ChannelKind | 'long-poll', n: number): string {
  const [one, many] = KIND_WORDS[kind];
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function socketHolds(pools: PoolData, requests: readonly NetworkRequest[], channelKinds: ReadonlyMap<string, ChannelKind>): SocketHold[] {
  const byId = new Map<string, NetworkRequest>();
  for (const r of requests) byId.set(r.id, r);
  const kindOf = (id: string): ChannelKind | 'long-poll' | undefined => {
    const k = channelKinds.get(id);
    if (k !== undefined) return k;
    const r = byId.get(id);
    return r !== undefined && isLongPoll(r, LONG_POLL_MS) ? 'long-poll' : undefined;
  };
  const out: SocketHold[] = [];
  for (const pool of pools.pools) {
    if (pool.family !== 'h1' || pool.queued.length === 0) continue;
    const holders = new Map<string, ChannelKind | 'long-poll'>();
    const waited: string[] = [];
    let heldSockets = 0;
    let longestWaitMs = 0;
    for (const id of pool.queued) {
      const q = pools.queues.get(id);
      if (q === undefined || (q.cause !== 'pool-full' && q.cause !== 'pool-busy')) continue;
      let held = 0;
      for (const h of q.busyWith) {
        const k = kindOf(h);
        if (k === undefined) continue;
        held++;
        holders.set(h, k);
      }
      if (held === 0) continue;
      waited.push(id);
      heldSockets = Math.max(heldSockets, held);
      longestWaitMs = Math.max(longestWaitMs, q.waitMs);
    }
    if (waited.length === 0) continue;
    const counts = new Map<ChannelKind | 'long-poll', number>();
    for (const k of holders.values()) counts.set(k, (counts.get(k) ?? 0) + 1);
    const byKind = [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
    const limit = pool.limit ?? 6;
    const list = [...holders].map(([id, kind]) => ({ id, kind, index: byId.get(id)?.index ?? -1 })).sort((a, b) => a.index - b.index);
    out.push({
      origin: pool.origin,
      limit,
      heldSockets,
      holders: list,
      byKind,
      waited,
      longestWaitMs,
      sentence: holdSentence(pool.origin, limit, heldSockets, byKind, waited.length, longestWaitMs),
    });
  }
  return out;
}

export function holdSentence(origin: string, limit: number, held: number, byKind: readonly { kind: ChannelKind | 'long-poll'; count: number }[], waited: number, longestMs: number): string {
  const kinds = byKind.map((k) => kindWords(k.kind, k.count));
  const who = kinds.length <= 1 ? (kinds[0] ?? 'streams') : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
  return `${held} of ${limit} sockets to ${origin} were held by ${who}; ${plural(waited, 'request')} waited for a socket, up to ${formatDuration(longestMs)}. ` +
    `HTTP/1.1 gives an origin ${limit} connections and a stream keeps its socket for as long as it is open; over HTTP/2 they would all share one connection.`;
}
