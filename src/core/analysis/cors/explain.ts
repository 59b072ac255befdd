// The CORS section of a request's explanation, in sentences, from the plain CORS model: its class,
// why a preflight fired, what the server allowed, the preflight cache, the failure and its fix,
// and what the preflight cost. The panel's Explain tab, the report and the HAR verdicts print it.
import type { NetworkRequest } from '../../records.ts';
import { formatDuration as ms, formatPercent as percent, requestLabel as label, requestNumber as num } from '../../format/index.ts';
import { MAX_MAX_AGE_S } from './answer.ts';
import { pairOfPreflight } from './pairing.ts';
import { localNetworkSentence } from './local-network.ts';
import type { PreflightCause } from './safelist.ts';
import type { CacheVerdict, CorsData, CorsRequest } from './types.ts';

type Lookup = (id: string) => NetworkRequest | undefined;

/** The sentence of an Audits CORS issue that names no request (a fetch refused in the renderer). */
export function explainIssueWithoutRequest(i: NonNullable<CorsData['withoutRequest']>[number]): string {
  const at = i.location ? ` by ${i.location.url}:${i.location.lineNumber + 1}:${i.location.columnNumber + 1}` : '';
  return `A request${i.url ? ` to ${i.url}` : ''}${i.initiator ? ` from ${i.initiator}` : ''} was refused before it reached the network${at}, so it has no Network record${i.failure ? `: ${i.failure.sentence} Fix: ${i.failure.fix}` : '.'}`;
}

export function corsOf(d: CorsData, id: string): CorsRequest | undefined {
  const i = d.byId[id];
  return i === undefined ? undefined : d.requests[i];
}

const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function causeText(c: PreflightCause): string {
  switch (c.kind) {
    case 'method':
      return `the method ${c.method}`;
    case 'header':
      return `the header ${c.name}`;
    case 'header-value':
      return c.why === 'content-type'
        ? `the Content-Type ${c.value ?? ''} (only application/x-www-form-urlencoded, multipart/form-data and text/plain are safelisted)`.replace('Content-Type  ', 'Content-Type ')
        : c.why === 'too-long'
          ? `the ${c.name} value, longer than the 128 bytes a safelisted header may have`
          : c.why === 'unsafe-bytes'
            ? `the ${c.name} value, which holds characters a safelisted header may not`
            : c.why === 'range'
              ? `the Range ${c.value ?? ''} (only a single "bytes=N-" or "bytes=N-M" range is safelisted)`
              : `the ${c.name} value`;
    case 'not-visible':
      return '';
  }
}

/** Why the preflight fired, as one clause ("because the method PUT and the header x-token are not CORS-safelisted"). */
export function whyClause(causes: readonly PreflightCause[]): string {
  if (causes.length === 0 || causes.every((c) => c.kind === 'not-visible')) {
    return 'for a reason not visible in the protocol (an upload progress listener, a streamed body, or a Local Network Access check send one too)';
  }
  return `because ${list(causes.filter((c) => c.kind !== 'not-visible').map(causeText))} ${causes.length === 1 ? 'is' : 'are'} not CORS-safelisted`;
}

