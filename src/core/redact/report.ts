// The analysis report (`netlens explain`, `netlens record`) gets pasted into tickets as often as a
// HAR gets attached to them, and it quotes URLs, header values and messages. So it goes through the
// same pass: every text in it is redacted as free text (URLs as URLs), iteratively, in a copy.
import { Scrubber, type RedactionOptions, type RedactionReport } from './scrubber.ts';

export function redactReport<T>(report: T, options: RedactionOptions = {}): { report: T; redaction: RedactionReport } {
  const sc = new Scrubber(options);
  sc.where = 'the report';
  const root: { value: unknown } = { value: report };
  const out: { value: unknown } = { value: undefined };
  // Each item: the value to copy, and where its copy goes.
  const stack: { from: unknown; into: Record<string | number, unknown>; key: string | number; field: string }[] = [{ from: root.value, into: out, key: 'value', field: '' }];
  while (stack.length > 0) {
    const { from, into, key, field } = stack.pop()!;
    if (typeof from === 'string') {
      sc.field = field || 'text';
      into[key] = sc.text(from);
    } else if (Array.isArray(from)) {
      const copy: unknown[] = new Array(from.length);
      into[key] = copy;
      for (let i = 0; i < from.length; i++) stack.push({ from: from[i], into: copy as unknown as Record<number, unknown>, key: i, field });
    } else if (from !== null && typeof from === 'object') {
      const copy: Record<string, unknown> = {};
      into[key] = copy;
      const keys = Object.keys(from);
      // Keys made in order first: the stack fills them in the reverse order.
      for (const k of keys) copy[k] = undefined;
      for (const k of keys) stack.push({ from: (from as Record<string, unknown>)[k], into: copy, key: k, field: field ? `${field}.${k}` : k });
    } else into[key] = from;
  }
  return { report: out.value as T, redaction: sc.report() };
}
