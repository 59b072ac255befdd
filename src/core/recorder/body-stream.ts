// Streamed response bodies parsed into messages, as part of the fold (issue 17): so a better
// parser re-explains stored sessions. The capture (src/background/stream-capture.ts) turns on
// Network.streamResourceContent at responseReceived and writes its answer as the pseudo-event
// `Netlens.streamResourceContent {requestId, bufferedData | error}`; every later dataReceived
// carries its bytes in `data`. When the call failed (the request had already finished, or the
// browser has no such command) the capture reads the whole body at loadingFinished and writes
// `Netlens.streamBody {requestId, body, base64Encoded | error}`.
//
// Parsing is streaming and linear: bytes are decoded as UTF-8 with a streaming TextDecoder (a
// character split between chunks is kept for the next one), SSE goes through eventsource-parser
// (fields, comments, retry, multi-line data, CR / LF / CRLF as the HTML standard says; chosen
// because it is the spec-following parser most tools use, 0 dependencies, and it buffers a line
// split over many chunks as fragments, not by concatenation), NDJSON is split at LF, JSON text
// sequences at RS; a line split over chunks is held as fragments and joined once.
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { BodyStream, StreamMessage } from '../records.ts';
import { utf8Length } from './bytes.ts';
import type { RecorderClock } from './clock.ts';
import { newestHop, type Chain } from './hop.ts';
import type { Outcome } from './outcome.ts';
import { streamFormatOf } from './stream-format.ts';

/** The parser state of one stream (the fold's own; the record is `stream`). */
export interface BodyStreamState {
  stream: BodyStream;
  /** The pseudo-event has not come yet: chunks wait here in order. */
  queued: { data: string; at: number }[];
  /** Chunks that came before streaming began (no `data`): their sizes date the buffered bytes. */
  before: { at: number; length: number }[];
  started: boolean;
  decoder: TextDecoder;
  sse: EventSourceParser | undefined;
  /** Pieces of the line not finished yet (NDJSON, JSON sequences). */
  fragments: string[];
  /** Time and lateness of the bytes being parsed now (read by the parser callbacks). */
  at: number;
  late: boolean;
}

export class BodyStreamTracker {
  readonly list: BodyStream[] = [];

  constructor(private readonly clock: RecorderClock) {}

  /** responseReceived: a stream if its MIME type says so. */
  responseReceived(chain: Chain): void {
    if (chain.body !== undefined) return;
    const rec = newestHop(chain).rec;
    const format = streamFormatOf(rec.mimeType);
    if (format === undefined) return;
    const stream: BodyStream = {
      id: rec.id,
      requestId: chain.requestId,
      url: rec.url,
      format,
      mimeType: rec.mimeType ?? '',
      eventSource: rec.resourceType === 'EventSource' || chain.sse !== undefined,
      capture: 'pending',
      messages: [],
      retries: [],
      comments: 0,
      bytes: 0,
      invalid: 0,
      ended: false,
    };
    const state: BodyStreamState = {
      stream,
      queued: [],
      before: [],
      started: false,
      decoder: new TextDecoder('utf-8'),
      sse: undefined,
      fragments: [],
      at: 0,
      late: false,
    };
    if (format === 'sse') {
      state.sse = createParser({
        onEvent: (e) => push(state, e.data, e.event, e.id),
        onRetry: (ms) => stream.retries.push({ at: state.at, ms }),
        onComment: () => {
          stream.comments++;
        },
      });
    }
    chain.body = state;
    this.list.push(stream);
  }

  /** A dataReceived with bytes (`data`, base64): parsed now, or queued until the pseudo-event. */
  dataReceived(chain: Chain, data: string | undefined, dataLength: number, at: number): void {
    const state = chain.body;
    if (state === undefined || state.stream.ended) return;
    if (data === undefined) {
      if (!state.started && state.stream.capture === 'pending') state.before.push({ at, length: dataLength });
      return;
    }
    if (!state.started) state.queued.push({ data, at });
    else feed(state, data, at, false);
  }

  /** `Netlens.streamResourceContent`: streaming began (with the bytes buffered so far), or the call failed. */
  streamResourceContent(chain: Chain, p: { bufferedData?: string; error?: string }, target: string | undefined): Outcome {
    const state = chain.body;
    if (state === undefined) return 'none';
    if (state.started || state.stream.capture === 'body') return 'duplicate';
    const stream = state.stream;
    if (typeof p.error === 'string') {
      stream.capture = 'none';
      stream.captureNote = `streaming could not be turned on (${p.error})`;
      return 'changed';
    }
    state.started = true;
    stream.capture = 'streaming';
    const now = this.clock.now(target);
    if (p.bufferedData) feedBuffered(state, p.bufferedData, now);
    state.before = [];
    for (const q of state.queued) feed(state, q.data, q.at, false);
    state.queued = [];
    if (stream.ended) finish(state);
    return 'changed';
  }

