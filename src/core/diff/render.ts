// The diff as text for a terminal and as Markdown for a pull-request comment. Recorded data
// (URLs, header values) reaches these texts only inside code spans, which Markdown renders as
// text; a backtick in recorded data was already replaced where the span was written.
import { codeSpan, formatBytes, formatDuration } from '../format/index.ts';
import type { Change, DiffResult, SideSummary } from './types.ts';
import type { Violation } from './budget.ts';

export const DIRECTION_MARK: Record<Change['direction'], string> = { worse: '▲ worse', better: '▼ better', neutral: '• changed' };

function figures(s: SideSummary): string {
  const loads = s.pageLoads.map((p) => (p.loadMs === undefined ? '?' : formatDuration(p.loadMs))).join(', ');
  return `${s.requests.toLocaleString('en-US')} requests, ${formatBytes(s.bytes)}, ${s.newConnections.toLocaleString('en-US')} connections, ${s.preflights.toLocaleString('en-US')} preflights${loads ? `, load ${loads}` : ''}`;
}

/** The origins read as one, and the hint when the two look like one server under two names (CLI words). */
export function originLines(d: DiffResult): { same?: string; hint?: string } {
  const out: { same?: string; hint?: string } = {};
  if (d.sameOrigins?.length) out.same = `Origins compared as one (--same-origin): ${d.sameOrigins.map((p) => `${codeSpan(p.a)} before as ${codeSpan(p.b)} now`).join(', ')}.`;
  const s = d.originSuggestions;
  if (s?.length) {
    const pairs = s.map((p) => `${codeSpan(p.a)} to ${codeSpan(p.b)}`).join(', ');
    out.hint = `${d.allMoved ? 'No request matched on its origin: every matched request moved, because the origins differ. ' : ''}Every request matched from ${pairs} moved there, and neither origin is contacted on the other side. If they are one server (another port, staging and production), did you mean ${s.map((p) => codeSpan(`--same-origin ${p.a}=${p.b}`)).join(' ')}?`;
  }
  return out;
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
  const origins = originLines(d);
  if (origins.same) lines.push(`  ${plain(origins.same)}`);
  for (const w of d.warnings) lines.push(`Warning: ${plain(w)}`);
  if (origins.hint) lines.push(`Hint: ${plain(origins.hint)}`);
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
  const origins = originLines(d);
  for (const w of d.warnings) out.push(`> ⚠️ ${w}`);
  if (origins.hint) out.push(`> 💡 ${origins.hint}`);
  if (origins.same) out.push(`> ${origins.same}`);
  if (d.warnings.length || origins.hint || origins.same) out.push('');
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
