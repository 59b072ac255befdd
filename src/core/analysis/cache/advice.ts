// Advice where the headers cost the page something: each rule names the header to change.
import type { NetworkRequest } from '../../records.ts';
import { codeSpan, formatBytes, formatSeconds } from '../../format/index.ts';
import type { Advice, CacheVerdictData, ResponseFacts } from './types.ts';

/** A year: what a content-hashed URL can be cached for. */
const YEAR_SECONDS = 31_536_000;
/** A day: shorter than this is a short lifetime for a content-hashed URL. */
const DAY_SECONDS = 86_400;
/** From this body size (bytes) a resource without a validator is worth a word. */
export const LARGE_BYTES = 100 * 1024;

const STATIC_TYPES = new Set(['Script', 'Stylesheet', 'Image', 'Font', 'Media']);
const STATIC_EXT = /\.(?:m?js|css|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|wasm|mp4|webm|mp3)$/i;

/** A content hash in the file name (app.3f2a9c1b.js, chunk-5FQ2ZK3P.css) or a `?v=` / `?h=` hash. */
export function contentHash(url: string): string | undefined {
  const q = url.indexOf('?');
  const h = url.indexOf('#');
  const end = q >= 0 ? q : h >= 0 ? h : url.length;
  const path = url.slice(0, end);
  const file = path.slice(path.lastIndexOf('/') + 1);
  const m = fileNameHash(file);
  // A hash mixes digits and letters (a plain word like "settings" is not one).
  if (m && /\d/.test(m) && /[a-z]/i.test(m)) return m;
  if (q < 0) return undefined;
  const v = /[?&](?:v|h|hash|version)=([0-9a-f]{8,})(?:&|#|$)/i.exec(url.slice(q));
  return v?.[1];
}

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * What `/[._-]([0-9A-Za-z_]{8,})\.[a-z0-9]+$/i` captures in a file name, found by scanning back
 * from the extension: the regex took quadratic time on a long run of underscores (a URL is
 * recorded text), this takes linear time and finds the same leftmost match.
 */
export function fileNameHash(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0 || dot === file.length - 1) return undefined;
  for (let i = dot + 1; i < file.length; i++) {
    const c = file.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return undefined;
  }
  let start = dot;
  while (start > 0 && isWordChar(file.charCodeAt(start - 1))) start--;
  // The leftmost separator: the one before the run ("." or "-"), else an underscore inside it.
  const before = start > 0 ? file[start - 1] : undefined;
  if ((before === '.' || before === '-') && dot - start >= 8) return file.slice(start, dot);
  for (let i = start; i < dot - 8; i++) if (file[i] === '_') return file.slice(i + 1, dot);
  return undefined;
}

/** The path of a URL without query or fragment. */
function pathOf(url: string): string {
  const start = url.indexOf('//');
  const slash = url.indexOf('/', start < 0 ? 0 : start + 2);
  if (slash < 0) return '/';
  const q = url.indexOf('?', slash);
  const h = url.indexOf('#', slash);
  const end = q >= 0 ? q : h >= 0 ? h : url.length;
  return url.slice(slash, end);
}

function isStatic(r: NetworkRequest): boolean {
  if (r.resourceType !== undefined && STATIC_TYPES.has(r.resourceType)) return true;
  return STATIC_EXT.test(pathOf(r.url));
}

/** Advice about one response's own headers (what a full response will be stored with, or what a hit used). */
export function responseAdvice(r: NetworkRequest, facts: ResponseFacts, bodyBytes: number | undefined): Advice[] {
  const out: Advice[] = [];
  const hash = contentHash(r.url);
  if (hash !== undefined && facts.storability.storable && facts.lifetime.seconds < DAY_SECONDS) {
    const now = facts.noCache ? codeSpan('no-cache') : facts.lifetime.seconds > 0 ? `a lifetime of ${formatSeconds(facts.lifetime.seconds)}` : 'no lifetime';
    out.push({
      code: 'hashed-short-lifetime',
      text: `This URL looks content-hashed (${codeSpan(hash)}): a new version gets a new URL, so it can be cached for a year with ${codeSpan(`Cache-Control: max-age=${YEAR_SECONDS}, immutable`)} instead of ${now}.`,
    });
  }
  if (bodyBytes !== undefined && bodyBytes >= LARGE_BYTES && facts.storability.storable && facts.etag === undefined && facts.lastModified === undefined) {
    out.push({
      code: 'large-no-validator',
      text: `${formatBytes(bodyBytes)} and no validator: once stale it is downloaded in full again. An ${codeSpan('ETag')} (or ${codeSpan('Last-Modified')}) would let the browser check it with a 304 that carries headers only.`,
    });
  }
  if (facts.noStore && isStatic(r)) {
    out.push({
      code: 'no-store-static',
      text: `${codeSpan('no-store')} on a static file: every load downloads it in full. ${codeSpan('no-cache')} with an ${codeSpan('ETag')} checks it for the cost of a 304, and a lifetime (${codeSpan('max-age')}) avoids the request altogether.`,
    });
  }
  if (facts.vary.includes('*')) {
    out.push({ code: 'vary-defeats-cache', text: `${codeSpan('Vary: *')} never matches a later request, so the stored copy is never reused: name the request headers that really change the response instead.` });
  } else if (facts.vary.includes('cookie')) {
    out.push({ code: 'vary-defeats-cache', text: `${codeSpan('Vary: Cookie')}: any cookie change (analytics, sessions) makes the stored copy unusable. Vary on a header that says only what changes the response.` });
  }
  return out;
}

/** Advice about a URL over the whole session: revalidated again and again, always 304. */
export function urlAdvice(loads: readonly CacheVerdictData[]): Advice[] {
  const out: Advice[] = [];
  let revalidations = 0;
  let changed = 0;
  let reloadOnly = true;
  for (const v of loads) {
    if (v.reason === 'changed') changed++;
    if (v.source === 'revalidated') {
      revalidations++;
      if (v.reason !== 'reload-main-document' && v.reason !== 'request-validate') reloadOnly = false;
    }
  }
  if (revalidations >= 2 && changed === 0 && !reloadOnly) {
    out.push({
      code: 'always-revalidated',
      text: `Revalidated ${revalidations} times in this session and every answer was 304 (it never changed). A lifetime (${codeSpan('max-age')}) would serve it with no request at all; if it must update at once, put a content hash in its URL and cache it for long.`,
    });
  }
  const mismatch = loads.find((v) => v.reason === 'vary-mismatch');
  if (mismatch) out.push({ code: 'vary-defeats-cache', text: `Its ${codeSpan('Vary')} header made a load miss the cache: the named request header differed between loads. Vary only on headers that really change the response.` });
  return out;
}
