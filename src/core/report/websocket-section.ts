// The WebSocket section of the report (`netlens explain`): for each channel, the handshake
// (subprotocol, extensions), messages and bytes each way, the peak rate, the largest messages, the
// sizes, heartbeats, head-of-line hints, request/response pairs, errors, and the close as far as
// Chromium lets anyone know it (never a code or a side: the protocol does not report them).
// JSON gets the whole plain analysis of each channel.
import type { SectionBuilder } from './report.ts';
import { analyseWebSocket, type WsAnalysis } from '../analysis/streams/websocket.ts';
import { formatBytes, formatDuration } from '../format/index.ts';

const MAX_CHANNELS = 20;
const PROTOCOL_NAMES = { 'json-rpc': 'JSON-RPC', 'graphql-transport-ws': 'GraphQL (graphql-transport-ws)', 'graphql-ws': 'GraphQL (graphql-ws)' } as const;
const KIND_NAMES = { 'engine.io': 'Engine.IO', json: 'JSON', text: 'text', repeated: 'repeated' } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const opcodeName = (op: number) => (op === 1 ? 'text' : op === 2 ? 'binary' : `opcode ${op}`);

/** Heartbeat groups named in the sentence (the rest are counted). */
const MAX_GROUPS = 6;

/** The sentences of one channel's analysis. */
export function websocketLines(a: WsAnalysis): string[] {
  const lines: string[] = [];
  // Times from the earliest the channel knows (a replayed or damaged log may date frames before
  // webSocketCreated, which the protocol does not date).
  let origin = a.createdAt;
  if (a.firstFrameAt !== undefined && a.firstFrameAt < origin) origin = a.firstFrameAt;
  for (const e of a.errors) if (e.at < origin) origin = e.at;
  if (a.close.closedAt !== undefined && a.close.closedAt < origin) origin = a.close.closedAt;
  const rel = (at: number) => `+${formatDuration(at - origin)}`;
  const hs = a.handshake;
  const ext = hs.extensions.map((e) => {
    const params = Object.entries(e.params).map(([k, v]) => (v ? `${k}=${v}` : k));
    return params.length ? `${e.name} (${params.join(', ')})` : e.name;
  });
  lines.push(
    `WebSocket ${a.url}: handshake ${hs.status ?? 'not answered'}` +
      `, subprotocol ${hs.subprotocol ?? (hs.offeredSubprotocols.length ? `none (offered ${hs.offeredSubprotocols.join(', ')})` : 'none')}` +
      `, extensions ${ext.length ? ext.join('; ') : 'none'}.`,
  );
  const dir = (name: string, t: WsAnalysis['sent']) => `${name} ${plural(t.messages, 'message')} (${formatBytes(t.bytes)}; ${t.text} text, ${t.binary} binary${t.other ? `, ${t.other} other` : ''})`;
  let peak = 0;
  let peakAt = 0;
  for (let b = 0; b < a.rate.sentMessages.length; b++) {
    const n = a.rate.sentMessages[b]! + a.rate.receivedMessages[b]!;
    if (n > peak) {
      peak = n;
      peakAt = a.rate.startAt + b * a.rate.bucketMs;
    }
  }
  lines.push(`${dir('Sent', a.sent)}; ${dir('received', a.received)}` + (peak > 0 ? `; busiest ${formatDuration(a.rate.bucketMs)} from ${rel(peakAt)}: ${plural(peak, 'message')}.` : '.'));
  if (a.largest.length) {
    lines.push(`Largest: ${a.largest.slice(0, 3).map((l) => `#${l.index + 1} ${l.direction} ${formatBytes(l.size)} ${opcodeName(l.opcode)} at ${rel(l.at)}`).join('; ')}.`);
    const last = a.sizes.bounds.length;
    const sizes: [string, number][] = a.sizes.bounds.map((b, i) => [`≤ ${formatBytes(b)}`, a.sizes.sent[i]! + a.sizes.received[i]!]);
    sizes.push([`> ${formatBytes(a.sizes.bounds[last - 1]!)}`, a.sizes.sent[last]! + a.sizes.received[last]!]);
    const used = sizes.filter(([, n]) => n > 0);
    lines.push(`Sizes: ${used.map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}.`);
  }
  if (a.heartbeatFrames.length) {
    const shown = a.heartbeats.slice(0, MAX_GROUPS);
    const groups = shown.map((g) => `${KIND_NAMES[g.kind]} ${JSON.stringify(g.payload.length > 80 ? `${g.payload.slice(0, 80)}…` : g.payload)} ${g.direction} ×${g.count}${g.medianIntervalMs !== undefined ? ` every ${formatDuration(g.medianIntervalMs)}` : ''}`);
    if (a.heartbeats.length > MAX_GROUPS) groups.push(`and ${plural(a.heartbeats.length - MAX_GROUPS, 'more kind')}`);
    lines.push(`Heartbeats: ${plural(a.heartbeatFrames.length, 'message')} (${groups.join('; ')}), which "hide heartbeats" hides.`);
  }
  for (const h of a.headOfLine.slice(0, 5)) {
    lines.push(
      `Head of line: after received message #${h.large + 1} (${formatBytes(h.size)} at ${rel(h.at)}${h.quietBeforeMs !== undefined ? `, ${formatDuration(h.quietBeforeMs)} after the one before` : ''}), ` +
        `${plural(h.followers.length, 'small message')} (up to ${formatBytes(h.followerMaxSize)}) arrived in one run ${h.spanMs - h.firstAfterMs < 1 ? `${formatDuration(h.firstAfterMs)}` : `from ${formatDuration(h.firstAfterMs)} to ${formatDuration(h.spanMs)}`} after it, as if they had waited behind it (on the one TCP stream, or while the browser took the large one in)` +
        (h.longestWaitMs !== undefined ? `; by the sender's clock they waited up to ${formatDuration(h.longestWaitMs)}, ${h.sentBeforeLargeArrived} of them sent before it had arrived` : '') +
        '.',
    );
  }
  if (a.headOfLine.length > 5) lines.push(`…and ${a.headOfLine.length - 5} more head-of-line hints (use --json for everything).`);
  for (const s of a.pairStats) {
    lines.push(
      `${PROTOCOL_NAMES[s.protocol]}: ${plural(s.requests, 'request')}, ${s.answered} answered${s.errors ? ` (${s.errors} with an error)` : ''}` +
        (s.medianMs !== undefined ? `; first response after ${formatDuration(s.medianMs)} median, ${formatDuration(s.p95Ms)} at the 95th percentile, ${formatDuration(s.maxMs)} at most` : '') +
        '.',
    );
  }
  const unanswered = a.pairs.filter((p) => p.response === undefined);
  if (unanswered.length) {
    lines.push(`Unanswered: ${unanswered.slice(0, 5).map((p) => `${PROTOCOL_NAMES[p.protocol]} id ${p.id}${p.name ? ` (${p.name})` : ''} sent as #${p.request + 1}`).join('; ')}${unanswered.length > 5 ? `; and ${unanswered.length - 5} more` : ''}.`);
  }
  for (const e of a.errors.slice(0, 5)) lines.push(`Error at ${rel(e.at)}: ${e.message}.`);
  if (a.close.state === 'closed') {
    lines.push(`Closed at ${rel(a.close.closedAt!)}${a.close.openForMs !== undefined ? `, open ${formatDuration(a.close.openForMs)}` : ''}. ${a.close.unknown.join(' ')}`);
  } else if (a.close.state === 'refused') {
    lines.push(`The server refused the upgrade (status ${a.handshake.status}).`);
  } else {
    lines.push(a.close.unknown.join(' '));
  }
  lines.push(...a.notReported);
  return lines;
}

export const websocketSection: SectionBuilder = (src) => {
  const channels = src.webSockets();
  if (channels.length === 0) return undefined;
  const analyses = channels.map((c) => analyseWebSocket(c));
  const lines: string[] = [];
  for (const a of analyses.slice(0, MAX_CHANNELS)) lines.push(...websocketLines(a));
  if (analyses.length > MAX_CHANNELS) lines.push(`…and ${analyses.length - MAX_CHANNELS} more WebSocket channels (use --json for everything).`);
  return { title: 'WebSocket', lines, data: analyses };
};
