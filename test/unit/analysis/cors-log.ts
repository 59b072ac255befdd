// Literal CDP events for the CORS tests: each helper writes one event as Chromium sends it, with
// only the fields the recorder reads. Times are milliseconds from the start of the log.
import type { CdpEvent } from '../../../src/core/cdp.ts';

const S = (ms: number) => ms / 1000;
const WALL = 1_700_000_000;

export interface SentOptions {
  type?: string;
  initiator?: { type: string; requestId?: string };
  headers?: Record<string, string>;
  /** This hop is the target of a redirect: the previous hop's response. */
  redirect?: { url: string; status: number; headers: Record<string, string>; /** When the redirected hop reached the network stack (ms). */ start: number };
}

export function sent(requestId: string, method: string, url: string, at: number, o: SentOptions = {}): CdpEvent {
  return {
    method: 'Network.requestWillBeSent',
    params: {
      requestId,
      loaderId: 'L1',
      documentURL: 'http://a.test/page',
      request: { url, method, headers: o.headers ?? {}, initialPriority: 'High', referrerPolicy: 'strict-origin-when-cross-origin' },
      timestamp: S(at),
      wallTime: WALL + S(at),
      initiator: o.initiator ?? { type: 'script' },
      type: o.type ?? 'Fetch',
      frameId: 'F1',
      ...(o.redirect
        ? { redirectHasExtraInfo: false, redirectResponse: { url: o.redirect.url, status: o.redirect.status, statusText: '', headers: o.redirect.headers, mimeType: '', connectionReused: false, connectionId: 0, remoteIPAddress: '127.0.0.1', remotePort: 80, encodedDataLength: 0, securityState: 'insecure', protocol: 'http/1.1', timing: timing(o.redirect.start, at) } }
        : {}),
    },
  } as CdpEvent;
}

/** A preflight's requestWillBeSent as the network service sends it (type Other, initiator preflight). */
export function preflightSent(preflightId: string, guards: string, url: string, at: number, headers: Record<string, string>): CdpEvent {
  return sent(preflightId, 'OPTIONS', url, at, { type: 'Other', initiator: { type: 'preflight', requestId: guards }, headers });
}

export function received(requestId: string, url: string, status: number, at: number, headers: Record<string, string> = {}, type = 'Fetch', start = at - 5): CdpEvent {
  return {
    method: 'Network.responseReceived',
    params: {
      requestId,
      loaderId: 'L1',
      timestamp: S(at),
      type,
      frameId: 'F1',
      response: {
        url, status, statusText: '', headers, mimeType: 'text/plain', connectionReused: false, connectionId: 1, remoteIPAddress: '127.0.0.1', remotePort: 80,
        fromDiskCache: false, fromServiceWorker: false, fromPrefetchCache: false, encodedDataLength: 10, protocol: 'http/1.1', securityState: 'insecure',
        timing: timing(start, at),
      },
    },
  } as CdpEvent;
}

function timing(start: number, headersAt: number) {
  return { requestTime: S(start), proxyStart: -1, proxyEnd: -1, dnsStart: -1, dnsEnd: -1, connectStart: -1, connectEnd: -1, sslStart: -1, sslEnd: -1, workerStart: -1, workerReady: -1, workerFetchStart: -1, workerRespondWithSettled: -1, sendStart: 0.5, sendEnd: 0.6, pushStart: 0, pushEnd: 0, receiveHeadersStart: headersAt - start - 0.1, receiveHeadersEnd: headersAt - start };
}

export function finished(requestId: string, at: number): CdpEvent {
  return { method: 'Network.loadingFinished', params: { requestId, timestamp: S(at), encodedDataLength: 100 } } as CdpEvent;
}

export function failed(requestId: string, at: number, corsError?: string, failedParameter = '', type = 'Fetch'): CdpEvent {
  return {
    method: 'Network.loadingFailed',
    params: { requestId, timestamp: S(at), type, errorText: 'net::ERR_FAILED', canceled: false, ...(corsError ? { corsErrorStatus: { corsError, failedParameter } } : {}) },
  } as CdpEvent;
}
