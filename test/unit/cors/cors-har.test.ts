// CORS in HAR and in the report: `_netlensCors` on both partners of every preflight, no header
// values in it, and an import that reads the failures back (a HAR has no field for the protocol's
// corsErrorStatus); the `netlens explain` CORS section in text and JSON. On the recorded CORS lab.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCorsData } from '../../../src/core/analysis/cors/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import { analysisVerdicts } from '../../../src/core/har/verdicts.ts';
import { importHar } from '../../../src/core/import/import-har.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import { analysisSections } from '../../../src/core/report/sections.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const rec = NetworkRecorder.fromLog(loadLog('cors'));
const truth = loadTruth('cors');
const ctx = { creator: { name: 'Netlens', version: 'test' }, verdicts: analysisVerdicts(rec) };
const har = JSON.parse(JSON.stringify(buildHar(rec, ctx)));
const entries = har.log.entries as Record<string, any>[];
const entry = (id: string) => entries.find((e) => e._netlensId === id)!;

describe('HAR _netlensCors', () => {
  const d = analyseCorsData(rec.requests());
  it('is on both partners of every preflight', () => {
    expect(d.pairing.pairs.length).toBe(truth.requests.filter((t) => t.method === 'OPTIONS').length);
    for (const p of d.pairing.pairs) {
      expect(entry(p.preflightId)._netlensCors).toEqual({ preflightFor: p.hopId, hop: p.hop });
      expect(entry(p.hopId)._netlensCors.preflights).toContain(p.preflightId);
    }
  });
  it('carries the class, the cache verdict and the failure, and no header value', () => {
    const failures = entries.filter((e) => e._netlensCors?.failure);
    expect(failures.map((e) => e._netlensCors.failure.error).sort()).toEqual(rec.requests().filter((r) => r.failure?.corsError).map((r) => r.failure!.corsError!.corsError).sort());
    expect(entries.filter((e) => e._netlensCors?.cache?.kind === 'hit').length).toBe(2);
    // The Authorization value the auth-star call sent ("Bearer t") and X-Token's ("a") are not in the verdicts.
    const all = JSON.stringify(entries.map((e) => e._netlensCors ?? null));
    expect(all).not.toContain('Bearer');
    expect(all).not.toMatch(/"value"/);
  });
  it('reads the failures back on import, so the imported session explains them again', () => {
    const after = NetworkRecorder.fromLog(importHar(har).events);
    const errors = (rs: typeof after) => rs.requests().filter((r) => r.failure?.corsError).map((r) => [r.url, r.failure!.corsError!.corsError, r.failure!.corsError!.failedParameter]);
    expect(errors(after)).toEqual(errors(rec));
    const d2 = analyseCorsData(after.requests());
    expect(d2.pairing.pairs.length).toBe(d.pairing.pairs.length);
    expect(d2.requests.filter((c) => c.failure).map((c) => [c.failure!.error, c.failure!.fix])).toEqual(d.requests.filter((c) => c.failure).map((c) => [c.failure!.error, c.failure!.fix]));
    expect(d2.requests.map((c) => c.cache?.kind ?? null)).toEqual(d.requests.map((c) => c.cache?.kind ?? null));
  });
  it('ignores a _netlensCors failure that is not a CorsError name', () => {
    const bad = structuredClone(har);
    const e = bad.log.entries.find((x: any) => x._netlensCors?.failure);
    e._netlensCors.failure.error = '<script>';
    const after = NetworkRecorder.fromLog(importHar(bad).events);
    expect(after.requests().find((r) => r.url === e.request.url)!.failure?.corsError).toBeUndefined();
  });
});

describe('netlens explain: the CORS section', () => {
  const report = buildReport(rec, analysisSections);
  const s = report.sections.find((x) => x.title === 'CORS')!;
  it('gives totals per origin as the server counted them, and the saving', () => {
    const b = s.lines.find((l) => l.startsWith('http://b.test'))!;
    const options = truth.requests.filter((t) => t.method === 'OPTIONS' && t.host.startsWith('b.test')).length;
    expect(b).toContain(`${options} preflights`);
    expect(b).toContain('2 hits');
    expect(b).toMatch(/Access-Control-Max-Age: 7200 would have saved 2 preflights/);
  });
  it('lists failures first, each with its fix', () => {
    const first = s.lines.findIndex((l) => l.startsWith('#'));
    expect(s.lines[first]).toContain('[failed]');
    expect(s.lines.filter((l) => l.includes('[failed]')).every((l) => l.includes('Fix: '))).toBe(true);
  });
  it('gives the whole plain model as JSON', () => {
    const data = JSON.parse(JSON.stringify(s.data));
    expect(data.requests.length).toBe(analyseCorsData(rec.requests()).requests.length);
    expect(data.pairing.pairs.length).toBe(14);
  });
});
