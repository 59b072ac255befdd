// The words of a stream channel: its badges and hint sentences, functions of the model only.
import { formatBytes, formatDuration, plural } from '../../format/index.ts';
import { STALL_MS } from './event-stream-stats.ts';
import type { ChannelEnd, ChannelKind, HealthBadge, StreamChannel } from './types.ts';

export const KIND_LABELS: Record<ChannelKind, string> = {
  eventsource: 'EventSource',
  'fetch-sse': 'SSE (fetch)',
  ndjson: 'NDJSON',
  'json-seq': 'JSON seq',
  websocket: 'WebSocket',
};

export const END_WORDS: Record<ChannelEnd, string> = {
  open: 'still open when the recording ended',
  completed: 'the server ended the response normally',
  aborted: 'the page closed or aborted it',
  'page-left': 'the page navigated away',
  'network-error': 'the connection broke',
  closed: 'closed (the protocol does not say by whom, or with which code)',
};

export function badgesOf(ch: StreamChannel, holdsSocket: boolean): HealthBadge[] {
  const out: HealthBadge[] = [];
  const s = ch.stats;
  if (ch.end === 'network-error') out.push({ kind: 'error', label: 'error', title: `It ended in a network error: ${ch.endDetail ?? 'no detail'}.`, severity: 'error' });
  if (ch.end === 'open') out.push({ kind: 'open', label: 'open', title: END_WORDS.open, severity: 'info' });
  if (s.gaps.stalls > 0) {
    out.push({ kind: 'stalls', label: plural(s.gaps.stalls, 'stall'), title: `${plural(s.gaps.stalls, 'gap')} over ${formatDuration(STALL_MS)} between messages, ${formatDuration(s.gaps.stallMs)} in all.`, severity: 'warn' });
  }
  if (ch.buffering.length > 0) {
    const b = ch.buffering[0]!;
    out.push({ kind: 'buffered', label: 'buffered', title: bufferingSentence(b), severity: 'warn' });
  }
  if (ch.reconnect !== undefined) {
    const r = ch.reconnect;
    out.push({ kind: 'reconnected', label: 'reconnect', title: reconnectSentence(r), severity: 'info' });
    if (r.ids === 'skipped' || r.ids === 'repeated') {
      out.push({ kind: 'lost-ids', label: r.ids === 'skipped' ? 'ids lost' : 'ids repeated', title: reconnectSentence(r), severity: 'warn' });
    }
  }
  if (ch.capture === 'body' || ch.capture === 'none') {
    out.push({ kind: 'late-capture', label: ch.capture === 'body' ? 'read at end' : 'not captured', title: ch.captureNote ?? '', severity: ch.capture === 'none' ? 'warn' : 'info' });
  }
  if (ch.invalid > 0) out.push({ kind: 'invalid', label: `${ch.invalid} not JSON`, title: `${plural(ch.invalid, 'line')} of this stream ${ch.invalid === 1 ? 'is' : 'are'} not JSON.`, severity: 'warn' });
  if (holdsSocket) out.push({ kind: 'holds-socket', label: 'holds socket', title: 'It held one of its origin’s HTTP/1.1 sockets while other requests waited for one.', severity: 'warn' });
  return out;
}

export function bufferingSentence(b: StreamChannel['buffering'][number]): string {
  let text = `${plural(b.count, 'message')} arrived within ${formatDuration(b.arrivalSpreadMs)} after a wait of ${formatDuration(b.waitedMs)}`;
  if (b.producedSpreadMs !== undefined) text += `, although their \`${b.timestampField}\` times span ${formatDuration(b.producedSpreadMs)}`;
  if (b.ids !== undefined) text += ` (ids ${b.ids.first}–${b.ids.last})`;
  text += b.confidence === 'certain'
    ? ': something between the server and the browser held them back (a proxy buffering the response, or compression waiting to fill a block).'
    : ': the stream may have been held back on the way (a proxy or compression buffering it).';
  return text;
}

export function reconnectSentence(r: NonNullable<StreamChannel['reconnect']>): string {
  let text = `The browser reconnected${r.gapMs !== undefined ? ` ${formatDuration(r.gapMs)} after the previous connection ended` : ''}`;
  text += r.retryFrom === 'stream' ? ` (the stream had set \`retry: ${r.retryMs}\`)` : ` (no \`retry:\` was set: the default is ${formatDuration(r.retryMs)})`;
  if (r.lastEventIdSent !== undefined) text += `, sending Last-Event-ID ${r.lastEventIdSent}`;
  text += '.';
  if (r.ids === 'continued') text += ` The ids went on where they stopped (${r.firstId ?? '?'} after ${r.lastEventIdSent ?? r.previousLastId ?? '?'}).`;
  else if (r.ids === 'skipped') text += ` ${plural(r.missing ?? 0, 'id')} never arrived: the first id after it was ${r.firstId}.`;
  else if (r.ids === 'repeated') text += ` The server sent again what had been seen: the first id after it was ${r.firstId}.`;
  return text;
}

export function hintsOf(ch: StreamChannel): string[] {
  const s = ch.stats;
  const out: string[] = [];
  let head = `${plural(s.messages, 'message')}, ${formatBytes(s.bytes)}`;
  if (s.durationMs !== undefined) head += ` over ${formatDuration(s.durationMs)}`;
  head += `; ${END_WORDS[ch.end]}${ch.endDetail !== undefined && ch.end !== 'completed' ? ` (${ch.endDetail})` : ''}.`;
  out.push(head);
  if (ch.endNote !== undefined) out.push(`${ch.endNote}.`);
  if (s.firstMessageMs !== undefined) {
    const word = ch.kind === 'fetch-sse' ? 'First message (time to first token)' : 'First message';
    out.push(`${word} ${formatDuration(s.firstMessageMs)} after the request was sent${s.firstMessageAfterResponseMs !== undefined ? `, ${formatDuration(s.firstMessageAfterResponseMs)} after the response headers` : ''}.`);
  }
  if (s.gaps.median !== undefined) {
    out.push(`Gaps between messages: median ${formatDuration(s.gaps.median)}, 95th percentile ${formatDuration(s.gaps.p95)}, longest ${formatDuration(s.gaps.longest?.ms)}${s.gaps.stalls > 0 ? `; ${plural(s.gaps.stalls, 'stall')} over ${formatDuration(STALL_MS)}` : ''}.`);
  }
  if (s.largest.length > 0 && s.messages > 1) out.push(`Largest message: ${formatBytes(s.largest[0]!.size)} (#${s.largest[0]!.index + 1}).`);
  if (ch.retries.length > 0) out.push(`The stream set \`retry: ${ch.retries[ch.retries.length - 1]}\`: the browser waits that long before reconnecting.`);
  if (ch.comments > 0) out.push(`${plural(ch.comments, 'comment line')} (keep-alives, which EventSource never delivers to the page).`);
  for (const b of ch.buffering) out.push(bufferingSentence(b));
  if (ch.reconnect !== undefined) out.push(reconnectSentence(ch.reconnect));
  if (ch.captureNote !== undefined) out.push(`Capture: ${ch.captureNote}.`);
  if (ch.kind === 'eventsource' && ch.protocol === 'http/1.1') out.push('Over HTTP/1.1 this stream keeps one of the origin’s 6 sockets for as long as it is open.');
  return out;
}
