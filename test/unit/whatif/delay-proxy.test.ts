// The what-if validation's delaying proxy limits throughput on one link per direction, shared by
// its connections: real loopback sockets through it, timed against a literal rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startDelayProxy } from '../../server/delay-proxy.ts';

/** A server that sends `bytes` zero bytes to each connection, then closes it. */
let sink: net.Server;
const BYTES = 150_000;
beforeAll(async () => {
  sink = net.createServer((s) => s.end(Buffer.alloc(BYTES)));
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise<void>((r) => sink.close(() => r())));

/** Reads a connection through the proxy to its end: bytes received and when it ended (ms from t0). */
function download(port: number, t0: number): Promise<{ bytes: number; endMs: number }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const c = net.connect({ host: '127.0.0.1', port });
    c.on('data', (d: Buffer) => (bytes += d.length));
    c.on('end', () => resolve({ bytes, endMs: performance.now() - t0 }));
    c.on('error', reject);
  });
}

describe('delay proxy bandwidth limit', () => {
  const RATE = 8e6; // 8 Mbit/s: 1,000 bytes per ms
  it('takes at least the bytes over the rate, plus the delay', async () => {
    const proxy = await startDelayProxy((sink.address() as AddressInfo).port, 10, { bitsPerSecond: RATE });
    try {
      const t0 = performance.now();
      const one = await download(proxy.port, t0);
      expect(one.bytes).toBe(BYTES);
      // 150 kB at 1,000 bytes/ms: 150 ms, after the 10 ms delay.
      expect(one.endMs).toBeGreaterThanOrEqual(150 + 10);
      // Not much more (a busy machine's timers fire late; the bucket grants by the clock, so they catch up).
      expect(one.endMs).toBeLessThan(2 * 160);
      expect(proxy.bytes.down).toBe(BYTES);
    } finally {
      await proxy.close();
    }
  });

  it('shares one link between connections, evenly', async () => {
    const proxy = await startDelayProxy((sink.address() as AddressInfo).port, 10, { bitsPerSecond: RATE });
    try {
      const t0 = performance.now();
      const [a, b] = await Promise.all([download(proxy.port, t0), download(proxy.port, t0)]);
      // Two connections, one link: 300 kB take 300 ms, and neither gets through first.
      expect(Math.max(a.endMs, b.endMs)).toBeGreaterThanOrEqual(300 + 10);
      expect(Math.min(a.endMs, b.endMs)).toBeGreaterThan(0.8 * Math.max(a.endMs, b.endMs));
    } finally {
      await proxy.close();
    }
  });

  it('does not limit without a rate', async () => {
    const proxy = await startDelayProxy((sink.address() as AddressInfo).port, 10);
    try {
      const one = await download(proxy.port, performance.now());
      expect(one.bytes).toBe(BYTES);
      expect(one.endMs).toBeLessThan(150);
    } finally {
      await proxy.close();
    }
  });
});
