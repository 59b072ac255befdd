// A large CDP log made from the recorded fixtures: each copy re-keys request, loader and frame
// ids, shifts timestamps by 30 s and moves connection ids, so every copy is a new set of page
// loads in one long session. Shared by the benchmarks.
import { readFileSync } from 'node:fs';
import type { CdpEvent } from '../../src/core/cdp.ts';

export const FIXTURES = ['pool', 'h2', 'cache', 'redirect', 'streams', 'child-targets', 'demo'];

export const base: CdpEvent[] = FIXTURES.flatMap((name) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}.cdp.json`, import.meta.url), 'utf8')) as CdpEvent[]);

const ID_KEYS = new Set(['requestId', 'loaderId', 'frameId', 'parentId']);
const SECONDS_KEYS = new Set(['timestamp', 'requestTime', 'wallTime']);

/**
 * A deep copy of `value` with ids suffixed, times shifted and connection ids moved, for copy `k`.
 * With `connectionStep` 0 the connection ids stay as recorded in every copy: a long session whose
 * sockets outlive page loads, so the same ids come back across pages (as in real long sessions).
 */
export function rekey(value: unknown, k: number, shiftSeconds: number, parentKey = '', connectionStep = 100_000): unknown {
  if (Array.isArray(value)) return value.map((v) => rekey(v, k, shiftSeconds, '', connectionStep));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && (ID_KEYS.has(key) || (key === 'id' && parentKey === 'frame'))) out[key] = `${v}~${k}`;
    else if (typeof v === 'number' && SECONDS_KEYS.has(key)) out[key] = v + shiftSeconds;
    else if (typeof v === 'number' && key === 'responseTime') out[key] = v + shiftSeconds * 1000;
    else if (typeof v === 'number' && key === 'connectionId' && v > 0) out[key] = v + k * connectionStep;
    else if (key === 'headers' || key === 'securityDetails' || key === 'stack') out[key] = v; // nothing to re-key inside
    else out[key] = rekey(v, k, shiftSeconds, key, connectionStep);
  }
  return out;
}

/** Copies `first` … `first + copies - 1` (so a big log can be written a block of copies at a time). */
export function scaledLog(copies: number, first = 0, options: { repeatConnections?: boolean } = {}): CdpEvent[] {
  const log: CdpEvent[] = [];
  const step = options.repeatConnections ? 0 : 100_000;
  for (let k = first; k < first + copies; k++) {
    for (const e of base) log.push(e.sessionId ? { method: e.method, params: rekey(e.params, k, k * 30, '', step), sessionId: `${e.sessionId}~${k}` } : { method: e.method, params: rekey(e.params, k, k * 30, '', step) });
  }
  return log;
}

export function webSocketLog(frames: number): CdpEvent[] {
  const log: CdpEvent[] = [
    { method: 'Network.webSocketCreated', params: { requestId: 'ws.1', url: 'ws://a.test/ws' } },
    { method: 'Network.webSocketWillSendHandshakeRequest', params: { requestId: 'ws.1', timestamp: 1, wallTime: 1_700_000_000, request: { headers: { Upgrade: 'websocket' } } } },
    { method: 'Network.webSocketHandshakeResponseReceived', params: { requestId: 'ws.1', timestamp: 1.001, response: { status: 101, statusText: 'Switching Protocols', headers: { Upgrade: 'websocket' } } } },
  ];
  for (let i = 0; i < frames; i++) {
    const sent = i % 2 === 0;
    const binary = i % 5 === 0;
    log.push({
      method: sent ? 'Network.webSocketFrameSent' : 'Network.webSocketFrameReceived',
      params: { requestId: 'ws.1', timestamp: 2 + i * 1e-5, response: { opcode: binary ? 2 : 1, mask: sent, payloadData: binary ? 'AQIDBAUGBwg=' : `message number ${i} ✓` } },
    });
  }
  log.push({ method: 'Network.webSocketClosed', params: { requestId: 'ws.1', timestamp: 2 + frames * 1e-5 } });
  return log;
}

