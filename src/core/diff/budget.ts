// Budgets: limits the second recording of a diff is held to (docs/budget.schema.json says the
// same in JSON Schema; test/unit/diff/budget.test.ts checks that this reader and the schema
// accept and refuse the same files). The reader is written by hand rather than compiled from
// the schema by a validator library: ajv, the well-kept one, compiles schemas into code with
// `new Function`, which this project does not run, and its standalone output would be generated
// code to keep in step; the schema is small.
import { formatBytes, formatDuration } from '../format/index.ts';
import { cacheRegressions } from './diff.ts';
import type { DiffResult, RequestLink } from './types.ts';
import { codeSpan, listed, plural, requestLabel } from './words.ts';

export const LIMITS = ['maxRequests', 'maxBytes', 'maxNewConnections', 'maxPreflights', 'maxCacheRegressions', 'maxLoadTimeMs'] as const;
export type LimitName = (typeof LIMITS)[number];
export type Limits = Partial<Record<LimitName, number>>;
export type OriginLimits = Omit<Limits, 'maxLoadTimeMs'>;

export interface Budget {
  overall?: Limits;
  /** By origin, lower case. */
  origins?: Record<string, OriginLimits>;
}

export interface Violation {
  /** "overall" or the origin. */
  scope: string;
  limit: LimitName;
  max: number;
  actual: number;
  sentence: string;
  /** Lines of evidence: the requests, pages or changes behind the figure. */
  evidence: string[];
  requests: RequestLink[];
}

export class BudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ORIGIN = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#\s]+$/;

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function readLimits(v: unknown, at: string, allowLoad: boolean): Limits {
  if (!isObject(v)) throw new BudgetError(`${codeSpan(at)} must be an object of limits (it is ${show(v)}).`);
  const out: Limits = {};
  for (const [k, x] of Object.entries(v)) {
    const name = k as LimitName;
    if (!(LIMITS as readonly string[]).includes(k) || (!allowLoad && name === 'maxLoadTimeMs')) {
      const known = allowLoad ? LIMITS : LIMITS.filter((l) => l !== 'maxLoadTimeMs');
      throw new BudgetError(`${codeSpan(`${at}.${k}`)} is not a limit${!allowLoad && name === 'maxLoadTimeMs' ? ' of an origin (load time is overall only)' : ''}; the limits are ${known.join(', ')}.`);
    }
    const whole = name !== 'maxLoadTimeMs';
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || (whole && !Number.isInteger(x))) {
      throw new BudgetError(`${codeSpan(`${at}.${k}`)} must be ${whole ? 'a whole number' : 'a number'} of 0 or more (it is ${show(x)}).`);
    }
    out[name] = x;
  }
  return out;
}

/** Reads a budget from its parsed JSON; a sentence naming the field when it is not one. */
export function readBudget(json: unknown): Budget {
  if (!isObject(json)) throw new BudgetError(`A budget is a JSON object with "overall" and/or "origins" (it is ${show(json)}).`);
  const out: Budget = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === '$schema' || k === 'description') {
      if (typeof v !== 'string') throw new BudgetError(`${codeSpan(k)} must be a string.`);
    } else if (k === 'overall') out.overall = readLimits(v, 'overall', true);
    else if (k === 'origins') {
      if (!isObject(v)) throw new BudgetError(`${codeSpan('origins')} must be an object keyed by origin (it is ${show(v)}).`);
      const origins: Record<string, OriginLimits> = Object.create(null);
      for (const [origin, limits] of Object.entries(v)) {
        if (!ORIGIN.test(origin)) throw new BudgetError(`${codeSpan(`origins.${origin}`)}: ${show(origin)} is not an origin (scheme://host[:port], no path).`);
        origins[origin.toLowerCase()] = readLimits(limits, `origins.${origin}`, false);
      }
      out.origins = origins;
    } else throw new BudgetError(`${codeSpan(k)} is not a budget field; the fields are overall and origins.`);
  }
  return out;
}

/** Reads a budget from its text (a JSON file). */
export function parseBudget(text: string, name = 'the budget'): Budget {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BudgetError(`${name} is not JSON: ${err instanceof Error ? err.message : String(err)}.`);
  }
  try {
    return readBudget(json);
  } catch (err) {
    if (err instanceof BudgetError) throw new BudgetError(`${name}: ${err.message}`);
    throw err;
  }
}

