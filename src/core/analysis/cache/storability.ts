// Whether a response may be stored (RFC 9111 §3), and why, in words. The verdict is the library's
// `storable()`; the reasons name the clause that decided it, in the order the RFC lists them.
import type { Directives, HeaderMap } from './headers.ts';
import { codeSpan } from '../../format/index.ts';

export interface Storability {
  storable: boolean;
  /** Why not (when not storable), or what to know about storing it; sentences with code spans. */
  reasons: string[];
}

/** Statuses http-cache-semantics understands (RFC 9111 §3: a cache must understand the status). */
const UNDERSTOOD = new Set([200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410, 414, 501]);
/** Statuses cacheable by default, without explicit freshness (RFC 9110 §15.1). */
const BY_DEFAULT = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

/** `storable` is the library's `policy.storable()` (see policy.ts: certainlyUnstorable gives it without a policy). */
export function storabilityOf(storable: boolean, method: string, status: number, requestHeaders: HeaderMap, reqCc: Directives, headers: HeaderMap, cc: Directives): Storability {
  const reasons: string[] = [];
  if (!storable) {
    if (reqCc.has('no-store')) reasons.push(`The request said ${codeSpan('Cache-Control: no-store')}: nothing of it may be stored.`);
    if (method !== 'GET' && method !== 'HEAD' && !(method === 'POST' && (cc.has('max-age') || headers.expires))) {
      reasons.push(`${codeSpan(method)} responses are not stored (only ${codeSpan('GET')} and ${codeSpan('HEAD')}, or a ${codeSpan('POST')} with an explicit lifetime).`);
    }
    if (!UNDERSTOOD.has(status)) reasons.push(`Status ${status} is not one a cache stores.`);
    if (cc.has('no-store')) reasons.push(`${codeSpan('Cache-Control: no-store')} forbids keeping any copy.`);
    if (UNDERSTOOD.has(status) && !BY_DEFAULT.has(status) && !cc.has('max-age') && !headers.expires && !cc.has('public')) {
      reasons.push(`Status ${status} is stored only with an explicit lifetime (${codeSpan('max-age')} or ${codeSpan('Expires')}), and it has none.`);
    }
    if (reasons.length === 0) reasons.push('The HTTP caching rules do not allow storing it.');
    return { storable, reasons };
  }
  if (cc.has('private')) reasons.push(`${codeSpan('private')}: only the browser's own cache may keep it (not a CDN or proxy), so it is stored here.`);
  if (requestHeaders.authorization !== undefined) reasons.push(`The request carried ${codeSpan('Authorization')}; a private (browser) cache may still store the answer.`);
  if ((headers.vary ?? '').trim() === '*') reasons.push(`${codeSpan('Vary: *')}: stored, but it never matches a later request, so it is never reused.`);
  return { storable, reasons };
}
