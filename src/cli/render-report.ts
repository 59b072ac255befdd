// The report as a readable terminal text.
import type { NetlensReport } from '../core/report/report.ts';
import { formatBytes, formatDuration, plural } from '../core/format/index.ts';

export function renderReport(report: NetlensReport, title: string): string {
  const s = report.summary;
  const lines: string[] = [];
  lines.push(`Netlens ${report.generator.version} report: ${title}`);
  if (report.inputProblems.length) {
    lines.push('');
    lines.push('Problems in the input (repaired or left out; the analysis below is of the rest):');
    for (const p of report.inputProblems) lines.push(`  ${p}`);
  }
  lines.push('');
  lines.push(
    `${plural(s.requests, 'request')} to ${plural(s.origins, 'origin')} over ${formatDuration(s.durationMs)}, ` +
      `${formatBytes(s.transferredBytes)} transferred, ${plural(s.pages, 'page')}${s.failed ? `, ${s.failed} failed` : ''}.`,
  );
  const protocols = Object.entries(s.protocols).sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${n}`);
  if (protocols.length) lines.push(`Protocols: ${protocols.join(', ')}.`);
  const sources = Object.entries(s.sources).sort((a, b) => b[1] - a[1]).map(([src, n]) => `${src} ${n}`);
  if (sources.length) lines.push(`Responses from: ${sources.join(', ')}.`);
  for (const section of report.sections) {
    lines.push('');
    lines.push(section.title);
    lines.push('-'.repeat(section.title.length));
    for (const line of section.lines) lines.push(`  ${line}`);
  }
  return lines.join('\n') + '\n';
}
