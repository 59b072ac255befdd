// Numbers in the cache explanations, written the way the sentences use them: seconds with a unit
// (and a rounder reading once they are long), bytes in B / KB / MB. English (en-US) digits always,
// so a sentence reads the same in every locale and tests can match it.

// Number formatters made once: toLocaleString builds one per call, which dominated the analysis.
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * Seconds as "0.4 s", "12 s", "3,600 s (1 hour)", "31,536,000 s (365 days)". `rough: false` leaves
 * out the rounder reading (for a phrase that already has parentheses).
 */
export function seconds(s: number, options: { rough?: boolean } = {}): string {
  if (!Number.isFinite(s)) return 'an unknown time';
  const abs = Math.abs(s);
  const text = abs < 10 && abs !== Math.round(abs) ? `${s.toFixed(1)} s` : `${INTEGER.format(Math.round(s))} s`;
  const long = options.rough === false ? '' : roughly(abs);
  return long ? `${text} (${long})` : text;
}

/** A rounder reading of a long duration, or '' when seconds are clear enough. */
function roughly(s: number): string {
  const unit = (n: number, one: string) => `${ONE_DECIMAL.format(n)} ${one}${n === 1 ? '' : 's'}`;
  if (s >= 86_400) return unit(Math.round((s / 86_400) * 10) / 10, 'day');
  if (s >= 3_600) return unit(Math.round((s / 3_600) * 10) / 10, 'hour');
  if (s >= 120) return unit(Math.round((s / 60) * 10) / 10, 'minute');
  return '';
}

/** Bytes as "70 B", "48 KB", "1.2 MB" (1 KB = 1,024 B). */
export function bytes(n: number): string {
  if (n < 1024) return `${INTEGER.format(n)} B`;
  if (n < 1024 * 1024) return `${(n < 10 * 1024 ? ONE_DECIMAL : INTEGER).format(n / 1024)} KB`;
  return `${ONE_DECIMAL.format(n / 1024 / 1024)} MB`;
}

/** An epoch-ms time as a UTC clock reading with milliseconds, e.g. "01:02:49.417 UTC". */
export function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 23)} UTC`;
}

/** `name: value` as a code span (backticks mark code in every sentence). */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
