// Socket.IO binary attachments and Engine.IO v3's binary framing, on channels written literally as
// the protocols define them (socket.io-protocol v5, engine.io-protocol v3 and v4).
import { describe, expect, it } from 'vitest';
import { encode } from '@msgpack/msgpack';
import { decodeMessage, engineIoVersion, socketIoAttachments, type FrameList } from '../../../src/core/decode/index.ts';

type Frame = [dir: 'sent' | 'received', opcode: 1 | 2, text: string];
const list = (frames: Frame[]): FrameList => ({ length: frames.length, direction: (i) => frames[i]![0], opcode: (i) => frames[i]![1], text: (i) => frames[i]![2] });
const b64 = (bytes: number[] | Uint8Array) => Buffer.from(bytes).toString('base64');

const V4_OPEN = '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const V3_OPEN = '0{"sid":"abc123","upgrades":[],"pingInterval":25000,"pingTimeout":5000}';

describe('Socket.IO binary attachments', () => {
  const frames: Frame[] = [
    ['received', 1, V4_OPEN],
    ['sent', 1, '40'],
    ['sent', 1, '452-["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]'],
    ['received', 1, '42["progress",1]'], // the other direction may come in between
    ['sent', 2, b64([1, 2, 3])],
    ['sent', 2, b64([4, 5])],
    ['sent', 2, b64([9])], // a plain binary message after the attachments
    ['received', 1, '461-0[{"_placeholder":true,"num":0}]'], // a binary ack, its attachment never recorded
    ['received', 1, '42["done"]'],
  ];
  const l = list(frames);
  it('links a binary event to the binary frames that follow it in its direction', () => {
    expect(socketIoAttachments(l, 2)).toEqual({ packet: { type: 'BINARY_EVENT', event: 'upload', expected: 2, attachments: [4, 5] } });
  });
  it('says of each attachment which packet it belongs to, and which one it is', () => {
    expect(socketIoAttachments(l, 4)).toEqual({ attachmentOf: { index: 2, num: 0, of: 2 } });
    expect(socketIoAttachments(l, 5)).toEqual({ attachmentOf: { index: 2, num: 1, of: 2 } });
  });
  it('does not take a binary frame past the attachments, or a packet whose attachments are missing', () => {
    expect(socketIoAttachments(l, 6)).toBeUndefined();
    expect(socketIoAttachments(l, 7)).toEqual({ packet: { type: 'BINARY_ACK', expected: 1, attachments: [] } });
    expect(socketIoAttachments(l, 8)).toBeUndefined();
    expect(socketIoAttachments(l, 0)).toBeUndefined();
  });
});

describe('Engine.IO versions and v3 binary packets', () => {
  it('tells v4 from v3 by the open packet, and says nothing without one', () => {
    expect(engineIoVersion(list([['received', 1, V4_OPEN]]))).toBe(4);
    expect(engineIoVersion(list([['received', 1, V3_OPEN]]))).toBe(3);
    expect(engineIoVersion(list([['received', 1, '{"hello":1}']]))).toBeUndefined();
  });
  it('reads a v3 binary frame as its type byte and its data, and decodes the data after it', () => {
    const payload = b64([4, ...encode({ op: 'move', x: 3 })]);
    const v3 = decodeMessage(payload, 2, { engineIo: 3 });
    expect(v3.views[0]).toMatchObject({ kind: 'engine.io', label: 'Engine.IO v3', packet: { type: 'message' } });
    expect(v3.views.find((v) => v.kind === 'msgpack')).toMatchObject({ value: { op: 'move', x: 3 } });
    // The same bytes on a v4 socket (or one whose version is not known) are bytes as they are.
    expect(decodeMessage(payload, 2, { engineIo: 4 }).views.map((v) => v.kind)).toEqual(['hex', 'base64']);
    expect(decodeMessage(payload, 2).views.map((v) => v.kind)).toEqual(['hex', 'base64']);
  });
});

describe('on frames the fixtures do not make', () => {
  it('never throws, and every link it gives points at a frame of the right kind and direction', () => {
    // Seeded random channels of Socket.IO-looking text (good and broken headers) and binary frames.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const texts = ['451-["a",{"_placeholder":true,"num":0}]', '452-[', '45x-["a"]', '4599999999999-["a"]', '461-/ns,3[{"_placeholder":true,"num":0}]', '42["b"]', '0{"sid":"x"}', '', '5', '4'];
    for (let run = 0; run < 300; run++) {
      const frames: Frame[] = Array.from({ length: 1 + rnd(40) }, () => [rnd(2) ? 'sent' : 'received', rnd(3) ? 1 : 2, rnd(3) ? texts[rnd(texts.length)]! : b64([rnd(256)])] as Frame);
      const l = list(frames);
      for (let i = -1; i <= frames.length; i++) {
        const link = socketIoAttachments(l, i);
        if (link?.packet) for (const j of link.packet.attachments) expect([j > i, frames[j]![1], frames[j]![0]]).toEqual([true, 2, frames[i]![0]]);
        if (link?.attachmentOf) expect([link.attachmentOf.index < i, frames[link.attachmentOf.index]![1], frames[link.attachmentOf.index]![0]]).toEqual([true, 1, frames[i]![0]]);
      }
      expect(() => engineIoVersion(l)).not.toThrow();
    }
  });
});
