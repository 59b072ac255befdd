// The what-if scenarios, and which of them the real-browser validation holds to its bound.
// The validation (test/e2e/whatif.test.ts, figures in bench/RESULTS.md from bench/whatif.ts)
// records one fixture page over HTTP/1.1 and HTTP/2 at two real round-trip times through a
// delaying loopback proxy, over HTTP/1.1 at 8 and 4 Mbit/s through the proxy's shared link, and a
// cold and a warm visit, in two rounds, and estimates each recording from the others: each
// replay within 25% of its load, each estimate (mean of the rounds) within 25% of the mean real
// load plus half the rig's own spread between rounds. A scenario not validated that way is listed
// with the reason and never offered with a figure.
import type { ScenarioInfo } from './types.ts';

/** The error the validation allows, as a share of the real load. */
export const ERROR_BOUND = 0.25;

export const SCENARIOS: readonly ScenarioInfo[] = [
  { id: 'http2', title: 'HTTP/2 on every TLS origin (one connection per origin, coalesced where the recording shows it)', change: { protocol: 'h2', rttFactor: 1, downloadFactor: 1, warmCache: false }, validated: true, errorBound: ERROR_BOUND },
  { id: 'http1', title: 'HTTP/1.1 everywhere (6 connections per host)', change: { protocol: 'http/1.1', rttFactor: 1, downloadFactor: 1, warmCache: false }, validated: true, errorBound: ERROR_BOUND },
  { id: 'rtt-x2', title: 'Round-trip time × 2', change: { rttFactor: 2, downloadFactor: 1, warmCache: false }, validated: true, errorBound: ERROR_BOUND },
  { id: 'rtt-half', title: 'Round-trip time ÷ 2', change: { rttFactor: 0.5, downloadFactor: 1, warmCache: false }, validated: true, errorBound: ERROR_BOUND },
  { id: 'bandwidth-half', title: 'Bandwidth ÷ 2', change: { rttFactor: 1, downloadFactor: 2, warmCache: false }, validated: true, errorBound: ERROR_BOUND },
  { id: 'warm-cache', title: 'Warm cache (a second visit soon after)', change: { rttFactor: 1, downloadFactor: 1, warmCache: true }, validated: true, errorBound: ERROR_BOUND },
];

export const BASELINE: ScenarioInfo = { id: 'baseline', title: 'The recording replayed as it was', change: { rttFactor: 1, downloadFactor: 1, warmCache: false }, validated: true, errorBound: ERROR_BOUND };
