// `netlens explain --what-if` on the recorded what-if page over HTTP/1.1 through the delaying
// proxy (+40 ms each way): the section says it is an estimate, gives the baseline with its error,
// only the validated scenarios with their ranges, the others as not offered, the assumptions and
// the critical path; JSON carries the same.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/netlens.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { loadLog, loadTruth } from '../../fixtures/load.ts';

const fixture = (name: string) => join(process.cwd(), 'test', 'fixtures', `${name}.cdp.json`);
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false, cwd: process.cwd() };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('netlens explain --what-if', () => {
  it('prints estimates said to be estimates, validated scenarios only, assumptions and the critical path', async () => {
    const r = await run('explain', fixture('whatif-h1-40'), '--what-if');
    expect(r.code).toBe(0);
    const section = r.out.slice(r.out.indexOf('What-if (estimates)'));
    expect(section).toContain('Estimates, not measurements');
    // Every request the server answered is in the model.
    expect(section).toContain(`(${loadTruth('whatif-h1-40').requests.length} requests)`);
    expect(section).toMatch(/The model replaying it as it was: .* \([+−]\d+(\.\d)?%\), on 12 connections\./);
    expect(section).toMatch(/HTTP\/2 on every TLS origin.*: about .*, likely .*–.* \(±25%, validated\), 2 connections\./);
    expect(section).toMatch(/Round-trip time × 2: about/);
    expect(section).toMatch(/Bandwidth ÷ 2: about .*, likely .*–.* \(±25%, validated\)/);
    expect(section).toMatch(/Not offered: Warm cache.*does not apply/);
    expect(section).toMatch(/Not offered: HTTP\/1\.1 everywhere.*does not apply/);
    expect(section).toContain('Assumptions:');
    expect(section).toMatch(/Round-trip time \d+(\.\d)? ms: the (median connection set-up|quickest time to first byte)/);
    expect(section).toMatch(/Critical path of the baseline[^\n]*\n {4}#1 \/whatif\/page \(root\)/);
    // Without the flag, no section.
    expect((await run('explain', fixture('whatif-h1-40'))).out).not.toContain('What-if');
  });

  it('carries the model in JSON, without the per-request graph', async () => {
    const r = await run('explain', fixture('whatif-h2-40'), '--what-if', '--json');
    const report = JSON.parse(r.out) as { sections: { title: string; data: { scenarios: { scenario: { id: string; validated: boolean } }[]; notOffered: { id: string }[]; graph?: unknown } }[] };
    const s = report.sections.find((x) => x.title === 'What-if (estimates)')!;
    expect(s.data.graph).toBeUndefined();
    expect(s.data.scenarios.map((x) => x.scenario.id).sort()).toEqual(['bandwidth-half', 'http1', 'rtt-half', 'rtt-x2']);
    expect(s.data.scenarios.every((x) => x.scenario.validated)).toBe(true);
    expect(s.data.notOffered.map((x) => x.id).sort()).toEqual(['http2', 'warm-cache']);
    expect(loadLog('whatif-h2-40').length).toBeGreaterThan(0);
  });
});
