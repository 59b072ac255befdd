// WebSocket channels (HPBN ch. 17): an HTTP/1.1 Upgrade handshake answered 101, then frames both
// ways on the same socket, until close. The protocol reports data frames (opcode 1 text, 2 binary
// as base64) but not the close frames themselves, only webSocketClosed.
//
// WebSocketTracker is the lifecycle, from webSocketCreated to webSocketClosed: the channels, and
// the handshake's record (a NetworkRequest like any other, so pools, HAR and the table see it).
import type { Protocol } from '../cdp.ts';
import type { WsChannel, WsFrame } from '../records.ts';
import { base64DecodedLength, utf8Length } from './bytes.ts';
import { derive } from './derive.ts';
import { headerList, parseStatusLine, protocolOfVersion } from './headers.ts';
import type { RecorderHost } from './host.ts';
import type { Outcome } from './outcome.ts';

export class WebSocketTracker {
  readonly list: WsChannel[] = [];

  constructor(private readonly host: RecorderHost) {}

  webSocketCreated(params: Protocol.Network.WebSocketCreatedEvent, target: string | undefined): Outcome {
    const host = this.host;
    if (host.findChain(params.requestId) !== undefined) return 'duplicate';
    // The protocol does not date this event: the handshake request will.
    const at = host.clock.now(target);
    const chain = host.startRequest(params.requestId, target, {
      url: params.url,
      method: 'GET',
      issuedAt: at,
      issuedWall: host.clock.wallAt(at),
      resourceType: 'WebSocket',
      initiator: params.initiator,
    });
    const ws = newWsChannel({ id: chain.hops[0]!.rec.id, requestId: params.requestId, target, url: params.url, initiator: params.initiator, createdAt: at });
    chain.ws = ws;
    this.list.push(ws);
    host.replayHeld(chain);
    return 'changed';
  }

  webSocketWillSendHandshakeRequest(params: Protocol.Network.WebSocketWillSendHandshakeRequestEvent, target: string | undefined): Outcome {
    const chain = this.host.findChain(params.requestId);
    const ws = chain?.ws;
    if (chain === undefined || ws === undefined) return 'orphan';
    if (ws.handshake?.requestAt !== undefined) return 'duplicate';
    const clock = this.host.clock;
    const ts = params.timestamp * 1000;
    clock.tick(ts, target);
    const wall = clock.wallOf(ts, params.wallTime);
    const headers = headerList(params.request.headers);
    ws.handshake ??= { requestHeaders: [], responseHeaders: [] };
    ws.handshake.requestHeaders = headers;
    ws.handshake.requestAt = ts;
    ws.handshake.requestWall = wall;
    const hop = chain.hops[0]!;
    hop.rec.issuedAt = ts;
    hop.rec.issuedWall = wall;
    this.host.redated(hop.rec);
    hop.blinkRequestHeaders = headers;
    if (!hop.rec.requestHeadersRaw) hop.rec.requestHeaders = headers;
    derive(hop);
    return 'changed';
  }

  webSocketHandshakeResponseReceived(params: Protocol.Network.WebSocketHandshakeResponseReceivedEvent, target: string | undefined): Outcome {
    const chain = this.host.findChain(params.requestId);
    const ws = chain?.ws;
    if (chain === undefined || ws === undefined) return 'orphan';
    const hop = chain.hops[0]!;
    if (hop.hasResponse) return 'duplicate';
    const ts = params.timestamp * 1000;
    this.host.clock.tick(ts, target);
    const r = params.response;
    const rec = hop.rec;
    hop.hasResponse = true;
    hop.responseStatus = r.status;
    hop.responseStatusText = r.statusText;
    hop.responseHeaders = headerList(r.headers);
    hop.responseTs = ts;
    ws.handshake ??= { requestHeaders: [], responseHeaders: [] };
    ws.handshake.status = r.status;
    ws.handshake.statusText = r.statusText;
    ws.handshake.responseHeaders = hop.responseHeaders;
    ws.handshake.responseHeadersText = r.headersText;
    ws.handshake.responseAt = ts;
    if (r.requestHeaders !== undefined) {
      // The headers that really went out on the socket (cookies included), when the protocol tells.
      const sent = headerList(r.requestHeaders);
      ws.handshake.requestHeaders = sent;
      if (!rec.requestHeadersRaw) {
        rec.requestHeaders = sent;
        rec.requestHeadersRaw = true;
      }
    }
    if (r.requestHeadersText !== undefined) rec.requestHeadersText = r.requestHeadersText;
    if (!rec.responseHeadersRaw) {
      rec.responseHeaders = hop.responseHeaders;
      if (r.headersText !== undefined) {
        rec.responseHeadersText = r.headersText;
        rec.responseHeadersRaw = true;
      }
    }
    const line = r.headersText === undefined ? undefined : parseStatusLine(r.headersText);
    if (line !== undefined) rec.protocol = protocolOfVersion(line.version);
    derive(hop);
    return 'changed';
  }

  webSocketFrameSent(params: Protocol.Network.WebSocketFrameSentEvent, target: string | undefined): Outcome {
    return this.frame('sent', params, target);
  }

  webSocketFrameReceived(params: Protocol.Network.WebSocketFrameReceivedEvent, target: string | undefined): Outcome {
    return this.frame('received', params, target);
  }

  webSocketFrameError(params: Protocol.Network.WebSocketFrameErrorEvent, target: string | undefined): Outcome {
    const ws = this.host.findChain(params.requestId)?.ws;
    if (ws === undefined) return 'orphan';
    const at = params.timestamp * 1000;
    this.host.clock.tick(at, target);
    const last = ws.errors[ws.errors.length - 1];
    if (last !== undefined && last.at === at && last.message === params.errorMessage) return 'duplicate';
    ws.errors.push({ at, message: params.errorMessage });
    return 'changed';
  }

  webSocketClosed(params: Protocol.Network.WebSocketClosedEvent, target: string | undefined): Outcome {
    const chain = this.host.findChain(params.requestId);
    const ws = chain?.ws;
    if (chain === undefined || ws === undefined) return 'orphan';
    if (ws.closedAt !== undefined) return 'duplicate';
    const at = params.timestamp * 1000;
    this.host.clock.tick(at, target);
    ws.closedAt = at;
    const hop = chain.hops[0]!;
    hop.endTs = at;
    hop.rec.finished = true;
    derive(hop);
    return 'changed';
  }

  private frame(direction: 'sent' | 'received', params: Protocol.Network.WebSocketFrameSentEvent, target: string | undefined): Outcome {
    const ws = this.host.findChain(params.requestId)?.ws;
    if (ws === undefined) return 'orphan';
    const frame = toFrame(direction, params);
    this.host.clock.tick(frame.at, target);
    if (isRepeatFrame(ws, frame)) return 'duplicate';
    addFrame(ws, frame);
    return 'changed';
  }
}

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
