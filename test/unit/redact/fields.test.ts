// Field by field, with literal inputs: URLs, raw header text, bodies and WebSocket protocols
// (an MQTT CONNECT stays a well-formed packet), and fields the HAR builder may add later.
import { describe, expect, it } from 'vitest';
import { Scrubber } from '../../../src/core/redact/scrubber.ts';
import { HarRedactor } from '../../../src/core/redact/redact-har.ts';
import { redactHeadersText } from '../../../src/core/redact/headers.ts';
import { redactFrame } from '../../../src/core/redact/protocols.ts';
import type { HarEntry } from '../../../src/core/har/types.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('URLs', () => {
  const sc = () => new Scrubber();

  it('redacts userinfo, path tokens, matrix parameters, query and fragment, and keeps the rest byte for byte', () => {
    expect(sc().url('https://bob:hunter2@example.com/a?b=1')).toBe('https://bob:REDACTED@example.com/a?b=1');
    expect(sc().url('https://ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/o/r.git')).toBe('https://REDACTED@github.com/o/r.git');
    expect(sc().url('/account/reset-password/8f14e45fceea167a5a36dedd4bea2543?lang=en')).toBe('/account/reset-password/REDACTED?lang=en');
    expect(sc().url('/users/48213/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe('/users/48213/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(sc().url('/cart;jsessionid=0A1B2C3D4E5F?x=1')).toBe('/cart;jsessionid=REDACTED?x=1');
    expect(sc().url('https://a.test/cb#access_token=abc123def456&token_type=Bearer')).toBe('https://a.test/cb#access_token=REDACTED&token_type=Bearer');
    expect(sc().url('https://a.test/#/reset/9f86d081884c7d659a2feaa0c55ad015?x=1')).toBe('https://a.test/#/reset/REDACTED?x=1');
    expect(sc().url('https://a.test/x?%7Bweird=%ZZ&q=a+b')).toBe('https://a.test/x?%7Bweird=%ZZ&q=a+b');
  });

  it('follows values nested in parameters: a URL, JSON, base64-wrapped JSON, a query string', () => {
    const nested = `https://a.test/login?next=${encodeURIComponent('https://b.test/x?token=tok-0123456789&team=blue')}`;
    const out = sc().url(nested);
    expect(decodeURIComponent(out)).toContain('token=REDACTED&team=blue');
    const wrapped = Buffer.from(JSON.stringify({ password: 'pw-0123456789', page: 2 })).toString('base64url');
    const redacted = sc().url(`https://a.test/x?ctx=${wrapped}`);
    const value = new URL(redacted).searchParams.get('ctx')!;
    expect(JSON.parse(Buffer.from(value, 'base64url').toString())).toEqual({ password: '[REDACTED]', page: 2 });
  });

  it('strict drops every query and fragment value', () => {
    const strict = new Scrubber({ level: 'strict' });
    expect(strict.url('https://a.test/p?page=2&sort=name#section=3')).toBe('https://a.test/p?page=REDACTED&sort=REDACTED#section=REDACTED');
  });
});

describe('scripts and text', () => {
  it('leaves code alone (identifiers, calls, prose, comparisons) and takes literals under secret names', () => {
    const code = 'var token = this.getToken(); const key = "Enter"; if (state === "open") el.dataset.state = state;\n' +
      'file.tokens = babel7CompatTokens(this.tokens); x = { topicToken: "^^", message: "The token has expired, sign in again" };\n' +
      'new WebSocket(`${proto}://${host}?token=${wsToken}`);';
    expect(new Scrubber().text(code)).toBe(code);
    const literals = 'const password = "hunter2xyz"; cfg = { apiKey: "k-123456789" };\npassword: s3cr3t9\nDB_PASSWORD=pa55word\n';
    expect(new Scrubber().text(literals)).toBe('const password = "[REDACTED]"; cfg = { apiKey: "[REDACTED]" };\npassword: REDACTED\nDB_PASSWORD=REDACTED\n');
  });
});

