// Plain sentences, with their figures, for one request's socket and for one origin's pool, in
// HPBN's terms: socket pools per origin, 6 per host on HTTP/1.1, keep-alive reuse, the cost of
// DNS + TCP + TLS on a new socket, multiplexing and coalescing on HTTP/2, slow-start restart.
// Pure text: the panel renders it, the command line can print it.
import type { NetworkRequest } from '../../records.ts';
import { formatDuration, formatPercent, plural, requestLabel, requestNumber, requestNumbers } from '../../format/index.ts';
import { H1_SOCKETS_PER_HOST, LONG_IDLE_MS, familyName } from './limits.ts';
import { pairOfPreflight } from '../cors/pairing.ts';
import { streamHoldersSentence } from './stream-holders.ts';
import type { ConnectionAnalysis, OriginPool, PatternFinding, PoolAnalysis, ProtocolFamily, QueueVerdict, ReuseVerdict, SocketSetup } from './types.ts';

export interface Sentence {
  topic: 'trust' | 'reuse' | 'close' | 'queue' | 'preflight' | 'protocol' | 'pattern' | 'pool';
  text: string;
  /** The raw figures behind it, for the curious (protocol fields, timing offsets). */
  evidence?: string;
  /** Requests the sentence names, for links. */
  related?: string[];
}

type Lookup = (id: string) => NetworkRequest | undefined;

const connectionWord = (f: ProtocolFamily): string => (f === 'h2' ? 'HTTP/2 connection' : f === 'h3' ? 'HTTP/3 (QUIC) connection' : 'connection');

/** "DNS 0.03 ms, TCP 0.2 ms, TLS 1.0 ms" — what opening the socket cost. */
function setupCosts(s: SocketSetup, family: ProtocolFamily, secure: boolean): string {
  const parts: string[] = [];
  parts.push(s.dns !== undefined ? `DNS ${formatDuration(s.dns)}` : 'no DNS lookup (the address was known)');
  if (family === 'h3') parts.push(`QUIC handshake (transport and TLS together) ${formatDuration((s.tcp ?? 0) + (s.tls ?? 0))}`);
  else {
    parts.push(`TCP ${formatDuration(s.tcp ?? 0)}`);
    parts.push(s.tls !== undefined ? `TLS ${formatDuration(s.tls)}` : secure ? 'TLS not reported' : 'no TLS (plain HTTP)');
  }
  return parts.join(', ');
}

/** Whether the TLS certificate a request saw lists the host of `origin` (wildcards included); undefined when not reported. */
function certificateCovers(r: NetworkRequest, origin: string): boolean | undefined {
  const sans = r.tls?.sanList;
  if (sans === undefined || sans.length === 0) return undefined;
  const host = origin.replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '').toLowerCase();
  return sans.some((san) => {
    const name = san.toLowerCase();
    return name === host || (name.startsWith('*.') && host.endsWith(name.slice(1)) && !host.slice(0, -name.length + 1).includes('.'));
  });
}

function timingEvidence(r: NetworkRequest): string {
  const t = r.timing;
  const head = `connectionId ${r.connectionId ?? 'none'}, connectionReused ${r.connectionReused ?? 'unknown'}, protocol ${r.protocol ?? 'unknown'}`;
  if (t === undefined) return head;
  const pair = (name: string, a: number, b: number) => (a >= 0 ? `${name} ${a.toFixed(2)}–${b.toFixed(2)}` : `${name} −`);
  return `${head}; timing (ms from the network stack's start): ${pair('dns', t.dnsStart, t.dnsEnd)}, ${pair('connect', t.connectStart, t.connectEnd)}, ${pair('ssl', t.sslStart, t.sslEnd)}, send ${t.sendStart.toFixed(2)}`;
}

