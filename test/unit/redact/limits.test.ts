// Hostile input: redaction must finish, in linear time, without overflowing the call stack or
// the regular-expression engine. Each case is 10 MB (or 100,000 levels deep) with a secret at
// the far end, so finishing is not enough: the scan must also reach the end. The time bound is
// generous (a quadratic scan of 10 MB takes hours, not seconds); the figures are printed.
import { describe, expect, it } from 'vitest';
import { Scrubber } from '../../../src/core/redact/scrubber.ts';
import { HarRedactor } from '../../../src/core/redact/redact-har.ts';
import type { HarEntry } from '../../../src/core/har/types.ts';
import { redactFrame } from '../../../src/core/redact/protocols.ts';
import { redactBody } from '../../../src/core/redact/bodies.ts';

const MB10 = 10 * 1024 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(MB10 / unit.length)).slice(0, MB10);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const BOUND_MS = 60_000;

function timed<T>(label: string, run: () => T): T {
  const t0 = performance.now();
  const out = run();
  const ms = performance.now() - t0;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  expect(ms, label).toBeLessThan(BOUND_MS);
  return out;
}

describe('10 MB inputs', { timeout: 120_000 }, () => {
  const cases: [string, string][] = [
    ['-eyJ repeated (quadratic for /eyJ[\\w-]{4,}\\.eyJ/)', fill('-eyJ')],
    ['eyJx. repeated', fill('eyJx.')],
    ['one long line of letters', fill('a')],
    ['password:" repeated', fill('password:"')],
    ['<input with a long attribute name, repeated', fill(`<input ${'a'.repeat(4000)}>`)],
    ['<meta name=csrf content=" repeated', fill('<meta name="csrf" content="')],
    ['-----BEGIN repeated', fill('-----BEGIN ')],
    ['Bearer repeated', fill('Bearer ')],
    ['[ repeated (not JSON after all)', fill('[')],
    ['https:// repeated', fill('https://')],
    ['digits and colons (Telegram-like)', fill('1234567890:')],
    ['<SecretAccessKey> repeated, never closed', fill('<SecretAccessKey>')],
    ['</ repeated', fill('</')],
    ['<a>x</b> repeated', fill('<a>x</b>')],
    ['entity-encoded JSON pairs repeated', fill('&quot;token&quot;:&quot;')],
  ];
  for (const [label, text] of cases) {
    it(`free text: ${label}`, () => {
      const input = `${text} token=${JWT}`;
      const out = timed(label, () => new Scrubber().text(input));
      expect(typeof out).toBe('string');
      expect(out).not.toContain(JWT);
    });
  }

  it('a 10 MB single-line query value, header value and JSON string', () => {
    const long = fill('x');
    const url = timed('URL with a 10 MB value', () => new Scrubber().url(`https://a.test/p?q=${long}&access_token=tok-0123456789`));
    expect(url.endsWith('&access_token=REDACTED')).toBe(true);
    const json = timed('JSON with a 10 MB string', () => new Scrubber().text(`{"note":"${long}","password":"pw-0123456789"}`));
    expect(json.endsWith('"password":"[REDACTED]"}')).toBe(true);
    const r = new HarRedactor();
    const entry = {
      request: { method: 'GET', url: 'https://a.test/', httpVersion: '', cookies: [], headers: [{ name: 'X-Long', value: `${long} ${JWT}` }], queryString: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: 'text/plain', text: `${long}\npassword=pw-0123456789` }, redirectURL: '', headersSize: -1, bodySize: 0 },
    } as unknown as HarEntry;
    const out = timed('entry with a 10 MB header and body', () => r.entry(entry, 0));
    expect(out.request.headers[0]!.value.endsWith(' [REDACTED]')).toBe(true);
    expect(out.response.content.text!.endsWith('password=REDACTED')).toBe(true);
  });
});

