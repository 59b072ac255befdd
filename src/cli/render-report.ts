// The report as a readable terminal text.
import type { NetlensReport } from '../core/report/report.ts';

const fmtBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

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
    `${s.requests.toLocaleString('en-US')} requests to ${s.origins} origin${s.origins === 1 ? '' : 's'} over ${(s.durationMs / 1000).toFixed(2)} s, ` +
      `${fmtBytes(s.transferredBytes)} transferred, ${s.pages} page${s.pages === 1 ? '' : 's'}${s.failed ? `, ${s.failed} failed` : ''}.`,
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
