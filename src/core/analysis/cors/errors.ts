// Every value of Protocol.Network.CorsError in words: what went wrong, the value received, the
// value needed, and the exact change that fixes it. Chromium's meaning of each value is that of
// services/network/public/mojom/cors.mojom and the checks in services/network/cors.
import type { Protocol } from '../../cdp.ts';

type CorsError = Protocol.Network.CorsError;

/** What the sentence needs to know about the failed request. */
export interface FailureContext {
  error: CorsError;
  /** Protocol's failedParameter: the offending value (a method, a header name, an origin), often empty. */
  failedParameter: string;
  method: string;
  url: string;
  /** The page's origin as the request sent it (Origin), when known. */
  origin?: string;
  /** The preflight's status, for PreflightInvalidStatus. */
  preflightStatus?: number;
  /** Where the preflight was redirected to, for PreflightDisallowedRedirect. */
  preflightLocation?: string;
  /** The preflight's Access-Control-Allow-Methods / -Headers as received. */
  allowMethods?: string;
  allowHeaders?: string;
}

/** Plain words for one CORS failure. */
export interface FailureWords {
  error: CorsError;
  /** The protocol's failedParameter, as received. */
  parameter: string;
  /** Whether the check that failed was the preflight's (OPTIONS) or the response's. */
  stage: 'preflight' | 'response' | 'request';
  /** What happened, with the value received. */
  sentence: string;
  received?: string;
  needed?: string;
  /** The change that fixes it, naming the response to change. */
  fix: string;
}

type Words = Omit<FailureWords, 'parameter'>;

/** Every value, in the protocol's order (the tests check each has words). */
export const CORS_ERRORS: readonly CorsError[] = [
  'DisallowedByMode', 'InvalidResponse', 'WildcardOriginNotAllowed', 'MissingAllowOriginHeader', 'MultipleAllowOriginValues',
  'InvalidAllowOriginValue', 'AllowOriginMismatch', 'InvalidAllowCredentials', 'CorsDisabledScheme', 'PreflightInvalidStatus',
  'PreflightDisallowedRedirect', 'PreflightWildcardOriginNotAllowed', 'PreflightMissingAllowOriginHeader', 'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue', 'PreflightAllowOriginMismatch', 'PreflightInvalidAllowCredentials', 'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal', 'InvalidAllowMethodsPreflightResponse', 'InvalidAllowHeadersPreflightResponse', 'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse', 'RedirectContainsCredentials', 'InsecureLocalNetwork', 'InvalidLocalNetworkAccess',
  'NoCorsRedirectModeNotFollow', 'LocalNetworkAccessPermissionDenied',
];

