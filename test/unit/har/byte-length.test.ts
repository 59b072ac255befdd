// headersSize and bodySize are UTF-8 byte counts, counted without encoding (build.ts byteLength).
import { describe, expect, it } from 'vitest';
import { byteLength } from '../../../src/core/har/build.ts';

describe('byteLength', () => {
  it('counts UTF-8 bytes as an encoder writes them', () => {
    expect(byteLength('')).toBe(0);
    expect(byteLength('GET / HTTP/1.1')).toBe(14);
    expect(byteLength('é')).toBe(2);
    expect(byteLength('\u07ff\u0800')).toBe(5);
    expect(byteLength('€')).toBe(3);
    expect(byteLength('😀')).toBe(4);
    // A lone surrogate is written as U+FFFD: 3 bytes; a pair in the wrong order is two of them.
    expect(byteLength('\ud800')).toBe(3);
    expect(byteLength('\udc00\ud800')).toBe(6);
    expect(byteLength('a\ud800😀')).toBe(8);
  });

  it('agrees with TextEncoder on random text, surrogates included', () => {
    const enc = new TextEncoder();
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let j = 0; j < 12; j++) s += String.fromCharCode(rand() < 0.3 ? 0xd800 + Math.floor(rand() * 0x800) : Math.floor(rand() * 0x10000));
      expect(byteLength(s)).toBe(enc.encode(s).length);
    }
  });
});
