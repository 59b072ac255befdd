// Can the log's connection ids be believed? Lighthouse's canTrustConnectionInformation distrusts
// a log whose requests all share one id, or that has ids never seen with connectionReused: false.
// Real Chromium breaks the second rule honestly: a socket opened ahead of time (a preconnect, or
// one left from an earlier page) is first seen already "reused". So Netlens keeps Lighthouse's
// two signals but asks the timing for evidence before calling the ids wrong:
// - one id for every request, while those requests came from several addresses, or overlapped
//   on what would have to be one HTTP/1.1 socket;
// - requests that say "reused" yet paid for a TCP connect (the id and the timing disagree);
// - an HTTP/1.1 connection carrying two requests at once, or several origins (HTTP/1.1 has
//   neither multiplexing nor coalescing).
// A connection never seen opening, with nothing against it, is kept and explained as opened
// ahead of time, its reuse marked as inferred.
import { CLOCK_SLACK_MS, familyOf } from './limits.ts';
import type { Carried } from './connections.ts';
import type { ConnectionAnalysis, ConnectionTrust } from './types.ts';

/** Two requests in flight at once on one HTTP/1.1 connection (pipelining, which Chromium never does). */
function h1Overlaps(conn: ConnectionAnalysis): number {
  let overlaps = 0;
  for (let i = 1; i < conn.uses.length; i++) {
    const prev = conn.uses[i - 1]!;
    const cur = conn.uses[i]!;
    // Sent before the previous response had even started arriving: both were on the wire at once.
    if (prev.responseAt !== undefined && cur.sendAt < prev.responseAt - CLOCK_SLACK_MS) overlaps++;
  }
  return overlaps;
}

export function assessTrust(groups: ReadonlyMap<number, Carried[]>, connections: readonly ConnectionAnalysis[]): ConnectionTrust {
  const reasons: string[] = [];
  const neverOpened: number[] = [];
  let contradictions = 0;
  let carried = 0;
  for (const [id, list] of groups) {
    let opened = false;
    for (const c of list) {
      carried++;
      if (c.req.connectionReused === false) opened = true;
      else if (c.req.connectionReused === true && c.use.setup !== undefined) contradictions++;
    }
    if (!opened) neverOpened.push(id);
  }

  let overlapping = 0;
  let mixedH1 = 0;
  let mixedProtocols = 0;
  for (const conn of connections) {
    const list = groups.get(conn.id) ?? [];
    const first = list.find((c) => c.req.protocol !== undefined)?.req.protocol;
    if (first !== undefined && list.some((c) => c.req.protocol !== undefined && familyOf(c.req.protocol) !== familyOf(first))) mixedProtocols++;
    if (conn.family !== 'h1') continue;
    if (h1Overlaps(conn) > 0) overlapping++;
    if (conn.origins.length > 1) mixedH1++;
  }

  if (groups.size === 1 && carried >= 2) {
    const conn = connections[0]!;
    const addresses = new Set<string>();
    for (const list of groups.values()) for (const c of list) if (c.req.remoteIPAddress !== undefined) addresses.add(`${c.req.remoteIPAddress}:${c.req.remotePort ?? ''}`);
    if (addresses.size > 1) reasons.push(`all ${carried} requests share connection id ${conn.id}, yet they went to ${addresses.size} different addresses`);
    else if (conn.family === 'h1' && h1Overlaps(conn) > 0) reasons.push(`all ${carried} requests share connection id ${conn.id}, yet several were in flight at once over HTTP/1.1`);
  }
  if (contradictions > 0 && contradictions >= Math.max(2, carried * 0.05)) {
    reasons.push(`${contradictions} requests say their connection was reused, yet their timing shows a new TCP connect`);
  }
  if (overlapping > 0 && reasons.length === 0) {
    reasons.push(`${overlapping} HTTP/1.1 connection${overlapping === 1 ? '' : 's'} carried two requests at once, which HTTP/1.1 cannot do`);
  }
  if (mixedProtocols > 0) reasons.push(`${mixedProtocols} connection id${mixedProtocols === 1 ? '' : 's'} carried requests of different protocols (HTTP/1.1 and HTTP/2 cannot share a socket)`);
  if (mixedH1 > 0) reasons.push(`${mixedH1} HTTP/1.1 connection${mixedH1 === 1 ? '' : 's'} carried requests of several origins, which HTTP/1.1 pools never share`);

  return { trusted: reasons.length === 0, reasons, neverOpened, contradictions };
}
