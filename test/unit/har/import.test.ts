// HAR and CDP-log import: an imported file folds into the same records as the session it came
// from (round trip), other tools' HARs are read, and bad files get a clear error naming the place.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import { exportHar } from '../../../src/core/har/export.ts';
import { harChunks } from '../../../src/core/har/write.ts';
import { importHar, importHarText } from '../../../src/core/import/import-har.ts';
import { parseCdpLog } from '../../../src/core/import/parse-log.ts';
import { sniffText } from '../../../src/core/import/sniff.ts';
import { importText } from '../../../src/core/import/import-text.ts';
import { ImportError } from '../../../src/core/import/errors.ts';
import type { NetworkRequest } from '../../../src/core/records.ts';
import { loadLog } from '../../fixtures/load.ts';

const ctx = { creator: { name: 'Netlens', version: 'test' } };
const SCENARIOS = ['pool', 'h2', 'cache', 'redirect', 'streams', 'child-targets', 'demo'];

/** What the analyses read of a request: identity, outcome, socket, sizes, and which phases happened. */
function projection(r: NetworkRequest) {
  return {
    url: r.url,
    method: r.method,
    status: r.status,
    source: r.source,
    resourceType: r.resourceType,
    protocol: r.protocol,
    connectionId: r.connectionId || undefined,
    connectionReused: r.connectionId ? r.connectionReused : undefined,
    transferSize: r.transferSize,
    redirect: [Boolean(r.redirectFrom), Boolean(r.redirectTo)],
    failed: Boolean(r.failure),
    phases: Object.keys(r.phases).sort(),
    location: r.responseHeaders.find((h) => h.name.toLowerCase() === 'location')?.value,
  };
}

describe.each(SCENARIOS)('%s: export → import → the same records', (name) => {
  it('gives the same requests, statuses, sources, connections, sizes and timing phases', () => {
    const before = NetworkRecorder.fromLog(loadLog(name));
    const text = [...exportHar(before, ctx, { redact: false }).chunks].join('');
    const imported = importHarText(text);
    const after = NetworkRecorder.fromLog(imported.events);
    expect(after.requests().map(projection)).toEqual(before.requests().map(projection));
    // HAR dates have millisecond resolution, so phase lengths come back within a millisecond or so.
    after.requests().forEach((r, i) => {
      const was = before.requests()[i]!.phases;
      for (const [k, v] of Object.entries(r.phases)) expect(Math.abs(v - was[k as keyof typeof was]!), `${r.url} ${k}`).toBeLessThanOrEqual(1.5);
    });
    expect(after.pages().length).toBe(before.pages().length);
    expect(after.diagnostics.orphanEvents).toEqual({});
    expect(imported.connectionField).toBe('port');
  });

  it('keeps WebSocket frames and SSE messages', () => {
    const before = NetworkRecorder.fromLog(loadLog(name));
    const after = NetworkRecorder.fromLog(importHar(JSON.parse(JSON.stringify(buildHar(before, ctx)))).events);
    expect(after.webSockets().map((w) => w.frames.map((f) => [f.direction, f.opcode, f.payload]))).toEqual(before.webSockets().map((w) => w.frames.map((f) => [f.direction, f.opcode, f.payload])));
    expect(after.eventSources().map((c) => c.messages.map((m) => m.data))).toEqual(before.eventSources().map((c) => c.messages.map((m) => m.data)));
  });
});

