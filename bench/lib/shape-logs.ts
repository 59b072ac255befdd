// CDP logs of adversarial but real shapes of traffic (issue 13), generated at any size. Every
// event has the fields and the field shapes Chromium 156 sends, copied from the recorded fixtures
// in test/fixtures (h2, pool, cache, redirect, streams, child-targets): requestWillBeSent and its
// ExtraInfo, responseReceived with timing / connection fields and its ExtraInfo, dataReceived,
// loadingFinished, requestServedFromCache before the replayed response, Page and Target events.
// The counting tests (test/unit/perf) and bench/shapes.ts both use these.
import type { CdpEvent } from '../../src/core/cdp.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const WALL_OFFSET = 1_795_304_000; // wallTime − timestamp (s), as in the fixtures' clock
const DATE = 'Sun, 22 Nov 2026 00:20:05 GMT';

import { seededRandom as random } from '../../test/seeded-random.ts';
export { random };

export interface ReqSpec {
  id: string;
  url: string;
  /** requestWillBeSent time (s, protocol clock). */
  ts: number;
  type: string;
  frameId: string;
  loaderId: string;
  documentURL: string;
  method?: string;
  initiator?: unknown;
  extraHeaders?: Record<string, string>;
  /** Headers only the network stack adds (If-None-Match on a revalidation): in the ExtraInfo alone. */
  wireHeaders?: Record<string, string>;
  sessionId?: string;
}

export interface RespSpec {
  /** responseReceived time (s). */
  ts: number;
  status?: number;
  /** The status on the wire when it differs (a revalidation: 304 in the ExtraInfo, the cached 200 in responseReceived). */
  wireStatus?: number;
  statusText?: string;
  protocol: 'h2' | 'http/1.1';
  connectionId: number;
  connectionReused: boolean;
  /** requestTime of the timing (s): when the network stack started the request. */
  requestTime: number;
  /** receiveHeadersEnd offset from requestTime (ms). */
  headersEnd: number;
  /** Whether the timing shows a new TCP connect. */
  connect?: boolean;
  headers?: Record<string, string>;
  mimeType?: string;
  port?: number;
  bodyBytes?: number;
  type: string;
}

const h2Headers = (url: string, extra: Record<string, string> = {}) => {
  const u = new URL(url);
  return { ':authority': u.host, ':method': 'GET', ':path': u.pathname + u.search, ':scheme': u.protocol.slice(0, -1), accept: '*/*', 'accept-encoding': 'gzip, deflate, br, zstd', 'accept-language': 'en-US,en;q=0.9', priority: 'u=1, i', 'user-agent': UA, ...extra };
};
const h1Headers = (url: string, extra: Record<string, string> = {}) => {
  const u = new URL(url);
  return { Accept: '*/*', 'Accept-Encoding': 'gzip, deflate', 'Accept-Language': 'en-US,en;q=0.9', Connection: 'keep-alive', Host: u.host, 'User-Agent': UA, ...extra };
};

function timingOf(r: RespSpec) {
  const c = r.connect === true;
  return {
    connectEnd: c ? 1.001 : -1, connectStart: c ? 0.2 : -1, dnsEnd: c ? 0.2 : -1, dnsStart: c ? 0.1 : -1, proxyEnd: -1, proxyStart: -1, pushEnd: 0, pushStart: 0,
    receiveHeadersEnd: r.headersEnd, receiveHeadersStart: r.headersEnd - 0.1, requestTime: r.requestTime, sendEnd: c ? 1.3 : 0.6, sendStart: c ? 1.1 : 0.4,
    sslEnd: c && r.protocol === 'h2' ? 0.964 : -1, sslStart: c && r.protocol === 'h2' ? 0.3 : -1, workerFetchStart: -1, workerReady: -1, workerRespondWithSettled: -1, workerStart: -1,
  };
}

