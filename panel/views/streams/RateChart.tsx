// The channel's message rate and bytes over time, drawn by uPlot (a small, fast canvas chart:
// chosen over drawing by hand, as the issue asks; 1.6.32, no dependencies, ~50 kB). The series
// come from the analysis (RateSeries: at most ~120 buckets), so the chart costs nothing per message.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RateSeries } from '../../../src/core/analysis/streams/index.ts';
import { formatBytes, formatDuration } from '../../../src/core/format/index.ts';

/** Whether this page can draw on a 2D canvas (a test DOM cannot: then the chart is left out). */
function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

export function RateChart(props: { rate: RateSeries; width?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const { rate } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el || rate.counts.length === 0 || !canDraw()) return;
    const xs = rate.counts.map((_, i) => (i * rate.bucketMs) / 1000);
    const per = `per ${formatDuration(rate.bucketMs)}`;
    const width = Math.max(240, props.width ?? (el.clientWidth || 480));
    let plot: uPlot;
    try {
      plot = new uPlot(
      {
        width,
        height: 120,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, bytes: {} },
        series: [
          { label: 's', value: (_u, v) => (v == null ? '' : `${v.toFixed(2)} s`) },
          { label: `messages ${per}`, stroke: '#1a73e8', fill: 'rgba(26,115,232,0.15)', width: 1.5 },
          { label: `bytes ${per}`, stroke: '#f29900', scale: 'bytes', width: 1, value: (_u, v) => (v == null ? '' : formatBytes(v) || '0 B') },
        ],
        axes: [
          { values: (_u, ticks) => ticks.map((t) => `${t} s`) },
          { label: 'messages', size: 50 },
          { scale: 'bytes', side: 1, size: 60, values: (_u, ticks) => ticks.map((t) => formatBytes(t) || '0') },
        ],
      },
      [xs, rate.counts, rate.bytes],
      el,
    );
    } catch {
      // No 2D canvas here (a test DOM): the figures beside the chart say the same.
      return;
    }
    return () => plot.destroy();
  }, [rate, props.width]);
  return (
    <div class="stream-chart">
      <div ref={ref} aria-label="Message rate and size over time" />
      <div class="stream-chart-caption">
        <span class="messages">messages</span> and <span class="bytes">bytes</span> per {formatDuration(rate.bucketMs)}
      </div>
    </div>
  );
}
