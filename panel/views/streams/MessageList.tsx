// The message list: a VirtualList whose rows live in the analysis worker. It reports the rows in
// view; rows not sent yet are drawn as empty placeholders.
import { VirtualList } from '../../components/VirtualList.tsx';
import { formatBytes, formatDuration } from '../../../src/core/format/index.ts';
import type { MessageRow } from '../../workers/streams-window.ts';

export const MESSAGE_ROW_HEIGHT = 22;

export function MessageList(props: {
  count: number;
  from: number;
  rows: readonly MessageRow[];
  websocket: boolean;
  selected: number | undefined;
  selectedRow: number;
  onRange(first: number, last: number): void;
  onSelect(index: number): void;
}) {
  const { rows, from } = props;
  const move = (delta: number) => {
    const at = props.selectedRow >= 0 ? props.selectedRow : from - 1;
    const next = rows[at + delta - from];
    if (next) props.onSelect(next.index);
  };
  return (
    <VirtualList
      class="stream-messages"
      label="Messages"
      count={props.count}
      rowHeight={MESSAGE_ROW_HEIGHT}
      scrollToIndex={props.selectedRow >= 0 ? props.selectedRow : undefined}
      onRange={props.onRange}
      onArrow={move}
      renderRow={(i, top) => {
        const r = rows[i - from];
        if (!r) return <div key={i} class="stream-row placeholder" style={{ top: `${top}px`, height: `${MESSAGE_ROW_HEIGHT}px` }} />;
        return (
          <div
            key={i}
            role="row"
            aria-selected={r.index === props.selected}
            class={`stream-row ${r.index === props.selected ? 'selected' : ''} ${r.direction ?? ''}`}
            style={{ top: `${top}px`, height: `${MESSAGE_ROW_HEIGHT}px` }}
            onClick={() => props.onSelect(r.index)}
          >
            <span class="c-num">{(r.index + 1).toLocaleString('en-US')}</span>
            <span class="c-time">+{formatDuration(r.t)}</span>
            {props.websocket ? <span class="c-dir">{r.direction === 'sent' ? '↑' : '↓'}</span> : <span class="c-type">{r.type}</span>}
            <span class="c-id">{r.eventId ?? ''}</span>
            <span class="c-size">{formatBytes(r.size) || '0 B'}</span>
            <span class="c-text">{r.preview}</span>
          </div>
        );
      }}
    />
  );
}
