// Whether a session recorded response bodies, within which limits, and how many it kept and
// skipped, in words: for the Sessions view's rows and the open session's details (issue 19).
import type { SessionInfo } from '../../../src/core/session.ts';
import { bodyCountsOf, DEFAULT_BODY_LIMITS, type BodyCounts } from '../../../src/core/bodies.ts';
import { formatBytes } from '../../../src/core/format/index.ts';

function countsWords(c: BodyCounts): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `${n(c.kept)} kept${c.truncated > 0 ? ` (${n(c.truncated)} truncated)` : ''}, ${n(c.skipped)} skipped`;
}

function limitsOf(s: SessionInfo): { per: number; all: number } {
  return { per: s.options?.maxBodyBytes ?? DEFAULT_BODY_LIMITS.perBodyBytes, all: s.options?.maxSessionBodyBytes ?? DEFAULT_BODY_LIMITS.perSessionBytes };
}

/** The short line under a session's name: "bodies off", or "bodies on (≤ 64 kB each, 640 kB in all): 9 kept, 2 skipped". */
export function bodiesSetting(s: SessionInfo): string {
  const counts = bodyCountsOf(s);
  if (s.source !== 'live') return s.options?.bodies ? `bodies from the file${counts ? `: ${countsWords(counts)}` : ''}` : '';
  if (!s.options?.bodies) return 'bodies off';
  const { per, all } = limitsOf(s);
  return `bodies on (≤ ${formatBytes(per)} each, ${formatBytes(all)} in all)${counts ? `: ${countsWords(counts)}` : ''}`;
}

/** The open session's sentence about its bodies. */
export function bodiesSentence(s: SessionInfo): string {
  if (s.source !== 'live') return '';
  if (!s.options?.bodies) return 'Response bodies were not recorded (the Bodies switch was off).';
  const { per, all } = limitsOf(s);
  const counts = bodyCountsOf(s);
  const tail = counts ? `: ${countsWords(counts)} (each one skipped or truncated says why in its Body tab)` : '';
  return `Response bodies were recorded, each up to ${formatBytes(per)}, ${formatBytes(all)} in all${tail}.`;
}
