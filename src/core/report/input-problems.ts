// What the recorder repaired, refused or could not place, as sentences for people: the first
// lines of the report, the CLI's stderr, the panel's status bar and session details. Each kind is
// counted, with its first example (which event, and what was found). Methods the recorder does
// not use and events that merely came out of order are normal in any log, and not listed.
import type { Diagnostics } from '../records.ts';

export interface InputProblems {
  /** Events folded with a field repaired or left out. */
  repaired: number;
  /** Events left out because what they carry could not be read. */
  refused: number;
  /** Events for requests that never appeared, and events seen twice. */
  orphans: number;
  duplicates: number;
  /** One sentence per kind, most frequent first; empty when the log was sound. */
  lines: string[];
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const n = (x: number) => x.toLocaleString('en-US');

/** At most this many kinds of each sort are listed; the rest are counted in one line. */
const MAX_KINDS = 8;

export function inputProblems(d: Diagnostics): InputProblems {
  const lines: string[] = [];
  const list = (counts: Record<string, number>, exampleKey: (kind: string) => string, say: (kind: string, count: number, first: string | undefined) => string) => {
    const kinds = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    for (const [kind, count] of kinds.slice(0, MAX_KINDS)) lines.push(say(kind, count, d.examples[exampleKey(kind)]));
    if (kinds.length > MAX_KINDS) lines.push(`…and ${n(kinds.length - MAX_KINDS)} more kinds (${n(kinds.slice(MAX_KINDS).reduce((a, [, c]) => a + c, 0))} events).`);
  };
  const first = (e: string | undefined) => (e ? ` (first: ${e})` : '');
  list(d.malformedEvents, (m) => `malformed ${m}`, (m, c, e) => `Left out ${n(c)} ${m} event${c === 1 ? '' : 's'} that could not be read${first(e)}.`);
  list(d.repairedFields, (k) => `repaired ${k}`, (k, c, e) => `Repaired ${n(c)} × ${k}${first(e)}.`);
  list(d.orphanEvents, (m) => `orphan ${m}`, (m, c, e) => `${n(c)} ${m} event${c === 1 ? '' : 's'} for a request that never appeared${first(e)}.`);
  list(d.duplicateEvents, (m) => `duplicate ${m}`, (m, c, e) => `${n(c)} ${m} event${c === 1 ? '' : 's'} seen twice, counted once${first(e)}.`);
  return { repaired: sum(d.repairedFields), refused: sum(d.malformedEvents), orphans: sum(d.orphanEvents), duplicates: sum(d.duplicateEvents), lines };
}

/** One short line for a status bar: "52 fields repaired, 3 events left out"; '' when the log was sound. */
export function problemsSummary(p: InputProblems): string {
  const parts: string[] = [];
  if (p.refused) parts.push(`${n(p.refused)} event${p.refused === 1 ? '' : 's'} left out`);
  if (p.repaired) parts.push(`${n(p.repaired)} field${p.repaired === 1 ? '' : 's'} repaired`);
  if (p.orphans) parts.push(`${n(p.orphans)} without a request`);
  if (p.duplicates) parts.push(`${n(p.duplicates)} duplicate${p.duplicates === 1 ? '' : 's'}`);
  return parts.join(', ');
}
