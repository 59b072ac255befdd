// The message list's filters: text or regular expression, event type, size range, and for a
// WebSocket channel direction and opcode. (Hidden message indexes, such as heartbeats, come from
// the model's `hidden` signal, not from here.)
import type { StreamsFilter } from '../../workers/streams-window.ts';

/** The filter with one control's change applied, empty fields left out. */
export function patchFilter(current: StreamsFilter, patch: Partial<StreamsFilter>): StreamsFilter {
  const next: StreamsFilter = { ...current, ...patch };
  for (const k of Object.keys(next) as (keyof StreamsFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
  return next;
}

/**
 * `onPatch` gets one control's change, to apply to the filter as it is when it lands (not as it
 * was drawn: two changes before the next render would otherwise lose the first).
 */
export function StreamFilters(props: { filter: StreamsFilter; types: readonly string[]; websocket: boolean; heartbeats?: number; error?: string | undefined; onPatch(patch: Partial<StreamsFilter>): void }) {
  const f = props.filter;
  const set = (patch: Partial<StreamsFilter>) => props.onPatch(patch);
  const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));
  return (
    <div class="toolbar stream-filters" role="search">
      <input type="search" aria-label="Filter messages" placeholder={f.regex ? 'Regular expression' : 'Filter text'} value={f.text ?? ''} onInput={(e) => set({ text: (e.currentTarget as HTMLInputElement).value })} />
      <label title="Read the filter as a regular expression (case-insensitive)">
        <input type="checkbox" checked={f.regex === true} onChange={(e) => set({ regex: (e.currentTarget as HTMLInputElement).checked || undefined })} /> regex
      </label>
      {!props.websocket && props.types.length > 1 && (
        <select aria-label="Event type" value={f.type ?? ''} onChange={(e) => set({ type: (e.currentTarget as HTMLSelectElement).value || undefined })}>
          <option value="">every event type</option>
          {props.types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      )}
      {props.websocket && (
        <>
          <select aria-label="Direction" value={f.direction ?? ''} onChange={(e) => set({ direction: ((e.currentTarget as HTMLSelectElement).value || undefined) as StreamsFilter['direction'] })}>
            <option value="">both ways</option>
            <option value="sent">sent</option>
            <option value="received">received</option>
          </select>
          <select aria-label="Opcode" value={f.opcode === undefined ? '' : String(f.opcode)} onChange={(e) => set({ opcode: num((e.currentTarget as HTMLSelectElement).value) })}>
            <option value="">text and binary</option>
            <option value="1">text</option>
            <option value="2">binary</option>
          </select>
          <label title="Leave out the heartbeats Netlens recognised: Engine.IO / Socket.IO ping and pong packets, JSON pings, and small messages repeated at a regular interval">
            <input type="checkbox" aria-label="Hide heartbeats" checked={f.hideHeartbeats === true} disabled={!props.heartbeats} onChange={(e) => set({ hideHeartbeats: (e.currentTarget as HTMLInputElement).checked || undefined })} /> hide heartbeats{props.heartbeats ? ` (${props.heartbeats.toLocaleString('en-US')})` : ''}
          </label>
        </>
      )}
      <input class="size" type="number" min="0" aria-label="Smallest size in bytes" placeholder="min B" value={f.minSize ?? ''} onInput={(e) => set({ minSize: num((e.currentTarget as HTMLInputElement).value) })} />
      <input class="size" type="number" min="0" aria-label="Largest size in bytes" placeholder="max B" value={f.maxSize ?? ''} onInput={(e) => set({ maxSize: num((e.currentTarget as HTMLInputElement).value) })} />
      {props.error && <span class="error" role="alert">{props.error}</span>}
    </div>
  );
}
