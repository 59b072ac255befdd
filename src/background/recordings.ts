// Every tab being recorded, and the control API that starts, stops and reports them.
import type { CaptureOptions, EndReason, SessionInfo } from '../core/session.ts';
import type { DebuggerTarget } from '../adapters/debugger.ts';
import type { ControlRequest, ControlResponse } from '../adapters/messaging.ts';
import { CaptureSession, type CaptureDeps } from './capture-session.ts';
import type { ExperimentSetup } from '../core/experiments.ts';

export interface Toolbar {
  recording(tabId: number, on: boolean): void;
}

export class Recordings {
  private readonly byTab = new Map<number, CaptureSession>();
  private readonly starting = new Map<number, Promise<CaptureSession>>();

  private readonly deps: CaptureDeps;

  constructor(
    deps: CaptureDeps,
    private readonly toolbar: Toolbar,
  ) {
    // A session can end itself (a storage failure); the registry must hear of it too.
    this.deps = {
      ...deps,
      sessionChanged: (s) => {
        deps.sessionChanged(s);
        this.sessionEnded(s);
      },
    };
  }

  /** Session ids being recorded now (so a worker start does not mark them interrupted). */
  activeIds(): Set<string> {
    return new Set([...this.byTab.values()].map((s) => s.id));
  }

  route(target: DebuggerTarget, method: string, params: unknown): void {
    const session = this.byTab.get(target.tabId);
    if (!session) return;
    session.onEvent(target, method, params);
    // The tab's own page crashed: the debugger stays attached to a dead page, so end the session
    // (its crash event stored with the rest) and let go of the tab. A crashed child target (an
    // iframe's or a worker's process) is only an event of the session.
    if (method === 'Inspector.targetCrashed' && target.sessionId === undefined) void this.finish(session, 'target_crashed', undefined, true);
  }

  /** The debugger went away on its own: the tab closed, or the user cancelled the infobar. */
  async detached(tabId: number, reason: string): Promise<void> {
    const session = this.byTab.get(tabId);
    if (!session) return;
    const endReason: EndReason = reason === 'canceled_by_user' ? 'canceled_by_user' : 'target_closed';
    await this.finish(session, endReason, undefined, false);
  }

  /** Every control request about recordings (retention is answered by the worker's entry point). */
  async handle(req: Exclude<ControlRequest, { type: 'retention' | 'bodyLimits' | 'experiment' }>): Promise<ControlResponse> {
    try {
      switch (req.type) {
        case 'start': {
          const existing = this.byTab.get(req.tabId);
          // An experiment's set-up applies from a recording's start: joining would silently drop it.
          if (existing && req.experiment) return { ok: false, error: 'This tab is being recorded: stop the recording first (an experiment sets the recording up before anything loads).' };
          if (existing) return { ok: true, type: 'start', session: { ...existing.info }, joined: true };
          const session = await this.start(req.tabId, req.options ?? {}, req.experiment);
          return { ok: true, type: 'start', session: { ...session.info }, joined: false };
        }
        case 'stop': {
          const session = [...this.byTab.values()].find((s) => s.id === req.sessionId);
          if (!session) {
            const stored = await this.deps.store.get(req.sessionId);
            if (stored) return { ok: true, type: 'stop', session: stored };
            return { ok: false, error: `No recording with id ${req.sessionId}.` };
          }
          return { ok: true, type: 'stop', session: await this.finish(session, 'stopped', undefined, true) };
        }
        case 'stopTab': {
          const session = this.byTab.get(req.tabId);
          if (!session) return { ok: false, error: `Tab ${req.tabId} is not being recorded.` };
          return { ok: true, type: 'stop', session: await this.finish(session, 'stopped', undefined, true) };
        }
        case 'status':
          return {
            ok: true,
            type: 'status',
            recordings: [...this.byTab.values()].map((s) => ({ session: { ...s.info }, pending: s.pendingCount })),
          };
        case 'flush': {
          const session = [...this.byTab.values()].find((s) => s.id === req.sessionId);
          if (session) await session.flush();
          const stored = await this.deps.store.get(req.sessionId);
          if (!stored) return { ok: false, error: `No session with id ${req.sessionId}.` };
          return { ok: true, type: 'flush', eventCount: stored.eventCount };
        }
      }
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private async start(tabId: number, options: CaptureOptions, experiment?: ExperimentSetup): Promise<CaptureSession> {
    // Two quick clicks on Record must not attach twice.
    const inFlight = this.starting.get(tabId);
    if (inFlight) return inFlight;
    const promise = CaptureSession.start(tabId, options, this.deps, (s) => this.byTab.set(tabId, s), experiment);
    this.starting.set(tabId, promise);
    try {
      const session = await promise;
      this.toolbar.recording(tabId, true);
      return session;
    } finally {
      this.starting.delete(tabId);
    }
  }

  private async finish(session: CaptureSession, reason: EndReason, detail: string | undefined, detach: boolean): Promise<SessionInfo> {
    const info = await session.end(reason, detail, detach);
    if (this.byTab.get(session.tabId) === session) this.byTab.delete(session.tabId);
    this.toolbar.recording(session.tabId, false);
    return { ...info };
  }

  /** A session ended itself (storage failure): forget it. */
  private sessionEnded(info: SessionInfo): void {
    if (info.state === 'recording' || info.tabId === undefined) return;
    const session = this.byTab.get(info.tabId);
    if (session?.id === info.id && session.ended) {
      this.byTab.delete(info.tabId);
      this.toolbar.recording(info.tabId, false);
    }
  }
}
