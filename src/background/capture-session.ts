// One recording of one tab: attach the debugger, enable the domains, append every event
// unchanged to IndexedDB in batches, and end cleanly. No analysis happens here: the stored log
// is the source of truth, folded later by src/core.
import type { StoredEvent } from '../core/cdp.ts';
import type { CaptureOptions, EndReason, SessionInfo } from '../core/session.ts';
import { explainAttachError, type DebuggerPort, type DebuggerTarget } from '../adapters/debugger.ts';
import { isFullDisk, isQuotaError, type SessionStore } from '../adapters/storage/sessions.ts';
import type { ExperimentSetup } from '../core/experiments.ts';
import { applyExperiment } from './experiments.ts';
import { BodyCapture } from './body-capture.ts';
import { DEFAULT_BODY_LIMITS } from '../core/bodies.ts';
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
  maxBodyBytes: DEFAULT_BODY_LIMITS.perBodyBytes,
  maxSessionBodyBytes: DEFAULT_BODY_LIMITS.perSessionBytes,
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
  /** Response bodies, when the options ask for them (body-capture.ts). */
  readonly bodies: BodyCapture | undefined;
  /** Streamed bodies (SSE, NDJSON, JSON sequences): src/background/stream-capture.ts. */
  private readonly streamCapture: StreamCapture;
  readonly options: Required<CaptureOptions>;

  private constructor(
    readonly info: SessionInfo,
    private readonly deps: CaptureDeps,
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...info.options };
    this.bodies = this.options.bodies
      ? new BodyCapture(info.id, { perBodyBytes: this.options.maxBodyBytes, perSessionBytes: this.options.maxSessionBodyBytes }, deps)
      : undefined;
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
  static async start(tabId: number, options: CaptureOptions, deps: CaptureDeps, register: (s: CaptureSession) => void, experiment?: ExperimentSetup): Promise<CaptureSession> {
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
      // An experiment's run is named after what was done ("cold", "Slow 4G") and keeps its set-up.
      ...(experiment ? { experiment: { ...experiment }, ...(experiment.name ? { name: experiment.name } : {}) } : {}),
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
    await d.send(target, 'Network.enable', { maxPostDataSize: this.options.maxPostDataBytes, ...this.bodies?.enableParams() });
    // An experiment's set-up (cache emptied or disabled, network conditions) before anything loads,
    // on every target: a child target's requests are throttled like the tab's. What the tab's set-up
    // did (the emulation command taken, the rule id, failures) is stored on the session.
    const experiment = this.info.experiment;
    if (experiment) {
      const applied = await applyExperiment(d, target, experiment, type === 'page' && target.sessionId === undefined);
      if (target.sessionId === undefined) {
        Object.assign(experiment, applied);
        this.sessionChanges.experiment = experiment;
      }
    }
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
    this.bodies?.onEvent(target, method, params);
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
      void isFullDisk(err).then((quota) =>
        this.end(quota ? 'quota' : 'storage_error', quota ? `Chromium said “${errorText(err)}”; free disk space, or delete older sessions in the Sessions view` : errorText(err), true),
      );
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
    // Bodies still being fetched need the debugger: wait for them (a few seconds at most).
    if (detach) await this.bodies?.settle();
    if (detach) await this.deps.debugger.detach(this.tabId).catch(() => undefined);
    await this.flush();
    this.phase = 'ended';
    const abnormal = reason === 'quota' || reason === 'storage_error' || reason === 'attach_failed' || reason === 'target_crashed';
    Object.assign(this.info, {
      state: abnormal ? 'interrupted' : 'stopped',
      endReason: reason,
      endedAt: this.deps.now(),
      eventCount: this.seq - this.lost,
      // Stored events are exactly seq 1..eventCount: a failed write ends the recording before any
      // later batch (and after a failed write, writeEnd counts what was stored).
      ...(detail ? { endDetail: detail } : {}),
      ...(this.lost ? { lostEvents: this.lost } : {}),
    } satisfies Partial<SessionInfo>);
    const writeEnd = async () => {
      if (this.failed) {
        // What is stored is the truth: on Chromium 156 a batch whose write failed when the disk
        // filled ("Failed to write blobs (IOError)") can be found stored afterwards.
        const stored = await this.deps.store.countEvents(this.info.id);
        this.info.eventCount = stored;
        this.info.lostEvents = this.seq - stored || undefined;
      }
      const { state, endReason, endedAt, endDetail, lostEvents, eventCount } = this.info;
      await this.deps.store.update(this.info.id, { state, endReason, endedAt, endDetail, lostEvents, eventCount });
    };
    try {
      await writeEnd();
    } catch {
      // Even this small write failed (disk full): the row still says `recording`. Write it again
      // once the disk has room (the database reopens by itself); if the worker stops first, its
      // next start marks the row interrupted. The events stored so far are untouched.
      void retryEndWrite(writeEnd).then((written) => written && this.deps.sessionChanged(this.info));
    }
    this.deps.sessionChanged(this.info);
    // A live recording writes one small row per flush; merge them so the session reads back in a
    // few round trips. In the background: each merge is its own transaction, nothing is lost if
    // the worker is stopped halfway.
    if (this.info.eventCount > 0) void this.deps.store.compact(this.info.id).catch(() => undefined);
    return this.info;
  }
}

/** How long, and how often, a session's end is written again after the disk was full. */
const END_RETRY_MS = 2000;
const END_RETRY_FOR_MS = 10 * 60_000;

/** Writes again every two seconds for ten minutes; says whether it was written. */
async function retryEndWrite(write: () => Promise<void>): Promise<boolean> {
  const until = Date.now() + END_RETRY_FOR_MS;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, END_RETRY_MS));
    try {
      await write();
      return true;
    } catch {
      // Still full: try again.
    }
  }
  return false;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
