// JSON text of a value of any depth. JSON.stringify recurses, and throws RangeError on a value
// nested some thousands deep; the recorder's edge bounds what it keeps, but the writers do not
// rely on it: when JSON.stringify gives up, this loop (its own stack) writes the same text.
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return deepJsonText(value);
  }
}

type Frame = { kind: 'array'; items: unknown[]; i: number } | { kind: 'object'; keys: string[]; obj: Record<string, unknown>; i: number; wrote: boolean };

/** What JSON.stringify writes, without recursion (toJSON and replacers are not needed here). */
export function deepJsonText(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const scalar = (v: unknown): string | undefined => {
    if (v === null) return 'null';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
    if (typeof v === 'boolean') return String(v);
    return undefined; // undefined, functions, symbols: left out of objects, null in arrays
  };
  /** Writes a value, or opens it; returns false when it writes nothing (undefined in an object). */
  const put = (v: unknown, inArray: boolean): boolean => {
    if (typeof v === 'object' && v !== null) {
      if (Array.isArray(v)) {
        out.push('[');
        stack.push({ kind: 'array', items: v, i: 0 });
      } else {
        out.push('{');
        const obj = v as Record<string, unknown>;
        stack.push({ kind: 'object', keys: Object.keys(obj), obj, i: 0, wrote: false });
      }
      return true;
    }
    const s = scalar(v);
    if (s === undefined) {
      if (inArray) out.push('null');
      return inArray;
    }
    out.push(s);
    return true;
  };
  put(root, true);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'array') {
      if (top.i >= top.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (top.i > 0) out.push(',');
      put(top.items[top.i++], true);
    } else {
      if (top.i >= top.keys.length) {
        out.push('}');
        stack.pop();
        continue;
      }
      const k = top.keys[top.i++]!;
      const v = top.obj[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out.push(`${top.wrote ? ',' : ''}${JSON.stringify(k)}:`);
      top.wrote = true;
      put(v, false);
    }
  }
  return out.join('');
}