describe('HAR files from other tools', () => {
  it('reads old-style Chrome HARs, with the socket id in "connection"', () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('pool')), ctx) as unknown as { log: { entries: Record<string, unknown>[] } };
    for (const e of har.log.entries) {
      e.connection = e._connectionId;
      delete e._connectionId;
      for (const k of Object.keys(e)) if (k.startsWith('_netlens')) delete e[k];
    }
    const imported = importHar(har);
    expect(imported.connectionField).toBe('socket id');
    const ids = NetworkRecorder.fromLog(imported.events).requests().map((r) => r.connectionId);
    expect(ids).toEqual(NetworkRecorder.fromLog(loadLog('pool')).requests().map((r) => r.connectionId || undefined));
  });

  it('keeps the network-conditions rule of a throttled request, and its request headers', () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('pool')), ctx) as unknown as { log: { entries: Record<string, unknown>[] } };
    const throttled = har.log.entries[1]!;
    throttled._netlensNetworkConditionsId = 'RULE-7';
    const records = NetworkRecorder.fromLog(importHar(har).events).requests();
    const url = (throttled.request as { url: string }).url;
    const rec = records.find((r) => r.url === url)!;
    expect(rec.appliedNetworkConditionsId).toBe('RULE-7');
    expect(rec.requestHeaders.map((h) => h.name)).toEqual((throttled.request as { headers: { name: string }[] }).headers.map((h) => h.name));
    expect(rec.responseHeaders.map((h) => h.name)).toEqual((throttled.response as { headers: { name: string }[] }).headers.map((h) => h.name));
    expect(records.filter((r) => r.appliedNetworkConditionsId !== undefined)).toHaveLength(1);
  });

  it('reads a Firefox-style HAR: no custom fields, the port in "connection", redirects found by Location', () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('redirect')), ctx) as unknown as { log: { entries: Record<string, unknown>[] } };
    for (const e of har.log.entries) for (const k of Object.keys(e)) if (k.startsWith('_')) delete e[k];
    const imported = importHar(har);
    expect(imported.connectionField).toBe('port');
    const rec = NetworkRecorder.fromLog(imported.events);
    const hops = rec.requests();
    expect(hops.map((r) => r.status)).toEqual([301, 302, 200]);
    expect(hops[0]!.redirectTo).toBe(hops[1]!.id);
    expect(hops[2]!.redirectFrom).toBe(hops[1]!.id);
    // What Firefox does not record stays unknown rather than invented.
    expect(hops.every((r) => r.connectionId === undefined || r.connectionId === 0)).toBe(true);
  });
});

