// Decoders for a recorded message (a WebSocket frame's payload as the record holds it: text as is,
// binary as base64): every view that fits, in the order a reader wants them. Pure, plain data.
import { base64ToBytes, bytesToBase64, hexDump, textToBytes, type HexDump } from './binary.ts';
import { decodeJson } from './json.ts';
import { decodeMsgpack } from './msgpack.ts';
import { decodeEngineIo, ENGINE_IO_TYPES, type EngineIoPacket } from './socketio.ts';

export { base64ToBytes, bytesToBase64, hexDump, textToBytes, DUMP_LIMIT, type HexDump } from './binary.ts';
export { decodeJson, JSON_LIMIT, type JsonResult } from './json.ts';
export { decodeMsgpack, MSGPACK_LIMIT, type MsgpackResult } from './msgpack.ts';
export { decodeEngineIo, decodeSocketIo, ENGINE_IO_TYPES, SOCKET_IO_TYPES, type EngineIoPacket, type EngineIoResult, type SocketIoPacket } from './socketio.ts';
export { engineIoVersion, socketIoAttachments, type AttachmentLink, type FrameList } from './socketio-attachments.ts';

export type DecodedView =
  | { kind: 'text'; label: string; text: string }
  | { kind: 'json'; label: string; value: unknown; pretty: string }
  | { kind: 'engine.io'; label: string; packet: EngineIoPacket }
  | { kind: 'msgpack'; label: string; value: unknown; pretty: string }
  | { kind: 'hex'; label: string; dump: HexDump }
  | { kind: 'base64'; label: string; text: string; omitted: number };

export interface DecodedMessage {
  /** Payload bytes. */
  size: number;
  views: DecodedView[];
  /** A sentence when the payload could not be read at all (a binary payload that is not base64). */
  problem?: string;
}

/** Text shown in full up to this many characters; the rest is cut with a note. */
export const TEXT_LIMIT = 1024 * 1024;

/**
 * `context.engineIo`: the Engine.IO version the channel speaks, when known (its open packet says):
 * on v3 a binary frame's first byte is its packet type.
 */
export function decodeMessage(payload: string, opcode: number, context: { engineIo?: 3 | 4 | undefined } = {}): DecodedMessage {
  const views: DecodedView[] = [];
  if (opcode === 2) {
    const bytes = base64ToBytes(payload);
    if (!bytes) return { size: 0, views: [{ kind: 'text', label: 'Raw', text: payload.slice(0, TEXT_LIMIT) }], problem: 'This binary payload is not valid base64, so it is shown as recorded.' };
    const v3 = context.engineIo === 3 && bytes.length > 0 && bytes[0]! <= 6;
    if (v3) {
      const type = ENGINE_IO_TYPES[bytes[0]!]!;
      views.push({ kind: 'engine.io', label: 'Engine.IO v3', packet: { type, data: `${(bytes.length - 1).toLocaleString('en-US')} bytes of binary data (Engine.IO v3 sends the packet type, ${bytes[0]}, as the first byte)` } });
    }
    const mp = decodeMsgpack(v3 ? bytes.subarray(1) : bytes);
    if (mp.ok) views.push({ kind: 'msgpack', label: 'MessagePack', value: mp.value, pretty: mp.pretty });
    views.push({ kind: 'hex', label: 'Hex', dump: hexDump(bytes) });
    const b64 = payload.length > TEXT_LIMIT ? payload.slice(0, TEXT_LIMIT) : payload;
    views.push({ kind: 'base64', label: 'Base64', text: b64, omitted: Math.max(0, payload.length - TEXT_LIMIT) });
    return { size: bytes.length, views };
  }
  const bytes = textToBytes(payload);
  const eio = decodeEngineIo(payload);
  if (eio.ok && (eio.packet.type !== 'message' || eio.packet.socketIo !== undefined)) {
    views.push({ kind: 'engine.io', label: eio.packet.socketIo ? 'Socket.IO' : 'Engine.IO', packet: eio.packet });
  }
  const json = decodeJson(payload);
  if (json.ok) views.push({ kind: 'json', label: 'JSON', value: json.value, pretty: json.pretty });
  views.push({ kind: 'text', label: 'Text', text: payload.length > TEXT_LIMIT ? `${payload.slice(0, TEXT_LIMIT)}\n… (${(payload.length - TEXT_LIMIT).toLocaleString('en-US')} more characters)` : payload });
  views.push({ kind: 'hex', label: 'Hex', dump: hexDump(bytes) });
  const b64 = bytesToBase64(bytes);
  views.push({ kind: 'base64', label: 'Base64', text: b64.text, omitted: b64.omitted });
  return { size: bytes.length, views };
}
