// Health of event streams: how a channel ended, buffering (messages made over time that arrived
// together after a wait), and EventSource reconnects linked by Last-Event-ID.
import type { NetworkRequest, PageRecord } from '../../records.ts';
import { lastIdOf, type ChannelSource, type MessageList } from './channels.ts';
import type { BufferingFinding, ChannelEnd, ReconnectLink } from './types.ts';

/** Chromium's reconnection delay when the stream set no `retry:` (EventSource's default, 3 s). */
export const DEFAULT_RETRY_MS = 3000;
/** Messages that arrive within this of each other arrived "together". */
export const TOGETHER_MS = 20;
/** A burst counts as held back after a wait at least this long. */
export const HELD_WAIT_MS = 200;

/**
 * Seen on Chromium 156: a fetch whose body the page reads with a stream reader while it arrives
 * ends with loadingFailed net::ERR_ABORTED (canceled) just after its last bytes, although the
 * server ended it normally (read with text(), the same stream ends with loadingFinished). So for
 * a fetch-read stream an abort is said with that caveat.
 */
export const READER_ABORT_NOTE = 'Chromium reports net::ERR_ABORTED also when the page read a fetch body to its end with a stream reader, so the server may have ended it normally';

export function endOf(src: ChannelSource, pages: readonly PageRecord[]): { end: ChannelEnd; detail?: string; endedAt?: number; note?: string } {
  const ws = src.ws;
  if (ws !== undefined) return ws.closedAt !== undefined ? { end: 'closed', endedAt: ws.closedAt } : { end: 'open' };
  const r = src.request;
  if (r === undefined || !r.finished) return { end: 'open' };
  const f = r.failure;
  if (f === undefined) return { end: 'completed', endedAt: r.endedAt };
  if (f.canceled) {
    // A navigation starts before the old page's requests are cancelled.
    const left = pages.some((p) => p.startedAt !== undefined && p.startedAt >= r.issuedAt && r.endedAt !== undefined && p.startedAt <= r.endedAt);
    const fetched = src.kind !== 'eventsource' && (r.resourceType === 'Fetch' || r.resourceType === 'XHR');
    return { end: left ? 'page-left' : 'aborted', detail: f.errorText, endedAt: r.endedAt, ...(fetched && !left ? { note: READER_ABORT_NOTE } : {}) };
  }
  return { end: 'network-error', detail: f.errorText, endedAt: r.endedAt };
}

const STAMP_FIELDS = ['madeAt', 'createdAt', 'created', 'timestamp', 'ts', 'time', 'sentAt', 'producedAt', 't'];

/** An epoch time stamp (ms, or seconds) in a JSON message's top-level fields. */
function stampOf(text: string): { field: string; ms: number } | undefined {
  if (text.length > 4096 || text.charCodeAt(0) !== 123 /* { */) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null) return undefined;
  for (const field of STAMP_FIELDS) {
    const v = (o as Record<string, unknown>)[field];
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (v > 1e12 && v < 1e14) return { field, ms: v };
      if (v > 1e9 && v < 1e11) return { field, ms: v * 1000 };
    }
    if (typeof v === 'string' && v.length >= 10 && v.length <= 40) {
      const ms = Date.parse(v);
      if (Number.isFinite(ms)) return { field, ms };
    }
  }
  return undefined;
}

/**
 * Bursts of at least 3 messages that arrived within TOGETHER_MS of each other after a wait of at
 * least HELD_WAIT_MS. Time stamps in the data (first and last of the burst) prove it when they
 * are further apart than the arrivals by 100 ms or more (`certain`); without them a burst of 5 or
 * more after a wait of a second is `likely`. Linear: one pass, two parses per burst.
 */
