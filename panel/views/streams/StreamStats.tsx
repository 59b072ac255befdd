// The channel's statistics and hints (the analysis's sentences), and the sockets streams held.
import { formatBytes, formatDuration } from '../../../src/core/format/index.ts';
import type { SocketHold, StreamChannel } from '../../../src/core/analysis/streams/index.ts';

export function StreamStats(props: { channel: StreamChannel; holds: readonly SocketHold[]; websocket?: readonly string[] }) {
  const { channel: c } = props;
  const s = c.stats;
  const holds = props.holds.filter((h) => h.holders.some((x) => x.id === c.id));
  return (
    <section class="stream-stats" aria-label="Channel statistics">
      <dl class="stream-figures">
        <dt>messages</dt>
        <dd>{s.messages.toLocaleString('en-US')}</dd>
        <dt>bytes</dt>
        <dd>{formatBytes(s.bytes) || '0 B'}</dd>
        {s.firstMessageMs !== undefined && (
          <>
            <dt>{c.kind === 'fetch-sse' ? 'first token' : 'first message'}</dt>
            <dd>{formatDuration(s.firstMessageMs)}</dd>
          </>
        )}
        {s.gaps.median !== undefined && (
          <>
            <dt>gap median / p95</dt>
            <dd>
              {formatDuration(s.gaps.median)} / {formatDuration(s.gaps.p95)}
            </dd>
            <dt>longest gap</dt>
            <dd>{formatDuration(s.gaps.longest?.ms)}</dd>
            <dt>stalls &gt; 1 s</dt>
            <dd>{s.gaps.stalls}</dd>
          </>
        )}
        {s.sent && s.received && (
          <>
            <dt>sent / received</dt>
            <dd>
              {s.sent.messages.toLocaleString('en-US')} ({formatBytes(s.sent.bytes) || '0 B'}) / {s.received.messages.toLocaleString('en-US')} ({formatBytes(s.received.bytes) || '0 B'})
            </dd>
          </>
        )}
      </dl>
      <ul class="stream-hints">
        {c.hints.map((h, i) => (
          <li key={i}>{h}</li>
        ))}
        {props.websocket?.map((h, i) => (
          <li key={`ws${i}`} class="stream-ws">
            {h}
          </li>
        ))}
        {holds.map((h) => (
          <li key={h.origin} class="stream-hold">
            {h.sentence}
          </li>
        ))}
      </ul>
    </section>
  );
}
