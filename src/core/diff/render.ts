// The diff as text for a terminal and as Markdown for a pull-request comment. Recorded data
// (URLs, header values) reaches these texts only inside code spans, which Markdown renders as
// text; a backtick in recorded data was already replaced where the span was written.
import { formatBytes, formatDuration } from '../format/index.ts';
import type { Change, DiffResult, SideSummary } from './types.ts';
import type { Violation } from './budget.ts';

export const DIRECTION_MARK: Record<Change['direction'], string> = { worse: '▲ worse', better: '▼ better', neutral: '• changed' };

function figures(s: SideSummary): string {
  const loads = s.pageLoads.map((p) => (p.loadMs === undefined ? '?' : formatDuration(p.loadMs))).join(', ');
  return `${s.requests.toLocaleString('en-US')} requests, ${formatBytes(s.bytes)}, ${s.newConnections.toLocaleString('en-US')} connections, ${s.preflights.toLocaleString('en-US')} preflights${loads ? `, load ${loads}` : ''}`;
}

/** Plain text: code spans lose their backticks. */
const plain = (s: string) => s.replace(/`([^`]*)`/g, '$1');

export function diffText(d: DiffResult, violations?: readonly Violation[]): string {
  const lines: string[] = [];
  lines.push(`Netlens diff: ${d.a.label} → ${d.b.label}`);
  lines.push(`  before: ${figures(d.a)}`);
  lines.push(`  now:    ${figures(d.b)}`);
  lines.push(`  ${d.matched.toLocaleString('en-US')} requests matched by method and normalised URL.`);
  if (d.ignored.length) lines.push(`  Left out on request: ${d.ignored.join(', ')} changes.`);
  for (const w of d.warnings) lines.push(`Warning: ${plain(w)}`);
  lines.push('');
  if (d.changes.length === 0) lines.push('No changes.');
  else {
    lines.push(`${d.changes.length} change${d.changes.length === 1 ? '' : 's'}, largest effect first:`);
    for (const c of d.changes) lines.push(`  ${DIRECTION_MARK[c.direction].padEnd(9)} [${c.kind}] ${plain(c.sentence)}`);
  }
  if (violations) {
    lines.push('');
    if (violations.length === 0) lines.push('Within budget.');
    else {
      lines.push(`Budget: ${violations.length} violation${violations.length === 1 ? '' : 's'}:`);
      for (const v of violations) {
        lines.push(`  ✗ ${plain(v.sentence)}`);
        for (const e of v.evidence) lines.push(`      ${plain(e)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown for a pull-request comment. */
export function diffMarkdown(d: DiffResult, violations?: readonly Violation[]): string {
  const out: string[] = [];
  const verdict = violations ? (violations.length ? `❌ ${violations.length} budget violation${violations.length === 1 ? '' : 's'}` : '✅ within budget') : '';
  out.push(`### Netlens: ${d.changes.length === 0 ? 'no network changes' : `${d.changes.length} network change${d.changes.length === 1 ? '' : 's'}`}${verdict ? ` · ${verdict}` : ''}`);
  out.push('');
  out.push('| | requests | bytes | connections | preflights | page loads |');
  out.push('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const [name, s] of [['before', d.a], ['now', d.b]] as const) {
    out.push(`| ${name} | ${s.requests.toLocaleString('en-US')} | ${formatBytes(s.bytes)} | ${s.newConnections} | ${s.preflights} | ${s.pageLoads.map((p) => (p.loadMs === undefined ? '?' : formatDuration(p.loadMs))).join(', ')} |`);
  }
  out.push('');
  for (const w of d.warnings) out.push(`> ⚠️ ${w}`);
  if (d.warnings.length) out.push('');
  if (violations && violations.length) {
    out.push('**Budget**');
    out.push('');
    for (const v of violations) {
      out.push(`- ❌ ${v.sentence}`);
      for (const e of v.evidence) out.push(`  - ${e}`);
    }
    out.push('');
  }
  if (d.changes.length) {
    out.push('**Changes**, largest effect first');
    out.push('');
    for (const c of d.changes) out.push(`- ${c.direction === 'worse' ? '🔺' : c.direction === 'better' ? '🔻' : '🔸'} **${c.kind}** ${c.sentence}`);
    out.push('');
  }
  out.push(`<sub>${d.a.label} → ${d.b.label}; ${d.matched.toLocaleString('en-US')} requests matched by method and normalised URL (ids, hashes, cache-busters folded)${d.ignored.length ? `; ${d.ignored.join(', ')} changes left out` : ''}.</sub>`);
  return `${out.join('\n')}\n`;
}