const WORDS: Record<LimitName, (n: number) => string> = {
  maxRequests: (n) => plural(n, 'request'),
  maxBytes: (n) => formatBytes(n),
  maxNewConnections: (n) => plural(n, 'connection'),
  maxPreflights: (n) => plural(n, 'preflight'),
  maxCacheRegressions: (n) => plural(n, 'cache regression'),
  maxLoadTimeMs: (n) => formatDuration(n),
};

/** Holds the second recording of a diff to a budget; the violations, each with its evidence. */
export function checkBudget(budget: Budget, d: DiffResult): Violation[] {
  const out: Violation[] = [];
  const b = d.b;
  const scopes: [string, Limits][] = [];
  if (budget.overall) scopes.push(['overall', budget.overall]);
  for (const [origin, limits] of Object.entries(budget.origins ?? {})) scopes.push([origin, limits]);
  for (const [scope, limits] of scopes) {
    const overall = scope === 'overall';
    const o = overall ? undefined : b.origins.find((x) => x.origin.toLowerCase() === scope);
    const inScope = (origin: string | undefined) => overall || origin?.toLowerCase() === scope;
    for (const limit of LIMITS) {
      const max = limits[limit];
      if (max === undefined) continue;
      let actual = 0;
      let evidence: string[] = [];
      let requests: RequestLink[] = [];
      if (limit === 'maxRequests') {
        actual = overall ? b.requests : (o?.requests ?? 0);
        const added = d.changes.filter((c) => (c.kind === 'added' || (c.kind === 'origins' && c.direction === 'worse') || c.kind === 'moved') && inScope(c.origin));
        evidence = added.map((c) => `Since the first recording: ${c.sentence}`);
        requests = added.flatMap((c) => c.requests);
      } else if (limit === 'maxBytes') {
        actual = overall ? b.bytes : (o?.bytes ?? 0);
        const largest = b.evidence.largest.filter((x) => inScope(x.origin)).slice(0, 5);
        evidence = largest.map((x) => `${requestLabel('GET', x.url).replace('`GET ', '`')}: ${formatBytes(x.bytes)}`);
        requests = largest.map((x) => ({ b: x.id, url: x.url }));
        const grew = d.changes.filter((c) => (c.kind === 'bytes' || c.kind === 'added' || c.kind === 'cache') && c.direction === 'worse' && inScope(c.origin));
        evidence.push(...grew.map((c) => `Since the first recording: ${c.sentence}`));
      } else if (limit === 'maxNewConnections') {
        actual = overall ? b.newConnections : (o?.newConnections ?? 0);
        const list = Object.entries(b.evidence.newConnections).filter(([origin]) => inScope(origin)).flatMap(([, l]) => l);
        evidence = [`Opened by ${listed(list.map((x) => codeSpan(x.url)), 10)}.`];
        requests = list.map((x) => ({ b: x.id, url: x.url }));
      } else if (limit === 'maxPreflights') {
        actual = overall ? b.preflights : (o?.preflights ?? 0);
        const list = Object.entries(b.evidence.preflights).filter(([origin]) => inScope(origin)).flatMap(([, l]) => l);
        evidence = [`Preflights: ${listed(list.map((x) => codeSpan(`OPTIONS ${x.url}`)), 10)}.`];
        requests = list.map((x) => ({ b: x.id, url: x.url }));
      } else if (limit === 'maxCacheRegressions') {
        const list = cacheRegressions(d, overall ? undefined : (o?.origin ?? scope));
        actual = list.length;
        evidence = list.map((c) => c.sentence);
        requests = list.flatMap((c) => c.requests);
      } else {
        // Load time: every page load over the limit is a violation of its own.
        b.pageLoads.forEach((p, i) => {
          if (p.loadMs === undefined || p.loadMs <= max) return;
          out.push({ scope, limit, max, actual: Math.round(p.loadMs), sentence: `Page load ${i + 1} (${codeSpan(p.url)}) took ${formatDuration(p.loadMs)} to its load event; the budget allows ${formatDuration(max)}.`, evidence: [], requests: [] });
        });
        continue;
      }
      if (actual <= max) continue;
      out.push({ scope, limit, max, actual, sentence: `${overall ? 'Overall' : scope}: ${WORDS[limit](actual)}; the budget allows ${WORDS[limit](max)} (${codeSpan(`${overall ? 'overall' : `origins["${scope}"]`}.${limit}`)}).`, evidence, requests });
    }
  }
  return out;
}
