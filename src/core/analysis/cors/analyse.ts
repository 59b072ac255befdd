// The CORS analysis of a session: the class of every request, why each preflight fired, what the
// server answered and whether it covers the request, the preflight cache replayed as Chromium keys
// it, every CORS failure in words with its fix, and the time preflights cost. One pass to pair,
// one to classify, one in time order for the cache: O(n log n) for n requests.
import type { CorsIssue, NetworkRequest } from '../../records.ts';
import { localNetworkOf } from './local-network.ts';
import { pairPreflights, preflightsOf, type CorsPairing } from './pairing.ts';
import { allowanceOf, answerOf, checkOrigin, coversHeader, coversMethod, maxAgeOf, MAX_MAX_AGE_S, type Allowance, type MaxAge } from './answer.ts';
import { failureWords } from './errors.ts';
import { originOf, tokens, value } from './headers.ts';
import { isSafelistedName, pageHeaders, preflightCauses, unsafeParts } from './safelist.ts';
import { preflightDelay } from './timing.ts';
import type { CacheVerdict, CorsClass, CorsData, CorsIssueWithoutRequest, CorsOriginTotals, CorsRequest, MissReason } from './types.ts';

const CREDENTIAL_ERRORS = new Set(['WildcardOriginNotAllowed', 'InvalidAllowCredentials', 'PreflightWildcardOriginNotAllowed', 'PreflightInvalidAllowCredentials']);

/**
 * `issuesWithoutRequest`: the Audits CORS issues that name no request
 * (NetworkRecorder.corsIssuesWithoutRequest()); the issues that do are on their records.
 * `pairing`: the session's pairing when the caller has it already (pairPreflights of the same list).
 */
export function analyseCorsData(requests: readonly NetworkRequest[], issuesWithoutRequest?: readonly CorsIssue[], pairing: CorsPairing = pairPreflights(requests)): CorsData {
  const byHop = new Map<string, NetworkRequest>();
  for (const r of requests) byHop.set(r.id, r);
  const unpairedIds = new Set(pairing.unpaired.map((u) => u.preflightId));

  const out: CorsRequest[] = [];
  const byId: Record<string, number> = Object.create(null);
  for (const r of requests) {
    if (pairing.byPreflight[r.id] !== undefined || unpairedIds.has(r.id)) continue;
    if (!/^https?:/i.test(r.url)) continue;
    const c = classify(r, byHop, pairing);
    byId[r.id] = out.length;
    out.push(c);
  }
  replayPreflightCache(out, byHop);
  const data: CorsData = { pairing, requests: out, byId, origins: totals(out, byHop), unpaired: pairing.unpaired };
  if (issuesWithoutRequest?.length) data.withoutRequest = issuesWithoutRequest.map(issueWithoutRequest);
  return data;
}

/** The issue's origin without the trailing "/" the network service's issues carry. */
const issueOrigin = (o: string | undefined) => (o === undefined ? undefined : o.replace(/\/$/, ''));

function issueWithoutRequest(i: CorsIssue): CorsIssueWithoutRequest {
  const out: CorsIssueWithoutRequest = {};
  if (i.url !== undefined) out.url = i.url;
  const o = issueOrigin(i.initiatorOrigin);
  if (o !== undefined) out.initiator = o;
  if (i.location) out.location = i.location;
  if (i.corsError) out.failure = failureWords({ error: i.corsError, failedParameter: i.failedParameter, method: 'GET', url: i.url ?? '', ...(o !== undefined ? { origin: o } : {}) });
  return out;
}

