// HAR and the report for event streams (issue 17), on the recorded event-streams fixture: a
// text/event-stream read by fetch gets `_eventSourceMessages` as Chrome writes them for an
// EventSource, the import gives the same messages back as a fetch-read stream, and
// `netlens explain`'s Streams section carries the channels' health figures.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import { importHar } from '../../../src/core/import/import-har.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import { analyseStreamsData, channelMessages, channelSources } from '../../../src/core/analysis/streams/index.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const ctx = { creator: { name: 'Netlens', version: 'test' } };
const truth = loadTruth('event-streams');
const rec = NetworkRecorder.fromLog(loadLog('event-streams'));
const har = JSON.parse(JSON.stringify(buildHar(rec, ctx))) as { log: { entries: { request: { url: string }; _resourceType: string; _eventSourceMessages?: { eventName: string; eventId: string; data: string; time: number }[] }[] } };
const sentOn = (path: string) => {
  const req = truth.requests.find((r) => r.path.startsWith(path))!;
  return truth.messages.filter((m) => m.requestId === req.id && m.retry === undefined && m.comment === undefined);
};

describe('event streams in HAR', () => {
  it('a fetch-read text/event-stream carries _eventSourceMessages in Chrome’s shape', () => {
    const entry = har.log.entries.find((e) => e.request.url.includes('/ai-stream'))!;
    expect(entry._resourceType).toBe('fetch');
    const want = sentOn('/ai-stream');
    expect(entry._eventSourceMessages!.map((m) => m.data)).toEqual(want.map((m) => m.data));
    expect(entry._eventSourceMessages!.every((m) => m.eventName === 'message' && m.eventId === '')).toBe(true);
    const held = har.log.entries.find((e) => e.request.url.includes('/held-stream'))!;
    // Chrome's eventId is the last id seen (EventSource's lastEventId).
    expect(held._eventSourceMessages!.map((m) => m.eventId)).toEqual(sentOn('/held-stream').map((m) => m.eventId));
  });

  it('the import gives the same messages back, as a fetch-read stream, with their times', () => {
    const back = NetworkRecorder.fromLog(importHar(har).events);
    const input = { requests: back.requests(), eventSources: back.eventSources(), bodyStreams: back.bodyStreams(), webSockets: back.webSockets() };
    const sources = channelSources(input);
    const ai = sources.find((s) => s.request?.url.includes('/ai-stream'))!;
    expect(ai.kind).toBe('fetch-sse');
    const list = channelMessages(ai);
    expect(Array.from({ length: list.length }, (_, i) => list.text(i))).toEqual(sentOn('/ai-stream').map((m) => m.data));
    const held = sources.find((s) => s.request?.url.includes('/held-stream'))!;
    const hl = channelMessages(held);
    expect(Array.from({ length: hl.length }, (_, i) => hl.eventId(i))).toEqual(sentOn('/held-stream').map((m) => m.eventId));
    // Times survive to the millisecond (HAR times are seconds with fractions): the burst is found again.
    const data = analyseStreamsData(input, { pages: back.pages() });
    expect(data.channels.find((c) => c.id === held.id)!.buffering).toHaveLength(1);
    // EventSource messages stay EventSource messages.
    expect(sources.filter((s) => s.kind === 'eventsource').length).toBe(truth.requests.filter((r) => r.path.startsWith('/es-lab') || r.path.startsWith('/hold-stream')).length);
  });
});

describe('netlens explain: the Streams section', () => {
  const report = buildReport(rec);
  const section = report.sections.find((s) => s.title === 'Streams')!;
  it('one line per channel with its figures, and the sockets the six streams held', () => {
    const channels = truth.requests.filter((r) => /^\/(es-lab|ai-stream|ndjson-stream|held-stream|hold-stream)/.test(r.path));
    expect(section.lines.filter((l) => /^#\d+ (EventSource|SSE \(fetch\)|NDJSON) /.test(l))).toHaveLength(channels.length);
    const ai = section.lines.find((l) => l.includes('/ai-stream'))!;
    expect(ai).toContain(`${sentOn('/ai-stream').length} messages`);
    expect(ai).toMatch(/first [\d.]+ ms after the request; gaps median/);
    expect(section.lines.find((l) => l.includes('/held-stream'))).toMatch(/8 messages arrived within 0 ms after a wait of \d+ ms, although their `madeAt` times span \d+ ms/);
    expect(section.lines.find((l) => /es-lab/.test(l) && /reconnected/.test(l))).toContain('Last-Event-ID 3');
    expect(section.lines.at(-1)).toMatch(/^6 of 6 sockets to http:\/\/hold\.test:\d+ were held by 6 EventSource streams/);
  });
  it('JSON has the plain model and the older summaries', () => {
    const data = section.data as { channels: { kind: string }[]; holds: unknown[]; eventSources: { lastEventIds: string[] }[] };
    expect(data.channels.map((c) => c.kind).filter((k) => k === 'ndjson')).toHaveLength(1);
    expect(data.holds).toHaveLength(1);
    expect(data.eventSources.find((e) => e.lastEventIds.length > 0)!.lastEventIds).toEqual(['3']);
  });
});
