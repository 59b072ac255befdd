// Experiments (issue 21): what a recording was made under — the HTTP cache emptied first, the cache
// disabled, emulated network conditions, how the page was loaded — as plain data kept on the
// session (SessionInfo.experiment), the network presets, and the sentences that describe them.
// Pure: the service worker (src/background/experiments.ts) applies them, the panel and the CLI
// show them.

/** Emulated network conditions, in the units people speak: ms and kilobits per second. */
export interface EmulatedConditions {
  /** The preset's name ("Slow 4G"), or "Custom". */
  label: string;
  /** Added between the request being sent and its response headers arriving (ms). */
  latencyMs: number;
  /** Download throughput in kbit/s (1 kbit = 1,000 bits); undefined: not limited. */
  downloadKbps?: number;
  /** Upload throughput in kbit/s; undefined: not limited. */
  uploadKbps?: number;
  /** No network at all. */
  offline?: boolean;
}

/** How the page was loaded for the recording. */
export type ExperimentLoad = 'navigate' | 'reload' | 'hardReload' | 'none';

/** What the recording is set up with before anything loads (the control API's `start.experiment`). */
export interface ExperimentSetup {
  /** The session's name ("cold", "warm", "Slow 4G"). */
  name?: string;
  /** Empty the browser's whole HTTP cache (Network.clearBrowserCache) before loading. */
  clearCache?: boolean;
  /** Network.setCacheDisabled: every request goes to the network. */
  cacheDisabled?: boolean;
  conditions?: EmulatedConditions;
  /** How the page is (or was) loaded; kept on the session for the views. */
  load?: ExperimentLoad;
}

/** One run of the control API's `experiment` request: set up, then load the page this way. */
export interface ExperimentRun {
  setup: ExperimentSetup;
  load: Exclude<ExperimentLoad, 'none'>;
}

/** What the session keeps of it: the setup, and what the browser actually did with it. */
export interface ExperimentInfo extends ExperimentSetup {
  /**
   * Which command applied the conditions: `byRule` (Network.emulateNetworkConditionsByRule with
   * Network.overrideNetworkState) or `legacy` (the deprecated Network.emulateNetworkConditions,
   * used when the browser lacks the first); undefined when there were no conditions.
   */
  emulation?: 'byRule' | 'legacy';
  /** The rule id emulateNetworkConditionsByRule returned; affected requests carry it. */
  ruleId?: string;
  /** Set-up steps that failed, in words (the recording went on without them). */
  problems?: string[];
}

/** The presets of the Experiments menu and `netlens record --throttle`. */
export const PRESETS: readonly EmulatedConditions[] = [
  // The first three are Chrome DevTools' own presets (its "Fast 4G", "Slow 4G" and "3G"): a
  // round-trip time times a factor for the set-up round trips emulation does not add, and 90% /
  // 80% of the nominal throughput.
  { label: 'Fast 4G', latencyMs: 165, downloadKbps: 8100, uploadKbps: 1350 },
  { label: 'Slow 4G', latencyMs: 562.5, downloadKbps: 1440, uploadKbps: 675 },
  { label: '3G', latencyMs: 2000, downloadKbps: 400, uploadKbps: 400 },
  // A geostationary satellite link: about 600 ms of round trip, yet fair throughput.
  { label: 'Satellite', latencyMs: 700, downloadKbps: 10_000, uploadKbps: 1000 },
  { label: 'Offline', latencyMs: 0, offline: true },
];

/** Finds a preset by name, ignoring case, spaces and dashes ("slow-4g", "Slow 4G"). */
export function findPreset(name: string): EmulatedConditions | undefined {
  const key = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  return PRESETS.find((p) => key(p.label) === key(name));
}

