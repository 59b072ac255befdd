// A loopback TCP proxy that delays every byte by a fixed time in each direction, so a real round
// trip through it takes 2 × the delay longer: TLS handshakes, requests and responses alike (not a
// delay in a server's handler). The TCP handshake itself is with the proxy and is not delayed (a
// user-space proxy cannot hold back the kernel's SYN-ACK); the TLS handshake that follows is.
// Order is kept: chunks leave in the order they came, each at least `delayMs` after it arrived.
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface DelayProxy {
  port: number;
  /** Delay added to each direction (ms); a change applies to connections opened after it. */
  delayMs: number;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export async function startDelayProxy(targetPort: number, delayMs: number): Promise<DelayProxy> {
  const open = new Set<Socket>();
  const state: DelayProxy = { port: 0, delayMs, connections: 0, close: async () => {} };
  const pipe = (from: Socket, to: Socket, delay: number) => {
    // One queue per direction, drained by one timer against performance.now(): a plain setTimeout
    // may fire early by however long the event loop was busy before it was set (libuv measures
    // from the loop's cached time), and an early chunk would shorten the round trip.
    const queue: { due: number; chunk: Buffer | null }[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const drain = () => {
      timer = undefined;
      const now = performance.now();
      while (queue.length && queue[0]!.due <= now) {
        const { chunk } = queue.shift()!;
        if (to.destroyed) continue;
        if (chunk) to.write(chunk);
        else to.end();
      }
      if (queue.length) timer = setTimeout(drain, Math.max(1, Math.ceil(queue[0]!.due - now)));
    };
    const later = (chunk: Buffer | null) => {
      queue.push({ due: performance.now() + delay, chunk });
      timer ??= setTimeout(drain, delay);
    };
    from.on('data', (chunk: Buffer) => later(chunk));
    from.on('end', () => later(null));
  };
  const server = net.createServer((client) => {
    state.connections++;
    const delay = state.delayMs;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort, noDelay: true });
    for (const s of [client, upstream]) {
      open.add(s);
      s.setNoDelay(true);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('close', () => setTimeout(() => upstream.destroy(), delay));
    upstream.on('close', () => setTimeout(() => client.destroy(), delay));
    pipe(client, upstream, delay);
    pipe(upstream, client, delay);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
