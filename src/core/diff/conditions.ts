// Warnings when two recordings were made under different conditions, which makes their diff
// partly a diff of the conditions: the browser version (the side's `browser`, else the
// User-Agent the first request sent), the cache disabled (DevTools' "Disable cache" and a hard
// reload send `Cache-Control: no-cache` and `Pragma: no-cache` on every request), how each page
// load was started (navigation, reload, hard reload), the number of page loads, and every
// key of the sides' optional `conditions` that differs (throttling lives only there: the
// protocol's events do not say a page was throttled).
import type { NetworkRequest } from '../records.ts';
import type { SideState } from './facts.ts';
import { codeSpan } from './words.ts';

function header(r: NetworkRequest, name: string): string | undefined {
  for (const h of r.requestHeaders) if (h.name.toLowerCase() === name) return h.value;
  return undefined;
}

/** The browser and version a User-Agent names (`Chrome/156.0.1.2`, `HeadlessChrome/…`, `Firefox/…`). */
export function browserOfUserAgent(ua: string): string | undefined {
  // In the order that tells them apart: Edge and Opera also say Chrome; Chrome also says Safari.
  const tests: [RegExp, string][] = [[/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'], [/\bOPR\/(\d+)/, 'Opera'], [/\bFirefox\/(\d+)/, 'Firefox'], [/\b(?:HeadlessChrome|Chrome|Chromium|CriOS)\/(\d+)/, 'Chrome'], [/\bVersion\/(\d+)[^ ]* .*Safari\//, 'Safari']];
  for (const [re, name] of tests) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}`;
  }
  return undefined;
}

function browserOf(s: SideState): string | undefined {
  if (s.side.browser) {
    const fromName = browserOfUserAgent(s.side.browser.replace(/\s+(\d)/, '/$1'));
    if (fromName) return fromName;
  }
  for (const r of s.side.requests) {
    const ua = header(r, 'user-agent');
    if (ua) return browserOfUserAgent(ua);
  }
  return undefined;
}

/** Share of HTTP requests that went out with both `Cache-Control: no-cache` and `Pragma: no-cache`. */
function cacheBypassShare(s: SideState): number {
  let n = 0;
  let bypass = 0;
  for (const r of s.side.requests) {
    if (!/^https?:/i.test(r.url) || r.method === 'OPTIONS') continue;
    n++;
    if (/no-cache/i.test(header(r, 'cache-control') ?? '') && /no-cache/i.test(header(r, 'pragma') ?? '')) bypass++;
  }
  return n ? bypass / n : 0;
}

function show(v: unknown): string {
  if (v === undefined) return 'not said';
  try {
    return codeSpan(typeof v === 'string' ? v : JSON.stringify(v));
  } catch {
    return codeSpan(String(v));
  }
}

export function conditionWarnings(a: SideState, b: SideState): string[] {
  const out: string[] = [];
  const ba = browserOf(a);
  const bb = browserOf(b);
  if (ba && bb && ba !== bb) out.push(`Recorded with different browsers: ${ba} before, ${bb} now.`);
  const ca = cacheBypassShare(a) >= 0.9;
  const cb = cacheBypassShare(b) >= 0.9;
  if (ca !== cb) out.push(`The cache was bypassed on every request ${ca ? 'before' : 'now'} (\`Cache-Control: no-cache\` and \`Pragma: no-cache\`: DevTools' "Disable cache" or a hard reload) and not ${ca ? 'now' : 'before'}.`);
  if (a.side.pages.length !== b.side.pages.length) out.push(`The recordings hold ${a.side.pages.length} and ${b.side.pages.length} page loads: only the first ${Math.min(a.side.pages.length, b.side.pages.length)} are compared page by page.`);
  // How each load was started (a new navigation, a reload, a hard reload): a warm reload and a
  // cold navigation differ in what the cache may answer. Whether a load found a warm cache is an
  // outcome, which the changes report, not a condition; a cold or warm run is said by `conditions`.
  const n = Math.min(a.side.pages.length, b.side.pages.length);
  for (let i = 0; i < n; i++) {
    const na = a.side.pages[i]!.navigationType;
    const nb = b.side.pages[i]!.navigationType;
    if (na && nb && na !== nb) out.push(`Page load ${i + 1} was started as ${codeSpan(na)} before and ${codeSpan(nb)} now.`);
  }
  const xa = a.side.conditions ?? {};
  const xb = b.side.conditions ?? {};
  const keys = new Set([...Object.keys(xa), ...Object.keys(xb)]);
  for (const k of keys) {
    const va = show(xa[k]);
    const vb = show(xb[k]);
    if (va !== vb) out.push(`Recorded with ${codeSpan(k)} ${va} before and ${vb} now.`);
  }
  return out;
}
