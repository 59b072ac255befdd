// The cache analysis: one pass over a session's requests, in the order they were created, keeping
// the browser's cache as the session shows it (entries.ts). For each request it decides where the
// response came from and why (the rules are http-cache-semantics', the arithmetic RFC 9111 §4.2's),
// explains it in words, and gives advice; then it groups the verdicts by URL and sums them up.
// Linear in the number of requests: every step is a map look-up or bounded work.
import type { NetworkRequest, PageRecord, ResponseSource } from '../../records.ts';
import { responseAdvice, urlAdvice } from './advice.ts';
import { policyOf, StoredEntries, type StoredEntry } from './entries.ts';
import { cacheWords, type ExplainInput } from './explain.ts';
import { codeSpan } from '../../format/index.ts';
import { ageAt, isFresh, lifetimeOf, type Age } from './freshness.ts';
import { directives, headerMap, varyNames, type HeaderMap } from './headers.ts';
import { LoadIndex, type LoadInfo } from './loads.ts';
import { certainlyUnstorable, policyFor, revalidated, type Policy } from './policy.ts';
import { storabilityOf } from './storability.ts';
import type { CacheAnalysis, CacheAnalysisData, CachePage, CacheReason, CacheTotals, CacheUrlRow, CacheVerdict, CacheVerdictData, Conditional, ResponseFacts, SourceTotal } from './types.ts';

export interface AnalyseOptions {
  /** The cache at the end of an earlier session (Compare): its entries are what this session found stored. */
  prior?: ReadonlyMap<string, readonly StoredEntry[]>;
}

export interface CacheAnalysisResult extends CacheAnalysis {
  /** The cache at the end of the session, to analyse a later session against. */
  entries: ReadonlyMap<string, readonly StoredEntry[]>;
}

/** Method and URL without fragment, or undefined when no HTTP cache is involved. */
export function cacheKey(r: NetworkRequest): string | undefined {
  const url = r.url;
  if (!url.startsWith('http://') && !url.startsWith('https://')) return undefined;
  if (r.resourceType === 'WebSocket') return undefined;
  const hash = url.indexOf('#');
  return `${r.method} ${hash < 0 ? url : url.slice(0, hash)}`;
}

/**
 * Chrome's HTTP cache does not store a response that came over a connection with a certificate
 * error (seen on Chromium 156 with --ignore-certificate-errors: the same page and fetch() went to the
 * server every time; the renderer's memory cache still reused the image).
 */
const CERTIFICATE_ERROR = `It came over a TLS connection with a certificate error (security state ${'`'}insecure${'`'}), and Chrome's HTTP cache does not store such responses (the renderer's memory cache still may).`;

function hasCertificateError(r: NetworkRequest): boolean {
  return r.url.startsWith('https://') && r.securityState === 'insecure';
}

/** `policy` undefined: the response is certainly not storable (certainlyUnstorable), no policy was built. */
function facts(policy: Policy | undefined, method: string, status: number, reqH: HeaderMap, resH: HeaderMap, decoded: number | undefined, certificateError = false): ResponseFacts {
  const cc = directives(resH['cache-control']);
  let storability = storabilityOf(policy !== undefined && policy.storable(), method, status, reqH, directives(reqH['cache-control']), resH, cc);
  if (certificateError) storability = { storable: false, reasons: [CERTIFICATE_ERROR, ...(storability.storable ? [] : storability.reasons)] };
  // Filled field by field, in the order the data has always had (no object per optional field to spread).
  const f = { status } as ResponseFacts;
  const cacheControl = resH['cache-control'];
  if (cacheControl !== undefined) f.cacheControl = cacheControl;
  f.storability = storability;
  f.lifetime = lifetimeOf(policy, resH, cc, storability.storable);
  f.noCache = cc.has('no-cache') || (cacheControl === undefined && /no-cache/i.test(resH.pragma ?? ''));
  f.noStore = cc.has('no-store');
  f.mustRevalidate = cc.has('must-revalidate');
  f.immutable = cc.has('immutable');
  if (resH.etag !== undefined) f.etag = resH.etag;
  if (resH['last-modified'] !== undefined) f.lastModified = resH['last-modified'];
  f.vary = varyNames(resH.vary);
  if (decoded !== undefined) f.decodedBytes = decoded;
  if (certificateError) f.certificateError = certificateError;
  return f;
}

