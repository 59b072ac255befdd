// Stream health in a diff: the hook the streams work (issue 17) fills in. Today it compares what
// the records carry: EventSource messages and WebSocket frames (sent and received) per stream,
// matched by normalised URL in order, as the requests are. When the streams analysis lands,
// `streamChanges` is the one function to extend (gaps, reconnects, stalls per stream).
import type { SseChannel, WsChannel } from '../records.ts';
import { normaliseUrl } from './normalise.ts';
import type { Change, DiffSide } from './types.ts';
import { codeSpan, plural } from './words.ts';

interface StreamCount {
  id: string;
  url: string;
  kind: 'EventSource' | 'WebSocket';
  messages: number;
  sent: number;
  received: number;
}

function countsOf(ws: readonly WsChannel[] = [], sse: readonly SseChannel[] = []): StreamCount[] {
  const out: StreamCount[] = [];
  for (const c of sse) out.push({ id: c.id, url: c.url, kind: 'EventSource', messages: c.messages.length, sent: 0, received: c.messages.length });
  for (const c of ws) {
    let sent = 0;
    for (const f of c.frames) if (f.direction === 'sent') sent++;
    out.push({ id: c.id, url: c.url, kind: 'WebSocket', messages: c.frames.length, sent, received: c.frames.length - sent });
  }
  return out;
}

/** Changes in stream health between two recordings (message counts for now; see the file's comment). */
export function streamChanges(a: DiffSide, b: DiffSide): Change[] {
  const ca = countsOf(a.webSockets, a.eventSources);
  const cb = countsOf(b.webSockets, b.eventSources);
  const key = (s: StreamCount) => `${s.kind} ${normaliseUrl(s.url)}`;
  const queue = new Map<string, StreamCount[]>();
  for (const s of cb) {
    const q = queue.get(key(s));
    if (q) q.push(s);
    else queue.set(key(s), [s]);
  }
  const out: Change[] = [];
  for (const s of ca) {
    const t = queue.get(key(s))?.shift();
    if (!t) continue; // the request itself shows as removed
    if (t.sent === s.sent && t.received === s.received) continue;
    const what = s.kind === 'EventSource' ? `delivered ${plural(t.received, 'message')} now and ${s.received.toLocaleString('en-US')} before` : `carried ${plural(t.sent, 'frame')} sent and ${t.received.toLocaleString('en-US')} received now, ${s.sent.toLocaleString('en-US')} and ${s.received.toLocaleString('en-US')} before`;
    out.push({
      kind: 'streams',
      direction: t.messages < s.messages ? 'worse' : 'neutral',
      subject: key(s),
      sentence: `${s.kind} ${codeSpan(s.url)} ${what}.`,
      before: s.messages,
      after: t.messages,
      effect: Math.abs(t.messages - s.messages),
      requests: [{ a: s.id, b: t.id, url: t.url }],
    });
  }
  return out;
}
