// The Streams view's left column: every channel with its kind, URL, state, counts and health
// badges (each badge's sentence is its title). Selecting one shows its messages on the right.
// Virtualised with fixed-height rows: a session may hold thousands of channels (reconnecting
// EventSources, one WebSocket per page), and only those in view are in the DOM.
import { formatBytes, formatPath } from '../../../src/core/format/index.ts';
import { KIND_LABELS } from '../../../src/core/analysis/streams/index.ts';
import type { ChannelRow } from '../../workers/streams-window.ts';
import { VirtualList } from '../../components/VirtualList.tsx';

/** A channel row's height (px): head, URL, counts and badges on one line each; see streams.css. */
export const CHANNEL_ROW_HEIGHT = 58;

export function ChannelList(props: { channels: readonly ChannelRow[]; selectedId: string | undefined; onSelect(id: string): void }) {
  const selected = props.channels.findIndex((c) => c.id === props.selectedId);
  const move = (delta: number) => {
    const next = props.channels[Math.max(0, Math.min(props.channels.length - 1, (selected < 0 ? 0 : selected) + delta))];
    if (next) props.onSelect(next.id);
  };
  return (
    <VirtualList
      class="stream-channels"
      label="Channels"
      count={props.channels.length}
      rowHeight={CHANNEL_ROW_HEIGHT}
      scrollToIndex={selected >= 0 ? selected : undefined}
      onArrow={move}
      renderRow={(i, top) => {
        const c = props.channels[i]!;
        return (
          <div
            key={c.id}
            role="row"
            aria-selected={c.id === props.selectedId}
            class={`stream-channel ${c.id === props.selectedId ? 'selected' : ''}`}
            style={{ top: `${top}px`, height: `${CHANNEL_ROW_HEIGHT}px` }}
            title={c.url}
            tabIndex={-1}
            onClick={() => props.onSelect(c.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') props.onSelect(c.id);
            }}
          >
            <div class="stream-channel-head">
              <span class={`stream-kind kind-${c.kind}`}>{KIND_LABELS[c.kind]}</span>
              <span class="stream-num">#{c.index + 1}</span>
              <span class={`stream-state state-${c.state}`}>{c.state === 'open' ? 'open' : c.end.replace('-', ' ')}</span>
            </div>
            <div class="stream-url">{formatPath(c.url, { max: 60 })}</div>
            <div class="stream-counts">
              {c.messages.toLocaleString('en-US')} messages · {formatBytes(c.bytes) || '0 B'}
              {c.badges.length > 0 && (
                <span class="stream-badges">
                  {c.badges.map((b) => (
                    <span key={b.kind} class={`badge badge-${b.severity}`} title={b.title}>
                      {b.label}
                    </span>
                  ))}
                </span>
              )}
            </div>
          </div>
        );
      }}
    />
  );
}
