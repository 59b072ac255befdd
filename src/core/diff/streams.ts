// Stream health in a diff (issue 17's analysis): each stream of A matched with the stream of B of
// the same kind and normalised URL, in order, as the requests are; then what changed in its
// health: the messages it delivered (each way for WebSocket), the time to its first message (an
// AI stream's time to first token), its stalls over 1 s, how it ended, and buffering found.
import { analyseStreamsData, KIND_LABELS, type StreamChannel } from '../analysis/streams/index.ts';
import { formatDuration } from '../format/index.ts';
import { normaliseUrl } from './normalise.ts';
import { NOISE, type Change, type DiffSide } from './types.ts';
import { codeSpan, plural } from './words.ts';

const END_WORDS: Record<StreamChannel['end'], string> = {
  open: 'still open when the recording ended',
  completed: 'ended normally by the server',
  aborted: 'aborted by the page',
  'page-left': 'ended when the page left',
  'network-error': 'ended by a network error',
  closed: 'closed',
};

function channelsOf(s: DiffSide): StreamChannel[] {
  if (!s.webSockets?.length && !s.eventSources?.length && !s.bodyStreams?.length) return [];
  return analyseStreamsData({ requests: s.requests, eventSources: s.eventSources ?? [], bodyStreams: s.bodyStreams ?? [], webSockets: s.webSockets ?? [] }, { pages: s.pages }).channels;
}

const sent = (c: StreamChannel) => c.stats.sent?.messages ?? 0;
const received = (c: StreamChannel) => (c.stats.received ? c.stats.received.messages : c.stats.messages);

/** Changes in stream health between two recordings. */
export function streamChanges(a: DiffSide, b: DiffSide): Change[] {
  const ca = channelsOf(a);
  const cb = channelsOf(b);
  if (ca.length === 0 || cb.length === 0) return [];
  const key = (c: StreamChannel) => `${KIND_LABELS[c.kind]} ${normaliseUrl(c.url)}`;
  const queue = new Map<string, StreamChannel[]>();
  for (const c of cb) {
    const q = queue.get(key(c));
    if (q) q.push(c);
    else queue.set(key(c), [c]);
  }
  const out: Change[] = [];
  for (const s of ca) {
    const t = queue.get(key(s))?.shift();
    if (!t) continue; // the request itself shows as removed
    const name = `${KIND_LABELS[s.kind]} ${codeSpan(s.url)}`;
    const link = [{ a: s.id, b: t.id, url: t.url }];
    const subject = key(s);
    if (sent(t) !== sent(s) || received(t) !== received(s)) {
      const what = s.kind === 'websocket'
        ? `carried ${plural(sent(t), 'message')} sent and ${received(t).toLocaleString('en-US')} received now, ${sent(s).toLocaleString('en-US')} and ${received(s).toLocaleString('en-US')} before`
        : `delivered ${plural(received(t), 'message')} now and ${received(s).toLocaleString('en-US')} before`;
      out.push({ kind: 'streams', direction: t.stats.messages < s.stats.messages ? 'worse' : 'neutral', subject, sentence: `${name} ${what}.`, before: s.stats.messages, after: t.stats.messages, effect: Math.abs(t.stats.messages - s.stats.messages), requests: link });
    }
    const fa = s.stats.firstMessageMs;
    const fb = t.stats.firstMessageMs;
    if (fa !== undefined && fb !== undefined) {
      const d = fb - fa;
      if (Math.abs(d) >= NOISE.timingMs && Math.abs(d) >= NOISE.timingShare * Math.max(fa, fb)) {
        out.push({ kind: 'streams', direction: d > 0 ? 'worse' : 'better', subject, sentence: `${name}: its first message came ${formatDuration(fb)} after the request now, ${formatDuration(fa)} before (for a token stream, the time to first token).`, before: Math.round(fa), after: Math.round(fb), effect: Math.abs(d), requests: link });
      }
    }
    if (t.stats.gaps.stalls !== s.stats.gaps.stalls) {
      out.push({ kind: 'streams', direction: t.stats.gaps.stalls > s.stats.gaps.stalls ? 'worse' : 'better', subject, sentence: `${name} stalled (no message for over 1 s) ${plural(t.stats.gaps.stalls, 'time')} now, ${s.stats.gaps.stalls.toLocaleString('en-US')} before.`, before: s.stats.gaps.stalls, after: t.stats.gaps.stalls, effect: 1000 * Math.abs(t.stats.gaps.stalls - s.stats.gaps.stalls), requests: link });
    }
    if (t.end !== s.end) {
      const bad = (e: StreamChannel['end']) => e === 'network-error' || e === 'aborted';
      out.push({ kind: 'streams', direction: bad(t.end) && !bad(s.end) ? 'worse' : bad(s.end) && !bad(t.end) ? 'better' : 'neutral', subject, sentence: `${name} ${END_WORDS[t.end]} now; before it ${END_WORDS[s.end]}.`, before: s.end, after: t.end, effect: bad(t.end) !== bad(s.end) ? 2000 : 100, requests: link });
    }
    if ((t.buffering.length > 0) !== (s.buffering.length > 0)) {
      const now = t.buffering.length > 0;
      out.push({ kind: 'streams', direction: now ? 'worse' : 'better', subject, sentence: now ? `${name} is buffered now: messages made over time arrived together (a proxy or compression holding the stream); it was not before.` : `${name} is no longer buffered: its messages arrive as they are made, as they did not before.`, before: s.buffering.length > 0 ? 'buffered' : 'not buffered', after: now ? 'buffered' : 'not buffered', effect: 1500, requests: link });
    }
  }
  return out;
}