function classify(r: NetworkRequest, byHop: Map<string, NetworkRequest>, pairing: ReturnType<typeof pairPreflights>): CorsRequest {
  const originHeader = value(r.requestHeaders, 'origin');
  const first = r.redirectHop > 0 ? byHop.get(r.requestId) ?? r : r;
  const docOrigin = originOf(first.documentURL);
  const mode = value(r.requestHeaders, 'sec-fetch-mode');
  const preflights = preflightsOf(pairing, r.id).map((p) => byHop.get(p.preflightId)!);
  const pf = preflights.at(-1);
  const pfOrigin = pf ? value(pf.requestHeaders, 'origin') : undefined;
  const sentOrigin = originHeader ?? pfOrigin;
  const originNull = sentOrigin === 'null';
  const issue = r.corsIssues?.[0];
  // A refused request has no raw headers (it was never sent): the Audits issue still names the page's origin.
  const initiator = sentOrigin !== undefined && sentOrigin !== 'null' ? sentOrigin : issueOrigin(issue?.initiatorOrigin) ?? docOrigin;
  const target = r.origin;
  const corsError = r.failure?.corsError;
  const credentials: CorsRequest['credentials'] = value(r.requestHeaders, 'cookie') !== undefined || (corsError && CREDENTIAL_ERRORS.has(corsError.corsError)) ? 'include' : 'unknown';
  const base: CorsRequest = { id: r.id, class: 'same-origin', target, credentials, preflightIds: preflights.map((p) => p.id), causes: [] };
  if (initiator !== undefined) base.initiator = initiator;
  if (originNull) base.originNull = true;
  if (mode !== undefined) base.mode = mode;
  if (issue) {
    base.issue = { isWarning: issue.isWarning };
    if (issue.corsError) base.issue.error = issue.corsError;
    if (issue.initiatorOrigin !== undefined) base.issue.initiatorOrigin = issueOrigin(issue.initiatorOrigin)!;
    if (issue.location) base.issue.location = issue.location;
  }
  const lna = localNetworkOf(r);
  if (lna) base.localNetwork = lna;

  let cls: CorsClass;
  if (r.resourceType === 'Document' || mode === 'navigate') cls = 'navigation';
  else if (corsError) cls = 'failed';
  else if (!originNull && initiator !== undefined && initiator === target) cls = 'same-origin';
  else if (pf) cls = 'preflighted';
  else if (mode === 'no-cors' || (mode === undefined && r.requestHeadersRaw && originHeader === undefined)) cls = 'no-cors';
  else if (mode === undefined && originHeader !== undefined && r.status !== undefined && r.redirectTo === undefined && answerOf(r).allowOrigin.length === 0) cls = 'no-cors';
  else cls = unsafeParts(r).length > 0 ? 'preflighted' : 'simple';
  base.class = cls;

  if (pf) {
    base.causes = preflightCauses(pf, r);
    const a = answerOf(pf);
    const al = allowanceOf(a, credentials === 'include');
    const names = tokens(value(pf.requestHeaders, 'access-control-request-headers'));
    const method = value(pf.requestHeaders, 'access-control-request-method') ?? r.method;
    base.preflightAnswer = {
      ...a,
      maxAge_: maxAgeOf(a),
      covers: {
        origin: checkOrigin(a, sentOrigin, credentials === 'include'),
        method: { name: method, covered: coversMethod(al, method) },
        headers: names.map((name) => ({ name, covered: coversHeader(al, name) })),
      },
    };
    if (al.invalid) base.preflightAnswer.invalidList = al.invalid;
    const time: CorsRequest['time'] = {};
    if (pf.phases.total !== undefined) time.preflightMs = pf.phases.total;
    const d = preflightDelay(pf, r);
    if (d !== undefined) {
      time.delayMs = d;
      const total = r.phases.total;
      if (total !== undefined && total > 0) time.share = Math.min(1, d / total);
    }
    const phases: Record<string, number> = {};
    for (const [k, v] of Object.entries(pf.phases)) if (typeof v === 'number' && k !== 'total') phases[k] = v;
    time.phases = phases;
    base.time = time;
  } else if (cls === 'preflighted') {
    base.causes = unsafeParts(r);
  } else if (cls === 'simple') {
    base.safelisted = pageHeaders(r.requestHeaders).filter((h) => isSafelistedName(h.name)).map((h) => h.name.toLowerCase());
  }
  if (cls !== 'same-origin' && cls !== 'navigation' && (r.status !== undefined || r.responseHeaders.length > 0)) {
    const a = answerOf(r);
    base.answer = { ...a, origin_: checkOrigin(a, sentOrigin, credentials === 'include') };
  }
  if (corsError) {
    const pa = pf ? answerOf(pf) : undefined;
    base.failure = failureWords({
      error: corsError.corsError,
      failedParameter: corsError.failedParameter ?? '',
      method: r.method,
      url: r.url,
      ...(sentOrigin !== undefined ? { origin: sentOrigin } : initiator !== undefined ? { origin: initiator } : {}),
      ...(pf?.status !== undefined ? { preflightStatus: pf.status } : {}),
      ...(pf && value(pf.responseHeaders, 'location') !== undefined ? { preflightLocation: value(pf.responseHeaders, 'location')! } : {}),
      ...(pa?.allowMethods !== undefined ? { allowMethods: pa.allowMethods } : {}),
      ...(pa?.allowHeaders !== undefined ? { allowHeaders: pa.allowHeaders } : {}),
    });
  }
  return base;
}

