// A JSON value as a foldable tree: objects and arrays are <details> whose children are rendered
// only once opened (a large body costs nothing until the user looks). Text only, never HTML.
import { useState } from 'preact/hooks';

const MAX_CHILDREN = 1000;

export function JsonTree({ value }: { value: unknown }) {
  return (
    <div class="json-tree" role="tree">
      <JsonNode name={undefined} value={value} open />
    </div>
  );
}

function JsonNode({ name, value, open: initiallyOpen = false }: { name: string | undefined; value: unknown; open?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const label = name === undefined ? null : <span class="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div class="json-leaf" role="treeitem">
        {label}
        <span class={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details class="json-node" role="treeitem" aria-expanded={open} open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {label}
        <span class="json-summary">{summary}</span>
      </summary>
      {open && (
        <div class="json-children" role="group">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} />
          ))}
          {entries.length > MAX_CHILDREN && <div class="json-more">… {entries.length - MAX_CHILDREN} more (see the Text view)</div>}
        </div>
      )}
    </details>
  );
}
