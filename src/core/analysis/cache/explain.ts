// The explanation of one verdict in words: a headline (the outcome and its main reason, as in
// "From disk cache: fresh for 3,600 s (`max-age=3600`), 120 s old when used.") and the reasoning
// behind it, one point per sentence, each naming the header or protocol fact it rests on.
import type { NetworkRequest } from '../../records.ts';
import type { Age } from './freshness.ts';
import { NOTABLE_SKEW_SECONDS } from './freshness.ts';
import { codeSpan, formatBytes, formatClock, formatSeconds } from '../../format/index.ts';
import type { CacheVerdictData, ResponseFacts } from './types.ts';

export interface ExplainInput {
  r: NetworkRequest;
  /** The verdict (plain data). */
  v: CacheVerdictData;
  /** For a full response: the stored copy it did not use, and its age and freshness then. */
  previous?: CacheVerdictData['previous'];
  /** For a Vary miss: the header, and its value when stored and now. */
  varyMismatch?: CacheVerdictData['varyMismatch'];
}

/** A verdict's sentences, from the plain verdict and its request. */
export function cacheWords(v: CacheVerdictData, r: NetworkRequest): { headline: string; why: string[] } {
  return explain({ r, v, ...(v.previous ? { previous: v.previous } : {}), ...(v.varyMismatch ? { varyMismatch: v.varyMismatch } : {}) });
}

/** The one-line headline alone (what a HAR entry carries), without writing the sentences of `why`. */
export function cacheHeadline(v: CacheVerdictData, r: NetworkRequest): string {
  return headline({ r, v, ...(v.previous ? { previous: v.previous } : {}), ...(v.varyMismatch ? { varyMismatch: v.varyMismatch } : {}) });
}

const WHERE: Record<string, string> = {
  'memory-cache': 'memory cache',
  'disk-cache': 'disk cache',
  'prefetch-cache': 'prefetch cache',
};

/** "fresh for 600 s (`max-age=600`)". */
function freshFor(f: ResponseFacts): string {
  const l = f.lifetime;
  switch (l.basis) {
    case 'max-age':
      return `fresh for ${formatSeconds(l.seconds, { rough: false })} (${codeSpan(l.source ?? 'max-age')})`;
    case 'expires':
      return `fresh for ${formatSeconds(l.seconds, { rough: false })} (${codeSpan('Expires')} − ${codeSpan('Date')})`;
    case 'heuristic':
      return `fresh for ${formatSeconds(l.seconds)} by the heuristic (10% of the time since ${codeSpan('Last-Modified')})`;
    case 'no-cache':
      return `never fresh (${codeSpan('no-cache')})`;
    case 'expires-past':
      return `never fresh (${codeSpan('Expires')} not after ${codeSpan('Date')})`;
    case 'not-storable':
      return 'never fresh (not storable)';
    case 'vary-star':
      return `never fresh (${codeSpan('Vary: *')})`;
    default:
      return 'never fresh (no lifetime)';
  }
}

/** "0.4 s old when used" or "" when the age is unknown. */
function oldWhen(age: Age | undefined, when: 'used' | 'requested'): string {
  return age === undefined ? '' : `${formatSeconds(age.currentAge, { rough: false })} old when ${when}`;
}

function conditionalText(v: CacheVerdictData): string {
  if (v.conditionals.length === 0) return '';
  return v.conditionals.map((c) => codeSpan(`${c.name}: ${c.value}`)).join(' and ');
}