describe('bad files', () => {
  const bad = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(ImportError);
      return (err as Error).message;
    }
    throw new Error('expected an ImportError');
  };

  it('names what is wrong and where', () => {
    expect(bad(() => importHarText(''))).toMatch(/cut short|empty/i);
    expect(bad(() => importHarText('hello'))).toMatch(/not valid JSON.*does not start like JSON/);
    expect(bad(() => importHarText('{"log": {"entries": [ {"request": '))).toMatch(/cut short.*truncated/);
    expect(bad(() => importHarText('{"log": {"version": "1.2"}}'))).toMatch(/no "log.entries" array/);
    expect(bad(() => importHarText('[{"method":"Network.enable"}]'))).toMatch(/JSON object with a "log"/);
    expect(bad(() => importHar({ log: { entries: [{ request: { url: 'http://a.test/' }, response: {}, startedDateTime: 'yesterday' }] } }))).toMatch(/startedDateTime.*entry 1/);
    expect(bad(() => importHar({ log: { entries: [{}, { response: {} }] } }))).toMatch(/no "request".*entry 1/);
    expect(bad(() => importHarText('{\n  "log": {\n    "entries": [,]\n  }\n}'))).toMatch(/line 3/);
  });

  it('reads CDP logs as a JSON array, JSON Lines and ChromeDriver perflogs, and refuses others with a reason', () => {
    const log = loadLog('redirect');
    expect(parseCdpLog(JSON.stringify(log)).events).toEqual(log);
    const lines = log.map((e) => JSON.stringify(e)).join('\n');
    const fromLines = parseCdpLog(lines);
    expect(fromLines.format).toBe('json-lines');
    expect(fromLines.events).toEqual(log);
    const perflog = log.map((e) => ({ level: 'INFO', timestamp: 1, message: JSON.stringify({ message: e, webview: 'x' }) }));
    const fromPerflog = parseCdpLog(JSON.stringify(perflog));
    expect(fromPerflog.format).toBe('perflog');
    expect(fromPerflog.events).toEqual(log.map(({ method, params }) => ({ method, params })));
    expect(bad(() => parseCdpLog(lines.slice(0, -10)))).toMatch(/last line is cut short/);
    expect(bad(() => parseCdpLog('[{"foo": 1}, 2]'))).toMatch(/No CDP events found in 2 items; for example item 1: no "method"/);
    expect(bad(() => parseCdpLog('{"traceEvents": []}'))).toMatch(/performance trace/);
    expect(bad(() => parseCdpLog('{"log": {"entries": []}}'))).toMatch(/HAR file/);
    const mixed = parseCdpLog(JSON.stringify([...log, { nope: true }]));
    expect(mixed.skipped).toBe(1);
    expect(mixed.skippedReasons[0]).toMatch(/item 20: no "method"/);
  });

  it('tells a HAR, a Netlens export and a CDP log (and its layout) apart by their first characters', () => {
    const sniff = (text: string) => {
      const s = sniffText(text);
      return [s.kind, s.netlensExport, s.layout];
    };
    expect(sniff('{\n "log": {"version": "1.2"')).toEqual(['har', false, undefined]);
    expect(sniff('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"}')).toEqual(['har', false, undefined]);
    // What Netlens's writer puts first (har/write.ts): the creator right after the version.
    expect(sniff('{"log":{"version":"1.2","creator":{"name":"Netlens","version":"0.1.0"},"pages":[]')).toEqual(['har', true, undefined]);
    expect(sniff('{"comment": "x", "log": {"entries": []}}')).toEqual(['har', false, undefined]);
    expect(sniff('  [{"method": "Network.requestWillBeSent"')).toEqual(['cdp-log', false, 'json-array']);
    expect(sniff('[{"message":"{\\"message\\":{\\"method\\":\\"Network.enable\\"}}"}]')).toEqual(['cdp-log', false, 'json-array']);
    expect(sniff('{"method":"Network.enable","params":{}}\n{"method":"x"}')).toEqual(['cdp-log', false, 'json-lines']);
    expect(sniff('{"method":"Network.enable","params":{}}')).toEqual(['cdp-log', false, 'json-object']);
    expect(sniff('<html>')).toEqual(['unknown', false, undefined]);
    expect(sniff('')).toEqual(['unknown', false, undefined]);
  });

  it('says which HARs Netlens exported, from a HAR its own writer wrote', () => {
    const log = loadLog('redirect');
    const rec = NetworkRecorder.fromLog(log);
    const ours = [...harChunks(rec, { creator: { name: 'Netlens', version: '9.9.9' } })].join('');
    const theirs = [...harChunks(rec, { creator: { name: 'Other', version: '1' } })].join('');
    expect([importText(ours).netlensExport, importText(theirs).netlensExport]).toEqual([true, false]);
    expect(importText(JSON.stringify(log)).netlensExport).toBe(false);
  });
});

describe('a byte-order mark at the start of a file', () => {
  const BOM = '\ufeff';
  const log = loadLog('redirect');
  const har = JSON.stringify(buildHar(NetworkRecorder.fromLog(log), { creator: { name: 'Fiddler', version: '5' } }));
  const perflog = JSON.stringify(log.map((e, i) => ({ message: JSON.stringify({ message: e, webview: 'x' }), level: 'INFO', timestamp: 1700000000000 + i })));
  it.each([
    ['a HAR', har, 'har'],
    ['a CDP log (JSON array)', JSON.stringify(log), 'json-array'],
    ['a CDP log (JSON Lines)', log.map((e) => JSON.stringify(e)).join('\n') + '\n', 'json-lines'],
    ['a ChromeDriver perflog', perflog, 'perflog'],
  ])('is accepted in %s', (_what, text, origin) => {
    expect(() => importText(text.slice(0))).not.toThrow();
    const withBom = importText(BOM + text);
    const without = importText(text);
    expect(withBom.events.length).toBe(without.events.length);
    expect(withBom.events.length).toBeGreaterThan(0);
    if (origin !== 'har') expect(withBom.origin).toBe(origin);
  });
});

