// The body of an event stream, reconstructed from the messages Netlens stored (issue 19): the
// capture does not fetch such a body at loadingFinished (it is the streams capture's, issue 17),
// so the Body tab and HAR's content.text rebuild it from the stream's parsed messages
// (`BodyStream`, from Network.streamResourceContent and dataReceived) or, when those are
// missing, from the browser's own Network.eventSourceMessageReceived events. The text is the
// messages written back in the stream's format, not the bytes as received: comments are left
// out, field order and line ends are the canonical ones. Whether it is complete is said with it.
// Pure and linear.
import type { BodyStream, NetworkRequest, SseChannel, SseMessage, StreamMessage } from './records.ts';
import { bodyByteLength, truncateBody } from './bodies.ts';

/** What a reconstruction says about itself (written to HAR as `content._netlensStreamBody`). */
export interface StreamBodyMark {
  /** Where the messages came from: the streamed body parsed by Netlens, or the browser's EventSource events. */
  from: 'stream' | 'eventsource-events';
  format: 'sse' | 'ndjson' | 'json-seq';
  messages: number;
  /** The stream had ended and every byte of it was read (nothing lost, nothing still to come). */
  complete: boolean;
  /** Why it may differ from the body as received, in words (empty when it is complete and exact). */
  notes: string[];
}

export interface ReconstructedBody extends StreamBodyMark {
  /** The channel's id in the Streams view (the request's hop id). */
  channelId: string;
  text: string;
  /** Only the first `kept` bytes of the rebuilt text (of `size`) are in `text` (`limitStreamBody`). */
  truncated?: { kept: number; size: number };
}

/** The rebuilt body cut to `maxBytes` (on a character boundary), as the Body tab shows it: a long stream's text can be far larger than any body kept. */
export function limitStreamBody(b: ReconstructedBody, maxBytes: number): ReconstructedBody {
  if (b.text.length <= maxBytes / 4) return b;
  const size = bodyByteLength(b.text, false);
  if (size <= maxBytes) return b;
  const cut = truncateBody(b.text, false, maxBytes);
  return { ...b, text: cut.body, truncated: { kept: cut.kept, size } };
}

/** The sources a reconstruction reads (a NetworkRecorder fits). */
export interface StreamBodySource {
  eventSources(): readonly SseChannel[];
  bodyStreams?(): readonly BodyStream[];
}

/** Looks up the reconstruction of any hop, the maps built once (linear in the channels). */
export function streamBodyIndex(src: StreamBodySource): (r: NetworkRequest) => ReconstructedBody | undefined {
  const bodies = new Map((typeof src.bodyStreams === 'function' ? src.bodyStreams() : []).map((b) => [b.id, b]));
  const sse = new Map(src.eventSources().map((c) => [c.id, c]));
  return (r) => reconstructStreamBody(r, bodies.get(r.id), sse.get(r.id));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The body rebuilt from a stream's messages, or undefined when the request is no stream Netlens read. */
export function reconstructStreamBody(r: NetworkRequest, body: BodyStream | undefined, sse: SseChannel | undefined): ReconstructedBody | undefined {
  if (body === undefined && sse === undefined) return undefined;
  const notes: string[] = [];
  const read = body !== undefined && (body.capture === 'streaming' || body.capture === 'body');
  const ended = body?.ended === true || r.endedAt !== undefined || r.failure !== undefined;
  if (!ended) notes.push('the stream was still open: later messages are not in it');
  if (body?.captureNote) notes.push(body.captureNote);
  let out: ReconstructedBody;
  if (read || sse === undefined || sse.messages.length === 0) {
    const messages = body?.messages ?? [];
    if (body !== undefined && body.capture === 'pending') notes.push('the stream’s capture had not answered yet: the messages so far');
    if (body !== undefined && body.capture === 'none') notes.push('Netlens could not read the stream’s bytes');
    out = { channelId: r.id, from: 'stream', format: body?.format ?? 'sse', messages: messages.length, complete: false, notes, text: writeMessages(body?.format ?? 'sse', messages, body?.retries ?? []) };
    if (body !== undefined && body.comments > 0) notes.push(`${plural(body.comments, 'comment')} left out`);
    if (body !== undefined && body.invalid > 0) notes.push(`${plural(body.invalid, 'line')} that ${body.invalid === 1 ? 'was' : 'were'} not JSON (kept as they came)`);
    out.complete = read && ended;
  } else {
    // Only the browser's EventSource events: its ids are the last id seen, so one is written only where it changed.
    notes.push('from the browser’s EventSource events (the stream’s bytes were not read): comments and retry fields are not in them');
    out = { channelId: r.id, from: 'eventsource-events', format: 'sse', messages: sse.messages.length, complete: ended, notes, text: writeBrowserEvents(sse.messages) };
  }
  if (sse !== undefined && read && sse.messages.length > 0 && body!.messages.length !== sse.messages.length) {
    notes.push(`the browser delivered ${plural(sse.messages.length, 'message')} to the page, the stream’s bytes hold ${plural(body!.messages.length, 'message')}`);
  }
  return out;
}

const hasLineEnd = (v: string) => v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;

function fieldValue(v: string): string {
  return hasLineEnd(v) ? v.replace(/[\r\n]+/g, ' ') : v;
}

function sseEvent(data: string, eventName: string | undefined, eventId: string | undefined): string {
  let out = '';
  if (eventName !== undefined && eventName !== '' && eventName !== 'message') out += `event: ${fieldValue(eventName)}\n`;
  if (eventId !== undefined) out += `id: ${fieldValue(eventId)}\n`;
  if (!hasLineEnd(data)) return `${out}data: ${data}\n\n`;
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** The messages in their stream's format; `retry:` fields go before the first message that came after them. */
export function writeMessages(format: BodyStream['format'], messages: readonly StreamMessage[], retries: readonly { at: number; ms: number }[]): string {
  const parts: string[] = [];
  let k = 0;
  for (const m of messages) {
    if (format === 'sse') {
      for (; k < retries.length && retries[k]!.at <= m.at; k++) parts.push(`retry: ${retries[k]!.ms}\n\n`);
      parts.push(sseEvent(m.data, m.eventName, m.eventId));
    } else parts.push(format === 'json-seq' ? `\u001e${m.data}\n` : `${m.data}\n`);
  }
  if (format === 'sse') for (; k < retries.length; k++) parts.push(`retry: ${retries[k]!.ms}\n\n`);
  return parts.join('');
}

function writeBrowserEvents(messages: readonly SseMessage[]): string {
  const parts: string[] = [];
  let lastId = '';
  for (const m of messages) {
    const id = m.eventId !== lastId ? m.eventId : undefined;
    lastId = m.eventId;
    parts.push(sseEvent(m.data, m.eventName, id));
  }
  return parts.join('');
}
