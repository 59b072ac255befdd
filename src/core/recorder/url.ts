// Origins from URLs, without the URL parser: the recorder sees one URL per request and a session
// may hold 100,000 of them, and Chromium already sends URLs in canonical form.

/**
 * The origin of `url` as records.ts defines it: `scheme://host[:port]` with the port kept as
 * written, or the scheme alone (`data:`, `blob:`, `about:`) for URLs without an authority.
 * Userinfo is dropped: it is not part of an origin (RFC 6454), and it must not leak into views.
 */
export function originOf(url: string): string {
  const colon = url.indexOf(':');
  if (colon <= 0) return '';
  const scheme = url.slice(0, colon).toLowerCase();
  if (url.charCodeAt(colon + 1) !== 47 /* / */ || url.charCodeAt(colon + 2) !== 47) return `${scheme}:`;
  const start = colon + 3;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  let authority = url.slice(start, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  return `${scheme}://${authority}`;
}

/** `host[:port]` of an origin made by {@link originOf}, or '' when it has no authority. */
export function hostOfOrigin(origin: string): string {
  const sep = origin.indexOf('://');
  return sep < 0 ? '' : origin.slice(sep + 3);
}