describe('HARs from other producers', () => {
  const entry = (url: string, extra: Record<string, unknown>, response: Record<string, unknown> = {}) => ({
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 50,
    request: { method: 'GET', url, httpVersion: '', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: '', headers: [], cookies: [], content: { size: 10, mimeType: 'image/png' }, redirectURL: '', headersSize: 100, bodySize: 10, ...response },
    cache: {},
    timings: { blocked: 1, dns: -1, connect: -1, send: 1, wait: 20, receive: 5, ssl: -1 },
    ...extra,
  });

  it('WebPageTest: `_socket` is the connection id, "1.1" and "HTTP/2" are protocols, `_ip_addr` the address', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebPageTest', version: '21.07' },
        pages: [],
        entries: [
          entry('http://a.test/1.png', { _socket: 7, _ip_addr: '10.0.0.1' }, { httpVersion: '1.1' }),
          entry('http://a.test/2.png', { _socket: 7, _ip_addr: '10.0.0.1' }, { httpVersion: 'HTTP/1.1' }),
          entry('https://b.test/3.png', { _socket: 9, _protocol: 'HTTP/2' }),
          entry('https://c.test/4.png', { _socket: '12' }, { httpVersion: 'h3' }),
        ],
      },
    };
    const rec = NetworkRecorder.fromLog(importHar(har).events);
    expect(rec.requests().map((r) => [r.connectionId, r.protocol, r.remoteIPAddress])).toEqual([
      [7, 'http/1.1', '10.0.0.1'],
      [7, 'http/1.1', '10.0.0.1'],
      [9, 'h2', undefined],
      [12, 'h3', undefined],
    ]);
  });

  it('protocol names written any way become the recorder’s', async () => {
    const { normaliseProtocol } = await import('../../../src/core/protocol-name.ts');
    const table: [string, string | undefined][] = [
      ['1.1', 'http/1.1'], ['HTTP/1.1', 'http/1.1'], ['http/1.1', 'http/1.1'], ['HTTP/1.0', 'http/1.0'], ['1.0', 'http/1.0'],
      ['http/2.0', 'h2'], ['HTTP/2', 'h2'], ['h2', 'h2'], ['2', 'h2'], ['HTTP/2.0', 'h2'],
      ['h3', 'h3'], ['HTTP/3', 'h3'], ['http/3.0', 'h3'], ['h3-29', 'h3'], ['QUIC', 'h3'], ['', undefined], ['unknown', undefined],
    ];
    for (const [written, expected] of table) expect([written, normaliseProtocol(written)]).toEqual([written, expected]);
  });

  it('headers written as an object, a method that is not one, and duplicate ids are read and said', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'some tool', version: '1' },
        entries: [
          entry('http://a.test/1', { _requestId: 'r1', request: { method: { verb: 'GET' }, url: 'http://a.test/1', headers: { Accept: '*/*', 'X-N': 3 } } }),
          entry('http://a.test/2', { _requestId: 'r1' }),
        ],
      },
    };
    const imported = importHar(har);
    const rec = NetworkRecorder.fromLog(imported.events);
    expect(rec.requests().map((r) => [r.method, r.url])).toEqual([['GET', 'http://a.test/1'], ['GET', 'http://a.test/2']]);
    expect(rec.requests()[0]!.requestHeaders).toEqual([{ name: 'Accept', value: '*/*' }, { name: 'X-N', value: '3' }]);
    expect([...imported.warnings].sort()).toEqual([
      '1 × entries whose request id another entry already has (given a new one), first at entry 2.',
      '1 × headers written as an object of name → value (read as such), first at entry 1 (request.headers).',
      '1 × request methods that are not a method name (read as GET), first at entry 1 (request.method).',
    ]);
  });
});

describe('a sound HAR', () => {
  it('reads back with nothing to repair', () => {
    const har = buildHar(NetworkRecorder.fromLog(loadLog('demo')), { creator: { name: 'Netlens', version: 'test' } });
    const rec = NetworkRecorder.fromLog(importHar(har).events);
    expect(rec.diagnostics.repairedFields).toEqual({});
    expect(rec.diagnostics.malformedEvents).toEqual({});
  });
});
