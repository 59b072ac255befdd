// Requests and their responses, where the protocol on the channel carries ids:
//   - JSON-RPC 2.0 (and 1.0): a request {"method", "id"} one way, a response {"id", "result"|"error"}
//     the other way; batches (arrays) too. Notifications (no id) are not paired.
//   - GraphQL over WebSocket: graphql-transport-ws ("subscribe" → "next"… "complete"|"error") and
//     the older graphql-ws of subscriptions-transport-ws ("start" → "data"… "complete"|"error").
// The latency is from the request to its first response; for GraphQL, the operation ends at its
// "complete" (or "error"). One pass; only text frames starting with "{" or "[" and no larger
// than 256 kB are parsed.
import type { WsFrame } from '../../records.ts';

export type PairProtocol = 'json-rpc' | 'graphql-transport-ws' | 'graphql-ws';

export interface WsPair {
  protocol: PairProtocol;
  /** The id as written (JSON text of it for JSON-RPC: 7 and "7" are different ids). */
  id: string;
  /** JSON-RPC method, or the GraphQL operation name when the payload names one. */
  name?: string;
  /** Index into channel.frames of the request. */
  request: number;
  /** Index of the first response; undefined when none was recorded. */
  response?: number;
  latencyMs?: number;
  /** How many responses (GraphQL "next"/"data" included). */
  responses: number;
  /** Index of the "complete" or "error" that ended a GraphQL operation. */
  end?: number;
  /** The response was an error (JSON-RPC "error", GraphQL "error"). */
  error: boolean;
}

export interface PairStats {
  protocol: PairProtocol;
  requests: number;
  answered: number;
  errors: number;
  medianMs?: number;
  p95Ms?: number;
  maxMs?: number;
}

const MAX_PARSE = 256 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(f: WsFrame): unknown {
  if (f.opcode !== 1 || f.size > MAX_PARSE) return undefined;
  const c = f.payload.charCodeAt(0);
  if (c !== 123 && c !== 91) return undefined;
  try {
    return JSON.parse(f.payload);
  } catch {
    return undefined;
  }
}

const RPC_ID = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

function operationName(payload: unknown): string | undefined {
  if (!isObj(payload)) return undefined;
  if (typeof payload.operationName === 'string' && payload.operationName) return payload.operationName;
  const q = payload.query;
  if (typeof q !== 'string') return undefined;
  const m = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(q.slice(0, 2000));
  return m?.[1];
}

export function findPairs(frames: readonly WsFrame[], subprotocol: string | undefined): WsPair[] {
  const pairs: WsPair[] = [];
  const open = new Map<string, WsPair>();
  const key = (p: PairProtocol, requestDirection: WsFrame['direction'], id: string) => `${p}\u0000${requestDirection}\u0000${id}`;
  const other = (d: WsFrame['direction']): WsFrame['direction'] => (d === 'sent' ? 'received' : 'sent');
  // A response dated before its request (a damaged or hand-made log) is paired, with no latency.
  const setLatency = (p: WsPair, f: WsFrame) => {
    const ms = f.at - frames[p.request]!.at;
    if (ms >= 0) p.latencyMs = ms;
  };
  const answer = (p: WsPair, i: number, f: WsFrame, error: boolean) => {
    p.responses++;
    if (p.response === undefined) {
      p.response = i;
      setLatency(p, f);
    }
    if (error) p.error = true;
  };
  const gqlStart = (t: unknown) => (t === 'subscribe' ? 'graphql-transport-ws' : t === 'start' ? 'graphql-ws' : undefined);
  const gqlProtocol = (): PairProtocol | undefined =>
    subprotocol === 'graphql-transport-ws' ? 'graphql-transport-ws' : subprotocol === 'graphql-ws' ? 'graphql-ws' : undefined;

  const rpc = (m: Obj, i: number, f: WsFrame) => {
    if (typeof m.method === 'string' && RPC_ID(m.id)) {
      const p: WsPair = { protocol: 'json-rpc', id: JSON.stringify(m.id), name: m.method, request: i, responses: 0, error: false };
      pairs.push(p);
      open.set(key('json-rpc', f.direction, p.id), p);
      return;
    }
    if (m.method === undefined && RPC_ID(m.id) && ('result' in m || 'error' in m)) {
      const p = open.get(key('json-rpc', other(f.direction), JSON.stringify(m.id)));
      if (p && p.response === undefined) answer(p, i, f, m.error !== undefined && m.error !== null);
    }
  };

  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    const msg = parse(f);
    if (msg === undefined) continue;
    if (Array.isArray(msg)) {
      for (const m of msg) if (isObj(m)) rpc(m, i, f);
      continue;
    }
    if (!isObj(msg)) continue;
    if (typeof msg.type === 'string' && typeof msg.id === 'string') {
      const started = gqlStart(msg.type);
      if (started !== undefined && f.direction === 'sent') {
        const protocol = gqlProtocol() ?? started;
        const name = operationName(msg.payload);
        const p: WsPair = { protocol, id: msg.id, ...(name ? { name } : {}), request: i, responses: 0, error: false };
        pairs.push(p);
        open.set(key(protocol, 'sent', msg.id), p);
        continue;
      }
      if (f.direction === 'received' && (msg.type === 'next' || msg.type === 'data' || msg.type === 'error' || msg.type === 'complete')) {
        const p = open.get(key('graphql-transport-ws', 'sent', msg.id)) ?? open.get(key('graphql-ws', 'sent', msg.id));
        if (!p || p.end !== undefined) continue;
        if (msg.type === 'complete') {
          p.end = i;
          if (p.response === undefined) {
            p.response = i;
            setLatency(p, f);
          }
        } else {
          answer(p, i, f, msg.type === 'error');
          if (msg.type === 'error') p.end = i;
        }
        continue;
      }
    }
    if ('jsonrpc' in msg || 'method' in msg || 'result' in msg || 'error' in msg) rpc(msg, i, f);
  }
  return pairs;
}

function percentile(sorted: number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function pairStats(pairs: readonly WsPair[]): PairStats[] {
  const by = new Map<PairProtocol, { s: PairStats; lat: number[] }>();
  for (const p of pairs) {
    let e = by.get(p.protocol);
    if (!e) by.set(p.protocol, (e = { s: { protocol: p.protocol, requests: 0, answered: 0, errors: 0 }, lat: [] }));
    e.s.requests++;
    if (p.response !== undefined) e.s.answered++;
    if (p.error) e.s.errors++;
    if (p.latencyMs !== undefined) e.lat.push(p.latencyMs);
  }
  return [...by.values()].map(({ s, lat }) => {
    lat.sort((a, b) => a - b);
    const med = percentile(lat, 0.5);
    const p95 = percentile(lat, 0.95);
    const max = lat[lat.length - 1];
    return { ...s, ...(med !== undefined ? { medianMs: med } : {}), ...(p95 !== undefined ? { p95Ms: p95 } : {}), ...(max !== undefined ? { maxMs: max } : {}) };
  });
}
