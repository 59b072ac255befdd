// The writers' JSON: the same text as JSON.stringify, at any depth.
import { describe, expect, it } from 'vitest';
import { deepJsonText, jsonText } from '../../../src/core/har/json-text.ts';
import { loadLog } from '../../fixtures/load.ts';

describe('jsonText', () => {
  it('writes what JSON.stringify writes', () => {
    const values: unknown[] = [loadLog('redirect'), { a: [1, 'x', null, undefined, { b: undefined, c: true }], d: NaN, e: -0, 'q"k': '\u2028\n' }, [], {}, 'text', 3, null];
    for (const v of values) expect(deepJsonText(v)).toBe(JSON.stringify(v));
  });

  it('writes a value nested 200,000 deep, which JSON.stringify cannot', () => {
    let deep: unknown = { leaf: [1] };
    for (let i = 0; i < 200_000; i++) deep = i % 2 ? { p: deep } : [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = jsonText(deep);
    expect(text).toBe('{"p":['.repeat(100_000) + '{"leaf":[1]}' + ']}'.repeat(100_000));
  });
});
