// A JSON value as a tree: objects and arrays fold open with <details>, leaves are text. Everything
// is rendered as text nodes (recorded data is untrusted). A tree stops after MAX_NODES nodes so a
// message of a million items cannot freeze the panel; the Text view still has all of it.
import type { ComponentChildren } from 'preact';

export const MAX_NODES = 2000;
/** Deeper levels are cut (a hostile message can nest 100,000 deep; rendering recurses). */
export const MAX_DEPTH = 64;

function leaf(v: unknown): { text: string; kind: string } {
  if (v === null) return { text: 'null', kind: 'null' };
  if (typeof v === 'string') return { text: JSON.stringify(v), kind: 'string' };
  if (typeof v === 'number' || typeof v === 'boolean') return { text: String(v), kind: typeof v };
  return { text: String(v), kind: 'other' };
}

export function JsonTree({ value }: { value: unknown }) {
  const budget = { left: MAX_NODES };
  const node = (name: string | undefined, v: unknown, depth: number): ComponentChildren => {
    if (budget.left-- <= 0) return null;
    const label = name === undefined ? null : <span class="json-key">{name}: </span>;
    if (depth >= MAX_DEPTH && typeof v === 'object' && v !== null) {
      return (
        <div class="json-leaf">
          {label}
          <span class="json-more">… deeper levels are in the Text view</span>
        </div>
      );
    }
    if (typeof v !== 'object' || v === null) {
      const l = leaf(v);
      return (
        <div class="json-leaf">
          {label}
          <span class={`json-${l.kind}`}>{l.text}</span>
        </div>
      );
    }
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    const summary = Array.isArray(v) ? `[${entries.length}]` : `{${entries.length}}`;
    const children: ComponentChildren[] = [];
    for (const [k, x] of entries) {
      if (budget.left <= 0) {
        children.push(<div class="json-more">… the rest is in the Text view</div>);
        break;
      }
      children.push(node(k, x, depth + 1));
    }
    return (
      <details class="json-node" open={depth < 2}>
        <summary>
          {label}
          <span class="json-summary">{summary}</span>
        </summary>
        <div class="json-children">{children}</div>
      </details>
    );
  };
  return <div class="json-tree">{node(undefined, value, 0)}</div>;
}