function headline(input: ExplainInput): string {
  const { r, v, previous } = input;
  const f = v.response;
  const status = r.status ?? 200;
  switch (v.reason) {
    case 'fresh': {
      const where = WHERE[v.source] ?? 'cache';
      const old = oldWhen(v.age, 'used');
      return `From ${where}: ${f ? freshFor(f) : 'fresh'}${old ? `, ${old}` : '; how long it had been stored is unknown'}.`;
    }
    case 'same-document':
      return `From memory cache: reused within the document that loaded it, which Blink does without checking freshness (by its headers it was stale: ${f ? freshFor(f) : 'no lifetime'}${v.age ? `, ${oldWhen(v.age, 'used')}` : ''}).`;
    case 'stale-hit':
      return `From ${WHERE[v.source] ?? 'cache'}, although by its headers it was stale: ${f ? freshFor(f) : 'no lifetime'}, ${oldWhen(v.age, 'used')}.`;
    case 'hit-unknown-age':
      return `From ${WHERE[v.source] ?? 'cache'}: ${f ? freshFor(f) : 'stored'}; how long it had been stored is unknown.`;
    case 'no-cache':
    case 'expired':
    case 'reload-main-document':
    case 'request-validate':
    case 'revalidated-unknown': {
      const why =
        v.reason === 'no-cache'
          ? `${codeSpan('no-cache')} requires a check`
          : v.reason === 'expired'
            ? `it had expired (${f ? freshFor(f) : 'no lifetime'}, ${oldWhen(v.age, 'requested') || 'age unknown'})`
            : v.reason === 'reload-main-document'
              ? `a normal reload revalidates the main document (Chrome sent ${codeSpan('Cache-Control: max-age=0')})`
              : v.reason === 'request-validate'
                ? `the request asked for a check (${codeSpan('Cache-Control: max-age=0')})`
                : '';
      const sent = conditionalText(v);
      const body = v.bytesSaved !== undefined ? `, ${formatBytes(v.bytesSaved)} body reused` : ', the stored body reused';
      return `Revalidated: ${why ? `${why}; ` : ''}${sent ? `sent ${sent}, ` : ''}the server answered 304${body}.`;
    }
    case 'changed':
      return `From the network (${status}): sent ${conditionalText(v) || 'a conditional request'}, but the server answered with a full response: the stored copy no longer matched, so the resource had changed.`;
    case 'first-load':
      return `From the network (${status}): the first load of this URL in this session, so there was nothing stored to reuse.`;
    case 'not-stored': {
      const why = previous?.facts.certificateError ? ' (a certificate error)' : previous?.facts.noStore ? ` (${codeSpan('no-store')})` : '';
      return `From the network (${status}): the previous response could not be stored${why}, so there was no copy to reuse.`;
    }
    case 'bypass':
      return v.load.kind === 'hard-reload'
        ? `From the network (${status}): a hard reload bypasses the cache (Chrome sent ${codeSpan('Cache-Control: no-cache')} and ${codeSpan('Pragma: no-cache')}).`
        : `From the network (${status}): the request asked to bypass the cache (${codeSpan('Cache-Control: no-cache')}).`;
    case 'stale-no-validator':
      return `From the network (${status}): the stored copy had expired (${previous ? freshFor(previous.facts) : 'no lifetime'}${previous?.age ? `, ${oldWhen(previous.age, 'requested')}` : ''}) and had no validator (${codeSpan('ETag')} or ${codeSpan('Last-Modified')}) to check it with, so it was downloaded in full.`;
    case 'vary-mismatch': {
      const m = input.varyMismatch;
      return `From the network (${status}): the stored copy was for another ${codeSpan(m?.name ?? 'header')} (${codeSpan(`Vary: ${m?.name ?? ''}`)}), and this request sent a different one.`;
    }
    case 'unexplained':
      return previous?.fresh
        ? `From the network (${status}): a stored copy was still fresh by its headers (${freshFor(previous.facts)}${previous.age ? `, ${oldWhen(previous.age, 'requested')}` : ''}), yet the browser downloaded it again.`
        : `From the network (${status}): a stored copy existed, yet the browser downloaded it in full without a conditional request.`;
    case 'not-cacheable-method':
      return `From the network (${status}): ${codeSpan(r.method)} requests are not answered from the HTTP cache.`;
    case 'cache-storage':
      return `Answered by the service worker from Cache Storage${r.cacheStorageCacheName ? ` (cache ${codeSpan(r.cacheStorageCacheName)})` : ''}: the HTTP cache rules do not apply, the worker decides.`;
    case 'service-worker': {
      const how = r.serviceWorkerResponseSource;
      if (how === 'http-cache') return 'Answered by the service worker, whose own fetch() was served by the HTTP cache.';
      if (how === 'network') return 'Answered by the service worker, whose own fetch() went to the network.';
      if (how === 'fallback-code') return "Answered by the service worker's own code (a response it built).";
      return 'Answered by the service worker.';
    }
    case 'prefetch':
      return 'From the prefetch cache: fetched earlier by a prefetch (a <link rel=prefetch> or a speculation rule) and used here.';
    case 'early-hints':
      return 'Preloaded by a 103 Early Hints response, before the page’s own response arrived.';
    case 'pending':
      return 'No response yet: no cache verdict.';
    case 'failed':
      return `The request failed (${r.failure?.errorText ?? 'no reason given'}): no cache verdict.`;
    case 'not-http':
      return 'Not an HTTP request (data:, blob:, WebSocket…): no HTTP cache involved.';
  }
}

