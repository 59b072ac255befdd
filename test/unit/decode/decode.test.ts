// The message decoders (src/core/decode) on literal payloads: every expected value is written here.
import { describe, expect, it } from 'vitest';
import { encode } from '@msgpack/msgpack';
import { decodeEngineIo, decodeJson, decodeMessage, decodeMsgpack, decodeSocketIo, hexDump, base64ToBytes } from '../../../src/core/decode/index.ts';

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('Engine.IO and Socket.IO packets', () => {
  it('reads Engine.IO open, ping, pong, probe and message packets', () => {
    expect(decodeEngineIo('0{"sid":"x1","pingInterval":25000}')).toEqual({ ok: true, packet: { type: 'open', data: '{"sid":"x1","pingInterval":25000}', open: { sid: 'x1', pingInterval: 25000 } } });
    expect(decodeEngineIo('2')).toEqual({ ok: true, packet: { type: 'ping', data: '' } });
    expect(decodeEngineIo('3probe')).toEqual({ ok: true, packet: { type: 'pong', data: 'probe' } });
    expect(decodeEngineIo('2hello').ok).toBe(false);
    expect(decodeEngineIo('hello').ok).toBe(false);
    expect(decodeEngineIo('0not json').ok).toBe(false);
  });

  it('reads Socket.IO events, acks with ids, namespaces and binary events', () => {
    expect(decodeSocketIo('2["chat",{"text":"hi"},3]')).toEqual({ type: 'EVENT', namespace: '/', event: 'chat', data: [{ text: 'hi' }, 3] });
    expect(decodeSocketIo('2/admin,13["kick","bob"]')).toEqual({ type: 'EVENT', namespace: '/admin', ackId: 13, event: 'kick', data: ['bob'] });
    expect(decodeSocketIo('313["ok"]')).toEqual({ type: 'ACK', namespace: '/', ackId: 13, data: ['ok'] });
    expect(decodeSocketIo('51-["upload",{"_placeholder":true,"num":0}]')).toEqual({ type: 'BINARY_EVENT', namespace: '/', attachments: 1, event: 'upload', data: [{ _placeholder: true, num: 0 }] });
    expect(decodeSocketIo('0/chat,{"token":"t"}')).toEqual({ type: 'CONNECT', namespace: '/chat', data: { token: 't' } });
    expect(decodeSocketIo('1')).toEqual({ type: 'DISCONNECT', namespace: '/' });
    expect(decodeSocketIo('2[not json')).toBeUndefined();
    expect(decodeSocketIo('9x')).toBeUndefined();
    const eio = decodeEngineIo('42["chat","hi"]');
    expect(eio.ok && eio.packet.socketIo).toEqual({ type: 'EVENT', namespace: '/', event: 'chat', data: ['hi'] });
  });
});

describe('JSON', () => {
  it('parses objects and arrays, and says why other texts are not shown as JSON', () => {
    expect(decodeJson('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] }, pretty: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
    const bad = decodeJson('{"a":');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^It is not JSON/);
    expect(decodeJson('42').ok).toBe(false);
  });
});

describe('MessagePack', () => {
  it('decodes a value written by hand, and one written by the encoder with binary and a bigint', () => {
    // {hello: "msgpack", n: 1}: fixmap of 2, fixstr 5, fixstr 7, fixstr 1, positive fixint.
    const hand = new Uint8Array([0x82, 0xa5, ...Buffer.from('hello'), 0xa7, ...Buffer.from('msgpack'), 0xa1, 0x6e, 0x01]);
    expect(decodeMsgpack(hand)).toMatchObject({ ok: true, value: { hello: 'msgpack', n: 1 } });
    const enc = encode({ id: 7, blob: new Uint8Array([0xde, 0xad]), big: 2n ** 63n - 1n }, { useBigInt64: true });
    expect(decodeMsgpack(enc)).toMatchObject({ ok: true, value: { id: 7, blob: { bytes: 'dead' }, big: '9223372036854775807n' } });
  });

  it('does not call bytes MessagePack when one value does not take them all', () => {
    const r = decodeMsgpack(new Uint8Array([0x01, 0x02, 0x03]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/not one MessagePack value/);
    expect(decodeMsgpack(new Uint8Array([0xc1])).ok).toBe(false); // 0xc1 is never used
  });
});

describe('hex and base64', () => {
  it('dumps 16 bytes a line with offsets and printable characters, and cuts at the limit', () => {
    const bytes = base64ToBytes(b64([0x48, 0x69, 0x00, 0xff, ...Array(14).fill(0x41)]))!;
    const d = hexDump(bytes);
    expect(d.lines).toEqual([
      '00000000  48 69 00 ff 41 41 41 41  41 41 41 41 41 41 41 41  |Hi..AAAAAAAAAAAA|',
      '00000010  41 41                                             |AA|',
    ]);
    expect(hexDump(bytes, 16)).toMatchObject({ bytes: 18, omitted: 2 });
    expect(base64ToBytes('***')).toBeUndefined();
  });
});

describe('decodeMessage', () => {
  it('offers the views that fit each text, the protocol view first', () => {
    expect(decodeMessage('42["chat","hi"]', 1).views.map((v) => v.label)).toEqual(['Socket.IO', 'Text', 'Hex', 'Base64']);
    expect(decodeMessage('{"jsonrpc":"2.0","id":1}', 1).views.map((v) => v.label)).toEqual(['JSON', 'Text', 'Hex', 'Base64']);
    expect(decodeMessage('hello', 1).views.map((v) => v.label)).toEqual(['Text', 'Hex', 'Base64']);
    expect(decodeMessage('2', 1).views.map((v) => v.label)).toEqual(['Engine.IO', 'Text', 'Hex', 'Base64']);
  });

  it('offers MessagePack for a binary frame that is one, and hex and base64 for any', () => {
    const mp = decodeMessage(b64([0x82, 0xa5, ...Buffer.from('hello'), 0xa7, ...Buffer.from('msgpack'), 0xa1, 0x6e, 0x01]), 2);
    expect(mp.views.map((v) => v.label)).toEqual(['MessagePack', 'Hex', 'Base64']);
    expect(mp.size).toBe(18);
    expect(decodeMessage(b64([1, 2, 3, 4]), 2).views.map((v) => v.label)).toEqual(['Hex', 'Base64']);
    const bad = decodeMessage('not base64!', 2);
    expect(bad.problem).toMatch(/not valid base64/);
  });
});

describe('hostile and random payloads', () => {
  it('decodes 3,000 seeded random texts and binaries without an exception, always with a view', () => {
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
    const alphabet = '0123456789[]{}",:/-abc \u00e9\u{1F600}\\';
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rnd() * 40);
      let text = '';
      for (let k = 0; k < len; k++) text += [...alphabet][Math.floor(rnd() * [...alphabet].length)];
      const bytes = Array.from({ length: len }, () => Math.floor(rnd() * 256));
      for (const [payload, opcode] of [[text, 1], [b64(bytes), 2], [text, 2]] as const) {
        const d = decodeMessage(payload, opcode);
        expect(d.views.length).toBeGreaterThan(0);
      }
    }
  });

  it('takes JSON nested 100,000 deep without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const d = decodeMessage(deep, 1);
    expect(d.views.map((v) => v.label)).toContain('Text');
  });
});
