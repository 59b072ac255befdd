// The Streams view (issue 17; WebSocket parts, issue 18): channels on the left (kind, URL, state,
// counts, health badges); on the right the selected channel's rate chart, statistics and hints,
// the filters, a virtualised message list fed by the analysis worker's window, and the selected
// message in full. Live while recording, and the same from storage: both are the worker's fold.
import { useStore } from '../store/store.ts';
import { ChannelList } from './streams/ChannelList.tsx';
import { MessageDetail } from './streams/MessageDetail.tsx';
import { MessageList } from './streams/MessageList.tsx';
import { RateChart } from './streams/RateChart.tsx';
import { StreamFilters, patchFilter } from './streams/StreamFilters.tsx';
import { StreamStats } from './streams/StreamStats.tsx';
import './streams/streams.css';

export function StreamsView() {
  const store = useStore();
  const model = store.streams;
  const w = model.window.value;
  if (!store.loader.value) return <p class="empty">Open or record a session to see its event streams and WebSockets.</p>;
  if (!w) return <p class="empty">{model.error.value ?? 'Analysing streams…'}</p>;
  if (w.channels.length === 0) {
    return <p class="empty">No streams in this session: no EventSource, no text/event-stream, NDJSON or JSON sequence response, no WebSocket.</p>;
  }
  const ch = w.channel;
  const websocket = ch?.kind === 'websocket';
  return (
    <div class="streams-view">
      <aside class="streams-left">
        <div class="toolbar">
          <span class="count">{w.channels.length.toLocaleString('en-US')} channels</span>
        </div>
        <ChannelList
          channels={w.channels}
          selectedId={ch?.id}
          onSelect={(id) => {
            if (id === model.channelId.peek()) return;
            model.channelId.value = id;
            model.selected.value = undefined;
          }}
        />
        {w.holds.length > 0 && (
          <div class="stream-holds" role="note">
            {w.holds.map((h) => (
              <p key={h.origin}>{h.sentence}</p>
            ))}
          </div>
        )}
      </aside>
      {ch && (
        <div class="streams-right">
          <div class="stream-title" title={ch.url}>
            <strong>#{ch.index + 1}</strong> {ch.url}
          </div>
          <div class="stream-top">
            <RateChart rate={ch.stats.rate} />
            <StreamStats channel={ch} holds={w.holds} {...(w.websocket ? { websocket: w.websocket.lines } : {})} />
          </div>
          <StreamFilters filter={model.filter.value} types={w.types} websocket={websocket} {...(w.websocket ? { heartbeats: w.websocket.heartbeats } : {})} error={w.filterError} onPatch={(patch) => (model.filter.value = patchFilter(model.filter.peek(), patch))} />
          <div class="count stream-count">
            {w.filtered === w.total ? `${w.total.toLocaleString('en-US')} messages` : `${w.filtered.toLocaleString('en-US')} of ${w.total.toLocaleString('en-US')} messages`}
          </div>
          <div class="stream-bottom">
            <MessageList
              count={w.filtered}
              from={w.from}
              rows={w.rows}
              websocket={websocket}
              selected={model.selected.value}
              selectedRow={w.selectedRow}
              onRange={model.inView}
              onSelect={(i) => (model.selected.value = i)}
            />
            <MessageDetail message={w.selected} websocket={websocket} onSelect={(i) => (model.selected.value = i)} />
          </div>
        </div>
      )}
    </div>
  );
}