function reuseSentence(a: PoolAnalysis, r: NetworkRequest, v: ReuseVerdict, byId: Lookup): Sentence {
  switch (v.kind) {
    case 'no-socket': {
      const text = {
        'memory-cache': 'No socket carried it: it was served from the memory cache, so nothing went to the network.',
        'disk-cache': 'No socket carried it: it was served from the HTTP (disk) cache, which the protocol reports as connection id 0.',
        'prefetch-cache': 'No socket carried it: it was served from the prefetch cache, filled by an earlier prefetch.',
        'service-worker': "No socket carried it: the page's service worker answered it (a fetch the worker made itself would show as a request of its own).",
        'not-network': `No socket carried it: ${r.url.slice(0, Math.max(0, r.url.indexOf(':')))}: URLs are not fetched over the network.`,
      }[v.reason];
      return { topic: 'reuse', text, evidence: `source ${r.source}, connectionId ${r.connectionId ?? 'none'}` };
    }
    case 'unknown': {
      const text = {
        pending: 'No connection is known yet: the request has no response.',
        failed: `No connection was reported: the request failed before a response${r.failure ? ` (${r.failure.errorText})` : ''}.`,
        websocket: 'The protocol names no connection for a WebSocket handshake.',
        'no-connection-id': 'The protocol reported no connection for this response (connection id 0), so Netlens cannot place it on a socket.',
      }[v.reason];
      return { topic: 'reuse', text };
    }
    case 'opened-ahead': {
      const conn = a.connection(v.connectionId)!;
      return {
        topic: 'reuse',
        text:
          `Connection #${conn.id} to ${conn.primaryOrigin} was already open when this request took it: it was opened ahead of time (a preconnect, or a socket kept from an earlier page), ` +
          `so this request paid no DNS, TCP or TLS cost. The log does not show the connection being opened, so that part is inferred. It carried ${plural(v.of, 'request')} in all, this one first.`,
        evidence: timingEvidence(r),
      };
    }
    case 'new': {
      const conn = a.connection(v.connectionId)!;
      const secure = /^(https|wss):/i.test(r.url);
      let text = `${v.inferred ? 'Inferred from the timing: it opened' : 'Opened'} a new ${connectionWord(conn.family)} #${conn.id} to ${r.origin}`;
      if (v.setup) {
        text += `: ${setupCosts(v.setup, conn.family, secure)}, ${formatDuration(v.setup.total)} in all`;
        if (v.share !== undefined && r.phases.total !== undefined) text += ` (${formatPercent(v.share)} of this request's ${formatDuration(r.phases.total)})`;
      } else text += ' (the timing does not show what opening it cost)';
      text += '.';
      const use = a.use(r.id)?.use;
      if (v.of > 1) text += ` The connection went on to carry ${plural(v.of - 1, 'more request')}.`;
      else if (use?.closedByServer) text += ' It carried no other request.';
      else if (!use?.running) text += ' It carried no other request in this recording.';
      return { topic: 'reuse', text, evidence: timingEvidence(r) };
    }
    case 'reused': {
      const conn = a.connection(v.connectionId)!;
      const opener = v.openerId !== undefined ? byId(v.openerId) : undefined;
      const first = v.firstUseId !== undefined ? byId(v.firstUseId) : undefined;
      const related: string[] = [];
      let when: string;
      if (opener !== undefined) {
        related.push(opener.id);
        when = `opened ${formatDuration(v.sinceOpenMs)} earlier by ${requestLabel(opener)}${v.openedByEarlierPage ? ' during an earlier page load' : ''}`;
      } else if (first !== undefined) {
        related.push(first.id);
        when = `already open when ${requestLabel(first)} first used it ${formatDuration(v.sinceOpenMs)} earlier: opened ahead of time, by a preconnect or an earlier page`;
      } else when = 'opened ahead of time, by a preconnect or an earlier page';
      const target = v.coalescedFrom !== undefined ? `${conn.primaryOrigin}, opened for that origin` : conn.primaryOrigin;
      let text = `${v.inferred && !a.trust.trusted ? 'Inferred from the timing: it reused' : 'Reused'} ${connectionWord(conn.family)} #${conn.id} to ${target} (${when}; request ${v.nth} of ${v.of} on it): no ${v.dnsMs !== undefined ? '' : 'DNS, '}TCP or TLS cost.`;
      if (v.coalescedFrom !== undefined) {
        const cert = certificateCovers(opener ?? first ?? r, r.origin);
        text +=
          ` This is connection coalescing: ${r.origin} and ${conn.primaryOrigin} share the address ${conn.remote ?? '(unknown)'}` +
          (cert === true ? ' and the connection\'s certificate names both hosts' : cert === false ? '' : ' and one certificate covers both names') +
          `, so the browser sent this request over the connection it already had instead of opening one for ${r.origin}.`;
      }
      if (v.dnsMs !== undefined) text += ` It still made a DNS lookup (${formatDuration(v.dnsMs)})${v.coalescedFrom !== undefined ? ', which is how the browser saw the address matched' : ''}.`;
      if ((conn.family === 'h2' || conn.family === 'h3') && v.concurrent > 1) {
        text += ` It was multiplexed with ${plural(v.concurrent - 1, 'other stream')} in flight on the connection when it was sent.`;
      }
      if (v.idleBeforeMs >= LONG_IDLE_MS) {
        text += ` The connection had been idle for ${formatDuration(v.idleBeforeMs)} before this request: long enough for TCP to restart slow start (slow-start restart), so its first bytes may have come slower than on a busy connection.`;
      }
      if (v.openedAhead && a.trust.trusted) text += ' The log never shows this connection being opened, so when it was opened is inferred.';
      return { topic: 'reuse', text, evidence: timingEvidence(r), related };
    }
  }
}