describe('JSON', () => {
  it('drops everything under a secret key, counts it once, and keeps what follows; formatting stays', () => {
    const sc = new Scrubber();
    const text = '{ "credentials": { "user": "alice", "expires": 3600, "nested": ["x1y2z3w4", true] },\n  "tokens": ["a1b2c3d4", "e5f6g7h8"], "pin": 4821, "after": "keep me", "code": "card_declined" }';
    expect(sc.text(text)).toBe('{ "credentials": { "user": "[REDACTED]", "expires": "[REDACTED]", "nested": ["[REDACTED]", true] },\n  "tokens": ["[REDACTED]", "[REDACTED]"], "pin": "[REDACTED]", "after": "keep me", "code": "card_declined" }');
    expect(sc.report().counts.json).toBe(3);
  });
});

describe('raw header text', () => {
  it('redacts the request line and credential headers of a headersText block', () => {
    const sc = new Scrubber();
    const text = `GET /api?access_token=tok-0123456789&page=2 HTTP/1.1\r\nHost: a.test\r\nAuthorization: Bearer ${JWT}\r\nCookie: sid=s3cr3t-value; theme=dark\r\nX-Request-Id: req-42\r\n\r\n`;
    expect(redactHeadersText(text, sc, 'request.headersText')).toBe(
      'GET /api?access_token=REDACTED&page=2 HTTP/1.1\r\nHost: a.test\r\nAuthorization: Bearer [REDACTED]\r\nCookie: sid=[REDACTED]; theme=[REDACTED]\r\nX-Request-Id: req-42\r\n\r\n',
    );
  });
});

describe('fields the builder may add later', () => {
  it('searches unknown entry fields as text: URLs in them as URLs, header text as headers', () => {
    const r = new HarRedactor();
    const entry = {
      request: { method: 'GET', url: 'https://a.test/', httpVersion: '', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0, headersText: 'GET /x?password=pw-0123456 HTTP/1.1\r\n\r\n' },
      response: { status: 200, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: 'x' }, redirectURL: '', headersSize: -1, bodySize: 0 },
      _documentURL: 'https://a.test/page?token=tok-0123456789',
      _netlensNote: `token ${JWT}`,
    } as unknown as HarEntry;
    const out = JSON.stringify(r.entry(entry, 0));
    expect(out).not.toContain('pw-0123456');
    expect(out).not.toContain('tok-0123456789');
    expect(out).not.toContain(JWT);
    expect(out).toContain('https://a.test/page?token=REDACTED');
  });
});

describe('WebSocket protocols', () => {
  it('MQTT CONNECT: the password goes and the packet still parses, client id and user name intact', () => {
    const enc = (s: string) => {
      const b = Buffer.from(s);
      return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
    };
    const body = Buffer.concat([enc('MQTT'), Buffer.from([4, 0xc2, 0, 60]), enc('client-7'), enc('device-17'), enc('mqtt-password-123')]);
    const packet = Buffer.concat([Buffer.from([0x10, body.length]), body]);
    const out = Buffer.from(redactFrame(packet.toString('base64'), 2, new Scrubber()), 'base64');
    expect(out.includes('mqtt-password-123')).toBe(false);
    // Parse it back as a broker would: remaining length, then the fields in order.
    expect(out[0]).toBe(0x10);
    expect(out[1]).toBe(out.length - 2);
    let p = 2;
    const field = () => {
      const len = out.readUInt16BE(p);
      const s = out.subarray(p + 2, p + 2 + len).toString();
      p += 2 + len;
      return s;
    };
    expect(field()).toBe('MQTT');
    p += 4;
    expect([field(), field(), field()]).toEqual(['client-7', 'device-17', '[REDACTED]']);
    expect(p).toBe(out.length);
  });

  it('Socket.IO, STOMP and graphql-ws keep their framing', () => {
    const sc = new Scrubber();
    expect(redactFrame('40/admin,{"token":"tok-0123456789"}', 1, sc)).toBe('40/admin,{"token":"[REDACTED]"}');
    expect(redactFrame('421["auth",{"accessToken":"tok-0123456789","room":"lobby"}]', 1, sc)).toBe('421["auth",{"accessToken":"[REDACTED]","room":"lobby"}]');
    expect(redactFrame('CONNECT\nlogin:guest\npasscode:pc-0123456789\n\n\u0000', 1, sc)).toBe('CONNECT\nlogin:guest\npasscode:[REDACTED]\n\n\u0000');
    expect(redactFrame('{"type":"connection_init","payload":{"headers":{"Authorization":"Bearer tok"}}}', 1, sc)).toBe('{"type":"connection_init","payload":{"headers":{"Authorization":"[REDACTED]"}}}');
  });
});