  /** `Netlens.streamBody`: the whole body, read at the end because streaming never began. */
  streamBody(chain: Chain, p: { body?: string; base64Encoded?: boolean; error?: string }): Outcome {
    const state = chain.body;
    if (state === undefined) return 'none';
    const stream = state.stream;
    if (state.started || stream.capture === 'body') return 'duplicate';
    if (typeof p.error === 'string' || typeof p.body !== 'string') {
      stream.captureNote = `${stream.captureNote ? `${stream.captureNote}; ` : ''}the body could not be read at the end either (${p.error ?? 'no body'})`;
      stream.capture = 'none';
      return 'changed';
    }
    stream.capture = 'body';
    stream.captureNote = `${stream.captureNote ? `${stream.captureNote}; ` : ''}read whole when the response ended: every message has the end's time`;
    const hop = newestHop(chain);
    const at = hop.endTs ?? this.clock.now(undefined);
    if (p.base64Encoded === true) feed(state, p.body, at, true);
    else feedText(state, p.body, at, true);
    finish(state);
    return 'changed';
  }

  /** loadingFinished / loadingFailed: the last line or event is complete, or lost. */
  ended(chain: Chain): void {
    const state = chain.body;
    if (state === undefined || state.stream.ended) return;
    state.stream.ended = true;
    if (state.started) finish(state);
  }
}

function feed(state: BodyStreamState, base64: string, at: number, late: boolean): void {
  const bytes = decodeBase64(base64);
  if (bytes === undefined) {
    state.stream.invalid++;
    return;
  }
  feedBytes(state, bytes, at, late);
}

/**
 * The bytes buffered before streaming began, dated by the dataReceived events that brought them
 * (each says its length): slice by slice while the lengths add up; what is left (they did not)
 * gets the answer's time and is marked late.
 */
function feedBuffered(state: BodyStreamState, base64: string, now: number): void {
  const bytes = decodeBase64(base64);
  if (bytes === undefined) {
    state.stream.invalid++;
    return;
  }
  let offset = 0;
  for (const chunk of state.before) {
    if (chunk.length <= 0) continue;
    if (offset + chunk.length > bytes.length) break;
    feedBytes(state, bytes.subarray(offset, offset + chunk.length), chunk.at, false);
    offset += chunk.length;
  }
  if (offset < bytes.length) feedBytes(state, bytes.subarray(offset), now, true);
}

function decodeBase64(base64: string): Uint8Array | undefined {
  try {
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

function feedBytes(state: BodyStreamState, bytes: Uint8Array, at: number, late: boolean): void {
  state.stream.bytes += bytes.length;
  const text = state.decoder.decode(bytes, { stream: true });
  if (text !== '') parse(state, text, at, late);
}

function feedText(state: BodyStreamState, text: string, at: number, late: boolean): void {
  state.stream.bytes += utf8Length(text);
  parse(state, text, at, late);
}

function parse(state: BodyStreamState, text: string, at: number, late: boolean): void {
  state.at = at;
  state.late = late;
  const format = state.stream.format;
  if (state.sse !== undefined) {
    state.sse.feed(text);
    return;
  }
  splitLines(state, text, format === 'json-seq' ? '\u001e' : '\n');
}

/** Splits at `sep`, holding an unfinished line as fragments (joined once, when it ends). */
function splitLines(state: BodyStreamState, text: string, sep: string): void {
  let start = 0;
  for (;;) {
    const i = text.indexOf(sep, start);
    if (i < 0) break;
    let line = text.slice(start, i);
    if (state.fragments.length > 0) {
      state.fragments.push(line);
      line = state.fragments.join('');
      state.fragments.length = 0;
    }
    record(state, line);
    start = i + 1;
  }
  if (start < text.length) state.fragments.push(start === 0 ? text : text.slice(start));
}

function record(state: BodyStreamState, raw: string): void {
  // NDJSON may use CRLF; a JSON sequence record ends with LF. Blank lines carry nothing.
  const line = raw.trim();
  if (line === '') return;
  try {
    JSON.parse(line);
  } catch {
    state.stream.invalid++;
  }
  push(state, line, undefined, undefined);
}

function finish(state: BodyStreamState): void {
  const tail = state.decoder.decode();
  if (tail !== '') parse(state, tail, state.at, state.late);
  if (state.sse !== undefined) {
    // The HTML standard: an event not ended by a blank line when the stream ends is dropped.
    return;
  }
  if (state.fragments.length > 0) {
    const line = state.fragments.join('');
    state.fragments.length = 0;
    record(state, line);
  }
}

function push(state: BodyStreamState, data: string, eventName: string | undefined, eventId: string | undefined): void {
  const m: StreamMessage = { at: state.at, data, size: utf8Length(data) };
  if (eventName !== undefined && eventName !== '' && eventName !== 'message') m.eventName = eventName;
  if (eventId !== undefined) m.eventId = eventId;
  if (state.late) m.late = true;
  state.stream.messages.push(m);
}