/** Words for a CorsErrorStatus. Unknown values (a newer Chromium) get a sentence that says so. */
export function failureWords(c: FailureContext): FailureWords {
  const origin = c.origin ?? 'the page’s origin';
  const p = c.failedParameter;
  const got = (v: string | undefined) => (v === undefined || v === '' ? 'nothing' : `\`${v}\``);
  const opt = `the OPTIONS response of \`${c.url}\``;
  const res = `the response of \`${c.url}\``;
  const allowOrigin = (where: string, stage: 'preflight' | 'response'): Record<string, () => Words> => ({
    Wildcard: () => ({
      error: c.error, stage, received: '*', needed: origin,
      sentence: `The request was sent with credentials (cookies or HTTP authentication), and ${where} answered \`Access-Control-Allow-Origin: *\`, which never allows a credentialed request.`,
      fix: `Send \`Access-Control-Allow-Origin: ${origin}\` (and \`Vary: Origin\`) with \`Access-Control-Allow-Credentials: true\` in ${where}, or make the request without credentials.`,
    }),
    Missing: () => ({
      error: c.error, stage, received: 'no Access-Control-Allow-Origin', needed: origin,
      sentence: `${cap(where)} has no \`Access-Control-Allow-Origin\` header, so the browser did not let ${origin} read it.`,
      fix: `Add \`Access-Control-Allow-Origin: ${origin}\` to ${where}.`,
    }),
    Multiple: () => ({
      error: c.error, stage, received: p, needed: origin,
      sentence: `${cap(where)} sent more than one \`Access-Control-Allow-Origin\` value (${got(p)}); exactly one is allowed.`,
      fix: `Send exactly one \`Access-Control-Allow-Origin: ${origin}\` in ${where} (a proxy and the application may each be adding one).`,
    }),
    Invalid: () => ({
      error: c.error, stage, received: p, needed: origin,
      sentence: `${cap(where)} sent \`Access-Control-Allow-Origin: ${p}\`, which is neither \`*\` nor an origin.`,
      fix: `Send \`Access-Control-Allow-Origin: ${origin}\` (scheme, host and port, no path) in ${where}.`,
    }),
    Mismatch: () => ({
      error: c.error, stage, received: p, needed: origin,
      sentence: `${cap(where)} allowed ${got(p)}, not the page’s origin ${origin}.`,
      fix: `Send \`Access-Control-Allow-Origin: ${origin}\` in ${where} (echo the request’s Origin when it is one you allow, with \`Vary: Origin\`).`,
    }),
    Credentials: () => ({
      error: c.error, stage, received: p === '' ? 'no Access-Control-Allow-Credentials' : p, needed: 'true',
      sentence: `The request was sent with credentials, and ${where} ${p === '' ? 'has no `Access-Control-Allow-Credentials` header' : `sent \`Access-Control-Allow-Credentials: ${p}\``}; only \`true\` lets the page read it.`,
      fix: `Add \`Access-Control-Allow-Credentials: true\` to ${where}, or make the request without credentials.`,
    }),
  });
  const onRes = allowOrigin(res, 'response');
  const onOpt = allowOrigin(opt, 'preflight');
  const table: Partial<Record<CorsError, () => Words>> = {
    DisallowedByMode: () => ({
      error: c.error, stage: 'request',
      sentence: `The page made the request with \`mode: 'same-origin'\` to another origin, so the browser refused it before sending anything.`,
      fix: `Make the request with \`mode: 'cors'\` (the default) and have ${res} send \`Access-Control-Allow-Origin: ${origin}\`, or ask the page’s own origin.`,
    }),
    InvalidResponse: () => ({
      error: c.error, stage: 'response',
      sentence: `The CORS check could not read the response (no HTTP response, or one the check cannot accept).`,
      fix: `Make \`${c.url}\` answer with a complete HTTP response carrying \`Access-Control-Allow-Origin: ${origin}\`.`,
    }),
    WildcardOriginNotAllowed: onRes.Wildcard,
    MissingAllowOriginHeader: onRes.Missing,
    MultipleAllowOriginValues: onRes.Multiple,
    InvalidAllowOriginValue: onRes.Invalid,
    AllowOriginMismatch: onRes.Mismatch,
    InvalidAllowCredentials: onRes.Credentials,
    CorsDisabledScheme: () => ({
      error: c.error, stage: 'request', received: schemeOf(c.url),
      sentence: `CORS requests are only possible to http: and https: URLs; this one is ${schemeOf(c.url)}.`,
      fix: `Serve \`${c.url}\` over HTTP(S), or load it another way than fetch/XHR.`,
    }),
    PreflightInvalidStatus: () => ({
      error: c.error, stage: 'preflight', received: c.preflightStatus !== undefined ? String(c.preflightStatus) : 'no status', needed: '2xx',
      sentence: `The preflight was answered ${c.preflightStatus ?? 'without a status'}; only a 2xx answer lets the request go out.`,
      fix: `Answer OPTIONS requests to \`${c.url}\` with 204 (or 200), before any authentication check: the preflight never carries credentials.`,
    }),
    PreflightDisallowedRedirect: () => ({
      error: c.error, stage: 'preflight', received: c.preflightLocation ? `a redirect to ${c.preflightLocation}` : 'a redirect', needed: 'a 2xx answer',
      sentence: `The preflight was answered with a redirect${c.preflightLocation ? ` to \`${c.preflightLocation}\`` : ''}; browsers never follow a preflight’s redirect.`,
      fix: `Answer OPTIONS at \`${c.url}\` itself with 204 and the Access-Control-Allow-* headers${c.preflightLocation ? `, or have the page call \`${c.preflightLocation}\` directly` : ''}.`,
    }),
    PreflightWildcardOriginNotAllowed: onOpt.Wildcard,
    PreflightMissingAllowOriginHeader: onOpt.Missing,
    PreflightMultipleAllowOriginValues: onOpt.Multiple,
    PreflightInvalidAllowOriginValue: onOpt.Invalid,
    PreflightAllowOriginMismatch: onOpt.Mismatch,
    PreflightInvalidAllowCredentials: onOpt.Credentials,
    PreflightMissingAllowExternal: () => ({
      error: c.error, stage: 'preflight', received: 'no Access-Control-Allow-Private-Network', needed: 'true',
      sentence: `The request went to a more private network (a private or loopback address from a public page); its preflight asked \`Access-Control-Request-Private-Network: true\` and the answer did not allow it.`,
      fix: `Add \`Access-Control-Allow-Private-Network: true\` to ${opt}.`,
    }),
    PreflightInvalidAllowExternal: () => ({
      error: c.error, stage: 'preflight', received: p, needed: 'true',
      sentence: `The preflight’s \`Access-Control-Allow-Private-Network\` was ${got(p)}; only \`true\` allows a request to a more private network.`,
      fix: `Send \`Access-Control-Allow-Private-Network: true\` in ${opt}.`,
    }),
    InvalidAllowMethodsPreflightResponse: () => ({
      error: c.error, stage: 'preflight', received: c.allowMethods ?? p,
      sentence: `The preflight’s \`Access-Control-Allow-Methods\` (${got(c.allowMethods ?? p)}) is not a comma-separated list of method names.`,
      fix: `Send \`Access-Control-Allow-Methods: ${c.method}\` (names separated by commas) in ${opt}.`,
    }),
    InvalidAllowHeadersPreflightResponse: () => ({
      error: c.error, stage: 'preflight', received: c.allowHeaders ?? p,
      sentence: `The preflight’s \`Access-Control-Allow-Headers\` (${got(c.allowHeaders ?? p)}) is not a comma-separated list of header names.`,
      fix: `Send a comma-separated list of header names in \`Access-Control-Allow-Headers\` of ${opt}.`,
    }),
    MethodDisallowedByPreflightResponse: () => ({
      error: c.error, stage: 'preflight', received: c.allowMethods ?? 'no Access-Control-Allow-Methods', needed: p || c.method,
      sentence: `The preflight did not allow the method ${p || c.method}: its \`Access-Control-Allow-Methods\` was ${got(c.allowMethods)}.`,
      fix: `Add \`${p || c.method}\` to \`Access-Control-Allow-Methods\` in ${opt}${c.allowMethods ? ` (\`Access-Control-Allow-Methods: ${c.allowMethods}, ${p || c.method}\`)` : ''}.`,
    }),
    HeaderDisallowedByPreflightResponse: () => ({
      error: c.error, stage: 'preflight', received: c.allowHeaders ?? 'no Access-Control-Allow-Headers', needed: p,
      sentence:
        p === 'authorization' && /(^|,)\s*\*\s*(,|$)/.test(c.allowHeaders ?? '')
          ? `The preflight answered \`Access-Control-Allow-Headers: *\`, and \`*\` never covers \`Authorization\`: it must be named.`
          : `The preflight did not allow the header \`${p}\`: its \`Access-Control-Allow-Headers\` was ${got(c.allowHeaders)}.`,
      fix: `Add \`Access-Control-Allow-Headers: ${c.allowHeaders ? `${c.allowHeaders}, ${p}` : p}\` to ${opt}.`,
    }),
    RedirectContainsCredentials: () => ({
      error: c.error, stage: 'response', received: p,
      sentence: `The request was redirected to a URL with a user name or password in it${p ? ` (\`${p}\`)` : ''}, which a CORS request may not follow.`,
      fix: `Redirect to a URL without \`user:password@\` (send credentials in a header the preflight allows instead).`,
    }),
    InsecureLocalNetwork: () => ({
      error: c.error, stage: 'request',
      sentence: `A page that is not a secure context (plain http:) asked for a more private address (a private or loopback one); Chromium allows that only from secure contexts.`,
      fix: `Serve the page over HTTPS (and have \`${c.url}\` answer its preflight with \`Access-Control-Allow-Private-Network: true\`).`,
    }),
    InvalidLocalNetworkAccess: () => ({
      error: c.error, stage: 'request', received: p,
      sentence: `The request named a target address space (fetch’s \`targetAddressSpace\`) that the address it reached did not match${p ? ` (${p})` : ''}.`,
      fix: `Give the request the \`targetAddressSpace\` of the server it reaches (\`local\` for a private address, \`loopback\` for 127.0.0.1), or none.`,
    }),
    NoCorsRedirectModeNotFollow: () => ({
      error: c.error, stage: 'response',
      sentence: `A \`no-cors\` request made with \`redirect: 'manual'\` or \`'error'\` was redirected; a no-cors request may only follow redirects.`,
      fix: `Make the request with \`redirect: 'follow'\`, or ask the final URL directly.`,
    }),
    LocalNetworkAccessPermissionDenied: () => ({
      error: c.error, stage: 'request', received: p,
      sentence: `The page reached for the local network (a private or loopback address) and the Local Network Access permission was denied${p ? ` (address space ${p})` : ''}.`,
      fix: `Allow "Local network access" for the page’s site in the browser’s site settings (an iframe also needs \`allow="local-network-access"\`), or serve \`${c.url}\` from a public address.`,
    }),
  };
  const make = table[c.error];
  if (make) return { ...make(), parameter: p };
  return {
    error: c.error, parameter: p, stage: 'request', received: p,
    sentence: `The browser blocked the request with CORS error ${c.error}${p ? ` (${p})` : ''}, a value Netlens does not know yet.`,
    fix: `See the browser's console message for this request.`,
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function schemeOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return m ? `${m[1]!.toLowerCase()}:` : 'not a URL';
}