function lifetimeSentence(f: ResponseFacts): string | undefined {
  const l = f.lifetime;
  switch (l.basis) {
    case 'max-age':
      return `Freshness lifetime: ${formatSeconds(l.seconds)} from ${codeSpan(l.source ?? 'max-age')}.`;
    case 'expires':
      return `Freshness lifetime: ${formatSeconds(l.seconds)} = ${codeSpan('Expires')} − ${codeSpan('Date')} (no ${codeSpan('max-age')}); both are the server's clock, so a skewed clock does not change it.`;
    case 'expires-past':
      return `${codeSpan(l.source ?? 'Expires')} is not a date after ${codeSpan('Date')}: it was already expired when stored.`;
    case 'heuristic':
      return `No ${codeSpan('max-age')} or ${codeSpan('Expires')}, so the lifetime is a heuristic: 10% of the ${formatSeconds(l.intervalSeconds ?? l.seconds * 10)} between ${codeSpan('Last-Modified')} and ${codeSpan('Date')} = ${formatSeconds(l.seconds)} (RFC 9111 §4.2.2; Chrome uses 10%).`;
    case 'none':
      return `No ${codeSpan('max-age')}, ${codeSpan('Expires')} or ${codeSpan('Last-Modified')}: no freshness lifetime, so it is stale as soon as it is stored.`;
    case 'no-cache':
      return `${codeSpan('no-cache')}: it may be stored, but every use must be revalidated with the server first.`;
    default:
      return undefined;
  }
}

function ageSentences(age: Age, when: 'used' | 'requested'): string[] {
  const out: string[] = [];
  out.push(`Age when ${when}: ${formatSeconds(age.currentAge)} = ${formatSeconds(age.initialAge)} old on arrival + ${formatSeconds(age.residentTime)} in the cache.`);
  if (age.ageHeader > 0) out.push(`${codeSpan(`Age: ${age.ageHeader}`)}: a cache upstream had already held it for ${formatSeconds(age.ageHeader)} before it arrived.`);
  if (age.dateSkew !== undefined && age.dateSkew >= NOTABLE_SKEW_SECONDS) {
    out.push(`The server's ${codeSpan('Date')} was ${formatSeconds(age.dateSkew)} behind the time the browser received it: RFC 9111 §4.2.3 counts that as apparent age (Chrome does too), so it arrived ${formatSeconds(age.initialAge)} old.`);
  } else if (age.dateSkew !== undefined && age.dateSkew <= -NOTABLE_SKEW_SECONDS) {
    out.push(`The server's ${codeSpan('Date')} was ${formatSeconds(-age.dateSkew)} ahead of the time the browser received it; an apparent age cannot be negative, so the skew neither aged nor rejuvenated it.`);
  }
  return out;
}

