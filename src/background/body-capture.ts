// Response bodies during a recording (issue 19), when the session's options ask for them: at
// each loadingFinished, Network.getResponseBody on the target the request finished on, stored
// beside the events in the `bodies` table; a body Netlens does not keep gets a row with the
// reason instead (src/core/bodies.ts decides). Keyed by the CDP requestId alone, like the
// records: a request may start on one session and finish on another.
import type { DebuggerPort, DebuggerTarget } from '../adapters/debugger.ts';
import type { SessionStore } from '../adapters/storage/sessions.ts';
import type { StoredBody } from '../adapters/storage/db.ts';
import type { SessionInfo } from '../core/session.ts';
import { bufferSizes, fitBody, isEventStreamMime, planBody, reasonOfFetchError, type BodyCounts, type BodyLimits, type BodyReason } from '../core/bodies.ts';

interface Pending {
  hop: number;
  mimeType: string;
  status: number;
  size: number;
  fromCache: boolean;
}

/** How long the end of a recording waits for bodies still being fetched. */
const SETTLE_MS = 5000;
/** The session row's body counts are written at most this often while recording, and at the end. */
const COUNTS_EVERY_MS = 1000;

export class BodyCapture {
  private readonly requests = new Map<string, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Bytes kept (or promised to fetches in flight) so far in the session. */
  private used = 0;
  /** Rows written: bodies kept (truncated of them only in part) and skipped; written to the session row as `bodyCounts`. */
  readonly counts: BodyCounts = { kept: 0, truncated: 0, skipped: 0 };
  private countsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly sessionId: string,
    readonly limits: BodyLimits,
    private readonly deps: { debugger: DebuggerPort; store: SessionStore },
  ) {}

  /** Network.enable's buffer sizes for the limits (merged into its params on every target). */
  enableParams(): { maxResourceBufferSize: number; maxTotalBufferSize: number } {
    return bufferSizes(this.limits);
  }

  onEvent(target: DebuggerTarget, method: string, params: unknown): void {
    const p = params as Record<string, any> | undefined;
    if (!p || typeof p.requestId !== 'string') return;
    const id = p.requestId as string;
    switch (method) {
      case 'Network.requestWillBeSent': {
        const known = this.requests.get(id);
        const hop = known && p.redirectResponse ? known.hop + 1 : 0;
        this.requests.set(id, { hop, mimeType: '', status: 0, size: 0, fromCache: false });
        break;
      }
      case 'Network.requestServedFromCache': {
        const r = this.requests.get(id);
        if (r) r.fromCache = true;
        break;
      }
      case 'Network.responseReceived': {
        const r = this.requests.get(id) ?? this.fresh(id);
        const res = p.response ?? {};
        r.mimeType = String(res.mimeType ?? '');
        r.status = Number(res.status ?? 0);
        if (res.fromDiskCache || res.fromServiceWorker || res.fromPrefetchCache) r.fromCache = true;
        break;
      }
      case 'Network.dataReceived': {
        const r = this.requests.get(id);
        if (r) r.size += Number(p.dataLength ?? 0);
        break;
      }
      case 'Network.loadingFinished': {
        const r = this.requests.get(id);
        this.requests.delete(id);
        if (!r) return;
        if (r.size === 0) r.size = Number(p.encodedDataLength ?? 0);
        this.finished(target, id, r);
        break;
      }
      case 'Network.loadingFailed': {
        const r = this.requests.get(id);
        this.requests.delete(id);
        // A stream the page closed ends as a failure: it is still the streams' to show.
        if (r && isEventStreamMime(r.mimeType)) this.skip(id, r, 'event-stream');
        else if (r) this.skip(id, r, 'failed', String(p.errorText ?? '').slice(0, 200) || undefined);
        break;
      }
    }
  }

  private fresh(id: string): Pending {
    const r: Pending = { hop: 0, mimeType: '', status: 0, size: 0, fromCache: false };
    this.requests.set(id, r);
    return r;
  }

  private finished(target: DebuggerTarget, id: string, r: Pending): void {
    const plan = planBody(r, this.used, this.limits);
    if (!('fetch' in plan)) return this.skip(id, r, plan.reason, plan.detail);
    // Room promised to this fetch until it answers (a text body over a limit keeps only `keep` bytes).
    const promised = Math.min(r.size, plan.keep);
    this.used += promised;
    const job = this.deps.debugger
      .send<{ body: string; base64Encoded: boolean }>(target, 'Network.getResponseBody', { requestId: id })
      .then(
        async (res) => {
          this.used -= promised;
          if (!res) return this.write({ sessionId: this.sessionId, requestId: id, hop: r.hop, reason: r.fromCache ? 'cache-gone' : 'evicted', size: r.size });
          const fit = fitBody(res, r.mimeType, this.used, this.limits);
          if ('reason' in fit) return this.write({ sessionId: this.sessionId, requestId: id, hop: r.hop, reason: fit.reason, detail: fit.detail, size: fit.size });
          this.used += fit.truncated ? fit.truncated.kept : fit.size;
          this.counts.kept++;
          if (fit.truncated) this.counts.truncated++;
          await this.write({ sessionId: this.sessionId, requestId: id, hop: r.hop, body: fit.body, base64Encoded: fit.base64Encoded, size: fit.size, ...(fit.truncated ? { truncated: fit.truncated } : {}) }, true);
        },
        (err: unknown) => {
          this.used -= promised;
          let { reason, detail } = reasonOfFetchError(err instanceof Error ? err.message : String(err), r.fromCache);
          // Chromium drops a resource larger than its buffer for it before Netlens can ask.
          const buffer = this.enableParams().maxResourceBufferSize;
          if (r.size > buffer) detail = `${detail}; ${r.size} bytes is more than Chromium's buffer of ${buffer} bytes for one resource`;
          return this.write({ sessionId: this.sessionId, requestId: id, hop: r.hop, reason, detail, size: r.size });
        },
      )
      .catch(() => undefined);
    this.track(job);
  }

  private skip(id: string, r: Pending, reason: BodyReason, detail?: string): void {
    this.track(this.write({ sessionId: this.sessionId, requestId: id, hop: r.hop, reason, ...(detail ? { detail } : {}), size: r.size }).catch(() => undefined));
  }

  private async write(row: StoredBody, kept = false): Promise<void> {
    if (!kept) this.counts.skipped++;
    await this.deps.store.putBody(row);
    this.countsTimer ??= setTimeout(() => {
      this.countsTimer = undefined;
      void this.writeCounts();
    }, COUNTS_EVERY_MS);
  }

  /** The counts into the session row (the Sessions view shows them; its list follows the table). */
  private async writeCounts(): Promise<void> {
    const changes: Partial<SessionInfo> & { bodyCounts: BodyCounts } = { bodyCounts: { ...this.counts } };
    await this.deps.store.update(this.sessionId, changes).catch(() => undefined);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Resolves when every fetch and write started so far is done (or after SETTLE_MS), then writes the counts to the session row. */
  async settle(): Promise<void> {
    if (this.inFlight.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all([...this.inFlight]), new Promise<void>((r) => (timer = setTimeout(r, SETTLE_MS)))]);
      clearTimeout(timer);
    }
    clearTimeout(this.countsTimer);
    this.countsTimer = undefined;
    await this.writeCounts();
  }
}
