// Counters for what the recorder could not place. Nothing counted here is fatal: the fold goes
// on, and the panel shows the counts so a strange recording explains itself.
import type { Diagnostics } from '../records.ts';

/** A counter keyed by CDP method, safe for any string (no prototype: "__proto__" is just a key). */
export function counter(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

export function emptyDiagnostics(): Diagnostics {
  return {
    events: 0,
    orphanEvents: counter(),
    duplicateEvents: counter(),
    unhandledEvents: counter(),
    malformedEvents: counter(),
    reorderedEvents: 0,
    heldEvents: 0,
    repairedFields: counter(),
    examples: counter() as unknown as Record<string, string>,
  };
}

export function bump(counts: Record<string, number>, method: string, by = 1): void {
  const n = (counts[method] ?? 0) + by;
  if (n === 0) delete counts[method];
  else counts[method] = n;
}

/** Keeps the first example of a kind (later ones are only counted). */
export function example(d: Diagnostics, key: string, text: string): void {
  if (d.examples[key] === undefined) d.examples[key] = text;
}
