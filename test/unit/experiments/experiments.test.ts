// Experiments (issue 21), the pure parts: presets and custom conditions, the sentences the views
// show, and the recorder's marking of throttled requests on logs written literally here (the
// event as Chromium 156 sends it: appliedNetworkConditionsId on requestWillBeSentExtraInfo).
import { describe, expect, it } from 'vitest';
import { bytesPerSecond, customConditions, describeConditions, describeExperiment, findPreset } from '../../../src/core/experiments.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import type { CdpEvent } from '../../../src/core/cdp.ts';

describe('network conditions', () => {
  it('finds presets by name whatever the case, spaces and dashes, with DevTools’ figures', () => {
    expect(findPreset('slow-4g')).toEqual({ label: 'Slow 4G', latencyMs: 562.5, downloadKbps: 1440, uploadKbps: 675 });
    expect(findPreset('FAST 4G')?.latencyMs).toBe(165);
    expect(findPreset('3g')?.downloadKbps).toBe(400);
    expect(findPreset('offline')?.offline).toBe(true);
    expect(findPreset('dial-up')).toBeUndefined();
  });

  it('checks custom conditions and says what is wrong', () => {
    expect(customConditions(300, undefined, 500)).toEqual({ label: 'Custom', latencyMs: 300, uploadKbps: 500 });
    expect(customConditions(-1, undefined, undefined)).toBe('The latency must be a number of milliseconds from 0 to 60,000.');
    expect(customConditions(10, 0, undefined)).toBe('The download throughput must be a number of kbit/s above 0 (at most 10,000,000).');
    expect(customConditions(Number.NaN, undefined, undefined)).toMatch(/latency/);
  });

  it('turns kbit/s into the protocol’s bytes per second, -1 for unlimited', () => {
    expect(bytesPerSecond(1440)).toBe(180_000);
    expect(bytesPerSecond(undefined)).toBe(-1);
  });

  it('describes conditions and experiments in words', () => {
    expect(describeConditions(findPreset('Slow 4G')!)).toBe('Slow 4G: 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up');
    expect(describeConditions(findPreset('Offline')!)).toBe('Offline: no network');
    expect(describeExperiment({ name: 'cold', clearCache: true, load: 'navigate' })).toBe('HTTP cache emptied first · loaded by navigating to it');
    expect(describeExperiment({ cacheDisabled: true, conditions: { label: 'Custom', latencyMs: 300 }, emulation: 'legacy', load: 'hardReload' })).toBe(
      'cache disabled · Custom: 300 ms latency (older emulation command) · a hard reload (cache bypassed)',
    );
    expect(describeExperiment({ problems: ['emptying the cache failed (x)'] })).toBe('not applied: emptying the cache failed (x)');
    expect(describeExperiment(undefined)).toBe('');
  });
});

describe('the recorder marks throttled requests', () => {
  const sent = (id: string, url: string, ts: number): CdpEvent => ({
    method: 'Network.requestWillBeSent',
    params: { requestId: id, loaderId: 'L1', documentURL: 'http://a.test/', request: { url, method: 'GET', headers: {} }, timestamp: ts, wallTime: 1_700_000_000 + ts, initiator: { type: 'other' }, type: 'Image', frameId: 'F' },
  });
  const extra = (id: string, requestTime: number, rule?: string): CdpEvent => ({
    method: 'Network.requestWillBeSentExtraInfo',
    params: { requestId: id, headers: { Host: 'a.test' }, connectTiming: { requestTime }, ...(rule ? { appliedNetworkConditionsId: rule } : {}) },
  });

  it.each([
    ['ExtraInfo after the request', [sent('1', 'http://a.test/x.png', 10), extra('1', 10.001, 'RULE-A'), sent('2', 'http://a.test/y.png', 11), extra('2', 11.001)]],
    ['ExtraInfo before the request', [extra('1', 10.001, 'RULE-A'), sent('1', 'http://a.test/x.png', 10), extra('2', 11.001), sent('2', 'http://a.test/y.png', 11)]],
  ])('keeps appliedNetworkConditionsId on the request it came with (%s)', (_, log) => {
    const rec = NetworkRecorder.fromLog(log as CdpEvent[]);
    const byUrl = new Map(rec.requests().map((r) => [r.url, r]));
    expect(byUrl.get('http://a.test/x.png')?.appliedNetworkConditionsId).toBe('RULE-A');
    expect(byUrl.get('http://a.test/y.png')?.appliedNetworkConditionsId).toBeUndefined();
  });

  it('drops an id that is not text and keeps the rest of the ExtraInfo', () => {
    const rec = NetworkRecorder.fromLog([sent('1', 'http://a.test/x.png', 10), { method: 'Network.requestWillBeSentExtraInfo', params: { requestId: '1', headers: { Host: 'a.test' }, appliedNetworkConditionsId: 42 } }]);
    expect(rec.requests()[0]?.appliedNetworkConditionsId).toBeUndefined();
    expect(rec.requests()[0]?.requestHeadersRaw).toBe(true);
  });
});