function linkSentence(v: CacheVerdictData): string | undefined {
  const when = v.storedWall !== undefined ? ` (received ${formatClock(v.storedWall)})` : '';
  switch (v.link) {
    case 'session':
      return `Stored by the full response of request ${codeSpan(v.storedBy ?? '?')}${when}${v.refreshedBy ? `, refreshed by the 304 of request ${codeSpan(v.refreshedBy)}` : ''}.`;
    case 'prior-session':
      return `Stored during the earlier session compared against${when}.`;
    case 'response-time':
      if (v.refreshedBy) return `The full response that stored it is not in this session; the 304 of request ${codeSpan(v.refreshedBy)} refreshed it${when}.`;
      return `The load that stored it is not in this session; its receive time${when} comes from the replayed response's ${codeSpan('responseTime')}.`;
    case 'none':
      return 'The load that stored it is not in this session, and its receive time is unknown, so its age cannot be told.';
  }
}

function validatorSentence(f: ResponseFacts): string {
  const list = [f.etag !== undefined ? codeSpan(`ETag: ${f.etag}`) : '', f.lastModified !== undefined ? codeSpan(`Last-Modified: ${f.lastModified}`) : ''].filter(Boolean);
  if (list.length === 0) return `No validator (${codeSpan('ETag')} or ${codeSpan('Last-Modified')}): once stale it can only be downloaded again in full.`;
  return `Validator${list.length > 1 ? 's' : ''}: ${list.join(' and ')}, so once stale it can be revalidated with a conditional request (a 304 carries headers only).`;
}

function varySentence(f: ResponseFacts): string | undefined {
  const names = f.vary.filter((n) => n !== '*');
  if (names.length === 0) return undefined;
  const list = names.map((n) => codeSpan(n)).join(', ');
  const sent = `${codeSpan(`Vary: ${names.join(', ')}`)}: the stored copy is used only for requests with the same ${list}.`;
  const harmless = names.every((n) => n === 'accept-encoding' || n === 'user-agent');
  return harmless ? `${sent} The browser sends the same value on every request, so it costs nothing here.` : sent;
}

function reloadSentence(v: CacheVerdictData): string | undefined {
  if (v.load.kind === 'reload' && !v.load.isMainDocument && (v.source === 'memory-cache' || v.source === 'disk-cache')) {
    return 'This load was a normal reload. Since 2017 Chrome revalidates only the main document on reload; subresources are used from the cache as on any navigation while they are fresh.';
  }
  if (v.load.kind === 'hard-reload' && v.reason !== 'bypass') return 'This load was a hard reload.';
  if (v.load.kind === 'back-forward' && (v.reason === 'stale-hit' || v.reason === 'fresh')) {
    return 'This was a back/forward navigation, for which Chrome prefers stored copies and uses them even when stale.';
  }
  return undefined;
}

function immutableSentence(v: CacheVerdictData): string {
  const base = `${codeSpan('immutable')} is present, but Chromium does not implement it (Firefox and Safari do: they reuse an immutable response without revalidating it, even on a normal reload).`;
  const hit = v.source === 'memory-cache' || v.source === 'disk-cache';
  if (hit && v.load.kind === 'reload') return `${base} Chrome reused it because it was fresh and, on a normal reload, Chrome revalidates only the main document (its policy since 2017), not because of ${codeSpan('immutable')}.`;
  if (hit) return `${base} Chrome reused it because it was fresh.`;
  if (v.reason === 'bypass') return `${base} A hard reload downloads it again in every browser.`;
  return base;
}

function sourceSentence(r: NetworkRequest, v: CacheVerdictData): string | undefined {
  if (v.source === 'memory-cache') return "The renderer's memory cache served it: no request reached the browser's network stack.";
  if (v.source !== 'disk-cache') return undefined;
  if (r.resourceType === 'Fetch' || r.resourceType === 'XHR') return `${codeSpan('fetch()')} and XHR never use the renderer's memory cache, so the fresh copy came from the HTTP (disk) cache.`;
  if (v.load.isMainDocument || r.resourceType === 'Document') return "A page's document is never kept in the memory cache; the HTTP (disk) cache served it.";
  return "The renderer's memory cache did not have it (another tab or renderer process, or it was dropped), so the HTTP (disk) cache served it.";
}