function conditionalsOf(r: NetworkRequest, reqH: HeaderMap): Conditional[] {
  const out: Conditional[] = [];
  if (!r.requestHeadersRaw) return out;
  if (reqH['if-none-match'] !== undefined) out.push({ name: 'If-None-Match', value: reqH['if-none-match'] });
  if (reqH['if-modified-since'] !== undefined) out.push({ name: 'If-Modified-Since', value: reqH['if-modified-since'] });
  return out;
}

/** When the response arrived (epoch ms): its responseTime, else issue time plus the protocol-clock delay. */
function receivedWallOf(r: NetworkRequest): number {
  if (r.responseTimeWall !== undefined) return r.responseTimeWall;
  if (r.responseAt !== undefined) return r.issuedWall + Math.max(0, r.responseAt - r.issuedAt);
  return r.issuedWall;
}

function linkOf(entry: StoredEntry | undefined, r: NetworkRequest): CacheVerdictData['link'] {
  if (entry && !entry.fromReplay) return entry.fromPriorSession ? 'prior-session' : 'session';
  return r.responseTimeWall !== undefined || entry !== undefined ? 'response-time' : 'none';
}

/** A plain verdict (see CacheVerdictData); the analysis fills in the rest as it goes. */
type Verdict = CacheVerdictData;

function newVerdict(r: NetworkRequest, key: string, load: LoadInfo, reason: CacheReason): Verdict {
  return {
    id: r.id,
    url: r.url,
    key,
    method: r.method,
    source: r.source,
    reason,
    load: load.page
      ? { pageIndex: load.pageIndex, pageId: load.page.id, kind: load.kind, isMainDocument: load.isMainDocument, bypass: load.bypass }
      : { pageIndex: load.pageIndex, kind: load.kind, isMainDocument: load.isMainDocument, bypass: load.bypass },
    link: 'none',
    conditionals: [],
    bytesSavedEstimated: false,
    advice: [],
  };
}

/** The first header named in Vary whose value differs between the stored request and this one (raw headers only). */
function varyMismatchOf(entry: StoredEntry, r: NetworkRequest, reqH: HeaderMap): ExplainInput['varyMismatch'] {
  if (!entry.requestHeadersRaw || !r.requestHeadersRaw) return undefined;
  for (const name of varyNames(entry.headers.vary)) {
    if (name === '*') continue;
    if (entry.requestHeaders[name] !== reqH[name]) return { name, stored: entry.requestHeaders[name], now: reqH[name] };
  }
  return undefined;
}

class Analyser {
  readonly entries: StoredEntries;
  readonly verdicts = new Map<string, CacheVerdictData>();

  constructor(
    private readonly loads: LoadIndex,
    prior: AnalyseOptions['prior'],
  ) {
    this.entries = new StoredEntries(prior);
  }

  run(r: NetworkRequest): CacheVerdictData {
    const key = cacheKey(r);
    const load = this.loads.loadOf(r);
    if (key === undefined) return this.simple(r, r.url, load, 'not-http');
    switch (r.source) {
      case 'memory-cache':
      case 'disk-cache':
        return this.hit(r, key, load);
      case 'prefetch-cache':
        return this.simple(r, key, load, 'prefetch');
      case 'revalidated':
        return this.revalidation(r, key, load);
      case 'network':
        return this.full(r, key, load);
      case 'service-worker':
        return this.simple(r, key, load, r.serviceWorkerResponseSource === 'cache-storage' ? 'cache-storage' : 'service-worker');
      case 'early-hints':
        return this.simple(r, key, load, 'early-hints');
      case 'pending':
        return this.simple(r, key, load, 'pending');
      case 'failed':
        return this.simple(r, key, load, 'failed');
    }
  }