/** The Network events of one request, in Chromium's order; `sent` and `answered` may be split by the caller. */
export function requestEvents(q: ReqSpec, h1: boolean): CdpEvent[] {
  const sid = q.sessionId;
  const ev = (method: string, params: unknown): CdpEvent => (sid ? { method, params, sessionId: sid } : { method, params });
  return [
    ev('Network.requestWillBeSent', {
      documentURL: q.documentURL, frameId: q.frameId, hasUserGesture: false, initiator: q.initiator ?? { type: 'parser', url: q.documentURL, lineNumber: 0, columnNumber: 120 },
      loaderId: q.loaderId, redirectHasExtraInfo: false,
      request: { headers: { Referer: q.documentURL, 'User-Agent': UA, ...(q.extraHeaders ?? {}) }, initialPriority: 'Low', isSameSite: true, method: q.method ?? 'GET', mixedContentType: 'none', referrerPolicy: 'strict-origin-when-cross-origin', url: q.url },
      requestId: q.id, timestamp: q.ts, type: q.type, wallTime: q.ts + WALL_OFFSET,
    }),
    ev('Network.requestWillBeSentExtraInfo', {
      associatedCookies: [], connectTiming: { requestTime: q.ts + 0.0005 }, headers: h1 ? h1Headers(q.url, { ...q.extraHeaders, ...q.wireHeaders }) : h2Headers(q.url, { ...q.extraHeaders, ...q.wireHeaders }), requestId: q.id, siteHasCookieInOtherPartition: false,
    }),
  ];
}

export function responseEvents(q: ReqSpec, r: RespSpec, endTs = r.ts + 0.0002): CdpEvent[] {
  const sid = q.sessionId;
  const ev = (method: string, params: unknown): CdpEvent => (sid ? { method, params, sessionId: sid } : { method, params });
  const status = r.status ?? 200;
  const headers = r.headers ?? { 'cache-control': 'no-store', 'content-type': r.mimeType ?? 'image/png', date: DATE, 'content-length': String(r.bodyBytes ?? 70) };
  const h1 = r.protocol === 'http/1.1';
  const allHeaders = h1 ? { Connection: 'keep-alive', 'Keep-Alive': 'timeout=120', ...headers } : headers;
  const statusText = r.statusText ?? (h1 ? (status === 304 ? 'Not Modified' : 'OK') : '');
  const bytes = r.bodyBytes ?? 70;
  const wire = r.wireStatus ?? status;
  const headerText = h1 ? `HTTP/1.1 ${wire} ${wire === 304 ? 'Not Modified' : statusText}\r\n${Object.entries(allHeaders).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n` : undefined;
  const out: CdpEvent[] = [
    ev('Network.responseReceivedExtraInfo', {
      blockedCookies: [], cookiePartitionKey: { hasCrossSiteAncestor: false, topLevelSite: new URL(q.url).origin.replace(/:\d+$/, '') }, cookiePartitionKeyOpaque: false, exemptedCookies: [],
      headers: allHeaders, ...(headerText ? { headersText: headerText } : {}), requestId: q.id, resourceIPAddressSpace: 'Loopback', statusCode: wire,
    }),
    ev('Network.responseReceived', {
      frameId: q.frameId, hasExtraInfo: true, loaderId: q.loaderId, requestId: q.id,
      response: {
        alternateProtocolUsage: 'unspecifiedReason', charset: '', connectionId: r.connectionId, connectionReused: r.connectionReused, encodedDataLength: headerText ? headerText.length : 65,
        fromDiskCache: false, fromPrefetchCache: false, fromServiceWorker: false, headers: allHeaders, mimeType: r.mimeType ?? 'image/png', protocol: r.protocol,
        remoteIPAddress: '127.0.0.1', remotePort: r.port ?? (h1 ? 35145 : 32997), responseTime: (r.ts + WALL_OFFSET) * 1000, securityState: h1 ? 'insecure' : 'secure', status, statusText,
        timing: timingOf(r), url: q.url,
      },
      timestamp: r.ts, type: r.type,
    }),
  ];
  if (status !== 304 && bytes > 0) out.push(ev('Network.dataReceived', { dataLength: bytes, encodedDataLength: 0, requestId: q.id, timestamp: endTs - 0.0001 }));
  out.push(ev('Network.loadingFinished', { encodedDataLength: (headerText ? headerText.length : 65) + (wire === 304 ? 0 : bytes), requestId: q.id, timestamp: endTs }));
  return out;
}

/** The Page events of a main-frame navigation whose document request is `doc` (requestId = loaderId). */
function navigationStart(frameId: string, loaderId: string, url: string): CdpEvent {
  return { method: 'Page.frameStartedNavigating', params: { frameId, loaderId, navigationType: 'differentDocument', url } };
}
function navigated(frameId: string, loaderId: string, url: string): CdpEvent {
  const u = new URL(url);
  return {
    method: 'Page.frameNavigated',
    params: {
      frame: { adFrameStatus: { adFrameType: 'none' }, crossOriginIsolatedContextType: 'NotIsolated', domainAndRegistry: u.hostname, gatedAPIFeatures: [], id: frameId, loaderId, mimeType: 'text/html', secureContextType: u.protocol === 'https:' ? 'Secure' : 'InsecureScheme', securityOrigin: u.origin, securityOriginDetails: { isLocalhost: false }, url },
      type: 'Navigation',
    },
  };
}