interface Entry {
  preflightId: string;
  /** When the answer arrived (ms, protocol clock). */
  at: number;
  maxAge: MaxAge;
  allowance: Allowance;
  url: string;
  /** Chromium kept it (a 2xx, the origin check passed, both lists parsed). */
  ok: boolean;
}

/**
 * Chromium's preflight cache (services/network/cors/preflight_cache.cc), replayed in time order.
 * Key: the request's Origin (`null` after a cross-origin redirect) and the full URL, query
 * included; Chromium adds the network partition and the target's address space, which the
 * protocol does not show (one partition is assumed: one recorded tab). An entry keeps the
 * preflight's allowed methods and headers and whether it was for a credentialed request, for
 * Access-Control-Max-Age seconds (capped at 7,200; 5 when absent; 0 when negative). A request
 * that finds an entry its method, headers or credentials do not fit pays a new preflight, and the
 * entry is dropped.
 */
function replayPreflightCache(list: CorsRequest[], byHop: Map<string, NetworkRequest>): void {
  const cors = list.filter((c) => c.class === 'preflighted' || (c.class === 'failed' && c.preflightIds.length > 0));
  const when = (c: CorsRequest) => {
    const r = byHop.get(c.id)!;
    const pf = c.preflightIds.length ? byHop.get(c.preflightIds.at(-1)!) : undefined;
    return pf ? pf.issuedAt : r.startedAt ?? r.issuedAt;
  };
  cors.sort((a, b) => when(a) - when(b));
  const live = new Map<string, Entry>();
  /** The last preflight seen per key, cached or not (to name why it was not reused). */
  const last = new Map<string, Entry>();
  /** Preflights per origin + path, and per origin pair, for the "another URL" reasons. */
  const byPath = new Map<string, Entry>();
  const byOrigin = new Map<string, Entry>();
  for (const c of cors) {
    const r = byHop.get(c.id)!;
    const sentOrigin = c.originNull ? 'null' : c.initiator ?? '';
    const key = `${sentOrigin} ${r.url}`;
    const path = `${sentOrigin} ${r.url.split('?')[0]}`;
    const pair = `${sentOrigin} ${c.target}`;
    const t = when(c);
    const pfId = c.preflightIds.at(-1);
    const credentialed = c.credentials === 'include';
    if (pfId === undefined) {
      // A hit: needed a preflight, had none.
      const e = live.get(key);
      const hit: CacheVerdict = { kind: 'hit' };
      if (e && e.at + e.maxAge.seconds * 1000 > t) {
        hit.filledBy = e.preflightId;
        hit.filledAt = e.at;
        hit.leftS = Math.max(0, (e.at + e.maxAge.seconds * 1000 - t) / 1000);
      } else hit.beforeRecording = true;
      c.cache = hit;
      continue;
    }
    const pf = byHop.get(pfId)!;
    const e = live.get(key) ?? last.get(key);
    let verdict: CacheVerdict;
    if (e !== undefined) {
      const expired = e.at + e.maxAge.seconds * 1000 <= t;
      let reason: MissReason;
      if (!e.ok) reason = 'refused';
      else if (expired) reason = e.maxAge.seconds === 0 ? 'max-age-0' : e.maxAge.how === 'absent' || e.maxAge.how === 'unreadable' ? 'expired-default' : e.maxAge.how === 'capped' ? 'expired-capped' : 'expired';
      else if (credentialed && !e.allowance.credentials) reason = 'credentials';
      else if (!coversMethod(e.allowance, value(pf.requestHeaders, 'access-control-request-method') ?? r.method)) reason = 'method';
      else if (tokens(value(pf.requestHeaders, 'access-control-request-headers')).some((h) => coversHeader(e.allowance, h) === 'no')) reason = 'header';
      else reason = 'unexplained';
      verdict = { kind: 'miss', reason, previous: e.preflightId };
      if (reason === 'method') verdict.detail = value(pf.requestHeaders, 'access-control-request-method') ?? r.method;
      if (reason === 'header') verdict.detail = tokens(value(pf.requestHeaders, 'access-control-request-headers')).filter((h) => coversHeader(e.allowance, h) === 'no').join(', ');
    } else {
      const same = byPath.get(path);
      const other = byOrigin.get(pair);
      if (same) verdict = { kind: 'miss', reason: 'other-query', previous: same.preflightId, detail: same.url };
      else if (other) verdict = { kind: 'miss', reason: 'other-url', previous: other.preflightId, detail: other.url };
      else verdict = { kind: 'first' };
    }
    c.cache = verdict;
    // What this preflight leaves in the cache.
    const answer = answerOf(pf);
    const allowance = allowanceOf(answer, credentialed);
    const ok = pf.status !== undefined && pf.status >= 200 && pf.status < 300 && !pf.failure && c.preflightAnswer?.covers.origin === 'ok' && !allowance.invalid;
    const entry: Entry = { preflightId: pfId, at: pf.responseAt ?? pf.endedAt ?? pf.issuedAt, maxAge: maxAgeOf(answer), allowance, url: r.url, ok };
    last.set(key, entry);
    byPath.set(path, entry);
    byOrigin.set(pair, entry);
    if (ok && entry.maxAge.seconds > 0 && r.url.length < 1024) live.set(key, entry);
    else live.delete(key);
  }
}

