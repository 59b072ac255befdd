// The Streams view's left column: every channel with its kind, URL, state, counts and health
// badges (each badge's sentence is its title). Selecting one shows its messages on the right.
import { formatBytes, formatPath } from '../../../src/core/format/index.ts';
import { KIND_LABELS } from '../../../src/core/analysis/streams/index.ts';
import type { ChannelRow } from '../../workers/streams-window.ts';

export function ChannelList(props: { channels: readonly ChannelRow[]; selectedId: string | undefined; onSelect(id: string): void }) {
  return (
    <ul class="stream-channels" role="listbox" aria-label="Channels">
      {props.channels.map((c) => (
        <li
          key={c.id}
          role="option"
          aria-selected={c.id === props.selectedId}
          class={`stream-channel ${c.id === props.selectedId ? 'selected' : ''}`}
          title={c.url}
          tabIndex={0}
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
          </div>
          {c.badges.length > 0 && (
            <div class="stream-badges">
              {c.badges.map((b) => (
                <span key={b.kind} class={`badge badge-${b.severity}`} title={b.title}>
                  {b.label}
                </span>
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