const FRAME = 'C73441EA7FF086C1ABBEB0F0DA13885F';
const hex = (n: number, width = 32) => n.toString(16).toUpperCase().padStart(width, '0');

interface PageBuild {
  events: CdpEvent[];
  t: number;
}

/** A page load: navigation, document on `conn`, then `subs` subresources produced by `sub`. */
function page(b: PageBuild, p: number, origin: string, h1: boolean, conn: () => { id: number; reused: boolean; connect: boolean }, subs: number, subOrigin = origin): void {
  const loaderId = hex(p + 1);
  const url = `${origin}/page?n=${p}`;
  const doc: ReqSpec = { id: loaderId, url, ts: b.t, type: 'Document', frameId: FRAME, loaderId, documentURL: url, initiator: { type: 'other' } };
  b.events.push(navigationStart(FRAME, loaderId, url), ...requestEvents(doc, h1));
  const c = conn();
  b.t += 0.004;
  b.events.push(...responseEvents(doc, { ts: b.t, protocol: h1 ? 'http/1.1' : 'h2', connectionId: c.id, connectionReused: c.reused, connect: c.connect, requestTime: doc.ts + 0.0005, headersEnd: 3, type: 'Document', mimeType: 'text/html', headers: { 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8', date: DATE } }));
  b.events.push(navigated(FRAME, loaderId, url));
  for (let i = 0; i < subs; i++) {
    const q: ReqSpec = { id: `${22000 + (p % 9000)}.${p}.${i}`, url: `${subOrigin}/res/${i}.png?p=${p}`, ts: b.t, type: 'Image', frameId: FRAME, loaderId, documentURL: url };
    b.events.push(...requestEvents(q, h1));
    const s = conn();
    b.t += 0.001;
    b.events.push(...responseEvents(q, { ts: b.t, protocol: h1 ? 'http/1.1' : 'h2', connectionId: s.id, connectionReused: s.reused, connect: s.connect, requestTime: q.ts + 0.0003, headersEnd: 0.6, type: 'Image' }));
  }
  b.t += 0.001;
  b.events.push({ method: 'Page.domContentEventFired', params: { timestamp: b.t } }, { method: 'Page.loadEventFired', params: { timestamp: b.t + 0.0005 } });
  b.t += 0.002;
}

// ---- The shapes. `n` is the number of requests (frames / messages for the streams). ----

/** One HTTP/2 connection carries every request of a single-page app (and, coalesced, its CDN's); responses come back out of order. */
export function h2OutOfOrder(n: number, seed = 1): CdpEvent[] {
  const rnd = random(seed);
  const origin = 'https://h2.test:32997';
  const b: PageBuild = { events: [], t: 2430 };
  const loaderId = hex(1);
  const url = `${origin}/app`;
  const doc: ReqSpec = { id: loaderId, url, ts: b.t, type: 'Document', frameId: FRAME, loaderId, documentURL: url, initiator: { type: 'other' } };
  b.events.push(navigationStart(FRAME, loaderId, url), ...requestEvents(doc, false));
  b.t += 0.01;
  b.events.push(...responseEvents(doc, { ts: b.t, protocol: 'h2', connectionId: 1, connectionReused: false, connect: true, requestTime: doc.ts + 0.0005, headersEnd: 9, type: 'Document', mimeType: 'text/html' }), navigated(FRAME, loaderId, url));
  // Bursts of up to 100 concurrent streams (Chromium's default SETTINGS_MAX_CONCURRENT_STREAMS
  // is 100 at most servers). Every response's events arrive in the order the server finished
  // them; its timing's header time is the server's, so the two orders disagree, sometimes by the
  // whole burst (each stream has its own IPC pipe, so Chromium does not order them).
  for (let done = 1; done < n; ) {
    const burst = Math.min(100, n - done);
    const specs: ReqSpec[] = [];
    const start = b.t;
    for (let i = 0; i < burst; i++) {
      const k = done + i;
      const q: ReqSpec = { id: `22278.${k}`, url: k % 7 === 0 ? `https://cdn.test:32997/img/${k}.png` : `${origin}/api/items/${k}`, ts: b.t, type: 'Fetch', frameId: FRAME, loaderId, documentURL: url, initiator: { type: 'script' } };
      specs.push(q);
      b.events.push(...requestEvents(q, false));
      b.t += 0.00002;
    }
    const order = specs.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const q = specs[i]!;
      b.t += 0.0001;
      b.events.push(...responseEvents(q, { ts: b.t, protocol: 'h2', connectionId: 1, connectionReused: true, requestTime: q.ts + 0.0002, headersEnd: 2 + rnd() * (b.t - start) * 1000, type: 'Fetch', mimeType: 'application/json', headers: { 'cache-control': 'no-store', 'content-type': 'application/json', date: DATE } }));
    }
    done += burst;
  }
  return b.events;
}

/** One HTTP/1.1 keep-alive socket reused across thousands of page loads (4 requests a page). */
export function h1KeepAlive(n: number): CdpEvent[] {
  const b: PageBuild = { events: [], t: 2430 };
  let first = true;
  const conn = () => {
    const c = { id: 86, reused: !first, connect: first };
    first = false;
    return c;
  };
  for (let p = 0; p * 4 < n; p++) page(b, p, 'http://a.test:35145', true, conn, 3);
  return b.events;
}

/**
 * Memory-cache replays every third request, on six HTTP/1.1 sockets: the replayed response
 * carries the connection id, reuse flag and timing of the load that filled the cache. Chromium
 * 156 reports requestServedFromCache before the response; in every other replay here it comes
 * after, as a log merged from several sessions has it (the path that takes a request off again).
 */
export function memoryCache(n: number): CdpEvent[] {
  const origin = 'http://a.test:35145';
  const b: PageBuild = { events: [], t: 2431 };
  const loaderId = hex(3);
  const url = `${origin}/cache-page`;
  const doc: ReqSpec = { id: loaderId, url, ts: b.t, type: 'Document', frameId: FRAME, loaderId, documentURL: url, initiator: { type: 'other' } };
  b.events.push(navigationStart(FRAME, loaderId, url), ...requestEvents(doc, true));
  b.t += 0.004;
  b.events.push(...responseEvents(doc, { ts: b.t, protocol: 'http/1.1', connectionId: 100, connectionReused: false, connect: true, requestTime: doc.ts + 0.0005, headersEnd: 3, type: 'Document', mimeType: 'text/html' }), navigated(FRAME, loaderId, url));
  const stored: { url: string; conn: number; requestTime: number }[] = [];
  for (let k = 1; k < n; k++) {
    const replay = k % 3 === 0 && stored.length > 0;
    const conn = 100 + (k % 6);
    const s = replay ? stored[(k * 7) % stored.length]! : { url: `${origin}/cache/max-age/${k}.png`, conn, requestTime: b.t + 0.0003 };
    const q: ReqSpec = { id: `22292.${k}`, url: s.url, ts: b.t, type: 'Image', frameId: FRAME, loaderId, documentURL: url };
    const resp: RespSpec = {
      ts: b.t + 0.0003, protocol: 'http/1.1', connectionId: s.conn, connectionReused: true, requestTime: s.requestTime, headersEnd: 1.2, type: 'Image',
      headers: { 'cache-control': 'max-age=600', 'content-length': '70', 'content-type': 'image/png', date: DATE, etag: `"${hex(k, 8)}"` },
    };
    const [sent] = requestEvents(q, true);
    if (replay) {
      const served = { method: 'Network.requestServedFromCache', params: { requestId: q.id } };
      const answer = responseEvents(q, resp).filter((e) => e.method !== 'Network.responseReceivedExtraInfo').map((e) => (e.method === 'Network.loadingFinished' ? { ...e, params: { ...(e.params as object), encodedDataLength: 0 } } : e));
      if (k % 2 === 0) b.events.push(sent!, served, ...answer);
      else b.events.push(sent!, answer[0]!, served, ...answer.slice(1));
    } else {
      b.events.push(...requestEvents(q, true), ...responseEvents(q, resp));
      stored.push(s);
    }
    b.t += 0.0006;
  }
  b.events.push({ method: 'Page.domContentEventFired', params: { timestamp: b.t } }, { method: 'Page.loadEventFired', params: { timestamp: b.t + 0.001 } });
  return b.events;
}

/** One page with `n` requests on six HTTP/1.1 sockets, most of them queued for a socket. */
export function onePage(n: number): CdpEvent[] {
  const b: PageBuild = { events: [], t: 2430 };
  let k = 0;
  const conn = () => {
    const id = 200 + (k % 6);
    const c = { id, reused: k >= 6, connect: k < 6 };
    k++;
    return c;
  };
  page(b, 0, 'http://a.test:35145', true, conn, n - 1);
  return b.events;
}

/** Short page loads of 10 requests each, every page on a new HTTP/2 connection. */
export function shortPages(n: number): CdpEvent[] {
  const b: PageBuild = { events: [], t: 2430 };
  let p = 0;
  let used = 0;
  const conn = () => ({ id: 1000 + p, reused: used++ > 0, connect: used === 1 });
  for (; p * 10 < n; p++) {
    used = 0;
    page(b, p, 'https://h2.test:32997', false, conn, 9);
  }
  return b.events;
}

/** Redirect chains of 20 hops (301 → … → 200), as navigations, on one keep-alive socket. */
export function redirectChains(n: number): CdpEvent[] {
  const origin = 'http://a.test:35145';
  const events: CdpEvent[] = [];
  let t = 2432;
  let chain = 0;
  for (let made = 0; made < n; chain++) {
    const loaderId = hex(chain + 1);
    const start = `${origin}/redirect/0?c=${chain}`;
    events.push(navigationStart(FRAME, loaderId, start));
    let prevUrl = start;
    let prevTs = t;
    const base: ReqSpec = { id: loaderId, url: start, ts: t, type: 'Document', frameId: FRAME, loaderId, documentURL: start, initiator: { type: 'other' } };
    events.push(...requestEvents(base, true));
    made++;
    for (let hop = 1; hop <= 20 && made < n; hop++, made++) {
      const final = hop === 20 || made === n - 1;
      const url = final ? `${origin}/redirect/done?c=${chain}` : `${origin}/redirect/${hop}?c=${chain}`;
      t += 0.002;
      const [extra, redirect] = responseEvents(base, { ts: t, protocol: 'http/1.1', connectionId: 86, connectionReused: chain > 0 || hop > 1, requestTime: prevTs + 0.0003, headersEnd: 1.9, type: 'Document', status: 301, statusText: 'Moved Permanently', headers: { 'cache-control': 'no-store', location: url, date: DATE } });
      const redirectResponse = { ...((redirect!.params as { response: Record<string, unknown> }).response), url: prevUrl };
      events.push(extra!, {
        method: 'Network.requestWillBeSent',
        params: {
          documentURL: url, frameId: FRAME, hasUserGesture: false, initiator: { type: 'other' }, loaderId, redirectHasExtraInfo: true, redirectResponse,
          request: { headers: { 'Upgrade-Insecure-Requests': '1', 'User-Agent': UA }, initialPriority: 'VeryHigh', isSameSite: true, method: 'GET', mixedContentType: 'none', referrerPolicy: 'strict-origin-when-cross-origin', url },
          requestId: loaderId, timestamp: t, type: 'Document', wallTime: t + WALL_OFFSET,
        },
      });
      events.push({ method: 'Network.requestWillBeSentExtraInfo', params: { associatedCookies: [], connectTiming: { requestTime: t + 0.0003 }, headers: h1Headers(url), requestId: loaderId, siteHasCookieInOtherPartition: false } });
      prevUrl = url;
      prevTs = t;
      if (final) break;
    }
    t += 0.002;
    events.push(...responseEvents({ ...base, url: prevUrl }, { ts: t, protocol: 'http/1.1', connectionId: 86, connectionReused: true, requestTime: prevTs + 0.0003, headersEnd: 1.5, type: 'Document', mimeType: 'text/html' }));
    events.push(navigated(FRAME, loaderId, prevUrl));
    made++;
    t += 0.003;
  }
  return events;
}

/** `targets` child targets (dedicated workers), each fetching `n / targets` requests on its own session. */
export function childTargets(n: number, targets = Math.max(1, Math.round(n / 100))): CdpEvent[] {
  const origin = 'http://a.test:35145';
  const b: PageBuild = { events: [], t: 2433 };
  const loaderId = hex(6);
  const url = `${origin}/child-targets`;
  const doc: ReqSpec = { id: loaderId, url, ts: b.t, type: 'Document', frameId: FRAME, loaderId, documentURL: url, initiator: { type: 'other' } };
  b.events.push(navigationStart(FRAME, loaderId, url), ...requestEvents(doc, true));
  b.t += 0.004;
  b.events.push(...responseEvents(doc, { ts: b.t, protocol: 'http/1.1', connectionId: 75, connectionReused: true, requestTime: doc.ts + 0.0005, headersEnd: 3, type: 'Document', mimeType: 'text/html' }), navigated(FRAME, loaderId, url));
  const per = Math.max(1, Math.floor((n - 1) / targets));
  for (let w = 0; w < targets; w++) {
    const sessionId = hex(0xabc0000 + w);
    const targetId = hex(0xdef0000 + w);
    b.events.push({ method: 'Target.attachedToTarget', params: { sessionId, targetInfo: { attached: true, browserContextId: '5DB8244FD323AFA32C60E0EBF42B7D06', canAccessOpener: false, targetId, title: '', type: 'worker', url: `${origin}/worker.js?w=${w}` }, waitingForDebugger: true } });
    for (let i = 0; i < per; i++) {
      const q: ReqSpec = { id: `${30000 + w}.${i}`, url: `${origin}/api/w${w}/${i}`, ts: b.t, type: 'Fetch', frameId: FRAME, loaderId: '', documentURL: `${origin}/worker.js?w=${w}`, initiator: { type: 'script' }, sessionId };
      b.events.push(...requestEvents(q, true));
      b.t += 0.0004;
      b.events.push(...responseEvents(q, { ts: b.t, protocol: 'http/1.1', connectionId: 300 + (w % 6), connectionReused: true, requestTime: q.ts + 0.0001, headersEnd: 0.3, type: 'Fetch', mimeType: 'application/json', headers: { 'cache-control': 'no-store', 'content-type': 'application/json', date: DATE } }));
    }
    b.events.push({ method: 'Target.detachedFromTarget', params: { sessionId, targetId } });
  }
  return b.events;
}

/** `n` requests to one URL (a poll): a full response with an ETag, then 304 revalidations. */
export function oneUrl(n: number): CdpEvent[] {
  const origin = 'http://api.test:35145';
  const b: PageBuild = { events: [], t: 2440 };
  const loaderId = hex(9);
  const pageUrl = 'http://a.test:35145/poll';
  const doc: ReqSpec = { id: loaderId, url: pageUrl, ts: b.t, type: 'Document', frameId: FRAME, loaderId, documentURL: pageUrl, initiator: { type: 'other' } };
  b.events.push(navigationStart(FRAME, loaderId, pageUrl), ...requestEvents(doc, true));
  b.t += 0.004;
  b.events.push(...responseEvents(doc, { ts: b.t, protocol: 'http/1.1', connectionId: 400, connectionReused: false, connect: true, requestTime: doc.ts + 0.0005, headersEnd: 3, type: 'Document', mimeType: 'text/html' }), navigated(FRAME, loaderId, pageUrl));
  const url = `${origin}/api/status`;
  for (let k = 1; k < n; k++) {
    const q: ReqSpec = { id: `22400.${k}`, url, ts: b.t, type: 'Fetch', frameId: FRAME, loaderId, documentURL: pageUrl, initiator: { type: 'script' }, wireHeaders: k > 1 ? { 'If-None-Match': '"v1"' } : {} };
    b.events.push(...requestEvents(q, true));
    b.t += 0.0005;
    b.events.push(...responseEvents(q, { ts: b.t, protocol: 'http/1.1', connectionId: 401, connectionReused: k > 1, connect: k === 1, requestTime: q.ts + 0.0001, headersEnd: 0.4, type: 'Fetch', wireStatus: k > 1 ? 304 : 200, mimeType: 'application/json', bodyBytes: 40, headers: { 'cache-control': 'no-cache', 'content-type': 'application/json', date: DATE, etag: '"v1"' } }));
    b.t += 0.0005;
  }
  return b.events;
}

/** One WebSocket carrying `frames` frames, text and binary, both ways. */
export function webSocket(frames: number): CdpEvent[] {
  const id = '22317.2';
  const url = 'ws://a.test:35145/ws';
  const events: CdpEvent[] = [
    { method: 'Network.webSocketCreated', params: { initiator: { stack: { callFrames: [{ columnNumber: 11, functionName: '', lineNumber: 7, scriptId: '4', url: 'http://a.test:35145/streams-page' }] }, type: 'script' }, requestId: id, url } },
    { method: 'Network.webSocketWillSendHandshakeRequest', params: { request: { headers: { Connection: 'Upgrade', Host: 'a.test:35145', Origin: 'http://a.test:35145', 'Sec-WebSocket-Key': 'eLh9jvpxi3hCaVVS/mL1Lg==', 'Sec-WebSocket-Version': '13', Upgrade: 'websocket', 'User-Agent': UA } }, requestId: id, timestamp: 2432.933713, wallTime: 2432.933713 + WALL_OFFSET } },
    { method: 'Network.webSocketHandshakeResponseReceived', params: { requestId: id, response: { headers: { Connection: 'Upgrade', 'Sec-WebSocket-Accept': 'gkz3DPRmzIR+VybcKYE3ZXMjGBI=', Upgrade: 'websocket' }, headersText: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: gkz3DPRmzIR+VybcKYE3ZXMjGBI=\r\n\r\n', status: 101, statusText: 'Switching Protocols' }, timestamp: 2432.9345 } },
  ];
  for (let i = 0; i < frames; i++) {
    const sent = i % 2 === 0;
    const binary = i % 5 === 0;
    events.push({ method: sent ? 'Network.webSocketFrameSent' : 'Network.webSocketFrameReceived', params: { requestId: id, response: { mask: sent, opcode: binary ? 2 : 1, payloadData: binary ? 'AQIDBAUGBwg=' : `{"n":${i},"op":"tick"}` }, timestamp: 2433 + i * 1e-5 } });
  }
  events.push({ method: 'Network.webSocketClosed', params: { requestId: id, timestamp: 2433 + frames * 1e-5 } });
  return events;
}

/** One EventSource receiving `messages` messages (each with its dataReceived, as Chromium sends them). */
export function eventSource(messages: number): CdpEvent[] {
  const origin = 'http://a.test:35145';
  const pageUrl = `${origin}/streams-page`;
  const q: ReqSpec = { id: '22317.3', url: `${origin}/sse`, ts: 2432.908161, type: 'EventSource', frameId: FRAME, loaderId: hex(5), documentURL: pageUrl, extraHeaders: { Accept: 'text/event-stream' } };
  const events = requestEvents(q, true);
  const answer = responseEvents(q, { ts: 2432.928379, protocol: 'http/1.1', connectionId: 86, connectionReused: true, requestTime: 2432.909175, headersEnd: 2.7, type: 'EventSource', mimeType: 'text/event-stream', bodyBytes: 0, headers: { 'cache-control': 'no-store', 'content-type': 'text/event-stream', date: DATE, 'Transfer-Encoding': 'chunked' } });
  events.push(...answer.filter((e) => e.method !== 'Network.loadingFinished'));
  // Event ids of one width at every size: redaction scans only texts of 6 characters or more, so
  // ids 1…100,000 (five digits or fewer) were skipped at N and ids up to 1,000,000 scanned at 10×N:
  // 19× the scans for 10× the messages, which was the 13.6 ratio of issue 13.
  for (let i = 0; i < messages; i++) {
    const ts = 2433 + i * 1e-5;
    events.push({ method: 'Network.dataReceived', params: { dataLength: 23, encodedDataLength: 17, requestId: q.id, timestamp: ts } });
    events.push({ method: 'Network.eventSourceMessageReceived', params: { data: `message ${i}`, eventId: String(i + 1).padStart(8, '0'), eventName: 'message', requestId: q.id, timestamp: ts + 1e-6 } });
  }
  events.push({ method: 'Network.loadingFinished', params: { encodedDataLength: 338, requestId: q.id, timestamp: 2433 + messages * 1e-5 } });
  return events;
}

/**
 * Domain sharding: one page whose requests go to N/10 hostnames (s0.shard.test, s1.shard.test…)
 * that all resolve to one address (127.0.0.1:35145), ten requests per hostname on its own
 * keep-alive socket. The pools analysis groups origins by address to spot sharding, so every
 * origin of the address is in one group.
 */
export function manyOrigins(n: number): CdpEvent[] {
  const b: PageBuild = { events: [], t: 2430 };
  const origin = 'http://shard.test:35145';
  const loaderId = hex(1);
  const url = `${origin}/page`;
  const doc: ReqSpec = { id: loaderId, url, ts: b.t, type: 'Document', frameId: FRAME, loaderId, documentURL: url, initiator: { type: 'other' } };
  b.events.push(navigationStart(FRAME, loaderId, url), ...requestEvents(doc, true));
  b.t += 0.004;
  b.events.push(...responseEvents(doc, { ts: b.t, protocol: 'http/1.1', connectionId: 1, connectionReused: false, connect: true, requestTime: doc.ts + 0.0005, headersEnd: 3, type: 'Document', mimeType: 'text/html' }), navigated(FRAME, loaderId, url));
  for (let k = 1; k < n; k++) {
    const host = Math.floor((k - 1) / 10);
    const q: ReqSpec = { id: `23000.${k}`, url: `http://s${host}.shard.test:35145/img/${k}.png`, ts: b.t, type: 'Image', frameId: FRAME, loaderId, documentURL: url };
    b.events.push(...requestEvents(q, true));
    b.t += 0.0005;
    const first = (k - 1) % 10 === 0;
    b.events.push(...responseEvents(q, { ts: b.t, protocol: 'http/1.1', connectionId: 2 + host, connectionReused: !first, connect: first, requestTime: q.ts + 0.0002, headersEnd: 0.3, type: 'Image' }));
  }
  b.t += 0.001;
  b.events.push({ method: 'Page.domContentEventFired', params: { timestamp: b.t } }, { method: 'Page.loadEventFired', params: { timestamp: b.t + 0.0005 } });
  return b.events;
}

/**
 * N EventSource channels to one URL (a page that reconnects its event stream again and again, or
 * opens one per widget), each receiving two messages and closing, six at a time on six keep-alive
 * sockets. The recorder keeps a channel per request; the HAR build and redaction go per channel.
 */
export function sseChannels(n: number): CdpEvent[] {
  const origin = 'http://a.test:35145';
  const pageUrl = `${origin}/streams-page`;
  const loaderId = hex(5);
  const events: CdpEvent[] = [];
  let t = 2432.9;
  for (let k = 0; k < n; k += 6) {
    const group: ReqSpec[] = [];
    for (let j = k; j < Math.min(n, k + 6); j++) {
      const q: ReqSpec = { id: `22317.${j + 3}`, url: `${origin}/sse`, ts: t, type: 'EventSource', frameId: FRAME, loaderId, documentURL: pageUrl, extraHeaders: { Accept: 'text/event-stream' } };
      group.push(q);
      events.push(...requestEvents(q, true));
      t += 0.00001;
    }
    group.forEach((q, i) => {
      const answer = responseEvents(q, { ts: t, protocol: 'http/1.1', connectionId: 86 + i, connectionReused: k > 0, connect: k === 0, requestTime: q.ts + 0.0001, headersEnd: 2.7, type: 'EventSource', mimeType: 'text/event-stream', bodyBytes: 0, headers: { 'cache-control': 'no-store', 'content-type': 'text/event-stream', date: DATE, 'Transfer-Encoding': 'chunked' } });
      events.push(...answer.filter((e) => e.method !== 'Network.loadingFinished'));
      t += 0.00001;
    });
    for (let m = 0; m < 2; m++) {
      for (const q of group) {
        events.push({ method: 'Network.dataReceived', params: { dataLength: 23, encodedDataLength: 17, requestId: q.id, timestamp: t } });
        events.push({ method: 'Network.eventSourceMessageReceived', params: { data: `update ${m} of ${q.id}`, eventId: `${q.id}-${m}`, eventName: 'message', requestId: q.id, timestamp: t + 1e-6 } });
        t += 0.00001;
      }
    }
    for (const q of group) {
      events.push({ method: 'Network.loadingFinished', params: { encodedDataLength: 120, requestId: q.id, timestamp: t } });
      t += 0.00001;
    }
  }
  return events;
}

export interface Shape {
  name: string;
  /** What `n` counts. */
  unit: 'requests' | 'frames' | 'messages';
  /** The benchmark's N (10×N is the large size). */
  n: number;
  make(n: number): CdpEvent[];
}

export const SHAPES: readonly Shape[] = [
  { name: 'one HTTP/2 connection, responses out of order', unit: 'requests', n: 10_000, make: (n) => h2OutOfOrder(n) },
  { name: 'one HTTP/1.1 keep-alive socket across page loads', unit: 'requests', n: 10_000, make: h1KeepAlive },
  { name: 'memory-cache replay every 3rd request', unit: 'requests', n: 10_000, make: memoryCache },
  { name: 'one page with N requests (6 sockets)', unit: 'requests', n: 10_000, make: onePage },
  { name: 'short pages of 10 requests (N/10 pages)', unit: 'requests', n: 10_000, make: shortPages },
  { name: 'redirect chains of 20 hops', unit: 'requests', n: 10_000, make: redirectChains },
  { name: 'child targets (N/100 workers)', unit: 'requests', n: 10_000, make: (n) => childTargets(n) },
  { name: 'N requests to one URL (304s)', unit: 'requests', n: 10_000, make: oneUrl },
  { name: 'one WebSocket, N frames', unit: 'frames', n: 100_000, make: webSocket },
  { name: 'one EventSource, N messages', unit: 'messages', n: 100_000, make: eventSource },
  { name: 'N/10 hostnames on one address (sharding)', unit: 'requests', n: 10_000, make: manyOrigins },
  { name: 'N EventSource channels to one URL', unit: 'requests', n: 10_000, make: sseChannels },
];
