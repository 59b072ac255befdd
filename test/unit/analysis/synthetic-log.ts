// Hand-made CDP logs for cases no local server can produce (HTTP/3, broken connection ids, a
// service worker, preflights at chosen times): the same events Chromium sends, with the fields
// the pool analysis reads. Times are milliseconds from the start of the log.
import type { CdpEvent } from '../../../src/core/cdp.ts';

export interface SyntheticRequest {
  id: string;
  url: string;
  /** Issued (ms). */
  at: number;
  /** The network stack starts (ms); default `at`. */
  start?: number;
  /** Offsets from `start` (ms), as ResourceTiming has them; -1 when it did not happen. */
  dns?: [number, number];
  connect?: [number, number];
  ssl?: [number, number];
  /** Send start offset from `start` (ms); default: after the set-up, else 0. */
  send?: number;
  /** Response headers offset from `start` (ms); default send + 20. */
  headers?: number;
  /** Finished (ms, absolute); default start + headers + 5. */
  end?: number;
  conn?: number;
  reused?: boolean;
  protocol?: string;
  ip?: string;
  port?: number;
  status?: number;
  responseHeaders?: Record<string, string>;
  type?: string;
  method?: string;
  initiator?: { type: string; requestId?: string };
  fromDiskCache?: boolean;
  fromServiceWorker?: boolean;
  alternateProtocolUsage?: string;
  loaderId?: string;
  sanList?: string[];
  size?: number;
  /** No response yet (still running at the end of the log). */
  pending?: boolean;
}

const S = (ms: number) => ms / 1000;

export function syntheticLog(requests: SyntheticRequest[]): CdpEvent[] {
  const events: { at: number; order: number; e: CdpEvent }[] = [];
  let order = 0;
  for (const r of requests) {
    const start = r.start ?? r.at;
    const setupEnd = Math.max(r.dns?.[1] ?? -1, r.connect?.[1] ?? -1, 0);
    const send = r.send ?? setupEnd;
    const headers = r.headers ?? send + 20;
    const end = r.end ?? start + headers + 5;
    const loaderId = r.loaderId ?? 'L1';
    events.push({
      at: r.at,
      order: order++,
      e: {
        method: 'Network.requestWillBeSent',
        params: {
          requestId: r.id,
          loaderId,
          documentURL: 'https://a.test/',
          request: { url: r.url, method: r.method ?? 'GET', headers: {}, initialPriority: 'Low', referrerPolicy: 'strict-origin-when-cross-origin' },
          timestamp: S(r.at),
          wallTime: 1_700_000_000 + S(r.at),
          initiator: r.initiator ?? { type: 'parser' },
          type: r.type ?? 'Image',
          frameId: 'F1',
        },
      },
    });
    if (r.pending) continue;
    const timing = {
      requestTime: S(start),
      proxyStart: -1, proxyEnd: -1,
      dnsStart: r.dns?.[0] ?? -1, dnsEnd: r.dns?.[1] ?? -1,
      connectStart: r.connect?.[0] ?? -1, connectEnd: r.connect?.[1] ?? -1,
      sslStart: r.ssl?.[0] ?? -1, sslEnd: r.ssl?.[1] ?? -1,
      workerStart: -1, workerReady: -1, workerFetchStart: -1, workerRespondWithSettled: -1,
      sendStart: send, sendEnd: send + 0.1,
      pushStart: 0, pushEnd: 0,
      receiveHeadersStart: headers - 0.1, receiveHeadersEnd: headers,
    };
    const response: Record<string, unknown> = {
      url: r.url,
      status: r.status ?? 200,
      statusText: 'OK',
      headers: r.responseHeaders ?? {},
      mimeType: 'image/png',
      connectionReused: r.reused ?? false,
      connectionId: r.conn ?? 0,
      remoteIPAddress: r.ip ?? '10.0.0.1',
      remotePort: r.port ?? 443,
      fromDiskCache: r.fromDiskCache ?? false,
      fromServiceWorker: r.fromServiceWorker ?? false,
      fromPrefetchCache: false,
      encodedDataLength: 100,
      protocol: r.protocol ?? 'http/1.1',
      securityState: 'secure',
    };
    if (!r.fromDiskCache) response.timing = timing;
    if (r.alternateProtocolUsage) response.alternateProtocolUsage = r.alternateProtocolUsage;
    if (r.sanList) response.securityDetails = { protocol: 'TLS 1.3', keyExchange: '', cipher: 'AES_128_GCM', certificateId: 0, subjectName: 'a.test', sanList: r.sanList, issuer: 'Test', validFrom: 0, validTo: 2_000_000_000, signedCertificateTimestampList: [], certificateTransparencyCompliance: 'unknown', encryptedClientHello: false };
    events.push({ at: start + headers, order: order++, e: { method: 'Network.responseReceived', params: { requestId: r.id, loaderId, timestamp: S(start + headers), type: r.type ?? 'Image', response, frameId: 'F1' } } });
    events.push({ at: end, order: order++, e: { method: 'Network.loadingFinished', params: { requestId: r.id, timestamp: S(end), encodedDataLength: r.size ?? 1000 } } });
  }
  return events.sort((a, b) => a.at - b.at || a.order - b.order).map((x) => x.e);
}
