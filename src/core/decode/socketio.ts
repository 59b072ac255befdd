// Engine.IO packets (the transport under Socket.IO) and the Socket.IO packets inside them, as
// their protocols define them (engine.io-protocol v4 and v3, socket.io-protocol v5 and v4):
//   Engine.IO text packet: <type digit><data>   0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop
//   Socket.IO packet (the data of an Engine.IO "message"):
//     <type digit>[<attachments>-][<namespace>,][<ack id>][JSON]
//     0 CONNECT, 1 DISCONNECT, 2 EVENT, 3 ACK, 4 CONNECT_ERROR, 5 BINARY_EVENT, 6 BINARY_ACK
// A text that does not fit is not a packet: the decoder says so rather than guessing.
import { decodeJson } from './json.ts';

export const ENGINE_IO_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export const SOCKET_IO_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;

export interface SocketIoPacket {
  type: (typeof SOCKET_IO_TYPES)[number];
  namespace: string;
  /** Binary attachments that follow as separate frames (BINARY_EVENT, BINARY_ACK). */
  attachments?: number;
  ackId?: number;
  /** The event name, for EVENT and BINARY_EVENT. */
  event?: string;
  /** The JSON data (for EVENT, the arguments after the name). */
  data?: unknown;
}

export interface EngineIoPacket {
  type: (typeof ENGINE_IO_TYPES)[number];
  /** The packet's data as text ("probe" for an upgrade probe, the JSON of an open packet…). */
  data: string;
  /** For "open": the handshake's JSON (sid, pingInterval, pingTimeout, upgrades). */
  open?: unknown;
  /** For "message": the Socket.IO packet inside, when it is one. */
  socketIo?: SocketIoPacket;
}

export type EngineIoResult = { ok: true; packet: EngineIoPacket } | { ok: false; error: string };

export function decodeSocketIo(text: string): SocketIoPacket | undefined {
  const t = text.charCodeAt(0) - 48;
  if (!(t >= 0 && t <= 6)) return undefined;
  let i = 1;
  let attachments: number | undefined;
  if (t === 5 || t === 6) {
    const dash = text.indexOf('-', i);
    if (dash < 0 || !/^\d+$/.test(text.slice(i, dash))) return undefined;
    attachments = Number(text.slice(i, dash));
    i = dash + 1;
  }
  let namespace = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma;
    namespace = text.slice(i, end);
    i = comma < 0 ? text.length : comma + 1;
  }
  let ackId: number | undefined;
  const digits = /^\d+/.exec(text.slice(i, i + 20));
  if (digits) {
    ackId = Number(digits[0]);
    i += digits[0].length;
  }
  const rest = text.slice(i);
  const packet: SocketIoPacket = { type: SOCKET_IO_TYPES[t]!, namespace, ...(attachments !== undefined ? { attachments } : {}), ...(ackId !== undefined ? { ackId } : {}) };
  if (rest === '') return packet;
  const json = decodeJson(rest);
  if (!json.ok) return undefined;
  if ((t === 2 || t === 5) && Array.isArray(json.value) && typeof json.value[0] === 'string') {
    packet.event = json.value[0];
    packet.data = json.value.slice(1);
  } else packet.data = json.value;
  return packet;
}

export function decodeEngineIo(text: string): EngineIoResult {
  const t = text.charCodeAt(0) - 48;
  if (!(t >= 0 && t <= 6)) return { ok: false, error: 'It does not start with an Engine.IO packet type (0 to 6).' };
  const type = ENGINE_IO_TYPES[t]!;
  const data = text.slice(1);
  const packet: EngineIoPacket = { type, data };
  if (type === 'open') {
    const json = decodeJson(data);
    if (!json.ok) return { ok: false, error: 'An Engine.IO open packet carries JSON; this one does not.' };
    packet.open = json.value;
  } else if (type === 'message') {
    const sio = data === '' ? undefined : decodeSocketIo(data);
    if (sio) packet.socketIo = sio;
  } else if ((type === 'ping' || type === 'pong') && data !== '' && data !== 'probe') {
    return { ok: false, error: 'An Engine.IO ping or pong carries nothing or "probe".' };
  } else if ((type === 'close' || type === 'upgrade' || type === 'noop') && data !== '') {
    return { ok: false, error: `An Engine.IO ${type} packet carries nothing.` };
  }
  return { ok: true, packet };
}
