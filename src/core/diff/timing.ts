// Timing changes between two recordings, reported only when they are beyond the noise: the same
// page loaded twice never takes the same time, so a difference is a change only when it is
//   - at least an absolute amount (per phase: NOISE.phases, NOISE.pageLoad),
//   - at least a share of the value before (a 300 ms shift means little on a 5 s download), and
//   - more than the spread (slowest minus fastest) of either side's own samples, when a side
//     holds several: for a request, the largest spread of that phase among all the URLs either
//     side loaded more than once (a recording of two or more runs loads each URL once per run:
//     that is how much one load differs from the next on the machine that recorded it); for a
//     page load, the spread of either side's loads of that page. What varies between a side's
//     own runs by that much is not a change between the sides.
// Several samples are compared by their medians (as WebPageTest and Lighthouse CI read repeated
// runs). Requests are compared phase by phase (blocked, DNS, connect with TLS, send, wait for the
// server, download), grouped by origin, phase and direction into one change each; page loads are
// compared load by load (the k-th of each side). Timing is not compared where the request itself
// changed in a way that explains it (status, where it was served from, a failure): that change
// is reported instead. Linear (a sort per URL's few loads for the median).
import { formatDuration } from '../format/index.ts';
import { normaliseUrl } from './normalise.ts';
import type { Matching } from './match.ts';
import type { SideState } from './facts.ts';
import { NOISE, type Change, type RequestFacts, type RequestLink, type SideSummary, type TimedPhase, type TimingThreshold } from './types.ts';
import { codeSpan, listed, plural, requestLabel, signedMs } from './words.ts';

export const TIMED_PHASES: readonly TimedPhase[] = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'];