export function bufferingOf(list: MessageList, responseAt: number | undefined): BufferingFinding[] {
  const out: BufferingFinding[] = [];
  const n = list.length;
  let i = 0;
  while (i < n) {
    let j = i;
    // Together: each one arrived no later than TOGETHER_MS after the one before (a log whose times
    // go backwards breaks a burst there).
    while (j + 1 < n && list.at(j + 1) - list.at(j) <= TOGETHER_MS && list.at(j + 1) >= list.at(j)) j++;
    const count = j - i + 1;
    if (count >= 3) {
      const before = i > 0 ? list.at(i - 1) : responseAt;
      const waitedMs = before === undefined ? 0 : Math.max(0, list.at(i) - before);
      if (waitedMs >= HELD_WAIT_MS) {
        const arrivalSpreadMs = list.at(j) - list.at(i);
        const first = stampOf(list.text(i));
        const last = stampOf(list.text(j));
        const finding: BufferingFinding = { fromIndex: i, count, waitedMs, arrivalSpreadMs, confidence: 'likely' };
        if (first !== undefined && last !== undefined && first.field === last.field) {
          finding.producedSpreadMs = Math.abs(last.ms - first.ms);
          finding.timestampField = first.field;
          if (finding.producedSpreadMs >= arrivalSpreadMs + 100) finding.confidence = 'certain';
        }
        const a = list.eventId(i);
        const b = list.eventId(j);
        if (a !== undefined && b !== undefined) finding.ids = { first: a, last: b };
        const enough = finding.confidence === 'certain' || (finding.producedSpreadMs === undefined && count >= 5 && waitedMs >= 1000);
        if (enough) out.push(finding);
      }
    }
    i = j + 1;
  }
  return out;
}

/**
 * Links each EventSource connection that sent Last-Event-ID (or, with no ids at all, followed an
 * ended connection to the same URL) to the connection it reconnects: the latest earlier one to
 * the same URL that had ended when it was issued.
 */
export function reconnectsOf(sources: readonly ChannelSource[]): Map<string, ReconnectLink> {
  const links = new Map<string, ReconnectLink>();
  const byUrl = new Map<string, ChannelSource[]>();
  for (const src of sources) {
    if (src.kind !== 'eventsource' || src.request === undefined) continue;
    const r = src.request;
    const earlier = byUrl.get(r.url);
    const prev = earlier !== undefined ? latestEnded(earlier, r.issuedAt) : undefined;
    const sent = src.sse?.lastEventId;
    if (prev !== undefined && prev.request !== undefined && (sent !== undefined || lastIdOf(prev) === undefined)) {
      const p = prev.request;
      const previousLastId = lastIdOf(prev);
      const list = src.body?.messages;
      const firstId = list?.find((m) => m.eventId !== undefined)?.eventId ?? (src.sse?.messages[0]?.eventId || undefined);
      const retry = retryInForce(earlier!, prev);
      const link: ReconnectLink = { previousId: prev.id, ids: 'unknown', retryMs: retry.ms, retryFrom: retry.from };
      if (p.endedAt !== undefined) link.gapMs = Math.max(0, r.issuedAt - p.endedAt);
      if (sent !== undefined) link.lastEventIdSent = sent;
      if (previousLastId !== undefined) link.previousLastId = previousLastId;
      if (firstId !== undefined) link.firstId = firstId;
      const s = Number(sent);
      const f = Number(firstId);
      if (sent !== undefined && firstId !== undefined && Number.isInteger(s) && Number.isInteger(f) && sent.trim() !== '' && firstId.trim() !== '') {
        if (f === s + 1) link.ids = 'continued';
        else if (f > s + 1) {
          link.ids = 'skipped';
          link.missing = f - s - 1;
        } else link.ids = 'repeated';
      } else if (sent !== undefined && firstId !== undefined) link.ids = sent === previousLastId ? 'continued' : 'unknown';
      links.set(src.id, link);
    }
    if (earlier === undefined) byUrl.set(r.url, [src]);
    else earlier.push(src);
  }
  return links;
}

function latestEnded(list: readonly ChannelSource[], before: number): ChannelSource | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i]!.request;
    if (r !== undefined && r.finished && (r.endedAt ?? Infinity) <= before + 1) return list[i];
  }
  return undefined;
}

/** The last `retry:` any earlier connection of the same EventSource set, else the default. */
function retryInForce(earlier: readonly ChannelSource[], upTo: ChannelSource): { ms: number; from: 'stream' | 'default' } {
  for (let i = earlier.indexOf(upTo); i >= 0; i--) {
    const r = earlier[i]!.body?.retries;
    if (r !== undefined && r.length > 0) return { ms: r[r.length - 1]!.ms, from: 'stream' };
  }
  return { ms: DEFAULT_RETRY_MS, from: 'default' };
}

/** Whether the request is a long poll: not a stream, and it held its socket a long time. */
export function isLongPoll(r: NetworkRequest, minMs: number): boolean {
  if (r.startedAt === undefined || r.endedAt === undefined) return false;
  const t = r.resourceType;
  if (t !== 'XHR' && t !== 'Fetch') return false;
  return r.endedAt - r.startedAt >= minMs;
}
