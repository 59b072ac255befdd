// Protocol names as the recorder keeps them (the spelling of CDP's Response.protocol): producers
// of HAR files write the same protocol many ways — Chrome "http/2.0", Firefox "HTTP/2",
// WebPageTest "1.1" or "HTTP/1.1" with "HTTP/2" or "QUIC" in `_protocol`, others "h2", "2",
// "HTTP/3", "h3-29".

/** The recorder's name for a protocol written any of those ways; undefined for nothing. */
export function normaliseProtocol(written: unknown): string | undefined {
  if (typeof written !== 'string' && typeof written !== 'number') return undefined;
  const v = String(written).trim().toLowerCase().replace(/\s+/g, '');
  if (v === '' || v === 'unknown') return undefined;
  const bare = v.replace(/^https?\//, '').replace(/^http/, '');
  if (bare === '1.1' || bare === '1') return 'http/1.1';
  if (bare === '1.0') return 'http/1.0';
  if (bare === '0.9') return 'http/0.9';
  if (v === 'h2' || v === 'h2c' || bare === '2' || bare === '2.0' || v === 'spdy' || v.startsWith('spdy/')) return 'h2';
  if (v === 'h3' || v.startsWith('h3-') || bare === '3' || bare === '3.0' || v === 'quic' || v.startsWith('http/3') || v.startsWith('h3')) return 'h3';
  // Something else (a scheme such as "data" or "blob", or a protocol Netlens does not know): as written, kept short.
  return v.slice(0, 40);
}
