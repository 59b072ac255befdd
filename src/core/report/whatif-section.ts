// The what-if section of the report (`netlens explain --what-if`): estimates, said to be
// estimates, of the recorded load under the validated scenarios, each with its error bound; the
// baseline (the recording replayed by the model) and its error against the real load first; the
// assumptions; the critical path. JSON gets the model's data without its per-request graph.
import type { SectionBuilder } from './report.ts';
import { analyseWhatIf, whatIfUnavailable, type PathStep, type WhatIfData } from '../whatif/index.ts';
import { formatDuration, formatPath, formatPercent, plural } from '../format/index.ts';

const signed = (share: number) => `${share >= 0 ? '+' : '−'}${formatPercent(Math.abs(share))}`;
const ms = (x: number) => formatDuration(Math.max(0, x)) || '0 ms';

export function pathLine(s: PathStep): string {
  const parts = [s.setupMs > 0.5 ? `set-up ${ms(s.setupMs)}` : '', s.waitMs > 0.5 ? `waited ${ms(s.waitMs)}` : ''].filter(Boolean).join(', ');
  return `#${s.number} ${formatPath(s.url, { query: false, max: 60 })} (${s.kind}) ${ms(s.startMs)} → ${ms(s.endMs)}${parts ? ` (${parts})` : ''}`;
}

export function whatIfLines(d: WhatIfData): string[] {
  const lines: string[] = [];
  lines.push(`Estimates, not measurements: the load of ${d.pageUrl ? formatPath(d.pageUrl, { query: false, max: 80 }) : 'the recording'} (${plural(d.requests, 'request')}) replayed by a model of the network.`);
  lines.push(`Recorded load ${ms(d.recordedLoadMs)} (first request issued → last byte). The model replaying it as it was: ${ms(d.baseline.loadMs)} (${signed(d.baseline.error)}), on ${plural(d.baseline.connections, 'connection')}.`);
  for (const s of d.scenarios) {
    const range = s.rangeMs ? `, likely ${ms(s.rangeMs[0])}–${ms(s.rangeMs[1])} (±${formatPercent(s.scenario.errorBound ?? 0)}, validated)` : ' (not validated)';
    lines.push(`${s.scenario.title}: about ${ms(s.loadMs)} (${signed(s.changeVsBaseline)} against the baseline)${range}, ${plural(s.connections, 'connection')}.`);
  }
  for (const s of d.notOffered) lines.push(`Not offered: ${s.title}: ${s.notOffered}.`);
  lines.push('Assumptions:');
  for (const a of d.assumptions) lines.push(`  ${a}`);
  lines.push('Critical path of the baseline (the chain of requests that ended last):');
  for (const s of d.baseline.criticalPath) lines.push(`  ${pathLine(s)}`);
  if (d.leftOut.length) lines.push(`Left out: ${d.leftOut.length} request${d.leftOut.length === 1 ? '' : 's'} (${[...new Set(d.leftOut.map((l) => l.reason))].join('; ')}).`);
  return lines;
}

export const whatIfSection: SectionBuilder = (src) => {
  const requests = src.requests();
  const d = analyseWhatIf(requests, src.pages());
  if (!d) return { title: 'What-if (estimates)', lines: [whatIfUnavailable(requests) ?? 'No page load with network timing to estimate.'], data: null };
  const { graph: _graph, ...data } = d;
  return { title: 'What-if (estimates)', lines: whatIfLines(d), data };
};
