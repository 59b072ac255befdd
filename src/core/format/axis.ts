// Time axes (the Connections view's, and any other): ticks at 1, 2 or 5 times a power of ten
// milliseconds, labelled as durations from the axis's origin.
import { formatDuration } from './numbers.ts';

/** Tick step for about `target` ticks over `spanMs`: 1, 2 or 5 times a power of ten (ms). */
export function tickStep(spanMs: number, target = 8): number {
  const raw = spanMs / Math.max(1, target);
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-6)));
  for (const m of [1, 2, 5, 10]) if (raw <= m * pow) return m * pow;
  return 10 * pow;
}

/**
 * The ticks of an axis showing `start`..`end` (protocol ms), counted from `origin`: each one's
 * offset from the origin (ms) and its label ("0", "200 ms", "1.5 s"). At most `limit` ticks.
 */
export function axisTicks(start: number, end: number, origin: number, target = 8, limit = 200): { t: number; label: string }[] {
  const step = tickStep(end - start || 1, target);
  const ticks: { t: number; label: string }[] = [];
  for (let t = Math.ceil((start - origin) / step) * step; origin + t <= end && ticks.length < limit; t += step) {
    ticks.push({ t, label: t === 0 ? '0' : formatDuration(t) });
  }
  return ticks;
}