  /**
   * The facts of a stored entry as a later full response of its URL finds it. They depend on the
   * entry alone (its key holds the method), and one entry meets every later load of its URL, so
   * they are worked out once per entry; the verdicts share them (plain data, read only).
   */
  private previousFacts(entry: StoredEntry, method: string): ResponseFacts {
    if (entry.facts === undefined) {
      const policy = certainlyUnstorable(method, entry.requestHeaders, entry.headers) ? undefined : policyOf(entry);
      entry.facts = facts(policy, method, entry.status, entry.requestHeaders, entry.headers, entry.decodedBodyBytes, entry.storedBy !== undefined && hasCertificateError(entry.storedBy));
    }
    return entry.facts;
  }

  /** The sentences are not written here: only what they are written from is kept, as plain data. */
  private finish(v: Verdict, advice: CacheVerdictData['advice'], previous?: ExplainInput['previous'], varyMismatch?: ExplainInput['varyMismatch']): CacheVerdictData {
    v.advice = advice;
    if (previous) v.previous = previous;
    if (varyMismatch) v.varyMismatch = varyMismatch;
    return v;
  }

  private simple(r: NetworkRequest, key: string, load: LoadInfo, reason: CacheReason): CacheVerdictData {
    const v = newVerdict(r, key, load, reason);
    if (reason === 'prefetch' && r.decodedBodySize > 0) {
      v.bytesSaved = r.decodedBodySize;
      v.bytesSavedEstimated = true;
    }
    return this.finish(v, []);
  }

  /** A memory, disk or prefetch cache hit: the stored response was used without asking the server. */
  private hit(r: NetworkRequest, key: string, load: LoadInfo): CacheVerdictData {
    const v = newVerdict(r, key, load, 'fresh');
    const entry = this.entries.before(key, r.issuedWall);
    const reqH = headerMap(r.requestHeaders);
    // The hit replays the stored response: its headers are the stored ones (a 304's fields merged in).
    const resH = r.responseHeaders.length > 0 ? headerMap(r.responseHeaders) : (entry?.headers ?? {});
    // The latest receive time known: a 304 in the session refreshes the entry after the replayed responseTime.
    let received = r.responseTimeWall;
    if (entry && (received === undefined || entry.receivedWall > received)) received = entry.receivedWall;
    const status = r.status ?? entry?.status ?? 200;
    const storingReq = entry?.requestHeaders ?? reqH;
    v.link = linkOf(entry, r);
    if (entry?.storedBy) v.storedBy = entry.storedBy.id;
    if (entry?.refreshedBy) v.refreshedBy = entry.refreshedBy.id;
    if (received === undefined) {
      const policy = policyFor(r.url, r.method, storingReq, status, resH, r.issuedWall);
      v.response = facts(policy, r.method, status, storingReq, resH, r.decodedBodySize);
      v.reason = 'hit-unknown-age';
    } else {
      v.storedWall = received;
      const policy = policyFor(r.url, r.method, storingReq, status, resH, received);
      v.response = facts(policy, r.method, status, storingReq, resH, r.decodedBodySize);
      const requestWall = entry && !entry.fromReplay && entry.receivedWall === received ? entry.requestWall : undefined;
      v.age = ageAt(policy, resH, received, requestWall, r.issuedWall);
      v.fresh = isFresh(v.response.lifetime, v.age);
      if (!v.fresh) {
        const sameDocument = r.source === 'memory-cache' && entry?.storedBy?.loaderId !== undefined && entry.storedBy.loaderId === r.loaderId;
        v.reason = sameDocument ? 'same-document' : 'stale-hit';
      }
      if (!entry) {
        // Known only from this replay: later uses of the URL can link to it.
        this.entries.put({
          key, storable: true, policy, status, headers: resH, requestHeaders: reqH, requestHeadersRaw: false, receivedWall: received,
          fromPriorSession: false, fromReplay: true, decodedBodyBytes: r.decodedBodySize,
        });
      }
    }
    if (entry && !entry.fromReplay && entry.transferBytes !== undefined) v.bytesSaved = entry.transferBytes;
    else {
      v.bytesSaved = r.decodedBodySize;
      v.bytesSavedEstimated = true;
    }
    return this.finish(v, responseAdvice(r, v.response, r.decodedBodySize));
  }