const EXPIRY: ReadonlySet<MissReason> = new Set(['max-age-0', 'expired-default', 'expired', 'expired-capped']);

function totals(list: readonly CorsRequest[], byHop: Map<string, NetworkRequest>): CorsOriginTotals[] {
  const by = new Map<string, CorsOriginTotals>();
  for (const c of list) {
    if (c.class === 'same-origin' || c.class === 'navigation') continue;
    let t = by.get(c.target);
    if (t === undefined) by.set(c.target, (t = { origin: c.target, requests: 0, preflights: 0, preflightMs: 0, delayMs: 0, hits: 0, misses: 0, failures: 0, saving: { preflights: 0, ms: 0 } }));
    t.requests++;
    t.preflights += c.preflightIds.length;
    for (const id of c.preflightIds) t.preflightMs += byHop.get(id)?.phases.total ?? 0;
    t.delayMs += c.time?.delayMs ?? 0;
    if (c.cache?.kind === 'hit') t.hits++;
    if (c.cache?.kind === 'miss') {
      t.misses++;
      if (EXPIRY.has(c.cache.reason)) {
        t.saving.preflights++;
        t.saving.ms += c.time?.delayMs ?? 0;
      }
    }
    if (c.class === 'failed') t.failures++;
    const ma = c.preflightAnswer?.maxAge_.seconds;
    if (ma !== undefined && c.preflightAnswer?.maxAge !== undefined) t.maxAgeS = Math.max(t.maxAgeS ?? 0, ma);
  }
  return [...by.values()].sort((a, b) => b.failures - a.failures || b.preflights - a.preflights || a.origin.localeCompare(b.origin));
}

export { MAX_MAX_AGE_S };