export function explain(input: ExplainInput): { headline: string; why: string[] } {
  const { r, v, previous } = input;
  const why: string[] = [];
  const push = (s: string | undefined) => {
    if (s) why.push(s);
  };
  const f = v.response;
  const isHit = v.source === 'memory-cache' || v.source === 'disk-cache' || v.source === 'prefetch-cache';
  const isRevalidation = v.source === 'revalidated';

  push(reloadSentence(v));
  if (isHit || isRevalidation) {
    push(sourceSentence(r, v));
    push(linkSentence(v));
    if (v.reason === 'same-document') push("Within one document Blink keeps each resource it loaded and hands it out again (a second <img> of the same URL, say) without asking the HTTP cache.");
    if (v.reason === 'stale-hit' && f?.lifetime.basis !== 'no-cache' && /stale-while-revalidate/i.test(f?.cacheControl ?? '')) push(`${codeSpan('stale-while-revalidate')} lets a stale copy be used while it is checked in the background.`);
    if (f) push(lifetimeSentence(f));
    if (f?.mustRevalidate) push(`${codeSpan('must-revalidate')}: once stale it must be revalidated, never served stale.`);
    if (v.age) for (const s of ageSentences(v.age, isHit ? 'used' : 'requested')) push(s);
    if (isRevalidation) {
      if (v.matched) push(`The validator matched: the request's ${conditionalText(v)} is the stored ${v.matched}, so the server answered 304 with headers only and the stored body was used.`);
      else if (v.conditionals.length === 0) push('The raw request headers were not reported, so the validator it sent is not known.');
      if (v.reason === 'revalidated-unknown' && v.link === 'none') push('The stored response is not in this session, so why the browser checked it cannot be told from its age.');
      if (v.reason === 'revalidated-unknown' && v.fresh === true) push('By its headers the stored copy was still fresh; the browser checked it anyway.');
    }
    if (isHit && v.bytesSaved !== undefined) {
      push(v.bytesSavedEstimated ? `Saved about ${formatBytes(v.bytesSaved)}: its body (the full download is not in this session).` : `Saved ${formatBytes(v.bytesSaved)}: the full response that stored it, headers included.`);
    }
  } else if (v.source === 'network') {
    if (previous && (v.reason === 'not-stored' || v.reason === 'stale-no-validator' || v.reason === 'unexplained' || v.reason === 'vary-mismatch')) {
      if (v.reason === 'not-stored') for (const s of previous.facts.storability.reasons) push(`Before: ${s}`);
      if (v.reason === 'unexplained') {
        push(r.requestHeadersRaw ? 'The session cannot show why: the entry may have been evicted, Chrome partitions its cache by top-level site, or the copy was still being written when this request started.' : 'The raw request headers were not reported, so whether it carried a validator is unknown.');
      }
      if (v.reason === 'vary-mismatch' && input.varyMismatch) {
        const m = input.varyMismatch;
        push(`Stored for ${codeSpan(`${m.name}: ${m.stored ?? '(none)'}`)}; this request sent ${codeSpan(`${m.name}: ${m.now ?? '(none)'}`)}.`);
      }
    }
    if (v.reason === 'first-load' && v.load.pageIndex >= 0) push('A cold load (an empty cache, or this URL never loaded before in this profile) looks exactly like this.');
    if (f) {
      if (!f.storability.storable) for (const s of f.storability.reasons) push(`This response will not be stored: ${s}`);
      else {
        push('This response can be stored for later loads.');
        for (const s of f.storability.reasons) push(s);
        push(lifetimeSentence(f));
      }
    }
  }
  if (f && (isHit || isRevalidation || (v.source === 'network' && f.storability.storable))) {
    // A 304 whose validator matched has said what the validator is.
    if (!v.matched) push(validatorSentence(f));
    push(varySentence(f));
  }
  if (f?.immutable) push(immutableSentence(v));
  return { headline: headline(input), why };
}