function cacheText(v: CacheVerdict, byId: Lookup): string {
  const name = (id: string | undefined) => {
    const r = id ? byId(id) : undefined;
    return r ? num(r) : 'an earlier preflight';
  };
  switch (v.kind) {
    case 'first':
      return '';
    case 'hit':
      return v.beforeRecording
        ? 'It needed a preflight and sent none: the preflight cache held an answer from a preflight made before recording began (or not recorded).'
        : `It needed a preflight and sent none: the preflight cache still held the answer of preflight ${name(v.filledBy)}, with ${Math.round(v.leftS ?? 0)} s left.`;
    case 'miss': {
      const prev = name(v.previous);
      const why: Record<typeof v.reason, string> = {
        'other-url': `Chromium keeps preflight answers per URL, and ${prev} was for another URL${v.detail ? ` (${v.detail})` : ''}`,
        'other-query': `Chromium keeps preflight answers per URL, query included, and ${prev} was for another query${v.detail ? ` (${v.detail})` : ''}`,
        method: `the answer cached from ${prev} did not allow the method ${v.detail ?? ''}`.trimEnd(),
        header: `the answer cached from ${prev} did not allow the header${v.detail?.includes(',') ? 's' : ''} ${v.detail ?? ''}`.trimEnd(),
        credentials: `the answer cached from ${prev} was for a request without credentials, and this one had credentials`,
        'max-age-0': `${prev}'s answer said Access-Control-Max-Age: 0, so it was never kept`,
        'expired-default': `${prev}'s answer had no Access-Control-Max-Age, so Chromium kept it only 5 s, and they had passed`,
        expired: `${prev}'s answer had expired (its Access-Control-Max-Age had run out)`,
        'expired-capped': `${prev}'s answer asked for more than ${MAX_MAX_AGE_S.toLocaleString('en-US')} s, Chromium kept it ${MAX_MAX_AGE_S.toLocaleString('en-US')} s, and they had passed`,
        refused: `${prev}'s answer was refused, so Chromium cached nothing from it`,
        unexplained: `${prev} was for the same URL and its answer should have covered this request; the protocol does not show why it was not used (another network partition, or the cache was cleared)`,
      };
      return `Preflight-cache miss: a preflight was sent before (${prev}), but ${why[v.reason]}.`;
    }
  }
}

const PHASE_NAMES: [string, string][] = [['queueing', 'queueing'], ['stalled', 'stalled'], ['dns', 'DNS'], ['connect', 'connect'], ['send', 'sending'], ['wait', 'waiting for the server'], ['receive', 'download']];

