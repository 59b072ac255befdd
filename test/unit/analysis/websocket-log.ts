// A WebSocket channel written literally as the CDP events Chromium sends (times in seconds), for
// the WebSocket analysis and report tests.
import type { CdpEvent } from '../../../src/core/cdp.ts';

export interface LiteralFrame {
  /** Seconds after the handshake request. */
  t: number;
  dir: 'sent' | 'received';
  opcode?: number;
  payload: string;
}

export const T0 = 1000;
export const WALL0 = 1_700_000_000;

export function wsLog(options: {
  url?: string;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  frames: LiteralFrame[];
  errors?: { t: number; message: string }[];
  closeAt?: number;
  requestId?: string;
}): CdpEvent[] {
  const requestId = options.requestId ?? 'ws-1';
  const url = options.url ?? 'ws://a.test/chat';
  const events: CdpEvent[] = [
    { method: 'Network.webSocketCreated', params: { requestId, url, initiator: { type: 'script' } } },
    { method: 'Network.webSocketWillSendHandshakeRequest', params: { requestId, timestamp: T0, wallTime: WALL0, request: { headers: options.requestHeaders ?? {} } } },
    {
      method: 'Network.webSocketHandshakeResponseReceived',
      params: { requestId, timestamp: T0 + 0.005, response: { status: 101, statusText: 'Switching Protocols', headers: options.responseHeaders ?? {}, headersText: 'HTTP/1.1 101 Switching Protocols\r\n\r\n' } },
    },
  ];
  const timed: { t: number; e: CdpEvent }[] = options.frames.map((f) => ({
    t: f.t,
    e: {
      method: f.dir === 'sent' ? 'Network.webSocketFrameSent' : 'Network.webSocketFrameReceived',
      params: { requestId, timestamp: T0 + f.t, response: { opcode: f.opcode ?? 1, mask: f.dir === 'sent', payloadData: f.payload } },
    },
  }));
  for (const e of options.errors ?? []) timed.push({ t: e.t, e: { method: 'Network.webSocketFrameError', params: { requestId, timestamp: T0 + e.t, errorMessage: e.message } } });
  timed.sort((a, b) => a.t - b.t);
  events.push(...timed.map((x) => x.e));
  if (options.closeAt !== undefined) events.push({ method: 'Network.webSocketClosed', params: { requestId, timestamp: T0 + options.closeAt } });
  return events;
}
