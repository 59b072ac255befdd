// One recording of one tab: attach the debugger, enable the domains, append every event
// unchanged to IndexedDB in batches, and end cleanly. No analysis happens here: the stored log
// is the source of truth, folded later by src/core.
import type { StoredEvent } from '../core/cdp.ts';
import type { CaptureOptions, EndReason, SessionInfo } from '../core/session.ts';
import { explainAttachError, type DebuggerPort, type DebuggerTarget } from '../adapters/debugger.ts';
import { isQuotaError, type SessionStore } from '../adapters/storage/sessions.ts';
import { StreamCapture } from './stream-capture.ts';

export interface CaptureDeps {
  debugger: DebuggerPort;
  store: SessionStore;
  /** Posts a stored batch to live clients. */
  publish(sessionId: string, events: StoredEvent[]): void;
  /** Tells live clients and the toolbar that a session row changed. */
  sessionChanged(session: SessionInfo): void;
  now(): number;
  newId(): string;
  browserVersion?: string;
  /** How long events may wait before they are written (the contract says at most 250 ms). */
  flushIntervalMs?: number;
}

export const DEFAULT_OPTIONS: Required<CaptureOptions> = {
  childTargets: true,
  bodies: false,
  maxBodyBytes: 1_000_000,
  maxPostDataBytes: 65_536,
};

/**
 * A batch larger than this is written at once rather than at the next tick. Each write is one
 * stored row (src/adapters/storage/event-rows.ts), so this is also the largest row a recording writes.
 */
const MAX_BATCH = 5000;

type Phase = 'recording' | 'ending' | 'ended';

export class CaptureSession {
  private seq = 0;
  private pending: StoredEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private phase: Phase = 'recording';
  private sessionChanges: Partial<SessionInfo> = {};
  private lost = 0;
  /** A write failed: events are no longer accepted (they would leave a gap in seq). */
  private failed = false;
  private readonly bodyInfo = new Map<string, { mimeType: string; size?: number }>();
  /** Streamed bodies (SSE, NDJSON, JSON sequences): src/background/stream-capture.ts. */
  private readonly streamCapture: StreamCapture;
  readonly options: Required<CaptureOptions>;