/** " (DNS 2.0 ms, waiting for the server 35 ms)": the preflight's phases of a millisecond or more. */
function phaseText(phases: Record<string, number> | undefined): string {
  if (!phases) return '';
  const parts = PHASE_NAMES.filter(([k]) => (phases[k] ?? 0) >= 1).map(([k, name]) => `${name} ${ms(phases[k]!)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

const CLASS_TEXT: Record<CorsRequest['class'], string> = {
  'same-origin': 'Same-origin: CORS does not apply.',
  navigation: 'A document load: CORS does not apply.',
  simple: '',
  preflighted: '',
  'no-cors': '',
  failed: '',
};

/** The CORS sentences of a request hop or of a preflight. Empty when CORS says nothing about it. */
export function explainCors(d: CorsData, r: NetworkRequest, byId: Lookup): string[] {
  const pair = pairOfPreflight(d.pairing, r.id);
  if (pair) {
    const real = byId(pair.hopId);
    const c = real ? corsOf(d, real.id) : undefined;
    const out = [`This is the CORS preflight of ${real ? `${label(real)} (${real.method}${pair.hop > 0 ? `, redirect hop ${pair.hop}` : ''})` : 'a request'}.`];
    if (c) out.push(...explainCors(d, real!, byId).filter((s) => !s.startsWith('Cross-origin')));
    return out;
  }
  const unpaired = d.unpaired.find((u) => u.preflightId === r.id);
  if (unpaired) return [`This is a CORS preflight of a request ${unpaired.reason === 'no-request-id' ? 'it does not name' : 'not in the recording'}.`];
  const c = corsOf(d, r.id);
  if (!c) return [];
  const out: string[] = [];
  if (CLASS_TEXT[c.class]) return [CLASS_TEXT[c.class]];
  const from = c.originNull ? 'an opaque origin (Origin: null, after a redirect to another origin)' : c.initiator ?? 'the page';
  if (c.class === 'simple') {
    const ct = c.safelisted?.includes('content-type') ? ', its Content-Type is one of the three simple ones' : '';
    out.push(`Cross-origin simple request from ${from} to ${c.target}: no preflight, because its method ${r.method} is safelisted${ct} and every other header it carried is safelisted or the browser's own.`);
  }
  if (c.class === 'no-cors') {
    out.push(`Cross-origin no-cors request from ${from} to ${c.target}: no Origin check and no preflight, and an opaque response — the page can display or run it (an image, a script) but cannot read its body, status or headers.`);
  }
  const pf = c.preflightIds.length ? byId(c.preflightIds.at(-1)!) : undefined;
  const a = c.preflightAnswer;
  if (pf && a) {
    const allowed: string[] = [];
    const denied: string[] = [];
    if (!['GET', 'HEAD', 'POST'].includes(a.covers.method.name.toUpperCase())) (a.covers.method.covered ? allowed : denied).push(a.covers.method.name);
    for (const h of a.covers.headers) {
      if (h.covered === 'yes') allowed.push(h.name);
      else if (h.covered === 'no') denied.push(h.name);
      else allowed.push(`${h.name} (only through \`*\`, which the standard says never covers Authorization; Chromium 156 still let it through)`);
    }
    const age = a.maxAge_;
    const ageText =
      a.covers.origin !== 'ok' || denied.length || (pf.status ?? 0) >= 300
        ? ''
        : age.how === 'absent'
          ? ' and sent no Access-Control-Max-Age, so Chromium keeps the answer 5 s'
          : age.seconds === 0
            ? ' and said Access-Control-Max-Age: 0, so the answer is not kept'
            : age.how === 'capped'
              ? ` and asked for the answer to be kept ${a.maxAge} s, which Chromium caps at ${MAX_MAX_AGE_S.toLocaleString('en-US')} s`
              : ` and let the answer be cached for ${age.seconds.toLocaleString('en-US')} s (Chromium keeps it at most ${MAX_MAX_AGE_S.toLocaleString('en-US')} s)`;
    const answered =
      (pf.status ?? 0) >= 300 || pf.status === undefined
        ? `the server answered ${pf.status ?? 'nothing'}`
        : denied.length
          ? `the server did not allow ${list(denied)}${allowed.length ? ` (it allowed ${list(allowed)})` : ''}`
          : allowed.length
            ? `the server allowed ${allowed.length === 1 ? allowed[0] : allowed.length === 2 ? 'both' : 'all of them'}${ageText}`
            : `the server answered ${pf.status}${ageText}`;
    out.push(`Preflight OPTIONS ${num(pf)} sent first${c.originNull ? ' (with Origin: null, after the redirect to another origin)' : ''} ${whyClause(c.causes)}; ${answered}.`);
    const t = c.time;
    if (t?.preflightMs !== undefined || t?.delayMs !== undefined) {
      out.push(
        `The preflight cost ${t.preflightMs !== undefined ? ms(t.preflightMs) : 'an unknown time'}${phaseText(t.phases)}${t.delayMs !== undefined ? ` and delayed the request by ${ms(t.delayMs)}${t.share !== undefined ? ` (${percent(t.share)} of its total)` : ''}` : ''}.`,
      );
    }
  } else if (c.class === 'preflighted' && c.cache?.kind === 'hit') {
    out.push(`Cross-origin request from ${from} to ${c.target} that needs a preflight ${whyClause(c.causes)}.`);
  }
  if (c.cache) {
    const s = cacheText(c.cache, byId);
    if (s) out.push(s);
  }
  if (c.failure) {
    out.push(`CORS failure (${c.failure.error}): ${c.failure.sentence}${c.failure.received !== undefined ? ` Received: ${c.failure.received}.` : ''}${c.failure.needed !== undefined ? ` Needed: ${c.failure.needed}.` : ''}`);
    out.push(`Fix: ${c.failure.fix}`);
  }
  if (c.localNetwork) out.push(localNetworkSentence(c.localNetwork, r));
  if (c.issue?.location) out.push(`Chromium's issue names the script line that made the request: ${c.issue.location.url}:${c.issue.location.lineNumber + 1}:${c.issue.location.columnNumber + 1}.`);
  if (c.issue?.isWarning && c.issue.error) out.push(`Chromium reported it as a warning only (${c.issue.error}): the request went on.`);
  return out;
}