/** Checks custom conditions; returns them, or a sentence saying what is wrong. */
export function customConditions(latencyMs: number, downloadKbps: number | undefined, uploadKbps: number | undefined): EmulatedConditions | string {
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 60_000) return 'The latency must be a number of milliseconds from 0 to 60,000.';
  for (const [name, v] of [['download', downloadKbps], ['upload', uploadKbps]] as const) {
    if (v !== undefined && (!Number.isFinite(v) || v <= 0 || v > 10_000_000)) return `The ${name} throughput must be a number of kbit/s above 0 (at most 10,000,000).`;
  }
  return { label: 'Custom', latencyMs, ...(downloadKbps !== undefined ? { downloadKbps } : {}), ...(uploadKbps !== undefined ? { uploadKbps } : {}) };
}

/** kbit/s to the protocol's bytes per second (-1: not limited). */
export function bytesPerSecond(kbps: number | undefined): number {
  return kbps === undefined ? -1 : (kbps * 1000) / 8;
}

function kbps(v: number): string {
  return v >= 1000 ? `${(v / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 })} Mbit/s` : `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} kbit/s`;
}

/** "Slow 4G: 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up". */
export function describeConditions(c: EmulatedConditions): string {
  if (c.offline) return `${c.label}: no network`;
  const parts = [`${c.latencyMs.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms latency`];
  if (c.downloadKbps !== undefined) parts.push(`${kbps(c.downloadKbps)} down`);
  if (c.uploadKbps !== undefined) parts.push(`${kbps(c.uploadKbps)} up`);
  return `${c.label}: ${parts.join(', ')}`;
}

const LOAD_WORDS: Record<ExperimentLoad, string> = {
  navigate: 'loaded by navigating to it',
  reload: 'a normal reload',
  hardReload: 'a hard reload (cache bypassed)',
  none: 'loaded by you',
};

/** One line for the session header and the Sessions view: what the recording was made under. */
/**
 * The experiment as the flat `conditions` the diff compares (src/core/diff/conditions.ts) and a
 * HAR export carries as `log._netlensConditions`: one key per thing that changes what a load costs.
 */
export function experimentConditions(e: ExperimentInfo | undefined): Record<string, unknown> | undefined {
  if (!e) return undefined;
  const out: Record<string, unknown> = {};
  if (e.name) out.experiment = e.name;
  out['HTTP cache emptied first'] = Boolean(e.clearCache);
  out['cache disabled'] = Boolean(e.cacheDisabled);
  out['network conditions'] = e.conditions ? describeConditions(e.conditions) : 'not emulated';
  if (e.load && e.load !== 'none') out.load = LOAD_WORDS[e.load];
  return out;
}

export function describeExperiment(e: ExperimentInfo | undefined): string {
  if (!e) return '';
  const parts: string[] = [];
  if (e.clearCache) parts.push('HTTP cache emptied first');
  if (e.cacheDisabled) parts.push('cache disabled');
  if (e.conditions) parts.push(describeConditions(e.conditions) + (e.emulation === 'legacy' ? ' (older emulation command)' : ''));
  if (e.load && e.load !== 'none') parts.push(LOAD_WORDS[e.load]);
  if (e.problems?.length) parts.push(`not applied: ${e.problems.join('; ')}`);
  return parts.join(' · ');
}

/** What Chromium's emulation models and what it does not; shown beside every throttled session. */
export const EMULATION_LIMITS =
  "Chromium's network emulation holds each request back: it adds the latency once between sending the request and receiving the response headers, and paces the bytes to the throughput. It does not add round trips to DNS, TCP or TLS set-up, it does not model packet loss for HTTP, and a new connection costs no more than a reused one. So a throttled load shows what latency does to requests, not what it does to connection set-up: the DNS, connect and TLS phases are as fast as the real network.";

/** What emptying the cache with Network.clearBrowserCache does and does not drop (checked against the fixture server's socket log: see docs/ARCHITECTURE.md). */
export const CLEAR_CACHE_EFFECTS =
  'Emptying the cache (Network.clearBrowserCache) drops every stored HTTP response of the whole browser profile, for every site. It does not close open keep-alive sockets: the cold load may reuse a connection opened before, so it pays no DNS, TCP or TLS set-up there. Nor does it forget TLS sessions: a new TLS connection can still resume one (an abbreviated handshake), so even a new connection may cost less than a first visit. A truly first visit needs a new browser profile (each `netlens record` command starts in one).';
