// A loopback TCP proxy that delays every byte by a fixed time in each direction, so a real round
// trip through it takes 2 × the delay longer: TLS handshakes, requests and responses alike (not a
// delay in a server's handler). The TCP handshake itself is with the proxy and is not delayed (a
// user-space proxy cannot hold back the kernel's SYN-ACK); the TLS handshake that follows is.
// Order is kept: chunks leave in the order they came, each at least `delayMs` after it arrived.
//
// Optionally it also limits throughput (`bitsPerSecond`): one link per direction, shared by every
// connection of the proxy and divided evenly between the connections that have bytes waiting
// (round robin in 1,500-byte slices), as a user's access line is shared by all of a page's
// connections. Per connection would give six HTTP/1.1 sockets six times the bandwidth of one
// HTTP/2 connection, which no real line does; Chromium's own throttling is per browser for the
// same reason, and shares its budget evenly between the requests in flight. A byte first waits for
// its turn on the link, then the delay (serialisation at the bottleneck, then propagation).
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface DelayProxyOptions {
  /** Throughput of each direction (bits per second), shared by all connections; none: unlimited. */
  bitsPerSecond?: number;
  /** Keep a log of every chunk (when it arrived and when it was written on, wall clock), to study a load's timing. */
  trace?: boolean;
}

/** One chunk through the proxy: its connection (in accept order), direction, size, and wall-clock times (ms). */
export interface TraceEntry {
  conn: number;
  way: 'up' | 'down';
  bytes: number;
  arrivedAt: number;
  sentAt: number;
}

export interface DelayProxy {
  port: number;
  /** Delay added to each direction (ms); a change applies to connections opened after it. */
  delayMs: number;
  /** Connections accepted so far. */
  connections: number;
  /** Bytes that went through each direction so far. */
  bytes: { up: number; down: number };
  /** The chunk log, when `trace` was asked for. */
  trace: TraceEntry[];
  /** Closes every open connection, and keeps listening (a browser's next visit opens new ones). */
  drop(): void;
  close(): Promise<void>;
}

/** A flow's way onto the link: what it has waiting, and where a byte goes once it had its turn. */
interface Flow {
  waiting: (Buffer | null)[];
  send(chunk: Buffer | null): void;
}

const SLICE = 1500;
const TICK_MS = 4;

/**
 * One direction's shared link: every TICK_MS it grants the bytes the rate allows since the last
 * grant (measured with performance.now(), so a late timer grants more, not less), slice by slice
 * to each flow with bytes waiting in turn. No credit is saved while the link is idle.
 */
class Link {
  private flows: Flow[] = [];
  private next = 0;
  private budget = 0;
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(private readonly bytesPerMs: number) {}

  push(flow: Flow, chunk: Buffer | null): void {
    if (flow.waiting.length === 0) this.flows.push(flow);
    flow.waiting.push(chunk);
    if (!this.timer) {
      this.last = performance.now();
      this.budget = 0;
      this.grant();
    }
  }

  private grant(): void {
    this.timer = undefined;
    const now = performance.now();
    this.budget += (now - this.last) * this.bytesPerMs;
    this.last = now;
    while (this.flows.length) {
      if (this.next >= this.flows.length) this.next = 0;
      const flow = this.flows[this.next]!;
      const head = flow.waiting[0]!;
      if (head === null) {
        flow.waiting.shift();
        flow.send(null);
      } else {
        if (this.budget < 1) break;
        const n = Math.min(head.length, SLICE, Math.floor(this.budget));
        this.budget -= n;
        if (n === head.length) flow.waiting.shift();
        else flow.waiting[0] = head.subarray(n);
        flow.send(head.subarray(0, n));
      }
      if (flow.waiting.length === 0) this.flows.splice(this.next, 1);
      else this.next++;
    }
    if (this.flows.length) this.timer = setTimeout(() => this.grant(), TICK_MS);
    else this.budget = 0;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flows = [];
  }
}

export async function startDelayProxy(targetPort: number, delayMs: number, options: DelayProxyOptions = {}): Promise<DelayProxy> {
  const open = new Set<Socket>();
  const rate = options.bitsPerSecond;
  const links = rate ? { up: new Link(rate / 8000), down: new Link(rate / 8000) } : undefined;
  const state: DelayProxy = { port: 0, delayMs, connections: 0, bytes: { up: 0, down: 0 }, trace: [], drop: () => {}, close: async () => {} };
  /** Pipes one direction; says whether it still holds bytes (waiting for the link or for the delay). */
  const pipe = (from: Socket, to: Socket, delay: number, way: 'up' | 'down', conn: number): (() => boolean) => {
    // One queue per direction, drained by one timer against performance.now(): a plain setTimeout
    // may fire early by however long the event loop was busy before it was set (libuv measures
    // from the loop's cached time), and an early chunk would shorten the round trip.
    const queue: { due: number; chunk: Buffer | null; arrivedAt: number }[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const drain = () => {
      timer = undefined;
      const now = performance.now();
      while (queue.length && queue[0]!.due <= now) {
        const { chunk, arrivedAt } = queue.shift()!;
        if (to.destroyed) continue;
        if (chunk && options.trace) state.trace.push({ conn, way, bytes: chunk.length, arrivedAt, sentAt: Date.now() });
        if (chunk) to.write(chunk);
        else to.end();
      }
      if (queue.length) timer = setTimeout(drain, Math.max(1, Math.ceil(queue[0]!.due - now)));
    };
    // Through the link, a chunk is logged as arriving when it had its turn; the trace is for unlimited proxies.
    const later = (chunk: Buffer | null) => {
      queue.push({ due: performance.now() + delay, chunk, arrivedAt: Date.now() });
      timer ??= setTimeout(drain, delay);
    };
    const link = links?.[way];
    const flow: Flow = { waiting: [], send: later };
    from.on('data', (chunk: Buffer) => {
      state.bytes[way] += chunk.length;
      if (link) link.push(flow, chunk);
      else later(chunk);
    });
    from.on('end', () => (link ? link.push(flow, null) : later(null)));
    return () => flow.waiting.length > 0 || queue.length > 0;
  };
  const server = net.createServer((client) => {
    const conn = ++state.connections;
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
    const upBusy = pipe(client, upstream, delay, 'up', conn);
    const downBusy = pipe(upstream, client, delay, 'down', conn);
    // A side that closed closes the other once what it sent has gone through (the delay, and the
    // link's queue when the bandwidth is limited).
    const closeAfter = (busy: () => boolean, other: Socket) => {
      const check = () => (busy() ? setTimeout(check, 5) : setTimeout(() => other.destroy(), delay));
      check();
    };
    client.on('close', () => closeAfter(upBusy, upstream));
    upstream.on('close', () => closeAfter(downBusy, client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  state.drop = () => {
    for (const s of open) s.destroy();
  };
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      links?.up.stop();
      links?.down.stop();
      server.close(() => resolve());
    });
  return state;
}