describe('100,000 levels deep', { timeout: 120_000 }, () => {
  it('JSON nested 100,000 levels: walked without recursion, the secret at the bottom found', () => {
    const deep = `${'{"a":['.repeat(100_000)}{"password":"pw-0123456789"}${']}'.repeat(100_000)}`;
    const out = timed('JSON 100,000 deep', () => new Scrubber().text(deep));
    expect(out).not.toContain('pw-0123456789');
    expect(out.length).toBe(deep.length - 'pw-0123456789'.length + '[REDACTED]'.length);
  });

  it('an initiator whose async stack chain is 100,000 parents long', () => {
    type Stack = { callFrames: { url: string }[]; parent?: Stack };
    const bottom: Stack = { callFrames: [{ url: 'https://a.test/x.js?sig=sig-0123456789' }] };
    let stack = bottom;
    for (let i = 0; i < 100_000; i++) stack = { callFrames: [{ url: 'https://a.test/app.js' }], parent: stack };
    const entry = {
      request: { method: 'GET', url: 'https://a.test/', httpVersion: '', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: 'x' }, redirectURL: '', headersSize: -1, bodySize: 0 },
      _initiator: { type: 'script', stack },
    } as unknown as HarEntry;
    const out = timed('initiator 100,000 deep', () => new HarRedactor().entry(entry, 0));
    let s = (out._initiator as { stack: Stack }).stack;
    let depth = 0;
    while (s.parent) {
      s = s.parent;
      depth++;
    }
    expect(depth).toBe(100_000);
    expect(s.callFrames[0]!.url).toBe('https://a.test/x.js?sig=REDACTED');
    // The record's own initiator is untouched (the redactor works on a copy).
    expect(bottom.callFrames[0]!.url).toBe('https://a.test/x.js?sig=sig-0123456789');
  });

  it('a URL nested in itself 40 times: followed to a limit, then dropped whole', () => {
    let url = 'https://a.test/x?token=tok-0123456789';
    for (let i = 0; i < 40; i++) url = `https://a.test/r?next=${encodeURIComponent(url)}`;
    const out = timed('URL nested 40 times', () => new Scrubber().url(url));
    expect(out).not.toContain('tok-0123456789');
    expect(out.startsWith('https://a.test/r?next=')).toBe(true);
  });
});

describe('malformed input never throws', { timeout: 120_000 }, () => {
  it('survives 5,000 seeded random mixes of escapes, lone surrogates, markers and protocol pieces', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pieces = ['%', '%2', '%E0%A4%A', '\uD800', '\uDC00', '=', '&', '?', '#', '/', ';', ':', '"', "'", '\\', '{', '}', '[', ']', '<', '>', '</', '<input ', 'name=', 'value=', 'password', 'token', 'code', 'state', 'eyJ', '.', 'eyJhbGciOiJIUzI1NiJ9', 'https://', 'a', '1', ' ', '\n', '\u0000', 'Bearer ', 'Basic ', '-----BEGIN ', 'PRIVATE KEY-----', '40', 'CONNECT\n', 'passcode:', 'sk_live_', 'user:pass@', '%5F', '+', '${', 'REDACTED', '[REDACTED]'];
    const failures: string[] = [];
    for (let k = 0; k < 5000; k++) {
      let s = '';
      for (let n = Math.floor(rnd() * 40); n > 0; n--) s += pieces[Math.floor(rnd() * pieces.length)];
      const sc = new Scrubber(k % 2 ? {} : { level: 'strict' });
      const runs: [string, () => string][] = [
        ['text', () => sc.text(s)],
        ['url', () => sc.url(s)],
        ['value', () => sc.value(s)],
        ['text frame', () => redactFrame(s, 1, sc)],
        ['binary frame', () => redactFrame(Buffer.from(s).toString('base64'), 2, sc)],
        ['form body', () => redactBody(s, 'application/x-www-form-urlencoded', sc)],
        ['multipart body', () => redactBody(s, 'multipart/form-data; boundary=a', sc)],
      ];
      for (const [name, run] of runs) {
        try {
          if (typeof run() !== 'string') failures.push(`${name}: not a string`);
        } catch (err) {
          failures.push(`${name} ${JSON.stringify(s)}: ${String(err)}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
