// The recorder's private state behind each NetworkRequest record: a *chain* per CDP requestId
// (a redirect chain shares one requestId) and a *hop* per record in it. Records hold what views
// read; hops keep the raw inputs the derived fields are recomputed from (status, source, sizes,
// times), because the events that feed them arrive in any order.
import type { Protocol } from '../cdp.ts';
import type { Header, NetworkRequest, SseChannel, WsChannel } from '../records.ts';
import type { BodyStreamState } from './body-stream.ts';
import type { ExtraInfoReconciler, RequestExtra, ResponseExtra } from './extra-info.ts';

export interface Hop {
  rec: NetworkRequest;
  chain: Chain;
  /** Headers Blink proposed (requestWillBeSent), put back if a misaligned ExtraInfo is taken off. */
  blinkRequestHeaders: Header[];
  /** Whether ExtraInfo events will come for this hop: the protocol's flags, false for memory-cache hits. */
  expectExtra: boolean | undefined;
  requestExtra: RequestExtra | undefined;
  responseExtra: ResponseExtra | undefined;

  /** A response arrived (responseReceived, the redirect's response, or the WebSocket handshake). */
  hasResponse: boolean;
  /** Status, text and headers as responseReceived said them (a revalidation may say 200 here). */
  responseStatus: number | undefined;
  responseStatusText: string | undefined;
  responseHeaders: Header[];
  /** responseReceived.timestamp, or the next hop's requestWillBeSent for a redirect (ms). */
  responseTs: number | undefined;
  /** Response.encodedDataLength at response time: the header bytes as they came over the wire. */
  headerBytesAtResponse: number | undefined;
  /** loadingFinished / loadingFailed / redirect / webSocketClosed time (ms). */
  endTs: number | undefined;
  /** loadingFinished.encodedDataLength, or the redirect response's encodedDataLength. */
  endEncodedLength: number | undefined;
  /** loadingFinished.encodedBodyLength (experimental in the protocol). */
  endEncodedBodyLength: number | undefined;
  /** The last dataReceived counted, to recognise the same event delivered twice. */
  lastData: Protocol.Network.DataReceivedEvent | undefined;
  /** The session that delivered `lastData` (undefined = the tab). */
  lastDataTarget: string | undefined;
  /** The latest dataReceived.timestamp counted (seconds, as the protocol says it). */
  lastDataTimestamp: number;
  /** The connection record this hop was counted on, if any. */
  onConnection: number | undefined;
}

export interface Chain {
  /** Lookup key: the requestId (see chainKey). */
  key: string;
  requestId: string;
  /** The session of the event that started the request (requestWillBeSent or webSocketCreated). */
  target: string | undefined;
  hops: Hop[];
  extra: ExtraInfoReconciler<Hop>;
  sse: SseChannel | undefined;
  ws: WsChannel | undefined;
  /** A streamed body (SSE, NDJSON, JSON sequence) being parsed (body-stream.ts). */
  body: BodyStreamState | undefined;
}

/**
 * The key of a request in the recorder's maps, and the id of its first hop: the requestId alone.
 * A request can start on one session and finish on another (a cross-process iframe's document
 * and a worker's script are requested by the page, then loaded on the child's session; a
 * worker's fetch gets its ExtraInfo on the page's session), as DevTools' NetworkManager
 * "adopts" such requests. Request ids are unique across a browser's targets in practice
 * (navigation ids are GUIDs, renderer ids carry the renderer's process id), so the target is
 * recorded on the record but is not part of its key.
 */
export function chainKey(requestId: string): string {
  return requestId;
}

/** The record id of hop `n` of a chain (DevTools says `:redirected.N`, Lighthouse `:redirect`). */
export function hopId(key: string, n: number): string {
  return n === 0 ? key : `${key}:${n}`;
}

/** A fresh record with every field present, so all records share one shape (fast property access). */
export function newRecord(init: {
  id: string;
  requestId: string;
  index: number;
  target: string | undefined;
  url: string;
  method: string;
  origin: string;
  issuedAt: number;
  issuedWall: number;
  redirectHop: number;
}): NetworkRequest {
  return {
    id: init.id,
    requestId: init.requestId,
    index: init.index,
    target: init.target,
    frameId: undefined,
    loaderId: undefined,
    documentURL: undefined,
    pageId: undefined,
    url: init.url,
    method: init.method,
    origin: init.origin,
    resourceType: undefined,
    initiator: undefined,
    priority: undefined,
    initialPriority: undefined,
    postData: undefined,
    hasPostData: undefined,
    requestHeaders: [],
    requestHeadersRaw: false,
    requestHeadersText: undefined,
    status: undefined,
    statusText: undefined,
    responseHeaders: [],
    responseHeadersRaw: false,
    responseHeadersText: undefined,
    clientSecurityState: undefined,
    appliedNetworkConditionsId: undefined,
    resourceIPAddressSpace: undefined,
    corsIssues: undefined,
    mimeType: undefined,
    protocol: undefined,
    remoteIPAddress: undefined,
    remotePort: undefined,
    connectionId: undefined,
    connectionReused: undefined,
    securityState: undefined,
    tls: undefined,
    alternateProtocolUsage: undefined,
    source: 'pending',
    servedFromCache: false,
    fromDiskCache: false,
    fromPrefetchCache: false,
    fromServiceWorker: false,
    fromEarlyHints: false,
    serviceWorkerResponseSource: undefined,
    cacheStorageCacheName: undefined,
    responseTimeWall: undefined,
    timing: undefined,
    phases: {},
    issuedAt: init.issuedAt,
    issuedWall: init.issuedWall,
    startedAt: undefined,
    responseAt: undefined,
    endedAt: undefined,
    transferSize: undefined,
    encodedBodySize: undefined,
    decodedBodySize: 0,
    responseHeadersSize: undefined,
    redirectFrom: undefined,
    redirectTo: undefined,
    redirectHop: init.redirectHop,
    finished: false,
    failure: undefined,
    extraInfo: { request: false, response: false, expectResponse: undefined },
  };
}

export function newHop(rec: NetworkRequest, chain: Chain): Hop {
  return {
    rec,
    chain,
    blinkRequestHeaders: rec.requestHeaders,
    expectExtra: undefined,
    requestExtra: undefined,
    responseExtra: undefined,
    hasResponse: false,
    responseStatus: undefined,
    responseStatusText: undefined,
    responseHeaders: [],
    responseTs: undefined,
    headerBytesAtResponse: undefined,
    endTs: undefined,
    endEncodedLength: undefined,
    endEncodedBodyLength: undefined,
    lastData: undefined,
    lastDataTarget: undefined,
    lastDataTimestamp: Number.NEGATIVE_INFINITY,
    onConnection: undefined,
  };
}

/** The hop later events land on. */
export function newestHop(chain: Chain): Hop {
  return chain.hops[chain.hops.length - 1]!;
}
