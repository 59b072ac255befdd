// The documents the fuzzer mutates: every committed fixture (a CDP log recorded from real
// Chromium), slices of them (small inputs fuzz faster and reach the same handlers), and the HAR
// Netlens exports from each, plus HARs as other producers write them (WebPageTest's `_socket`
// and "1.1", Chrome's old socket-id `connection`, Firefox without ids).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { exportHar } from '../../../src/core/har/export.ts';
import { netlensHarContext } from '../../../src/cli/commands/convert.ts';
import type { Json } from './mutate.ts';

const dir = join(process.cwd(), 'test', 'fixtures');

export class Corpus {
  readonly names: string[];
  private readonly logs = new Map<string, Json[]>();
  private readonly hars = new Map<string, Json>();

  constructor() {
    this.names = readdirSync(dir).filter((f) => f.endsWith('.cdp.json')).map((f) => f.slice(0, -'.cdp.json'.length)).sort();
  }

  log(name: string): Json[] {
    let log = this.logs.get(name);
    if (!log) {
      log = JSON.parse(readFileSync(join(dir, `${name}.cdp.json`), 'utf8')) as Json[];
      this.logs.set(name, log);
    }
    return log;
  }

  har(name: string): Json {
    let har = this.hars.get(name);
    if (!har) {
      const rec = NetworkRecorder.fromLog(this.log(name) as never);
      har = JSON.parse([...exportHar(rec, netlensHarContext(rec), { redact: false }).chunks].join('')) as Json;
      this.hars.set(name, har);
    }
    return har;
  }

  /**
   * A base document by its description: `cdp:NAME`, `cdp:NAME:FROM:COUNT` (a slice of events),
   * `har:NAME`, `har:NAME:FROM:COUNT` (a slice of entries), `har-PRODUCER:NAME:…` (as another tool writes it).
   */
  base(desc: string): Json {
    const [kind, name, from, count] = desc.split(':') as [string, string, string?, string?];
    const slice = <T>(xs: T[]): T[] => (from === undefined ? xs : xs.slice(Number(from), Number(from) + Number(count)));
    if (kind === 'cdp') return slice(this.log(name));
    const har = structuredClone(this.har(name)) as { log: { entries: Json[]; creator: Json } };
    har.log.entries = slice(har.log.entries);
    if (kind === 'har') return har as unknown as Json;
    return asProducer(kind.slice('har-'.length), har) as unknown as Json;
  }

  /** A random base description. */
  pick(rand: () => number): string {
    const name = this.names[Math.floor(rand() * this.names.length)]!;
    const r = rand();
    const kind = r < 0.55 ? 'cdp' : r < 0.85 ? 'har' : (['har-webpagetest', 'har-chrome-old', 'har-firefox'] as const)[Math.floor(rand() * 3)]!;
    const length = kind === 'cdp' ? this.log(name).length : (this.har(name) as { log: { entries: unknown[] } }).log.entries.length;
    // Mostly slices: a fold of 40 to 200 events (or 3 to 30 entries) reaches every handler.
    if (rand() < 0.85 && length > 10) {
      const count = kind === 'cdp' ? 40 + Math.floor(rand() * 160) : 3 + Math.floor(rand() * 27);
      const from = Math.floor(rand() * Math.max(1, length - count));
      return `${kind}:${name}:${from}:${count}`;
    }
    return `${kind}:${name}`;
  }
}

type Obj = Record<string, unknown>;

/** A Netlens HAR rewritten the way another producer writes its fields. */
function asProducer(producer: string, har: { log: { entries: Json[]; creator: Json } }): { log: Obj } {
  const entries = har.log.entries as Obj[];
  for (const e of entries) {
    for (const k of Object.keys(e)) if (k.startsWith('_netlens')) delete e[k];
    const id = e._connectionId;
    const req = e.request as Obj;
    const res = e.response as Obj;
    if (producer === 'webpagetest') {
      delete e._connectionId;
      if (id !== undefined) e._socket = Number(id);
      const v = String(res.httpVersion);
      res.httpVersion = req.httpVersion = v === 'http/2.0' ? 'HTTP/2' : v === 'http/1.1' ? '1.1' : v;
      e._protocol = v === 'http/2.0' ? 'HTTP/2' : 'HTTP/1.1';
    } else if (producer === 'chrome-old') {
      delete e._connectionId;
      if (id !== undefined) e.connection = String(id);
    } else {
      delete e._connectionId;
      delete e._initiator;
      delete e._resourceType;
    }
  }
  return { log: { ...har.log, creator: { name: producer, version: '1' } } };
}
