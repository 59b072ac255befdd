// The report's redaction: every text in it, at any depth, in a copy that keeps the key order.
import { describe, expect, it } from 'vitest';
import { redactReport } from '../../../src/core/redact/report.ts';

describe('redactReport', () => {
  it('redacts URLs and credentials in every text and keeps everything else as it was', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXBsYW50ZWQx';
    const report = {
      title: 'x',
      n: 3,
      ok: true,
      none: null,
      lines: ['GET https://api.b.test/v1?access_token=Tok3nSecret&page=2', `Bearer ${jwt}`],
      nested: { url: 'https://u:Passw0rdSecret@c.test/', keep: 'keep me' },
    };
    const { report: out, redaction } = redactReport(report);
    const text = JSON.stringify(out);
    for (const s of ['Tok3nSecret', 'Passw0rdSecret', jwt]) expect(text).not.toContain(s);
    expect(out.lines[0]).toBe('GET https://api.b.test/v1?access_token=REDACTED&page=2');
    expect(out.nested.keep).toBe('keep me');
    expect(Object.keys(out)).toEqual(['title', 'n', 'ok', 'none', 'lines', 'nested']);
    expect(out).toMatchObject({ title: 'x', n: 3, ok: true, none: null });
    expect(redaction.total).toBeGreaterThanOrEqual(3);
    // The input is not changed.
    expect(report.lines[0]).toContain('Tok3nSecret');
  });

  it('walks a report nested 100,000 levels deep without overflowing the stack', () => {
    let deep: Record<string, unknown> = { leaf: 'https://a.test/?password=DeepSecret1' };
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const { report: out } = redactReport(deep);
    let node = out as Record<string, unknown>;
    for (let i = 0; i < 100_000; i++) node = node.d as Record<string, unknown>;
    expect(node.leaf).toBe('https://a.test/?password=REDACTED');
  });
});
