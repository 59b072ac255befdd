// The constants the analysis reasons with, each with the rule behind it.
import type { ProtocolFamily } from './types.ts';

/**
 * HTTP/1.1 sockets per host: every major browser keeps at most 6 per origin pool (HPBN, "Using
 * multiple TCP connections"; Chromium's kDefaultMaxSocketsPerGroup). HTTP/2 and HTTP/3 need one.
 */
export const H1_SOCKETS_PER_HOST = 6;

/**
 * Idle time after which reusing a connection lands in TCP slow-start restart territory: Linux
 * resets the congestion window after an idle period longer than one retransmission timeout
 * (RFC 5681 §4.1; at least 200 ms, 1 s before the first RTT sample), so a connection idle for a
 * second or more restarts slowly (HPBN, "Slow-Start Restart").
 */
export const LONG_IDLE_MS = 1000;

/** A stall shorter than this is the network stack's own overhead, not a wait for anything. */
export const MIN_WAIT_MS = 1;

/**
 * Clock slack between the end of a request as the log dates it (loadingFinished) and the moment
 * the network stack freed its socket (ms): the end comes later, by up to ~20 ms on a busy machine
 * (measured against the fixture server's own log of when it finished each response).
 */
export const CLOCK_SLACK_MS = 20;

/** How many busy requests a queueing verdict lists. */
export const MAX_LISTED = 8;

/** "Small" for "TLS set-up dominates small requests": bytes transferred, headers included. */
export const SMALL_RESPONSE_BYTES = 16 * 1024;

export function familyOf(protocol: string | undefined): ProtocolFamily {
  if (protocol === undefined) return 'other';
  const p = protocol.toLowerCase();
  if (p === 'http/1.1' || p === 'http/1.0' || p === 'http/0.9') return 'h1';
  if (p === 'h2' || p === 'h2c' || p === 'spdy') return 'h2';
  if (p === 'h3' || p.startsWith('h3-') || p === 'quic' || p.startsWith('http/2+quic') || p === 'http/3') return 'h3';
  return 'other';
}

/** Human name of a protocol family, for sentences. */
export function familyName(f: ProtocolFamily): string {
  return f === 'h1' ? 'HTTP/1.1' : f === 'h2' ? 'HTTP/2' : f === 'h3' ? 'HTTP/3 (QUIC)' : 'other';
}
