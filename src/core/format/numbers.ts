// Figures as Netlens writes them everywhere (panel, report, CLI, HAR verdicts' headlines), so a
// figure reads the same in every place and tests can match it. English (en-US) digits always.
//
// One precision rule for every quantity: below 10 of its unit, one decimal (a trailing ".0" left
// out); from 10 up, whole numbers with thousands separators; below 0.1 of the smallest unit, two
// decimals. Bytes are binary (1 kB = 1,024 B, written "kB" as DevTools writes it).

// Made once (toLocaleString builds one per call), and used only for thousands separators:
// Intl is three times slower than toFixed, and a view writes thousands of these.
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A number of some unit by the one precision rule: "0.04", "4.5", "4", "48", "3,600". */
function figure(n: number): string {
  const abs = Math.abs(n);
  if (abs < 0.095 && abs !== 0) return trimZeros(n.toFixed(2));
  // 9.96 rounds to "10.0" with one decimal: from 9.95 it is a whole number.
  if (abs < 9.95) return trimZeros(n.toFixed(1));
  if (abs < 999.5) return String(Math.round(n));
  return WHOLE.format(n);
}

/** "4.0" → "4", "0.50" → "0.5", "-0" → "0". */
function trimZeros(text: string): string {
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (text.charCodeAt(end - 1) === 46 /* . */) end--;
  const t = end === text.length ? text : text.slice(0, end);
  return t === '-0' ? '0' : t;
}

const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** Bytes: "70 B", "1,000 B", "4.5 kB", "48 kB", "1.2 MB" (1 kB = 1,024 B); '' when unknown. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  if (Math.abs(n) < 1024) return `${WHOLE.format(n)} B`;
  let v = n / 1024;
  let unit = 0;
  // 1,023.9 kB would print as "1,024 kB": move up a unit once the rounded figure reaches 1,024.
  while (Math.abs(v) >= 1023.5 && unit < BYTE_UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${figure(v)} ${BYTE_UNITS[unit]}`;
}

/** A duration in milliseconds: "0.04 ms", "4.5 ms", "340 ms", "1.2 s", "12 s", "2 min 5 s"; '' when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const abs = Math.abs(ms);
  if (abs < 999.5) return `${figure(ms)} ms`;
  if (abs < 59_500) return `${figure(ms / 1000)} s`;
  const sign = ms < 0 ? '-' : '';
  const min = Math.floor(Math.round(abs / 1000) / 60);
  const sec = Math.round(abs / 1000) - min * 60;
  return `${sign}${WHOLE.format(min)} min${sec ? ` ${sec} s` : ''}`;
}

/**
 * Seconds, for what HTTP counts in seconds (freshness lifetimes, ages: `max-age=600` reads as
 * "600 s"), by the same precision rule: "0.4 s", "12 s", "3,600 s (1 hour)", "31,536,000 s (365
 * days)". `rough: false` leaves out the rounder reading (for a phrase that already has parentheses).
 */
export function formatSeconds(s: number, options: { rough?: boolean } = {}): string {
  if (!Number.isFinite(s)) return 'an unknown time';
  const text = `${figure(s)} s`;
  const long = options.rough === false ? '' : roughly(Math.abs(s));
  return long ? `${text} (${long})` : text;
}

/** A rounder reading of a long duration in seconds, or '' when seconds are clear enough. */
function roughly(s: number): string {
  const unit = (n: number, one: string) => `${ONE.format(n)} ${one}${n === 1 ? '' : 's'}`;
  if (s >= 86_400) return unit(Math.round((s / 86_400) * 10) / 10, 'day');
  if (s >= 3_600) return unit(Math.round((s / 3_600) * 10) / 10, 'hour');
  if (s >= 120) return unit(Math.round((s / 60) * 10) / 10, 'minute');
  return '';
}

/** A share (0..1) as "0.4%", "12%". */
export function formatPercent(share: number): string {
  return `${figure(share * 100)}%`;
}

/** "1 request", "3 requests", "1,200 requests". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${WHOLE.format(n)} ${n === 1 ? one : many}`;
}

/** An epoch-ms time as a UTC clock reading with milliseconds, e.g. "01:02:49.417 UTC". */
export function formatClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 23)} UTC`;
}
