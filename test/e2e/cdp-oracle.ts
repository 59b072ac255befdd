// Chromium's own account of a load, read over puppeteer's CDP session (not through Netlens), so
// the fixture server's truth log can be checked against it. Also the partition helpers the
// ground-truth tests share.
import type { CDPSession, Page } from 'puppeteer-core';
import type { Protocol } from 'devtools-protocol';
import type { TruthLog } from '../server/truth-log.ts';
import { waitFor } from './harness.ts';

/** One request hop as CDP reported it: a redirect hop ends with the redirect response. */
export interface CdpHop {
  requestId: string;
  method: string;
  url: string;
  status?: number;
  connectionId?: number;
  connectionReused?: boolean;
  fromCache: boolean;
  finished: boolean;
}

export class CdpRecorder {
  readonly hops: CdpHop[] = [];
  private readonly open = new Map<string, CdpHop>();
  private session!: CDPSession;

  static async attach(page: Page): Promise<CdpRecorder> {
    const r = new CdpRecorder();
    r.session = await page.createCDPSession();
    const s = r.session;
    s.on('Network.requestWillBeSent', (e: Protocol.Network.RequestWillBeSentEvent) => {
      const prev = r.open.get(e.requestId);
      if (prev && e.redirectResponse) {
        prev.status = e.redirectResponse.status;
        prev.connectionId = e.redirectResponse.connectionId;
        prev.connectionReused = e.redirectResponse.connectionReused;
        prev.fromCache = Boolean(e.redirectResponse.fromDiskCache);
        prev.finished = true;
      }
      const hop: CdpHop = { requestId: e.requestId, method: e.request.method, url: e.request.url, fromCache: false, finished: false };
      r.hops.push(hop);
      r.open.set(e.requestId, hop);
    });
    s.on('Network.requestServedFromCache', (e: Protocol.Network.RequestServedFromCacheEvent) => {
      const hop = r.open.get(e.requestId);
      if (hop) hop.fromCache = true;
    });
    s.on('Network.responseReceived', (e: Protocol.Network.ResponseReceivedEvent) => {
      const hop = r.open.get(e.requestId);
      if (!hop) return;
      hop.status = e.response.status;
      hop.connectionId = e.response.connectionId;
      hop.connectionReused = e.response.connectionReused;
      hop.fromCache ||= Boolean(e.response.fromDiskCache);
    });
    const done = (e: { requestId: string }) => {
      const hop = r.open.get(e.requestId);
      if (hop) hop.finished = true;
    };
    s.on('Network.loadingFinished', done);
    s.on('Network.loadingFailed', done);
    await s.send('Network.enable');
    return r;
  }

  /** Network hops (http/https/ws), data: URLs left out. */
  network(): CdpHop[] {
    return this.hops.filter((h) => /^(https?|wss?):/.test(h.url));
  }

  async settled(timeoutMs = 30_000): Promise<void> {
    await waitFor('every request CDP reported to finish', () => this.hops.length > 0 && this.hops.every((h) => h.finished), timeoutMs);
  }

  async detach(): Promise<void> {
    await this.session.detach().catch(() => undefined);
  }
}

/**
 * Groups keys by a grouping id and returns the groups as sorted, comparable strings:
 * two partitions of the same requests are equal when the same requests share a group.
 */
export function partition<T>(items: readonly T[], key: (t: T) => string, group: (t: T) => string | number | undefined): string[] {
  const groups = new Map<string | number, string[]>();
  for (const item of items) {
    const g = group(item);
    if (g === undefined) continue;
    const list = groups.get(g) ?? [];
    list.push(key(item));
    groups.set(g, list);
  }
  return [...groups.values()].map((l) => l.sort().join('\n')).sort();
}

/** Server requests of one run, as `METHOD url` keys, with their socket ids. */
export function serverView(log: TruthLog, run: string) {
  return log.requestsMatching(run).map((r) => ({ key: `${r.method} ${r.url}`, socketId: r.socketId, request: r }));
}