const PHASE_WORDS: Record<TimedPhase, string> = {
  blocked: 'waiting in the browser (queueing and stalled)',
  dns: 'on DNS',
  connect: 'connecting (TCP and TLS)',
  send: 'sending the request',
  wait: 'waiting for the server (TTFB)',
  receive: 'downloading the response',
};

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Slowest minus fastest (0 for one sample). */
export function spread(xs: readonly number[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return xs.length > 1 ? hi - lo : 0;
}

export interface TimingShift {
  /** Medians, ms. */
  before: number;
  after: number;
  delta: number;
  /** The largest difference that would still have been noise, ms. */
  noise: number;
}

/**
 * The shift between two sets of samples of one timing when it is beyond the noise (see the top of
 * this file), else undefined: |Δ median| ≥ `t.ms`, ≥ `t.share` × the median before, and more
 * than the spread of either side's samples and than `extraSpread` (the spread seen elsewhere).
 */
export function timingShift(before: readonly number[], after: readonly number[], t: TimingThreshold, extraSpread = 0): TimingShift | undefined {
  if (before.length === 0 || after.length === 0) return undefined;
  const a = median(before);
  const b = median(after);
  const delta = b - a;
  const sp = Math.max(spread(before), spread(after), extraSpread);
  const d = Math.abs(delta);
  if (d < t.ms || d < t.share * a || d <= sp) return undefined;
  return { before: a, after: b, delta, noise: Math.max(t.ms, t.share * a, sp) };
}

interface Shifted {
  a: RequestFacts;
  b: RequestFacts;
  shift: TimingShift;
  loads: number;
  links: RequestLink[];
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;

/** Per-request phase changes beyond the noise, one change per origin, phase and direction. */
export function requestTimingChanges(A: SideState, B: SideState, m: Matching): Change[] {
  // The matched loads of each URL (by A's key), only where the request did not change in a way
  // that explains its time.
  const byKey = new Map<string, [RequestFacts, RequestFacts][]>();
  const all = m.moved.length ? [...m.pairs, ...m.moved] : m.pairs;
  for (const [i, j] of all) {
    const a = A.facts[i]!;
    const b = B.facts[j]!;
    if (!a.timing || !b.timing || a.source !== b.source || a.status !== b.status) continue;
    const list = byKey.get(a.key);
    if (list) list.push([a, b]);
    else byKey.set(a.key, [[a, b]]);
  }
  // What a repeated load varies by on each side's machine: per phase, the largest spread among
  // the URLs either side loaded more than once.
  const sideSpread = Object.fromEntries(TIMED_PHASES.map((p) => [p, 0])) as Record<TimedPhase, number>;
  for (const loads of byKey.values()) {
    if (loads.length < 2) continue;
    for (const phase of TIMED_PHASES) {
      sideSpread[phase] = Math.max(sideSpread[phase], spread(loads.map(([a]) => a.timing![phase])), spread(loads.map(([, b]) => b.timing![phase])));
    }
  }
  const groups = new Map<string, { origin: string; phase: TimedPhase; worse: boolean; items: Shifted[] }>();
  for (const loads of byKey.values()) {
    for (const phase of TIMED_PHASES) {
      const shift = timingShift(loads.map(([a]) => a.timing![phase]), loads.map(([, b]) => b.timing![phase]), NOISE.phases[phase], sideSpread[phase]);
      if (!shift) continue;
      const [a, b] = loads[0]!;
      const worse = shift.delta > 0;
      const key = `${b.origin} ${phase} ${worse ? 1 : 0}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { origin: b.origin, phase, worse, items: [] }));
      g.items.push({ a, b, shift, loads: loads.length, links: loads.map(([x, y]) => ({ a: x.id, b: y.id, url: y.url })) });
    }
  }
  const out: Change[] = [];
  for (const g of groups.values()) {
    const one = g.items.length === 1 ? g.items[0]! : undefined;
    const each = (s: Shifted) => `${requestLabel(s.b.method, s.b.url)} ${signedMs(s.shift.delta)} (${ms(s.shift.before)} before, ${ms(s.shift.after)} now${s.loads > 1 ? `, medians of ${s.loads} loads` : ''})`;
    const sentence = one
      ? `${requestLabel(one.b.method, one.b.url)} spent ${signedMs(one.shift.delta)} ${g.worse ? 'more' : 'less'} time ${PHASE_WORDS[g.phase]}: ${ms(one.shift.before)} before, ${ms(one.shift.after)} now${one.loads > 1 ? ` (medians of ${one.loads} loads each)` : ''}; the noise allowed ${ms(one.shift.noise)}.`
      : `${plural(g.items.length, 'request')} to ${g.origin} spent ${g.worse ? 'more' : 'less'} time ${PHASE_WORDS[g.phase]}, each beyond the noise: ${listed(g.items.map(each))}.`;
    const sum = (f: (s: Shifted) => number) => Math.round(g.items.reduce((t, s) => t + f(s), 0));
    out.push({
      kind: 'timing',
      direction: g.worse ? 'worse' : 'better',
      subject: `${g.origin} ${g.phase}`,
      origin: g.origin,
      sentence,
      before: sum((s) => s.shift.before),
      after: sum((s) => s.shift.after),
      effect: g.items.reduce((t, s) => t + Math.abs(s.shift.delta) * s.loads, 0),
      requests: g.items.flatMap((s) => s.links),
    });
  }
  return out;
}

function pathOfUrl(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url);
  return m ? m[1] || '/' : url;
}

/** Per side, the spread of the load times of each page URL it loaded more than once. */
function loadSpreads(s: SideSummary): Map<string, number> {
  const byUrl = new Map<string, number[]>();
  for (const p of s.pageLoads) {
    if (p.loadMs === undefined) continue;
    const k = normaliseUrl(p.url);
    const list = byUrl.get(k);
    if (list) list.push(p.loadMs);
    else byUrl.set(k, [p.loadMs]);
  }
  return new Map([...byUrl].map(([k, xs]) => [k, spread(xs)]));
}

/** Page loads, the k-th of each side, beyond the noise (NOISE.pageLoad and the spread of either side's loads of that page). */
export function pageLoadChanges(a: SideSummary, b: SideSummary): Change[] {
  const out: Change[] = [];
  const sa = loadSpreads(a);
  const sb = loadSpreads(b);
  const n = Math.min(a.pageLoads.length, b.pageLoads.length);
  for (let i = 0; i < n; i++) {
    const pa = a.pageLoads[i]!;
    const pb = b.pageLoads[i]!;
    if (pa.loadMs === undefined || pb.loadMs === undefined) continue;
    const extra = Math.max(sa.get(normaliseUrl(pa.url)) ?? 0, sb.get(normaliseUrl(pb.url)) ?? 0);
    const shift = timingShift([pa.loadMs], [pb.loadMs], NOISE.pageLoad, extra);
    if (!shift) continue;
    const later = shift.delta > 0;
    const when = `${formatDuration(Math.abs(shift.delta))} ${later ? 'later' : 'earlier'}`;
    out.push({
      kind: 'timing',
      direction: later ? 'worse' : 'better',
      subject: `page ${i + 1} load`,
      sentence: `Page ${i + 1} (${codeSpan(pathOfUrl(pb.url))}) fired its load event ${when}: ${ms(pa.loadMs)} before, ${ms(pb.loadMs)} now; the noise allowed ${ms(shift.noise)}${extra > 0 && shift.noise === extra ? ' (the spread of the loads of this page)' : ''}.`,
      before: Math.round(pa.loadMs),
      after: Math.round(pb.loadMs),
      effect: Math.abs(shift.delta),
      requests: [],
    });
  }
  return out;
}
