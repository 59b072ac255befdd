// The filter bar: text (with DevTools-style keys), type and status chips, connection chips (new
// connections, queued: from the socket-pool analysis), origin, and counts.
import { useEffect, useRef } from 'preact/hooks';
import { useStore } from '../store/store.ts';
import { STATUS_CLASSES, TYPE_GROUPS, type StatusClass, type TypeGroup } from '../store/requests-model.ts';

export function FilterBar({ shown, total }: { shown: number; total: number }) {
  const store = useStore();
  const f = store.filter.value;
  const input = useRef<HTMLInputElement>(null);

  // "/" focuses the filter from anywhere in the panel, as in many DevTools lists.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === '/' && target?.tagName !== 'INPUT' && target?.tagName !== 'SELECT' && target?.tagName !== 'TEXTAREA') {
        e.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const toggle = <T,>(set: ReadonlySet<T>, v: T): Set<T> => {
    const next = new Set(set);
    if (next.has(v)) next.delete(v);
    else next.add(v);
    return next;
  };

  return (
    <div class="toolbar filter-bar" role="toolbar" aria-label="Filter requests">
      <input
        ref={input}
        type="search"
        class="filter-text"
        placeholder="Filter  (e.g. status:304 domain:b.test -method:GET)"
        aria-label="Filter requests by text"
        title="Matches the URL. Keys: method:, status:, domain:, source:, conn:, type:, protocol:. A leading - negates. Press / to focus, Esc to clear."
        value={f.text}
        onInput={(e) => (store.filter.value = { ...f, text: (e.currentTarget as HTMLInputElement).value })}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            store.filter.value = { ...f, text: '' };
            (e.currentTarget as HTMLInputElement).blur();
          }
        }}
      />
      <div class="chips" role="group" aria-label="Resource types">
        <button type="button" class={`chip ${f.types.size === 0 ? 'on' : ''}`} aria-pressed={f.types.size === 0} onClick={() => (store.filter.value = { ...f, types: new Set() })}>
          All
        </button>
        {TYPE_GROUPS.map((t: TypeGroup) => (
          <button key={t} type="button" class={`chip ${f.types.has(t) ? 'on' : ''}`} aria-pressed={f.types.has(t)} onClick={() => (store.filter.value = { ...f, types: toggle(f.types, t) })}>
            {t}
          </button>
        ))}
      </div>
      <div class="chips" role="group" aria-label="Status classes">
        {STATUS_CLASSES.map((s: StatusClass) => (
          <button
            key={s}
            type="button"
            class={`chip ${f.statuses.has(s) ? 'on' : ''}`}
            aria-pressed={f.statuses.has(s)}
            title={`Show only ${s} responses (several chips combine)`}
            onClick={() => (store.filter.value = { ...f, statuses: toggle(f.statuses, s) })}
          >
            {s}
          </button>
        ))}
      </div>
      <div class="chips" role="group" aria-label="Connections">
        <button
          type="button"
          class={`chip ${f.newConnections ? 'on' : ''}`}
          aria-pressed={Boolean(f.newConnections)}
          title="Show only requests that opened a new connection, paying for DNS, TCP and TLS (the rest reused a kept-alive socket, rode an HTTP/2 connection, or needed none)"
          onClick={() => (store.filter.value = { ...f, newConnections: !f.newConnections })}
        >
          New connections
        </button>
        <button
          type="button"
          class={`chip ${f.queued ? 'on' : ''}`}
          aria-pressed={Boolean(f.queued)}
          title="Show only requests that waited for a socket (every HTTP/1.1 socket of their origin busy, up to 6 per host) or for a connection another request was opening"
          onClick={() => (store.filter.value = { ...f, queued: !f.queued })}
        >
          Queued
        </button>
      </div>
      <select
        aria-label="Origin"
        title="Show one origin's requests (one socket pool per origin)"
        value={f.origin}
        onChange={(e) => (store.filter.value = { ...f, origin: (e.currentTarget as HTMLSelectElement).value })}
      >
        <option value="">All origins</option>
        {store.origins.value.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      <span class="count" aria-live="polite" title="Requests shown / requests in the session">
        {shown.toLocaleString('en-US')} / {total.toLocaleString('en-US')} requests
      </span>
      {(f.newConnections || f.queued) && store.pools.waiting.value && (
        <span class="muted analysing" role="status">
          analysing connections…
        </span>
      )}
    </div>
  );
}
