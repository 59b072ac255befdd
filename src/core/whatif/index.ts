// What-if estimates of a page load (pure, plain data): the load's dependency graph from the
// recording, replayed over modelled connections with the network the recording shows, as it was
// (the baseline, whose error against the real load is the model's first check) and under the
// validated scenarios. See docs/ARCHITECTURE.md, "What-if".
import type { NetworkRequest, PageRecord } from '../records.ts';
import { analyseCacheVerdicts } from '../analysis/cache/index.ts';
import { formatBytes, formatDuration, formatPercent } from '../format/index.ts';
import { buildGraph, inLoad } from './graph.ts';
import { estimateNetwork } from './network.ts';
import { simulate } from './schedule.ts';
import { BASELINE, SCENARIOS } from './scenarios.ts';
import type { ModelRequest, ScenarioEstimate, ScenarioInfo, WhatIfData } from './types.ts';

export type * from './types.ts';
export { simulate, H1_SOCKETS } from './schedule.ts';
export { SCENARIOS, BASELINE, ERROR_BOUND } from './scenarios.ts';
export { estimateNetwork, certCovers } from './network.ts';
export { buildGraph } from './graph.ts';

export interface WhatIfOptions {
  /** The page whose load to model (default: the first page with requests). */
  pageId?: string;
  /** Offer every scenario, validated or not (the validation itself uses this). */
  allScenarios?: boolean;
}

/** Why there is nothing to estimate, in a sentence; undefined when there is. */
export function whatIfUnavailable(requests: readonly NetworkRequest[]): string | undefined {
  if (requests.length === 0) return 'The recording has no requests, so there is no load to estimate.';
  if (!requests.some((r) => r.timing !== undefined && r.phases.wait !== undefined)) return 'No request in the recording has network timing (a HAR without timings, or only cache hits), so the network cannot be estimated.';
  return undefined;
}

export function analyseWhatIf(all: readonly NetworkRequest[], pages: readonly PageRecord[], options: WhatIfOptions = {}): WhatIfData | undefined {
  if (whatIfUnavailable(all)) return undefined;
  const page = options.pageId !== undefined ? pages.find((p) => p.id === options.pageId) : pages.find((p) => all.some((r) => r.pageId === p.id));
  const ofPage = page ? all.filter((r) => r.pageId === page.id) : [...all];
  const leftOut: { id: string; reason: string }[] = [];
  const requests: NetworkRequest[] = [];
  for (const r of ofPage) {
    const why = inLoad(r);
    if (why) leftOut.push({ id: r.id, reason: why });
    else requests.push(r);
  }
  if (requests.length === 0 || whatIfUnavailable(requests)) return undefined;
  const t0 = requests.reduce((m, r) => Math.min(m, r.issuedAt), Infinity);
  const recordedEnd = requests.reduce((m, r) => Math.max(m, r.endedAt ?? r.responseAt ?? r.issuedAt), -Infinity);
  const recordedLoadMs = recordedEnd - t0;
  const network = estimateNetwork(requests);

  const verdicts = analyseCacheVerdicts(all, pages);
  const warm = (r: NetworkRequest): ModelRequest['warm'] => {
    const v = verdicts.get(r.id);
    const f = v?.response;
    if (!f || !f.storability.storable || r.method !== 'GET') return 'none';
    if (!f.noCache && f.lifetime.seconds >= 60) return 'fresh';
    return f.etag || f.lastModified ? 'revalidate' : 'none';
  };
  const graph = buildGraph({ requests, t0, rttMs: network.rttMs, warm });
  const base = simulate('baseline', graph, network, BASELINE.change);
  const error = recordedLoadMs > 0 ? base.loadMs / recordedLoadMs - 1 : 0;

  const protocols = new Set(graph.filter((m) => m.network).map((m) => m.protocol));
  const tlsH1 = graph.some((m) => m.network && m.protocol === 'http/1.1' && m.origin.startsWith('https:'));
  const applies = (s: ScenarioInfo): string | undefined => {
    if (s.id === 'http2' && !tlsH1) return 'does not apply: no TLS origin used HTTP/1.1 (Chromium speaks HTTP/2 only over TLS)';
    if (s.id === 'http1' && !protocols.has('h2') && !protocols.has('h3')) return 'does not apply: every request already used HTTP/1.1';
    if (s.id === 'warm-cache' && !graph.some((m) => m.network && m.warm !== 'none')) return 'does not apply: no response of this load could be reused';
    return undefined;
  };
  const scenarios: ScenarioEstimate[] = [];
  const notOffered: ScenarioInfo[] = [];
  for (const s of SCENARIOS) {
    const no = applies(s) ?? (s.validated || options.allScenarios ? undefined : s.notOffered ?? 'not validated');
    if (no) {
      notOffered.push({ ...s, notOffered: no });
      continue;
    }
    const sim = simulate(s.id, graph, network, s.change);
    scenarios.push({
      scenario: s,
      loadMs: sim.loadMs,
      changeVsBaseline: base.loadMs > 0 ? sim.loadMs / base.loadMs - 1 : 0,
      ...(s.errorBound !== undefined && s.validated ? { rangeMs: [sim.loadMs * (1 - s.errorBound), sim.loadMs * (1 + s.errorBound)] as [number, number] } : {}),
      connections: sim.connections,
      criticalPath: sim.criticalPath,
    });
  }
  return {
    ...(page ? { pageId: page.id, pageUrl: page.url } : {}),
    requests: requests.length,
    leftOut,
    recordedLoadMs,
    baseline: { loadMs: base.loadMs, error, connections: base.connections, criticalPath: base.criticalPath },
    network,
    assumptions: assumptions(network, graph),
    scenarios,
    notOffered,
    graph,
  };
}