  private constructor(
    readonly info: SessionInfo,
    private readonly deps: CaptureDeps,
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...info.options };
    this.streamCapture = new StreamCapture({
      send: (target, method, params) => deps.debugger.send(target, method, params),
      // A command's answer goes into the log like an event, with the next seq.
      emit: (target, method, params) => {
        if (this.phase === 'recording') this.onEvent(target, method, params);
      },
    });
  }

  get id(): string {
    return this.info.id;
  }
  get tabId(): number {
    return this.info.tabId!;
  }
  get pendingCount(): number {
    return this.pending.length;
  }
  get ended(): boolean {
    return this.phase === 'ended';
  }

  /**
   * Attaches to the tab and starts recording. `register` is called before any domain is enabled,
   * so that no event can arrive for a session the router does not know yet.
   * Throws an Error with a user-facing message when the debugger cannot attach.
   */
  static async start(tabId: number, options: CaptureOptions, deps: CaptureDeps, register: (s: CaptureSession) => void): Promise<CaptureSession> {
    try {
      await deps.debugger.attach(tabId);
    } catch (err) {
      throw new Error(explainAttachError(err));
    }
    const info: SessionInfo = {
      id: deps.newId(),
      tabId,
      url: '',
      title: '',
      startedAt: deps.now(),
      state: 'recording',
      eventCount: 0,
      source: 'live',
      options: { ...DEFAULT_OPTIONS, ...options },
      ...(deps.browserVersion ? { browserVersion: deps.browserVersion } : {}),
    };
    const session = new CaptureSession(info, deps);
    const tab: DebuggerTarget = { tabId };
    try {
      const target = await deps.debugger.send<{ targetInfo: { url: string; title: string } }>(tab, 'Target.getTargetInfo');
      info.url = target?.targetInfo.url ?? '';
      info.title = target?.targetInfo.title ?? '';
      await deps.store.create(info);
    } catch (err) {
      await deps.debugger.detach(tabId).catch(() => undefined);
      throw new Error(isQuotaError(err) ? 'Storage is full: Netlens cannot start a recording.' : `Could not start recording: ${errorText(err)}`);
    }
    register(session);
    try {
      await session.enableDomains(tab, 'page');
    } catch (err) {
      await session.end('attach_failed', `enabling the protocol domains failed: ${errorText(err)}`, true);
      throw new Error(`Could not start recording: ${errorText(err)}`);
    }
    deps.sessionChanged(info);
    return session;
  }

  private async enableDomains(target: DebuggerTarget, type: string): Promise<void> {
    const d = this.deps.debugger;
    await d.send(target, 'Network.enable', { maxPostDataSize: this.options.maxPostDataBytes });
    if (type === 'page' || type === 'iframe') await d.send(target, 'Page.enable');
    // Inspector.targetCrashed (a renderer crash is not a detach) comes only with the domain on.
    if (type === 'page') await d.send(target, 'Inspector.enable').catch(() => undefined);
    // Audits.issueAdded (CORS and Local Network Access issues with the initiator origin and the
    // request's security state, keyed by requestId) comes only with the domain on; enabling it
    // also sends the issues collected so far. Not every target type has it: an error is ignored.
    await d.send(target, 'Audits.enable').catch(() => undefined);
    if (this.options.childTargets) {
      // Flattened auto-attach: child targets (cross-process iframes, workers) report on their own
      // session ids through the same debugger connection. They wait until we let them run, so
      // their first requests are not missed.
      await d.send(target, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    }
  }

  /** Called by the router for every event of this tab. */
  onEvent(target: DebuggerTarget, method: string, params: unknown): void {
    if (this.phase === 'ended') return;
    if (this.failed) {
      this.lost++;
      return;
    }
    const row: StoredEvent = { sessionId: this.info.id, seq: ++this.seq, t: this.deps.now(), method, params };
    if (target.sessionId) row.target = target.sessionId;
    this.pending.push(row);
    this.noteMetadata(target, method, params);
    if (this.phase === 'recording') this.streamCapture.onEvent(target, method, params);
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.deps.flushIntervalMs ?? 100);
  }

  private noteMetadata(target: DebuggerTarget, method: string, params: unknown): void {
    const p = params as Record<string, any>;
    if (method === 'Target.attachedToTarget' && p?.sessionId) {
      void this.attachChild(target.tabId, p.sessionId as string, String(p.targetInfo?.type ?? ''), Boolean(p.waitingForDebugger));
    } else if (method === 'Page.frameNavigated' && !target.sessionId && p?.frame && !p.frame.parentId) {
      // The first real top-level URL names the session (recordings usually start on about:blank).
      if (!this.info.url || this.info.url === 'about:blank' || this.info.url.startsWith('chrome://newtab')) {
        this.info.url = String(p.frame.url ?? '');
        this.sessionChanges.url = this.info.url;
        // The blank page's title ("about:blank") no longer names the session; the new page's
        // title is read when it has loaded.
        this.info.title = '';
        this.sessionChanges.title = '';
      }
    } else if (method === 'Page.loadEventFired' && !target.sessionId && !this.info.title) {
      void this.deps.debugger
        .send<{ targetInfo: { title: string } }>({ tabId: target.tabId }, 'Target.getTargetInfo')
        .then((r) => {
          if (r?.targetInfo.title && this.phase === 'recording') {
            this.info.title = r.targetInfo.title;
            this.sessionChanges.title = r.targetInfo.title;
          }
        })
        .catch(() => undefined);
    } else if (this.options.bodies) {
      this.noteBody(target, method, p);
    }
  }

  private async attachChild(tabId: number, sessionId: string, type: string, waiting: boolean): Promise<void> {
    const child: DebuggerTarget = { tabId, sessionId };
    try {
      await this.enableDomains(child, type);
    } catch {
      // The child may already be gone (a short-lived worker); nothing to record then.
    }
    if (waiting) await this.deps.debugger.send(child, 'Runtime.runIfWaitingForDebugger').catch(() => undefined);
  }

  /** With the `bodies` option: fetch text bodies after loadingFinished and store them beside the events. */
  private noteBody(target: DebuggerTarget, method: string, p: Record<string, any>): void {
    // Keyed by requestId alone, like the records: a request may start on one session and finish
    // on another (an iframe's document, a worker's script).
    const key = String(p?.requestId);
    if (method === 'Network.responseReceived') {
      this.bodyInfo.set(key, { mimeType: String(p.response?.mimeType ?? '') });
    } else if (method === 'Network.loadingFinished') {
      const info = this.bodyInfo.get(key);
      this.bodyInfo.delete(key);
      if (!info || !/^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(json|xml))/.test(info.mimeType)) return;
      if (Number(p.encodedDataLength ?? 0) > this.options.maxBodyBytes) return;
      void this.deps.debugger
        .send<{ body: string; base64Encoded: boolean }>(target, 'Network.getResponseBody', { requestId: p.requestId })
        .then((r) => r && this.deps.store.putBody({ sessionId: this.info.id, requestId: key, body: r.body, base64Encoded: r.base64Encoded }))
        .catch(() => undefined);
    } else if (method === 'Network.loadingFailed') {
      this.bodyInfo.delete(key);
    }
  }

  /** Writes every pending event; resolves when they are stored. Writes never overlap. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  private async writeBatch(): Promise<void> {
    const batch = this.pending;
    const changes = this.sessionChanges;
    if (batch.length === 0 && Object.keys(changes).length === 0) return;
    this.pending = [];
    this.sessionChanges = {};
    try {
      await this.deps.store.append(this.info.id, batch, changes);
      if (batch.length > 0) this.info.eventCount = batch[batch.length - 1]!.seq;
      if (batch.length > 0) this.deps.publish(this.info.id, batch);
      if (Object.keys(changes).length > 0) this.deps.sessionChanged(this.info);
    } catch (err) {
      // The batch could not be stored; what was stored before stays untouched. Stop recording so
      // the user learns now, not when they open a session with a silent hole in it.
      this.failed = true;
      this.lost += batch.length + this.pending.length;
      this.pending = [];
      const quota = isQuotaError(err);
      void this.end(quota ? 'quota' : 'storage_error', quota ? 'the disk or the browser storage quota is full' : errorText(err), true);
    }
  }

  /**
   * Ends the recording: stop listening, write every pending event, then mark the session ended.
   * `detach` is false when the debugger is already gone (tab closed, infobar cancelled).
   */
  async end(reason: EndReason, detail: string | undefined, detach: boolean): Promise<SessionInfo> {
    if (this.phase !== 'recording') {
      await this.writing;
      return this.info;
    }
    this.phase = 'ending';
    if (detach) await this.deps.debugger.detach(this.tabId).catch(() => undefined);
    await this.flush();
    this.phase = 'ended';
    const abnormal = reason === 'quota' || reason === 'storage_error' || reason === 'attach_failed' || reason === 'target_crashed';
    Object.assign(this.info, {
      state: abnormal ? 'interrupted' : 'stopped',
      endReason: reason,
      endedAt: this.deps.now(),
      eventCount: this.seq - this.lost,
      // Stored events are exactly seq 1..eventCount: a failed write ends the recording before any later batch.
      ...(detail ? { endDetail: detail } : {}),
      ...(this.lost ? { lostEvents: this.lost } : {}),
    } satisfies Partial<SessionInfo>);
    const { state, endReason, endedAt, endDetail, lostEvents, eventCount } = this.info;
    try {
      await this.deps.store.update(this.info.id, { state, endReason, endedAt, endDetail, lostEvents, eventCount });
    } catch {
      // Even this small write failed (disk full): the row still says `recording`, and the next
      // worker start marks it interrupted. The events stored so far are untouched.
    }
    this.deps.sessionChanged(this.info);
    // A live recording writes one small row per flush; merge them so the session reads back in a
    // few round trips. In the background: each merge is its own transaction, nothing is lost if
    // the worker is stopped halfway.
    if (this.info.eventCount > 0) void this.deps.store.compact(this.info.id).catch(() => undefined);
    return this.info;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