function poolName(origin: string, count: number): string {
  return `${count === 1 ? 'the only open connection' : `all ${count} open connections`} to ${origin}`;
}

function queueSentence(a: PoolAnalysis, r: NetworkRequest, q: QueueVerdict, byId: Lookup): Sentence | undefined {
  const placed = a.use(r.id);
  const conn = placed?.connection;
  const indexes = q.busyWith.map((id) => byId(id)?.index).filter((i): i is number => i !== undefined);
  const busyList = requestNumbers(indexes, Math.max(0, q.busyCount - indexes.length));
  const freed = q.freedBy !== undefined ? byId(q.freedBy) : undefined;
  const related = [...q.busyWith];
  if (freed && !related.includes(freed.id)) related.push(freed.id);
  const took = (): string => {
    if (conn === undefined) return '';
    if (a.verdict(r.id)?.kind === 'new') return ' It then opened a new connection.';
    if (freed === undefined) return ` It then took connection #${conn.id}.`;
    return q.freedPromptly ? ` It went out on connection #${conn.id} as soon as ${requestNumber(freed)} finished on it.` : ` It then took connection #${conn.id}, freed by ${requestNumber(freed)}.`;
  };
  // Streams among the holders (issue 17): named, in HPBN's terms.
  const streams = q.cause === 'pool-full' || q.cause === 'pool-busy' ? streamHoldersSentence(q.busyWith.map((id) => byId(id))) : undefined;
  const held = streams !== undefined ? ` ${streams}` : '';
  switch (q.cause) {
    case 'pool-full':
      return {
        topic: 'queue',
        text: `Waited ${formatDuration(q.waitMs)} for a socket: ${q.busyCount > H1_SOCKETS_PER_HOST ? `all ${q.busyCount}` : 'all 6'} connections to ${r.origin} were busy with requests ${busyList} (browsers open at most ${q.limit ?? H1_SOCKETS_PER_HOST} HTTP/1.1 connections per host).${held}${took()}`,
        evidence: `stalled ${formatDuration(q.waitMs)} from the network stack's start; ${q.busyCount} of ${q.openCount} open connections busy then`,
        related,
      };
    case 'pool-busy':
      return {
        topic: 'queue',
        text:
          `Waited ${formatDuration(q.waitMs)} for a socket: ${poolName(r.origin, q.busyCount)} ${q.busyCount === 1 ? 'was' : 'were'} busy with ${busyList}. ` +
          `Fewer than ${H1_SOCKETS_PER_HOST} were open, so this was not the per-host limit: the browser gives a waiting request whichever socket frees up first.${held}${took()}`,
        evidence: `stalled ${formatDuration(q.waitMs)}; ${q.busyCount} of ${q.openCount} open connections busy then`,
        related,
      };
    case 'connection-setup': {
      const opener = q.setupBy !== undefined ? byId(q.setupBy) : undefined;
      if (opener) related.push(opener.id);
      const steps = conn?.setup ? [conn.setup.dns !== undefined ? 'DNS' : '', 'TCP', conn.setup.tls !== undefined ? 'TLS' : ''].filter(Boolean).join(', ') : 'DNS, TCP, TLS';
      const multiplexed = conn !== undefined && (conn.family === 'h2' || conn.family === 'h3');
      return {
        topic: 'queue',
        text: `Waited ${formatDuration(q.waitMs)} for ${connectionWord(conn?.family ?? 'h1')} #${conn?.id ?? '?'} to ${conn?.primaryOrigin ?? r.origin}, which ${opener ? requestLabel(opener) : 'another request'} was opening (${steps}); then it ${multiplexed ? 'joined it as one more stream' : 'took it'}.`,
        related,
      };
    }
    case 'not-socket': {
      if (q.waitMs < 10 || conn === undefined) return undefined;
      if (conn.family === 'h2' || conn.family === 'h3') {
        return {
          topic: 'queue',
          text: `It stalled ${formatDuration(q.waitMs)} before it was sent, with ${familyName(conn.family)} connection #${conn.id} already open. ${familyName(conn.family)} has no per-host socket limit, so this was not a wait for a socket; the wait was elsewhere in the network stack (request priorities, for example).`,
        };
      }
      const free = Math.max(0, q.openCount - q.busyCount);
      return {
        topic: 'queue',
        text: `It stalled ${formatDuration(q.waitMs)} before it was sent, though ${free > 0 ? `${free} of the ${plural(q.openCount, 'open connection')} to ${r.origin} ${free === 1 ? 'was' : 'were'} free` : `the pool of ${r.origin} was not full`} then: this was not a wait for a socket.`,
      };
    }
    case 'unverified':
      return {
        topic: 'queue',
        text: `It stalled ${formatDuration(q.waitMs)} before it was sent. With this log's connection ids Netlens cannot tell whether every socket of ${r.origin} was busy.`,
      };
  }
}