function assumptions(n: ReturnType<typeof estimateNetwork>, graph: readonly ModelRequest[]): string[] {
  const out: string[] = [];
  out.push(n.rttBasis === 'connection-set-up'
    ? `Round-trip time ${formatDuration(n.rttMs)}: the median connection set-up of the recording (a TCP connect is one round trip, and so is a TLS 1.3 handshake; each connection counts the larger of the two, since through a proxy the TCP connect is with the proxy).`
    : `Round-trip time ${formatDuration(n.rttMs)}: the quickest time to first byte of any request over the network (every request takes at least one round trip; a server that answers at once makes it the round trip alone).`);
  out.push("Each request's server time is its recorded time to first byte minus that round trip and minus the transfer of its first TLS record (up to 16 KB: the browser reads the headers only once it has arrived; that transfer is download time, at the request's own recorded throughput); it stays the same in every scenario.");
  const rec = n.setups.filter((s) => s.from === 'recorded');
  if (rec.length) out.push(`Connection set-up per origin as recorded on its first new socket (e.g. ${rec[0]!.origin}: DNS ${formatDuration(rec[0]!.dnsMs) || '0 ms'}, TCP ${formatDuration(rec[0]!.tcpMs) || '0 ms'}, TLS ${formatDuration(rec[0]!.tlsMs) || '0 ms'}); TCP and TLS are round trips, so they scale with the round-trip time; DNS does not.`);
  out.push(n.bandwidthBps ? `Bandwidth about ${formatBytes(n.bandwidthBps)}/s: bytes received over the time at least one download was in progress. Downloads keep their recorded durations (scaled only by the bandwidth scenario).` : 'Bandwidth could not be told (no download with a size and a duration); downloads keep their recorded durations.');
  out.push('HTTP/1.1: up to 6 connections per host, one request at a time on each. HTTP/2: one connection per origin, every request multiplexed on it without sharing its bandwidth; only TLS origins (Chromium speaks HTTP/2 only over TLS).');
  const ahead = n.openedAhead.map((a) => `${a.origin}: ${a.count}`).join('; ');
  out.push(`Over HTTP/1.1 the page's own origin has a second connection ready alongside the document's (Chromium opens two when it navigates)${ahead ? `; connections the recording shows open before a request needed them: ${ahead}` : ''}.`);
  if (n.coalescedInRecording.length) out.push(`Origins that shared one HTTP/2 connection in the recording share one in the model: ${n.coalescedInRecording.map((g) => g.join(' + ')).join('; ')}.`);
  if (n.coalescible.length) out.push(`These origins could share one HTTP/2 connection (one address, a certificate naming each), but the model gives each its own unless the recording shows them sharing one: Chromium does not always coalesce: ${n.coalescible.map((g) => g.join(' + ')).join('; ')}.`);
  const kinds = new Map<string, number>();
  for (const m of graph) kinds.set(m.dependency.kind, (kinds.get(m.dependency.kind) ?? 0) + 1);
  out.push(`Each request starts after what it waited for in the recording (${[...kinds].map(([k, c]) => `${c} ${k}`).join(', ')}), plus the browser's own time in between as recorded (parsing, running scripts): that time does not change.`);
  out.push(`Responses from a cache, data: URLs and service workers cost what they cost in the recording. Request priorities, TCP slow start and the browser's own request throttling are not modelled; bandwidth ÷ 2 doubles each download as recorded, so downloads keep the share of the line they had. Estimates carry the validation's error bound (±${formatPercent(0.25)}).`);
  return out;
}

/** What the panel's What-if view draws: the model's data without its per-request graph, or why there is none. */
export interface WhatIfSummary {
  data?: Omit<WhatIfData, 'graph'>;
  unavailable?: string;
}

export function whatIfSummary(requests: readonly NetworkRequest[], pages: readonly PageRecord[], options: WhatIfOptions = {}): WhatIfSummary {
  const d = analyseWhatIf(requests, pages, options);
  if (!d) return { unavailable: whatIfUnavailable(requests) ?? 'No page load with network timing to estimate.' };
  const { graph: _graph, ...data } = d;
  return { data };
}
