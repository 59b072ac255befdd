// A JSON value as a tree of text (never innerHTML): objects and arrays fold open and shut.
import { useState } from 'preact/hooks';

/** The parsed value, or undefined when the text is not JSON (or too large to show as a tree). */
export function parseJson(text: string): { value: unknown } | undefined {
  if (text.length > 2_000_000) return undefined;
  const c = text.trimStart().charAt(0);
  if (c !== '{' && c !== '[') return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

const MAX_CHILDREN = 500;

export function JsonTree(props: { value: unknown; name?: string; depth?: number }) {
  const depth = props.depth ?? 0;
  const [open, setOpen] = useState(depth < 2);
  const v = props.value;
  const label = props.name !== undefined ? <span class="json-key">{props.name}: </span> : null;
  if (v === null || typeof v !== 'object') {
    return (
      <div class="json-leaf">
        {label}
        <span class={`json-${v === null ? 'null' : typeof v}`}>{typeof v === 'string' ? JSON.stringify(v) : String(v)}</span>
      </div>
    );
  }
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
  const summary = Array.isArray(v) ? `[${v.length}]` : `{${entries.length}}`;
  return (
    <div class="json-node">
      <button type="button" class="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label}
        <span class="json-summary">{summary}</span>
      </button>
      {open && (
        <div class="json-children">
          {entries.slice(0, MAX_CHILDREN).map(([k, x]) => (
            <JsonTree key={k} name={k} value={x} depth={depth + 1} />
          ))}
          {entries.length > MAX_CHILDREN && <div class="json-more">…and {(entries.length - MAX_CHILDREN).toLocaleString('en-US')} more</div>}
        </div>
      )}
    </div>
  );
}
