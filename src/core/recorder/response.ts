// What a Protocol.Network.Response tells about a hop: from responseReceived, or from the
// redirectResponse the next hop's requestWillBeSent carries.
import type { Protocol } from '../cdp.ts';
import { headerList } from './headers.ts';
import type { Hop } from './hop.ts';

export function applyResponse(hop: Hop, response: Protocol.Network.Response, timestampMs: number): void {
  const rec = hop.rec;
  hop.hasResponse = true;
  hop.responseStatus = response.status;
  hop.responseStatusText = response.statusText;
  hop.responseHeaders = headerList(response.headers);
  hop.responseTs = timestampMs;
  hop.headerBytesAtResponse = typeof response.encodedDataLength === 'number' ? response.encodedDataLength : undefined;
  if (!rec.responseHeadersRaw) rec.responseHeaders = hop.responseHeaders;
  if (response.requestHeadersText !== undefined) rec.requestHeadersText = response.requestHeadersText;

  rec.mimeType = response.mimeType;
  rec.protocol = response.protocol;
  rec.remoteIPAddress = response.remoteIPAddress;
  rec.remotePort = response.remotePort;
  rec.securityState = response.securityState;
  rec.alternateProtocolUsage = response.alternateProtocolUsage;
  const sd = response.securityDetails;
  rec.tls = sd === undefined ? undefined : {
    protocol: sd.protocol,
    cipher: sd.cipher,
    subjectName: sd.subjectName,
    sanList: sd.sanList,
    issuer: sd.issuer,
    validTo: sd.validTo * 1000,
  };

  rec.fromDiskCache = response.fromDiskCache === true;
  rec.fromPrefetchCache = response.fromPrefetchCache === true;
  rec.fromServiceWorker = response.fromServiceWorker === true;
  rec.fromEarlyHints = response.fromEarlyHints === true;
  rec.serviceWorkerResponseSource = response.serviceWorkerResponseSource;
  rec.cacheStorageCacheName = response.cacheStorageCacheName;
  rec.responseTimeWall = typeof response.responseTime === 'number' && response.responseTime > 0 ? response.responseTime : undefined;

  rec.connectionId = response.connectionId;
  rec.connectionReused = response.connectionReused;
  rec.timing = response.timing;
  rec.startedAt = response.timing === undefined ? undefined : response.timing.requestTime * 1000;
  if (rec.servedFromCache) forgetReplayedTransport(hop);
}

/**
 * A memory-cache hit replays the stored Response object: its connectionId, connectionReused and
 * timing describe the load that filled the cache, seconds or minutes earlier (seen on Chromium
 * 156). No socket carried this hop and the network stack never ran, so those are dropped.
 */
export function forgetReplayedTransport(hop: Hop): void {
  const rec = hop.rec;
  rec.connectionId = undefined;
  rec.connectionReused = undefined;
  rec.timing = undefined;
  rec.startedAt = undefined;
}
