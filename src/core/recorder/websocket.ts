// WebSocket channels (HPBN ch. 17): an HTTP/1.1 Upgrade handshake answered 101, then frames both
// ways on the same socket, until close. The protocol reports data frames (opcode 1 text, 2 binary
// as base64) but not the close frames themselves, only webSocketClosed.
import type { Protocol } from '../cdp.ts';
import type { WsChannel, WsFrame } from '../records.ts';
import { base64DecodedLength, utf8Length } from './bytes.ts';

export function newWsChannel(init: {
  id: string;
  requestId: string;
  target: string | undefined;
  url: string;
  initiator: Protocol.Network.Initiator | undefined;
  createdAt: number;
}): WsChannel {
  return {
    id: init.id,
    requestId: init.requestId,
    target: init.target,
    url: init.url,
    initiator: init.initiator,
    createdAt: init.createdAt,
    handshake: undefined,
    frames: [],
    errors: [],
    closedAt: undefined,
    sentBytes: 0,
    receivedBytes: 0,
  };
}

/** Payload bytes: binary frames come base64-encoded, text frames as text sent as UTF-8. */
export function payloadSize(opcode: number, payload: string): number {
  return opcode === 2 ? base64DecodedLength(payload) : utf8Length(payload);
}

export function toFrame(direction: WsFrame['direction'], params: Protocol.Network.WebSocketFrameSentEvent): WsFrame {
  const r = params.response;
  return {
    direction,
    opcode: r.opcode,
    payload: r.payloadData,
    size: payloadSize(r.opcode, r.payloadData),
    at: params.timestamp * 1000,
    mask: r.mask,
  };
}

/** How far back a repeated frame is looked for: far enough for a replayed batch, O(1) per frame. */
const REPEAT_WINDOW = 32;

/** Whether `f` repeats a frame already recorded (the same event delivered twice). */
export function isRepeatFrame(ch: WsChannel, f: WsFrame): boolean {
  const frames = ch.frames;
  for (let i = frames.length - 1, n = 0; i >= 0 && n < REPEAT_WINDOW; i--, n++) {
    const g = frames[i]!;
    if (g.at < f.at) return false; // frames of one socket are time-ordered; nothing older can match
    if (g.at === f.at && g.direction === f.direction && g.opcode === f.opcode && g.payload === f.payload) return true;
  }
  return false;
}

export function addFrame(ch: WsChannel, f: WsFrame): void {
  ch.frames.push(f);
  if (f.direction === 'sent') ch.sentBytes += f.size;
  else ch.receivedBytes += f.size;
}
