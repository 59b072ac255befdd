// A virtualised list: only the rows in view (plus a few) are in the DOM, so 100,000 rows scroll
// as smoothly as 100. Rows have a fixed height; the spacer gives the scrollbar its full length.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow(index: number, top: number): ComponentChildren;
  /** Index to keep in view (the selection). */
  scrollToIndex?: number | undefined;
  overscan?: number;
  class?: string;
  label?: string;
  onKeyDown?(e: KeyboardEvent): void;
  /** ↓ / ↑ pressed in the list (+1 / -1): the list moves the selection (the default scroll is prevented). */
  onArrow?(delta: 1 | -1): void;
  /** Rows shown per page (for PageUp / PageDown), reported when the viewport resizes. */
  onPageSize?(rows: number): void;
  /**
   * The rows in the DOM (first, last exclusive), reported when they change: a list whose rows
   * live elsewhere (the analysis worker) asks for that window. `renderRow` may draw a row it does
   * not have yet as an empty placeholder.
   */
  onRange?(first: number, last: number): void;
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, overscan = 8 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      setHeight(el.clientHeight || 400);
      props.onPageSize?.(Math.max(1, Math.floor((el.clientHeight || 400) / rowHeight) - 1));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [rowHeight]);

  // Keep the selected row in view when it moves (keyboard) or the list changes under it.
  useEffect(() => {
    const el = ref.current;
    const i = props.scrollToIndex;
    if (!el || i === undefined || i < 0) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [props.scrollToIndex, rowHeight]);

  // A list that shrank (a filter) must not leave the viewport past its end.
  const maxTop = Math.max(0, count * rowHeight - height);
  const top = Math.min(scrollTop, maxTop);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan);
  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) rows.push(props.renderRow(i, i * rowHeight));
  const onRange = props.onRange;
  useEffect(() => onRange?.(first, last), [first, last, onRange]);

  return (
    <div
      ref={ref}
      class={`virtual-list ${props.class ?? ''}`}
      role="grid"
      aria-label={props.label}
      aria-rowcount={count}
      tabIndex={0}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={(e) => {
        if (props.onArrow && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
          e.preventDefault();
          props.onArrow(e.key === 'ArrowDown' ? 1 : -1);
          return;
        }
        props.onKeyDown?.(e);
      }}
    >
      <div class="virtual-spacer" style={{ height: `${count * rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
