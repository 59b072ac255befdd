// The delaying proxy in a process of its own: a proxy in the test's process shares its event loop
// with puppeteer and the fixture server, and a 40 ms timer was seen to fire 290 ms late there (a
// round trip grown sevenfold at random). The child runs only proxies; the test asks it for one by
// message. Run as a child by startProxyProcess(); it stops when its parent goes.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDelayProxy, type DelayProxy, type DelayProxyOptions, type TraceEntry } from './delay-proxy.ts';

type Request = { id: number; open: { targetPort: number; delayMs: number; options?: DelayProxyOptions } } | { id: number; close: number } | { id: number; drop: number } | { id: number; trace: number };
type Reply = { id: number; port?: number; error?: string; trace?: TraceEntry[] };

export interface ProxyHandle {
  port: number;
  /** Closes the proxy's open connections; it keeps listening on its port. */
  drop(): Promise<void>;
  /** The proxy's chunk log (empty unless it was opened with `trace`). */
  trace(): Promise<TraceEntry[]>;
  close(): Promise<void>;
}

export interface ProxyProcess {
  /** A new proxy in the child, in front of `targetPort`, adding `delayMs` each way (and limiting each direction's throughput, if asked). */
  open(targetPort: number, delayMs: number, options?: DelayProxyOptions): Promise<ProxyHandle>;
  close(): Promise<void>;
}

export async function startProxyProcess(): Promise<ProxyProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (r: Reply) => void>();
  let next = 0;
  child.on('message', (m: Reply) => pending.get(m.id)?.(m));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the proxy process exited (${code})`)));
  });
  const ask = (req: Omit<Request, 'id'>): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, (r) => {
        pending.delete(id);
        if (r.error) reject(new Error(r.error));
        else resolve(r);
      });
      child.send({ ...req, id });
    });
  return {
    async open(targetPort, delayMs, options) {
      const { port } = await ask({ open: { targetPort, delayMs, ...(options ? { options } : {}) } });
      return { port: port!, drop: async () => void (await ask({ drop: port! })), trace: async () => (await ask({ trace: port! })).trace ?? [], close: async () => void (await ask({ close: port! })) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

if (process.argv.includes('--child') && process.send) {
  const proxies = new Map<number, DelayProxy>();
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: Request) => {
    void (async () => {
      try {
        if ('open' in m) {
          const p = await startDelayProxy(m.open.targetPort, m.open.delayMs, m.open.options);
          proxies.set(p.port, p);
          process.send!({ id: m.id, port: p.port } satisfies Reply);
        } else if ('trace' in m) {
          process.send!({ id: m.id, trace: proxies.get(m.trace)?.trace ?? [] } satisfies Reply);
        } else if ('drop' in m) {
          proxies.get(m.drop)?.drop();
          process.send!({ id: m.id } satisfies Reply);
        } else {
          await proxies.get(m.close)?.close();
          proxies.delete(m.close);
          process.send!({ id: m.id } satisfies Reply);
        }
      } catch (err) {
        process.send!({ id: m.id, error: String(err) } satisfies Reply);
      }
    })();
  });
  process.send({ id: 0 } satisfies Reply);
}