function preflightSentence(a: PoolAnalysis, r: NetworkRequest, byId: Lookup): Sentence | undefined {
  const pair = pairOfPreflight(a.pairing, r.id);
  if (pair !== undefined) {
    const real = byId(pair.hopId);
    if (real !== undefined) {
      return {
        topic: 'preflight',
        text: `This is the CORS preflight of ${requestLabel(real)}: the browser asked ${r.origin} for permission first, and ${requestNumber(real)} could not go out until it was answered.`,
        related: [real.id],
      };
    }
  }
  const pf = a.preflight(r.id);
  const queueing = r.phases.queueing ?? 0;
  if (pf !== undefined && pf.waitMs >= 1) {
    const pre = byId(pf.preflightId);
    const rest = queueing - pf.waitMs;
    return {
      topic: 'preflight',
      text:
        `Before the network stack took it, it waited ${formatDuration(pf.waitMs)} for its CORS preflight${pre ? ` ${requestNumber(pre)} (OPTIONS${pf.preflightMs !== undefined ? `, ${formatDuration(pf.preflightMs)}` : ''})` : ''}: time spent on the preflight, not on the socket pool.` +
        (rest >= 10 ? ` The other ${formatDuration(rest)} of its queueing was in the browser's own scheduling.` : ''),
      related: [pf.preflightId],
    };
  }
  if (queueing >= 10 && a.verdict(r.id)?.kind !== 'no-socket') {
    return {
      topic: 'preflight',
      text: `It was queued ${formatDuration(queueing)} in the browser before the network stack took it (the page's loading order and priorities): that wait came before the socket pool.`,
    };
  }
  return undefined;
}

