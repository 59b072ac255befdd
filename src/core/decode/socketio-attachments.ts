// Socket.IO binary attachments, and Engine.IO v3's binary framing, which no single frame can tell
// alone (socket.io-protocol v5 and v4, engine.io-protocol v4 and v3):
// - A BINARY_EVENT (5) or BINARY_ACK (6) packet is a text frame `5<n>-…` whose JSON holds
//   `{"_placeholder":true,"num":k}` in place of each binary argument; its n attachments follow it
//   as the next n binary frames in the same direction.
// - Engine.IO v3 sends a binary packet with its type as the first byte (4 for "message"); v4
//   sends the bytes as they are. So a binary frame starting with byte 4 is a v3 message packet
//   only on a socket that speaks Engine.IO v3: one whose open packet (`0{"sid":…}`) came without
//   v4's `maxPayload` field.
// Works on a channel's message list by index, looking only a bounded way back and forward.
import { decodeEngineIo } from './socketio.ts';

export interface FrameList {
  readonly length: number;
  text(i: number): string;
  opcode(i: number): number | undefined;
  direction(i: number): 'sent' | 'received' | undefined;
}

export interface AttachmentLink {
  /** On a BINARY_EVENT or BINARY_ACK: how many attachments its header says, and the indexes of those found. */
  packet?: { type: 'BINARY_EVENT' | 'BINARY_ACK'; event?: string; expected: number; attachments: number[] };
  /** On a binary frame that is an attachment: its packet's index, and which attachment it is (0-based). */
  attachmentOf?: { index: number; num: number; of: number };
}

/** Frames looked at, each way, to link a frame to its packet. */
const REACH = 256;

function binaryHeader(text: string): { type: 'BINARY_EVENT' | 'BINARY_ACK'; expected: number; event?: string } | undefined {
  const eio = decodeEngineIo(text);
  const sio = eio.ok ? eio.packet.socketIo : undefined;
  if (!sio || (sio.type !== 'BINARY_EVENT' && sio.type !== 'BINARY_ACK') || sio.attachments === undefined) return undefined;
  return { type: sio.type, expected: sio.attachments, ...(sio.event !== undefined ? { event: sio.event } : {}) };
}

/** The Socket.IO attachment link of message `i`, if it has one. */
export function socketIoAttachments(list: FrameList, i: number): AttachmentLink | undefined {
  if (i < 0 || i >= list.length) return undefined;
  const dir = list.direction(i);
  if (list.opcode(i) === 1) {
    const h = binaryHeader(list.text(i));
    if (!h) return undefined;
    const attachments: number[] = [];
    for (let j = i + 1; j < list.length && j <= i + REACH && attachments.length < h.expected; j++) {
      if (list.direction(j) !== dir) continue;
      if (list.opcode(j) !== 2) break;
      attachments.push(j);
    }
    return { packet: { ...h, attachments } };
  }
  if (list.opcode(i) !== 2) return undefined;
  // Back over the binary frames of this direction to the text frame before them.
  let before = 0;
  for (let j = i - 1; j >= 0 && j >= i - REACH; j--) {
    if (list.direction(j) !== dir) continue;
    if (list.opcode(j) === 2) {
      before++;
      continue;
    }
    const h = list.opcode(j) === 1 ? binaryHeader(list.text(j)) : undefined;
    return h && before < h.expected ? { attachmentOf: { index: j, num: before, of: h.expected } } : undefined;
  }
  return undefined;
}

/**
 * Whether the channel speaks Engine.IO v3: its first open packet (among the first frames) has no
 * `maxPayload`, which v4 added. Undefined when no open packet is seen.
 */
export function engineIoVersion(list: FrameList, look = 20): 3 | 4 | undefined {
  for (let i = 0; i < list.length && i < look; i++) {
    if (list.opcode(i) !== 1) continue;
    const eio = decodeEngineIo(list.text(i));
    if (eio.ok && eio.packet.type === 'open' && typeof eio.packet.open === 'object' && eio.packet.open !== null && 'sid' in eio.packet.open) {
      return 'maxPayload' in eio.packet.open ? 4 : 3;
    }
  }
  return undefined;
}
