// The one format module: each convention written out as literals (the panel, the report, the CLI
// and the analyses' sentences all print through these).
import { describe, expect, it } from 'vitest';
import {
  SOURCE_LABELS,
  axisTicks,
  codeSpan,
  formatBytes,
  formatClock,
  formatDuration,
  formatPath,
  formatPercent,
  formatSeconds,
  plural,
  requestLabel,
  requestNumbers,
  tickStep,
} from '../../../src/core/format/index.ts';

describe('formatting, one convention each', () => {
  it('bytes: binary units written kB / MB / GB, one decimal below 10 of a unit, whole numbers above', () => {
    const cases: [number | undefined, string][] = [
      [undefined, ''],
      [0, '0 B'],
      [70, '70 B'],
      [1000, '1,000 B'],
      [1023, '1,023 B'],
      [1024, '1 kB'],
      [4608, '4.5 kB'],
      [10_188, '9.9 kB'],
      [10_200, '10 kB'],
      [49_152, '48 kB'],
      [1_047_552, '1,023 kB'],
      [1_048_064, '1 MB'], // 1,023.5 kB would round to 1,024 kB
      [1_048_575, '1 MB'],
      [1_258_291, '1.2 MB'],
      [52_428_800, '50 MB'],
      [3 * 1024 ** 3, '3 GB'],
    ];
    expect(cases.map(([n]) => formatBytes(n))).toEqual(cases.map(([, s]) => s));
  });

  it('durations: the same precision rule, ms below a second, s below a minute, then minutes and seconds', () => {
    const cases: [number | undefined, string][] = [
      [undefined, ''],
      [Number.NaN, ''],
      [0, '0 ms'],
      [0.04, '0.04 ms'],
      [0.4, '0.4 ms'],
      [5, '5 ms'],
      [4.56, '4.6 ms'],
      [9.96, '10 ms'],
      [340.4, '340 ms'],
      [999.4, '999 ms'],
      [999.6, '1 s'],
      [1234, '1.2 s'],
      [12_345, '12 s'],
      [60_000, '1 min'],
      [125_000, '2 min 5 s'],
    ];
    expect(cases.map(([n]) => formatDuration(n))).toEqual(cases.map(([, s]) => s));
  });

  it('seconds (what HTTP counts in seconds) by the same rule, with a rounder reading when long', () => {
    expect([0.4, 5, 5.04, 12, 119].map((s) => formatSeconds(s))).toEqual(['0.4 s', '5 s', '5 s', '12 s', '119 s']);
    expect(formatSeconds(600)).toBe('600 s (10 minutes)');
    expect(formatSeconds(3600)).toBe('3,600 s (1 hour)');
    expect(formatSeconds(31_536_000)).toBe('31,536,000 s (365 days)');
    expect(formatSeconds(3600, { rough: false })).toBe('3,600 s');
    expect(formatSeconds(Number.POSITIVE_INFINITY)).toBe('an unknown time');
  });

  it('shares, counts and clock readings', () => {
    expect([0.004, 0.045, 0.12, 1].map(formatPercent)).toEqual(['0.4%', '4.5%', '12%', '100%']);
    expect([plural(1, 'request'), plural(3, 'request'), plural(1200, 'entry', 'entries')]).toEqual(['1 request', '3 requests', '1,200 entries']);
    expect(formatClock(Date.UTC(2026, 0, 1, 1, 2, 49, 417))).toBe('01:02:49.417 UTC');
  });

  it('URL paths: with the query for the table, without it and shortened for sentences, data: URLs cut', () => {
    expect(formatPath('https://a.test/app.js?v=1#x')).toBe('/app.js?v=1#x');
    expect(formatPath('https://a.test')).toBe('/');
    expect(formatPath('https://a.test/app.js?v=1', { query: false })).toBe('/app.js');
    const long = `https://a.test/${'d/'.repeat(40)}file.js?q=1`;
    expect(formatPath(long, { query: false, max: 48 })).toBe(`…${`/${'d/'.repeat(40)}file.js`.slice(-47)}`);
    expect(formatPath(`data:image/png;base64,${'A'.repeat(100)}`)).toBe(`data:image/png;base64,${'A'.repeat(35)}…`);
    expect(requestLabel({ index: 3, url: 'https://a.test/app.js?v=1' })).toBe('#4 /app.js');
    expect([requestNumbers([11, 12, 13, 14, 15, 16]), requestNumbers([2, 4, 8]), requestNumbers([2, 4], 3)]).toEqual(['#12–#17', '#3, #5 and #9', '#3, #5 and 3 more']);
    expect(codeSpan('a`b')).toBe("`a'b`");
  });

  it('source labels and time-axis ticks', () => {
    expect(SOURCE_LABELS['disk-cache']).toBe('disk');
    expect(SOURCE_LABELS.revalidated).toBe('304');
    expect([tickStep(1000), tickStep(1000, 4), tickStep(7), tickStep(60_000)]).toEqual([200, 500, 1, 10_000]);
    expect(axisTicks(100, 1100, 100, 5).map((t) => t.label)).toEqual(['0', '200 ms', '400 ms', '600 ms', '800 ms', '1 s']);
    // 450 ms shown, 1,050 ms after the origin: ticks every 200 ms, from 1.2 s.
    expect(axisTicks(1150, 1600, 100, 4).map((t) => [t.t, t.label])).toEqual([[1200, '1.2 s'], [1400, '1.4 s']]);
  });
});