/** One sentence for a pattern finding. */
export function explainPattern(f: PatternFinding, a: PoolAnalysis, byId: Lookup): Sentence {
  const host = (o: string) => o.replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '');
  switch (f.kind) {
    case 'sharding': {
      const names = f.origins.map(host);
      const list = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      return {
        topic: 'pattern',
        text:
          `Domain sharding: ${list} resolve to the same address ${f.address}, yet each has its own sockets (${plural(f.connections, 'connection')} in all). ` +
          (f.multiplexed
            ? 'On HTTP/2 this only costs: one connection could carry every request, and with one certificate covering the names the browser would coalesce them onto it.'
            : 'Browsers limit sockets per hostname, not per address, so sharding buys more than 6 parallel HTTP/1.1 connections, at the price of extra DNS lookups and TCP set-ups.'),
      };
    }
    case 'connection-close':
      return {
        topic: 'pattern',
        text: `${f.origin} answered ${plural(f.requests.length, 'request')} with Connection: close, so ${f.connections === 1 ? 'its socket was' : `each of ${f.connections} sockets was`} closed after one response: no keep-alive, one socket per request, each new one paying ${f.origin.startsWith('https') ? 'DNS, TCP and TLS' : 'DNS and TCP'} again.`,
        related: f.requests.slice(0, 20),
      };
    case 'short-lived':
      return {
        topic: 'pattern',
        text: `Many short-lived connections: ${f.connections} connections to ${f.origin} and ${f.singleUse} of them carried a single request, although at most ${f.maxBusy} were busy at once. Sockets were not kept alive (closed by the server, or after an idle timeout), so requests kept paying for new ones.`,
      };
    case 'tls-dominates':
      return {
        topic: 'pattern',
        text: `TLS set-up dominates small requests to ${f.origin}: ${plural(f.requests.length, 'small request')} spent ${formatDuration(f.setupMs)} opening connections and ${formatDuration(f.restMs)} on the request itself. Reusing connections (keep-alive, HTTP/2) pays the handshake once.`,
        related: f.requests.slice(0, 20),
      };
    case 'coalesced': {
      const others = f.origins.filter((o) => o !== f.primaryOrigin);
      return {
        topic: 'pattern',
        text: `Connection coalescing: ${connectionWord(a.connection(f.connectionId)?.family ?? 'h2')} #${f.connectionId}, opened for ${f.primaryOrigin}, also carried ${others.join(', ')} (same address, one certificate for the names), so ${others.length === 1 ? 'that origin' : 'those origins'} needed no connection of ${others.length === 1 ? 'its' : 'their'} own.`,
      };
    }
    case 'long-idle-reuse': {
      const r = byId(f.hopId);
      return {
        topic: 'pattern',
        text: `Connection #${f.connectionId} to ${f.origin} sat idle for ${formatDuration(f.idleMs)} before ${r ? requestLabel(r) : 'a request'} reused it: after an idle period that long TCP restarts slow start, so the reused connection starts slow again.`,
        related: [f.hopId],
      };
    }
    case 'h3-upgrade': {
      const first = byId(f.firstH3);
      const by = f.advertisedBy !== undefined ? byId(f.advertisedBy) : undefined;
      const how =
        f.via === 'alt-svc' && by
          ? `after ${requestLabel(by)}${f.fromProtocol ? ` (over ${f.fromProtocol})` : ''} advertised HTTP/3 in its Alt-Svc header`
          : f.via === 'dns'
            ? 'found through the DNS HTTPS record'
            : 'the browser already knew it could (an Alt-Svc it remembered from an earlier visit)';
      return {
        topic: 'protocol',
        text: `${f.origin} switched to HTTP/3 (QUIC)${first ? ` from ${requestNumber(first)} on` : ''}, ${how}.`,
        related: [f.firstH3, ...(by ? [by.id] : [])],
      };
    }
  }
}

