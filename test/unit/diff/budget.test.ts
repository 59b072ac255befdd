// Budgets: the reader (src/core/diff/budget.ts) and the committed JSON Schema
// (docs/budget.schema.json, compiled by ajv) accept and refuse the same files; a refused file gets
// a sentence naming the field; checkBudget lists each violation with its evidence.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { BudgetError, checkBudget, diffRecordings, parseBudget, readBudget, type DiffSide } from '../../../src/core/diff/index.ts';
import { syntheticLog } from '../analysis/synthetic-log.ts';

const schema = JSON.parse(readFileSync('docs/budget.schema.json', 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);

const CORPUS: [string, unknown][] = [
  ['empty', {}],
  ['overall', { overall: { maxRequests: 80, maxBytes: 1_000_000, maxNewConnections: 12, maxPreflights: 0, maxCacheRegressions: 0, maxLoadTimeMs: 2500.5 } }],
  ['origins', { $schema: './budget.schema.json', description: 'home page', origins: { 'https://cdn.example.com': { maxBytes: 500000 }, 'http://a.test:8080': { maxNewConnections: 2 } } }],
  ['zeroes', { overall: { maxRequests: 0, maxLoadTimeMs: 0 } }],
  ['not an object', [1, 2]],
  ['a string', 'max 10 requests'],
  ['null', null],
  ['unknown field', { total: { maxRequests: 1 } }],
  ['unknown limit', { overall: { maxRequest: 1 } }],
  ['text figure', { overall: { maxBytes: '10kb' } }],
  ['negative', { overall: { maxRequests: -1 } }],
  ['fraction of a count', { overall: { maxRequests: 1.5 } }],
  ['negative load', { overall: { maxLoadTimeMs: -3 } }],
  ['load time per origin', { origins: { 'https://a.test': { maxLoadTimeMs: 100 } } }],
  ['origin with a path', { origins: { 'https://a.test/app': { maxBytes: 1 } } }],
  ['origin without scheme', { origins: { 'a.test': { maxBytes: 1 } } }],
  ['limits not an object', { overall: 5 }],
  ['origins not an object', { origins: ['https://a.test'] }],
  ['description not text', { description: 5 }],
];

describe('the budget reader and the schema', () => {
  it.each(CORPUS)('%s: accepted by both or refused by both', (_name, json) => {
    const bySchema = validate(json);
    let byReader = true;
    try {
      readBudget(json);
    } catch (err) {
      expect(err).toBeInstanceOf(BudgetError);
      byReader = false;
    }
    expect(byReader).toBe(bySchema);
  });

  it('says what is wrong and where', () => {
    const refusal = (text: string) => {
      try {
        parseBudget(text, 'budget.json');
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('{"overall": {"maxBytes": "10kb"}}')).toBe('budget.json: `overall.maxBytes` must be a whole number of 0 or more (it is "10kb").');
    expect(refusal('{"overall": {"maxRequest": 3}}')).toBe('budget.json: `overall.maxRequest` is not a limit; the limits are maxRequests, maxBytes, maxNewConnections, maxPreflights, maxCacheRegressions, maxLoadTimeMs.');
    expect(refusal('{"origins": {"https://a.test": {"maxLoadTimeMs": 1}}}')).toBe('budget.json: `origins.https://a.test.maxLoadTimeMs` is not a limit of an origin (load time is overall only); the limits are maxRequests, maxBytes, maxNewConnections, maxPreflights, maxCacheRegressions.');
    expect(refusal('{"overall": ')).toMatch(/^budget\.json is not JSON: /);
    expect(refusal('\uFEFF{"overall": {"maxRequests": 3}}')).toBe('accepted');
  });
});

describe('checkBudget', () => {
  const side = (label: string, n: number, cc: string): DiffSide => {
    const rec = NetworkRecorder.fromLog(syntheticLog(Array.from({ length: n }, (_, i) => ({ id: `r${i}`, url: `https://${i % 2 ? 'b' : 'a'}.test/${i}.png`, at: i, conn: 1 + i, size: 2000, responseHeaders: { 'cache-control': cc } }))));
    return { label, requests: rec.requests(), pages: rec.pages() };
  };

  it('lists each limit the second recording breaks, with its evidence, and nothing within', () => {
    const d = diffRecordings(side('a', 4, 'max-age=60'), side('b', 6, 'no-store'));
    const v = checkBudget(readBudget({ overall: { maxRequests: 5, maxBytes: 12_000, maxCacheRegressions: 0 }, origins: { 'https://b.test': { maxNewConnections: 2 }, 'https://a.test': { maxNewConnections: 3 } } }), d);
    // 6 requests of 2,000 B on 6 connections (3 per origin); the 4 URLs of both sides no longer storable.
    expect(v.map((x) => `${x.scope} ${x.limit} ${x.actual}/${x.max}`)).toEqual(['overall maxRequests 6/5', 'overall maxCacheRegressions 4/0', 'https://b.test maxNewConnections 3/2']);
    expect(v[0]!.sentence).toBe('Overall: 6 requests; the budget allows 5 requests (`overall.maxRequests`).');
    expect(v[0]!.evidence).toEqual(['Since the first recording: 1 request added to https://a.test: `GET /4.png` (+2 kB).', 'Since the first recording: 1 request added to https://b.test: `GET /5.png` (+2 kB).']);
    expect(v[2]!.requests.map((l) => l.b)).toEqual(['r1', 'r3', 'r5']);
    expect(checkBudget(readBudget({ overall: { maxRequests: 6, maxBytes: 12_000 } }), d)).toEqual([]);
  });
});
