// Timing helpers and the machine description the benchmarks print.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function time(runs: number, fn: () => void): number[] {
  fn(); // warm-up: let the JIT settle before timing
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

export function row(label: string, events: number, ms: number[]): string {
  const med = median(ms);
  return `| ${label} | ${events.toLocaleString('en-US')} | ${med.toFixed(1)} | ${Math.round(events / (med / 1000)).toLocaleString('en-US')} | ${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)} |`;
}

export const cpu = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
})();
export const nproc = (() => {
  try {
    return execSync('nproc').toString().trim();
  } catch {
    return String(cpus().length);
  }
})();

