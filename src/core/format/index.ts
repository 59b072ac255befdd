// The one place figures, names and labels are written: panel, report, CLI and the analyses'
// sentences (which HAR verdicts carry) all use these. The conventions are in numbers.ts.
export { formatBytes, formatClock, formatDuration, formatPercent, formatSeconds, plural } from './numbers.ts';
export { codeSpan, formatPath, requestLabel, requestNumber, requestNumbers } from './requests.ts';
export { SOURCE_LABELS, SOURCE_TITLES } from './sources.ts';
export { axisTicks, tickStep } from './axis.ts';