/** Everything the pool analysis can say about one request, in reading order. */
export function explainRequest(a: PoolAnalysis, r: NetworkRequest, byId: Lookup): Sentence[] {
  const out: Sentence[] = [];
  const v = a.verdict(r.id);
  if (v === undefined) return out;
  const onSocket = v.kind === 'new' || v.kind === 'reused' || v.kind === 'opened-ahead';
  if (onSocket && !a.trust.trusted) {
    out.push({
      topic: 'trust',
      text: `This log's connection ids are not reliable (${a.trust.reasons.join('; ')}), so reuse is inferred from the timing: a request that shows a TCP connect opened a socket, one that does not reused one.`,
    });
  }
  out.push(reuseSentence(a, r, v, byId));
  const placed = a.use(r.id);
  if (placed?.use.closedByServer) {
    out.push({
      topic: 'close',
      text: `The server answered Connection: close, so the socket closed after this response and could not be kept alive: the next request to ${r.origin} needs a new connection.`,
    });
  }
  const q = a.queue(r.id);
  const qs = q !== undefined ? queueSentence(a, r, q, byId) : undefined;
  if (qs) out.push(qs);
  const ps = preflightSentence(a, r, byId);
  if (ps) out.push(ps);
  // Patterns that concern this request, its origin or its connection.
  const pool = a.pool(r.origin);
  for (const i of pool?.patterns ?? []) {
    const f = a.patterns[i]!;
    if (f.kind === 'long-idle-reuse' || f.kind === 'coalesced') continue; // said in the reuse sentence
    if (f.kind === 'connection-close') continue; // said above
    if (f.kind === 'tls-dominates' && !f.requests.includes(r.id)) continue;
    if (f.kind === 'short-lived' && v.kind !== 'new') continue;
    if (f.kind === 'h3-upgrade' && f.firstH3 !== r.id) continue;
    out.push(explainPattern(f, a, byId));
  }
  return out;
}