  /** A conditional request answered 304: why it was checked, what matched, what the body saved. */
  private revalidation(r: NetworkRequest, key: string, load: LoadInfo): CacheVerdictData {
    const v = newVerdict(r, key, load, 'revalidated-unknown');
    const entry = this.entries.before(key, r.issuedWall);
    const reqH = headerMap(r.requestHeaders);
    const h304 = headerMap(r.responseHeaders);
    v.conditionals = conditionalsOf(r, reqH);
    v.link = !entry ? 'none' : entry.fromPriorSession ? 'prior-session' : entry.fromReplay ? 'response-time' : 'session';
    if (entry?.storedBy) v.storedBy = entry.storedBy.id;
    if (entry?.refreshedBy) v.refreshedBy = entry.refreshedBy.id;
    const received = receivedWallOf(r);

    let storedPolicy: Policy;
    let storedHeaders: HeaderMap;
    if (entry) {
      v.storedWall = entry.receivedWall;
      storedPolicy = policyOf(entry);
      storedHeaders = entry.headers;
      v.response = facts(storedPolicy, r.method, entry.status, entry.requestHeaders, entry.headers, entry.decodedBodyBytes);
      v.age = ageAt(storedPolicy, entry.headers, entry.receivedWall, entry.requestWall, r.issuedWall);
      v.fresh = isFresh(v.response.lifetime, v.age);
    } else {
      // Without the stored response, the 304's own header fields are the best evidence of its rules.
      storedPolicy = policyFor(r.url, r.method, reqH, 200, h304, received);
      storedHeaders = h304;
      v.response = facts(storedPolicy, r.method, 200, reqH, h304, r.decodedBodySize);
    }
    const f = v.response;
    if (load.isMainDocument && load.validate && load.kind === 'reload') v.reason = 'reload-main-document';
    else if (load.validate) v.reason = 'request-validate';
    else if (f.noCache) v.reason = 'no-cache';
    else if (v.fresh === false) v.reason = 'expired';
    else v.reason = 'revalidated-unknown';

    // What matched: the validator sent against the stored one.
    const inm = reqH['if-none-match'];
    const ims = reqH['if-modified-since'];
    const etag = storedHeaders.etag ?? h304.etag;
    const lm = storedHeaders['last-modified'] ?? h304['last-modified'];
    if (r.requestHeadersRaw && inm !== undefined && etag !== undefined && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.trim().replace(/^W\//, ''))) v.matched = codeSpan(`ETag: ${etag}`);
    else if (r.requestHeadersRaw && ims !== undefined && lm !== undefined && ims === lm) v.matched = codeSpan(`Last-Modified: ${lm}`);

    // The body came from the cache: what a full download of it would have cost.
    if (entry && !entry.fromReplay && entry.encodedBodyBytes !== undefined) v.bytesSaved = entry.encodedBodyBytes;
    else {
      v.bytesSaved = r.decodedBodySize;
      v.bytesSavedEstimated = true;
    }

    // The 304 refreshes the stored response (RFC 9111 §4.3.4): its fields replace the stored ones.
    const merged = revalidated(storedPolicy, r.url, r.method, reqH, h304, received);
    this.entries.put({
      key,
      storable: true,
      policy: merged.policy,
      status: entry?.status ?? 200,
      headers: merged.policy.toObject().resh as HeaderMap,
      requestHeaders: reqH,
      requestHeadersRaw: r.requestHeadersRaw,
      receivedWall: received,
      requestWall: r.issuedWall,
      ...(entry?.storedBy ? { storedBy: entry.storedBy } : {}),
      refreshedBy: r,
      fromPriorSession: false,
      fromReplay: entry?.fromReplay ?? true,
      ...(entry?.transferBytes !== undefined ? { transferBytes: entry.transferBytes } : {}),
      ...(entry?.encodedBodyBytes !== undefined ? { encodedBodyBytes: entry.encodedBodyBytes } : {}),
      decodedBodyBytes: entry?.decodedBodyBytes ?? r.decodedBodySize,
    });
    return this.finish(v, responseAdvice(r, f, f.decodedBytes));
  }

  /** A full response from the server: why the cache did not answer, and what it will store. */
  private full(r: NetworkRequest, key: string, load: LoadInfo): CacheVerdictData {
    const v = newVerdict(r, key, load, 'first-load');
    const entry = this.entries.before(key, r.issuedWall);
    const reqH = headerMap(r.requestHeaders);
    const resH = headerMap(r.responseHeaders);
    v.conditionals = conditionalsOf(r, reqH);
    const status = r.status ?? 200;
    let previous: ExplainInput['previous'];
    let varyMismatch: ExplainInput['varyMismatch'];
    if (entry) {
      const pf = this.previousFacts(entry, r.method);
      let age: Age | undefined;
      let fresh: boolean | undefined;
      if (entry.storable) {
        age = ageAt(policyOf(entry), entry.headers, entry.receivedWall, entry.requestWall, r.issuedWall);
        fresh = isFresh(pf.lifetime, age);
      }
      previous = { facts: pf, ...(age ? { age } : {}), ...(fresh !== undefined ? { fresh } : {}) };
      v.link = entry.fromPriorSession ? 'prior-session' : entry.fromReplay ? 'response-time' : 'session';
      if (entry.storedBy) v.storedBy = entry.storedBy.id;
      v.storedWall = entry.receivedWall;
    }
    if (v.conditionals.length > 0) v.reason = 'changed';
    else if (load.bypass) v.reason = 'bypass';
    else if (r.method !== 'GET' && r.method !== 'HEAD') v.reason = 'not-cacheable-method';
    else if (!entry || !previous) v.reason = 'first-load';
    else if (!entry.storable) v.reason = 'not-stored';
    else if ((varyMismatch = varyMismatchOf(entry, r, reqH))) v.reason = 'vary-mismatch';
    else if (previous.fresh === false && previous.facts.etag === undefined && previous.facts.lastModified === undefined) v.reason = 'stale-no-validator';
    else v.reason = 'unexplained';

    const received = receivedWallOf(r);
    // No policy for a response the library would certainly not store: the entry builds it only if
    // a later 304 or hit reads it (the same policy, at the same recorded time, as built here).
    const policy = certainlyUnstorable(r.method, reqH, resH) ? undefined : policyFor(r.url, r.method, reqH, status, resH, received);
    v.response = facts(policy, r.method, status, reqH, resH, r.decodedBodySize, hasCertificateError(r));
    // What the browser keeps from now on: this response, or nothing (a response it may not store
    // replaces the old entry: Chromium dooms it).
    if (r.finished && !r.failure) {
      const url = r.url;
      const method = r.method;
      // A later load of the URL finds this entry with the facts just worked out: previousFacts
      // would call facts() with these same arguments (the entry's policy, status, headers, body
      // size and certificate error are this response's).
      const stored: StoredEntry = {
        key,
        storable: v.response.storability.storable,
        policy,
        makePolicy: () => policyFor(url, method, reqH, status, resH, received),
        facts: v.response,
        status,
        headers: resH,
        requestHeaders: reqH,
        requestHeadersRaw: r.requestHeadersRaw,
        receivedWall: received,
        requestWall: r.issuedWall,
        storedBy: r,
        fromPriorSession: false,
        fromReplay: false,
        transferBytes: r.transferSize,
        encodedBodyBytes: r.encodedBodySize,
        decodedBodyBytes: r.decodedBodySize,
      };
      this.entries.put(stored);
    }
    return this.finish(v, responseAdvice(r, v.response, r.decodedBodySize), previous, varyMismatch);
  }
}

function emptyTotal(): SourceTotal {
  return { requests: 0, bytes: 0 };
}

const SOURCES: ResponseSource[] = ['network', 'revalidated', 'memory-cache', 'disk-cache', 'prefetch-cache', 'service-worker', 'early-hints', 'pending', 'failed'];

function totalsOf(requests: readonly NetworkRequest[], verdicts: ReadonlyMap<string, CacheVerdictData>): CacheTotals {
  const bySource = Object.fromEntries(SOURCES.map((s) => [s, emptyTotal()])) as Record<ResponseSource, SourceTotal>;
  const totals: CacheTotals = { requests: 0, bySource, fromCache: emptyTotal(), revalidated: { ...emptyTotal(), bodyBytes: 0 }, network: emptyTotal(), bytesSaved: 0 };
  for (const r of requests) {
    const v = verdicts.get(r.id);
    if (!v || v.reason === 'not-http') continue;
    totals.requests++;
    const cached = r.source === 'memory-cache' || r.source === 'disk-cache' || r.source === 'prefetch-cache' || v.reason === 'cache-storage';
    const b = cached ? r.decodedBodySize : (r.transferSize ?? 0);
    bySource[r.source].requests++;
    bySource[r.source].bytes += b;
    if (cached) {
      totals.fromCache.requests++;
      totals.fromCache.bytes += b;
    } else if (r.source === 'revalidated') {
      totals.revalidated.requests++;
      totals.revalidated.bytes += b;
      totals.revalidated.bodyBytes += r.decodedBodySize;
    } else if (r.source === 'network') {
      totals.network.requests++;
      totals.network.bytes += b;
    }
    totals.bytesSaved += v.bytesSaved ?? 0;
  }
  return totals;
}

function rowsOf(requests: readonly NetworkRequest[], verdicts: ReadonlyMap<string, CacheVerdictData>): CacheUrlRow<CacheVerdictData>[] {
  const byKey = new Map<string, CacheUrlRow<CacheVerdictData>>();
  const rows: CacheUrlRow<CacheVerdictData>[] = [];
  for (const r of requests) {
    const v = verdicts.get(r.id);
    if (!v || v.reason === 'not-http') continue;
    let row = byKey.get(v.key);
    if (!row) {
      row = { key: v.key, url: v.url.split('#')[0]!, method: v.method, loads: [], advice: [], fromCache: 0, revalidated: 0, network: 0 };
      byKey.set(v.key, row);
      rows.push(row);
    }
    row.loads.push(v);
    if (v.response) row.response = v.response;
    if (v.age && (v.source === 'memory-cache' || v.source === 'disk-cache' || v.source === 'revalidated')) row.lastAge = v.age.currentAge;
    if (v.source === 'memory-cache' || v.source === 'disk-cache' || v.source === 'prefetch-cache' || v.reason === 'cache-storage') row.fromCache++;
    else if (v.source === 'revalidated') row.revalidated++;
    else if (v.source === 'network') row.network++;
  }
  for (const row of rows) {
    const seen = new Set<string>();
    for (const a of [...row.loads.flatMap((v) => v.advice), ...urlAdvice(row.loads)]) {
      if (seen.has(a.text)) continue;
      seen.add(a.text);
      row.advice.push(a);
    }
  }
  return rows;
}

function verdictsOf(requests: readonly NetworkRequest[], pages: readonly PageRecord[], options: AnalyseOptions): { analyser: Analyser; loads: LoadIndex } {
  const loads = new LoadIndex(pages, requests);
  const analyser = new Analyser(loads, options.prior);
  for (const r of requests) analyser.verdicts.set(r.id, analyser.run(r));
  return { analyser, loads };
}

function run(requests: readonly NetworkRequest[], pages: readonly PageRecord[], options: AnalyseOptions): { data: CacheAnalysisData; entries: ReadonlyMap<string, readonly StoredEntry[]> } {
  const { analyser, loads } = verdictsOf(requests, pages, options);
  const cachePages: CachePage[] = pages.map((p, index) => ({ index, id: p.id, url: p.url, kind: loads.kindOfPage(index) }));
  return {
    data: {
      verdicts: analyser.verdicts,
      rows: rowsOf(requests, analyser.verdicts),
      totals: totalsOf(requests, analyser.verdicts),
      pages: cachePages,
    },
    entries: analyser.entries.snapshot(),
  };
}

/** Analyses a session's requests (as the recorder lists them) and pages, as plain data (see CacheVerdictData). */
export function analyseCacheData(requests: readonly NetworkRequest[], pages: readonly PageRecord[], options: AnalyseOptions = {}): CacheAnalysisData {
  return run(requests, pages, options).data;
}

/**
 * The verdict of every request alone, as plain data: no rows per URL, no totals, no cache snapshot
 * (what a HAR export needs; a third less work than analyseCacheData on a large session).
 */
export function analyseCacheVerdicts(requests: readonly NetworkRequest[], pages: readonly PageRecord[], options: AnalyseOptions = {}): ReadonlyMap<string, CacheVerdictData> {
  return verdictsOf(requests, pages, options).analyser.verdicts;
}

/**
 * Each request's verdict handed to `fn` as soon as it is made, in the requests' order, and none
 * kept: for a caller that keeps only a little of each (a HAR export keeps its headline and a few
 * figures), so the verdicts die young instead of being copied by every collection while a map
 * holds all of them. The same verdicts as analyseCacheVerdicts.
 */
export function eachCacheVerdict(requests: readonly NetworkRequest[], pages: readonly PageRecord[], fn: (v: CacheVerdictData, r: NetworkRequest) => void, options: AnalyseOptions = {}): void {
  const analyser = new Analyser(new LoadIndex(pages, requests), options.prior);
  for (const r of requests) fn(analyser.run(r), r);
}

/** A verdict with its sentences, written when first read. */
export function withWords(v: CacheVerdictData, r: NetworkRequest | undefined): CacheVerdict {
  let words: { headline: string; why: string[] } | undefined;
  const get = () => (words ??= r ? cacheWords(v, r) : { headline: '', why: [] });
  return {
    ...v,
    get headline() {
      return get().headline;
    },
    get why() {
      return get().why;
    },
  };
}

/** Plain cache data with sentences on every verdict, for callers that hold the records the data came from. */
export function worded(data: CacheAnalysisData, requestOf: (id: string) => NetworkRequest | undefined): CacheAnalysis {
  const done = new Map<CacheVerdictData, CacheVerdict>();
  const w = (v: CacheVerdictData): CacheVerdict => {
    let x = done.get(v);
    if (x === undefined) done.set(v, (x = withWords(v, requestOf(v.id))));
    return x;
  };
  const verdicts = new Map<string, CacheVerdict>();
  for (const [id, v] of data.verdicts) verdicts.set(id, w(v));
  return { verdicts, rows: data.rows.map((row) => ({ ...row, loads: row.loads.map(w) })), totals: data.totals, pages: data.pages };
}

/** Analyses a session's requests and pages, with sentences on every verdict and the cache it ends with (for Compare). */
export function analyseCache(requests: readonly NetworkRequest[], pages: readonly PageRecord[], options: AnalyseOptions = {}): CacheAnalysisResult {
  const { data, entries } = run(requests, pages, options);
  const byId = new Map<string, NetworkRequest>();
  for (const r of requests) byId.set(r.id, r);
  return { ...worded(data, (id) => byId.get(id)), entries };
}
