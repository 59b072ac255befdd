// The Streams section of the report (`netlens explain`): one line per channel with its health
// figures (messages, bytes, time to first message, gaps, stalls, how it ended, buffering,
// reconnects), then the sockets streams held. JSON: the plain streams model (channels and holds)
// beside the older per-URL summaries (`webSockets`, `eventSources`), which scripts already read.
// WebSocket lines are the WebSocket analysis's (issue 18); until it lands, the older line is kept.
import type { BodyStream, SseChannel } from '../records.ts';
import type { HarSource } from '../har/build.ts';
import { analyseStreamsData, KIND_LABELS, END_WORDS, bufferingSentence, reconnectSentence, type StreamChannel } from '../analysis/streams/index.ts';
import { analysePoolData } from '../analysis/pools/index.ts';
import { formatBytes, formatDuration, plural } from '../format/index.ts';
import type { ReportSection } from './report.ts';

/** A source that may also have the streamed bodies (a recorder; a HAR has only EventSource messages). */
export type StreamsSource = HarSource & { bodyStreams?: () => readonly BodyStream[] };

const MAX_CHANNELS = 40;

export function streamsSection(src: StreamsSource): ReportSection {
  const requests = src.requests();
  const bodyStreams = typeof src.bodyStreams === 'function' ? src.bodyStreams() : [];
  const input = { requests, eventSources: src.eventSources(), bodyStreams, webSockets: src.webSockets() };
  const streams = analyseStreamsData(input, { pages: src.pages(), pools: analysePoolData(requests) });
  const lines: string[] = [];
  const data = { channels: streams.channels, holds: streams.holds, totals: streams.totals, webSockets: [] as unknown[], eventSources: [] as unknown[] };
  const shown = streams.channels.slice(0, MAX_CHANNELS);
  for (const ch of shown) lines.push(channelLine(ch));
  if (streams.channels.length > MAX_CHANNELS) lines.push(`…and ${streams.channels.length - MAX_CHANNELS} more channels (use --json for everything).`);
  for (const h of streams.holds) lines.push(h.sentence);
  // The older summaries, kept for scripts.
  for (const ws of src.webSockets()) {
    const sent = ws.frames.filter((f) => f.direction === 'sent').length;
    data.webSockets.push({ url: ws.url, status: ws.handshake?.status, sent, received: ws.frames.length - sent, sentBytes: ws.sentBytes, receivedBytes: ws.receivedBytes, closed: ws.closedAt !== undefined });
  }
  const byUrl = new Map<string, SseChannel[]>();
  for (const c of src.eventSources()) {
    const list = byUrl.get(c.url);
    if (list === undefined) byUrl.set(c.url, [c]);
    else list.push(c);
  }
  for (const [url, channels] of byUrl) {
    const resumed = channels.filter((c) => c.lastEventId !== undefined);
    data.eventSources.push({ url, connections: channels.length, messages: channels.reduce((n, c) => n + c.messages.length, 0), lastEventIds: resumed.map((c) => c.lastEventId) });
  }
  return { title: 'Streams', lines, data };
}

/** "#3 EventSource http://…/es: 3 messages, 51 B; first after 95 ms; gaps median …; ended: …" */
export function channelLine(ch: StreamChannel): string {
  const s = ch.stats;
  const parts: string[] = [];
  if (s.sent !== undefined && s.received !== undefined) {
    parts.push(`${plural(s.sent.messages, 'message')} sent (${formatBytes(s.sent.bytes)}), ${s.received.messages.toLocaleString('en-US')} received (${formatBytes(s.received.bytes)})`);
  } else parts.push(`${plural(s.messages, 'message')}, ${formatBytes(s.bytes)}`);
  if (s.firstMessageMs !== undefined) parts.push(`first ${formatDuration(s.firstMessageMs)} after the request`);
  if (s.gaps.median !== undefined) parts.push(`gaps median ${formatDuration(s.gaps.median)}, p95 ${formatDuration(s.gaps.p95)}, longest ${formatDuration(s.gaps.longest?.ms)}`);
  if (s.gaps.stalls > 0) parts.push(`${plural(s.gaps.stalls, 'stall')} over 1 s`);
  if (ch.retries.length > 0) parts.push(`retry ${ch.retries[ch.retries.length - 1]} ms`);
  if (ch.comments > 0) parts.push(plural(ch.comments, 'comment'));
  if (ch.invalid > 0) parts.push(`${ch.invalid} not JSON`);
  parts.push(`${END_WORDS[ch.end]}${ch.endDetail !== undefined ? ` (${ch.endDetail})` : ''}`);
  let line = `#${ch.index + 1} ${KIND_LABELS[ch.kind]} ${ch.url}: ${parts.join('; ')}.`;
  if (ch.endNote !== undefined) line += ` ${ch.endNote}.`;
  for (const b of ch.buffering) line += ` ${bufferingSentence(b)}`;
  if (ch.reconnect !== undefined) line += ` ${reconnectSentence(ch.reconnect)}`;
  if (ch.captureNote !== undefined) line += ` Capture: ${ch.captureNote}.`;
  return line;
}