/** A few sentences that sum up one origin's pool, for the Connections view. */
export function describePool(a: PoolAnalysis, pool: OriginPool, byId: Lookup): Sentence[] {
  const out: Sentence[] = [];
  const conns = pool.connectionIds.map((id) => a.connection(id)).filter((c): c is ConnectionAnalysis => c !== undefined);
  const own = conns.filter((c) => c.primaryOrigin === pool.origin);
  if (pool.family === 'h1') {
    let text = `${familyName('h1')}: ${plural(own.length, 'connection')} carried ${plural(pool.requests, 'request')}; at most ${pool.maxBusy} ${pool.maxBusy === 1 ? 'was' : 'were'} busy at once (the limit is ${H1_SOCKETS_PER_HOST} per host).`;
    if (pool.queued.length > 0) text += ` ${plural(pool.queued.length, 'request')} waited for a socket, the longest ${formatDuration(pool.longestWaitMs)}.`;
    // The streams that held sockets while requests waited (issue 17).
    const holders = new Set<string>();
    for (const id of pool.queued) for (const h of a.queue(id)?.busyWith ?? []) holders.add(h);
    const streams = holders.size > 0 ? streamHoldersSentence([...holders].map((id) => byId(id)), 'pool') : undefined;
    if (streams !== undefined) text += ` ${streams}`;
    out.push({ topic: 'pool', text, related: pool.queued.slice(0, 20) });
  } else if (pool.family === 'h2' || pool.family === 'h3') {
    // A loop, not Math.max(...spread): a pool may hold more connections than a call takes arguments.
    const streams = conns.reduce((m, c) => Math.max(m, c.maxConcurrent), 1);
    out.push({ topic: 'pool', text: `${familyName(pool.family)}: ${plural(conns.length, 'connection')} carried ${plural(pool.requests, 'request')}, up to ${plural(streams, 'stream')} at once on one connection (multiplexing).` });
  } else if (pool.requests > 0) {
    out.push({ topic: 'pool', text: `${plural(conns.length, 'connection')} carried ${plural(pool.requests, 'request')}.` });
  }
  if (pool.setup.connections > 0) {
    const s = pool.setup;
    const tls = s.tls > 0 || /^(https|wss):/i.test(pool.origin) ? `, TLS ${formatDuration(s.tls)}` : '';
    out.push({ topic: 'pool', text: `Opening ${plural(s.connections, 'connection')} cost ${formatDuration(s.total)} in all: DNS ${formatDuration(s.dns)}, TCP ${formatDuration(s.tcp)}${tls}.` });
  }
  const ahead = own.filter((c) => c.openedAhead).length;
  if (ahead > 0) out.push({ topic: 'pool', text: `${plural(ahead, 'connection')} ${ahead === 1 ? 'was' : 'were'} already open when first used: opened ahead of time (a preconnect, or sockets kept from an earlier page).` });
  const borrowed = pool.borrowed.map((id) => a.connection(id)).filter((c): c is ConnectionAnalysis => c !== undefined);
  for (const c of borrowed.slice(0, PER_KIND)) out.push({ topic: 'pool', text: `Coalesced: its requests rode ${connectionWord(c.family)} #${c.id}, opened for ${c.primaryOrigin}.` });
  if (borrowed.length > PER_KIND) out.push({ topic: 'pool', text: `Its requests rode ${plural(borrowed.length - PER_KIND, 'more connection')} opened for other origins (coalesced).` });
  if (pool.noSocket > 0) out.push({ topic: 'pool', text: `${plural(pool.noSocket, 'request')} needed no socket (cache hits or a service worker).` });
  const idle: Extract<PatternFinding, { kind: 'long-idle-reuse' }>[] = [];
  const coalesced: Extract<PatternFinding, { kind: 'coalesced' }>[] = [];
  for (const i of pool.patterns) {
    const f = a.patterns[i]!;
    if (f.kind === 'coalesced') {
      // Said above for the borrowing pool; the opener's pool says it below.
      if (f.primaryOrigin === pool.origin) coalesced.push(f);
    } else if (f.kind === 'long-idle-reuse') idle.push(f);
    else out.push(explainPattern(f, a, byId));
  }
  // A pool of a long session may hold hundreds of connections each reused after an idle gap:
  // the longest few are told one by one, the rest in one sentence, so a summary stays readable.
  idle.sort((x, y) => y.idleMs - x.idleMs);
  for (const f of idle.slice(0, PER_KIND)) out.push(explainPattern(f, a, byId));
  if (idle.length > PER_KIND) {
    const rest = idle.slice(PER_KIND);
    out.push({ topic: 'pattern', text: `${plural(rest.length, 'more connection')} sat idle for at least ${formatDuration(LONG_IDLE_MS)} (up to ${formatDuration(rest[0]!.idleMs)}) before being reused, each restarting TCP slow start.`, related: rest.slice(0, 20).map((f) => f.hopId) });
  }
  for (const f of coalesced.slice(0, PER_KIND)) out.push(explainPattern(f, a, byId));
  if (coalesced.length > PER_KIND) out.push({ topic: 'pattern', text: `${plural(coalesced.length - PER_KIND, 'more connection')} opened for ${pool.origin} also carried other origins' requests (coalesced).` });
  return out;
}

/** How many findings of one kind a pool's summary tells one by one before it sums up the rest. */
const PER_KIND = 3;
