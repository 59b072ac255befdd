// An in-memory backend: the test double for component tests, and what a harness page can render
// from a fixture. It behaves like the worker: stored events are readable by seq, live batches are
// posted to subscribers, sessions change through the same calls.
import type { StoredEvent } from '../../src/core/cdp.ts';
import { DEFAULT_RETENTION, describeRetention, sessionsToDelete, type RetentionSettings } from '../../src/core/retention.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import { DEFAULT_BODY_LIMITS, checkBodyLimits, type BodyEntry, type BodyLimits } from '../../src/core/bodies.ts';
import type { ControlRequest, ControlResponse, LiveWorkerMessage } from '../../src/adapters/messaging.ts';
import type { AnyJobInput, JobInput, PanelBackend, RedactionSettings } from './backend.ts';
import type { Job, JobResult, OnProgress } from '../jobs/jobs.ts';
import type { JobStore } from '../jobs/job-store.ts';
import { runImport } from '../jobs/import-job.ts';
import { runExport, runPreview } from '../jobs/export-job.ts';
import { inProcessAnalysis, type AnalysisService } from '../workers/analysis-service.ts';

export class MemoryBackend implements PanelBackend {
  inspectedTabId: number | undefined = 1;
  theme: 'dark' | 'light' = 'light';
  private themeListener?: (t: 'dark' | 'light') => void;
  onThemeChange(listener: (t: 'dark' | 'light') => void): void {
    this.themeListener = listener;
  }
  /** Simulates the user switching DevTools' theme. */
  switchTheme(theme: 'dark' | 'light'): void {
    this.theme = theme;
    this.themeListener?.(theme);
  }
  readonly sessions = new Map<string, SessionInfo>();
  readonly events = new Map<string, StoredEvent[]>();
  /** Stored bodies by session, then CDP request id. */
  readonly bodies = new Map<string, Map<string, BodyEntry>>();
  /** How many times the panel read a body (it reads one per selection, never all). */
  bodyReads = 0;
  readonly copied: string[] = [];
  readonly controlLog: ControlRequest[] = [];
  reloads = 0;
  private readonly listeners = new Set<{ sessionId: string | undefined; on(m: LiveWorkerMessage): void; closed(): void }>();
  private readonly watchers = new Set<(s: SessionInfo[]) => void>();
  /** Answers control requests; tests replace it to script the worker. */
  onControl: (req: ControlRequest) => Promise<ControlResponse> = async (req) => this.defaultControl(req);

  addSession(info: SessionInfo, events: StoredEvent[] = []): void {
    this.sessions.set(info.id, { ...info, eventCount: events.length });
    this.events.set(info.id, events.slice());
    this.notifyWatchers();
  }

  /** Stores events (as the worker's flush does) without posting them. */
  store(sessionId: string, events: StoredEvent[]): void {
    const list = this.events.get(sessionId) ?? [];
    list.push(...events);
    this.events.set(sessionId, list);
    const s = this.sessions.get(sessionId);
    if (s) s.eventCount = list.length;
  }

  /** Posts a live batch to subscribers of its session (as the worker does after a flush). */
  post(sessionId: string, events: StoredEvent[]): void {
    for (const l of this.listeners) if (l.sessionId === sessionId) l.on({ type: 'events', sessionId, events });
  }

  changeSession(id: string, changes: Partial<SessionInfo>): void {
    const s = { ...this.sessions.get(id)!, ...changes };
    this.sessions.set(id, s);
    for (const l of this.listeners) l.on({ type: 'session', session: s });
    this.notifyWatchers();
  }

  /** Simulates the worker going away (its ports close). */
  dropLive(): void {
    for (const l of [...this.listeners]) {
      this.listeners.delete(l);
      l.closed();
    }
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  control(req: ControlRequest): Promise<ControlResponse> {
    this.controlLog.push(req);
    return this.onControl(req);
  }

  private async defaultControl(req: ControlRequest): Promise<ControlResponse> {
    switch (req.type) {
      case 'status':
        return { ok: true, type: 'status', recordings: [...this.sessions.values()].filter((s) => s.state === 'recording').map((session) => ({ session, pending: 0 })) };
      case 'start': {
        const existing = [...this.sessions.values()].find((s) => s.state === 'recording' && s.tabId === req.tabId);
        if (existing) return { ok: true, type: 'start', session: existing, joined: true };
        const session: SessionInfo = { id: `mem-${this.sessions.size + 1}`, tabId: req.tabId, url: 'http://a.test/', title: 'A', startedAt: Date.now(), state: 'recording', eventCount: 0, source: 'live', options: { ...req.options } };
        this.addSession(session);
        return { ok: true, type: 'start', session, joined: false };
      }
      case 'stop':
      case 'stopTab': {
        const s = req.type === 'stop' ? this.sessions.get(req.sessionId) : [...this.sessions.values()].find((x) => x.tabId === req.tabId && x.state === 'recording');
        if (!s) return { ok: false, error: 'No such recording.' };
        this.changeSession(s.id, { state: 'stopped', endReason: 'stopped', endedAt: Date.now() });
        return { ok: true, type: 'stop', session: this.sessions.get(s.id)! };
      }
      case 'flush':
        return { ok: true, type: 'flush', eventCount: this.sessions.get(req.sessionId)?.eventCount ?? 0 };
      case 'bodyLimits': {
        if (req.limits) {
          const checked = checkBodyLimits(req.limits);
          if (typeof checked === 'string') return { ok: false, error: checked };
          this.bodyLimits = checked;
        }
        return { ok: true, type: 'bodyLimits', limits: this.bodyLimits };
      }
      case 'retention': {
        // The same rules the service worker applies, on this backend's sessions.
        if (req.settings) this.retention = req.settings;
        let deleted = 0;
        if (req.apply) {
          const doomed = sessionsToDelete(
            [...this.sessions.values()].map((s) => ({ id: s.id, state: s.state, startedAt: s.startedAt, ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}), bytes: s.storedBytes ?? 0 })),
            this.retention,
            Date.now(),
          );
          for (const d of doomed) await this.deleteSession(d.id);
          deleted = doomed.length;
          this.lastRetention = { at: Date.now(), message: describeRetention(doomed, this.retention), deleted };
        }
        return { ok: true, type: 'retention', settings: this.retention, ...(this.lastRetention ? { last: this.lastRetention } : {}), deleted };
      }
      case 'experiment': {
        // One stopped session per run, named and set up as asked (no events: nothing loads here).
        const sessions = req.runs.map((run, i) => {
          const session: SessionInfo = {
            id: `mem-${this.sessions.size + 1}`,
            tabId: req.tabId,
            url: req.url ?? 'http://a.test/',
            title: 'A',
            startedAt: Date.now() + i,
            endedAt: Date.now() + i,
            state: 'stopped',
            endReason: 'stopped',
            eventCount: 0,
            source: 'live',
            options: {},
            experiment: { ...run.setup, load: run.load },
            ...(run.setup.name ? { name: run.setup.name } : {}),
          };
          this.addSession(session);
          return session;
        });
        return { ok: true, type: 'experiment', sessions, notes: [] };
      }
    }
  }
  private retention: RetentionSettings = DEFAULT_RETENTION;
  private bodyLimits: BodyLimits = DEFAULT_BODY_LIMITS;
  private lastRetention: { at: number; message: string; deleted: number } | undefined;

  subscribe(sessionId: string | undefined, on: (m: LiveWorkerMessage) => void, closed: () => void) {
    const l = { sessionId, on, closed };
    this.listeners.add(l);
    return { close: () => void this.listeners.delete(l) };
  }
  async listSessions() {
    return [...this.sessions.values()].sort((a, b) => b.startedAt - a.startedAt);
  }
  watchSessions(onChange: (s: SessionInfo[]) => void) {
    this.watchers.add(onChange);
    return () => void this.watchers.delete(onChange);
  }
  private notifyWatchers() {
    const list = [...this.sessions.values()].sort((a, b) => b.startedAt - a.startedAt);
    for (const w of this.watchers) w(list);
  }
  async getSession(id: string) {
    const s = this.sessions.get(id);
    return s ? { ...s } : undefined;
  }
  async *eventPages(sessionId: string, fromSeq: number, pageSize: number) {
    const all = this.events.get(sessionId) ?? [];
    for (let i = fromSeq - 1; i < all.length; i += pageSize) yield all.slice(i, i + pageSize);
  }
  async eventRange(sessionId: string, fromSeq: number, toSeq: number) {
    return (this.events.get(sessionId) ?? []).filter((e) => e.seq >= fromSeq && e.seq <= toSeq);
  }
  async updateSession(id: string, changes: Partial<SessionInfo>) {
    const s = this.sessions.get(id);
    if (s) this.sessions.set(id, { ...s, ...changes });
    this.notifyWatchers();
  }
  /** Stores a body row (as the worker's capture or an import does). */
  putBody(sessionId: string, body: BodyEntry): void {
    let m = this.bodies.get(sessionId);
    if (!m) this.bodies.set(sessionId, (m = new Map()));
    m.set(body.requestId, { ...body });
  }
  async body(sessionId: string, requestId: string): Promise<BodyEntry | undefined> {
    this.bodyReads++;
    const b = this.bodies.get(sessionId)?.get(requestId);
    return b && { ...b };
  }
  async deleteSession(id: string) {
    this.sessions.delete(id);
    this.events.delete(id);
    this.bodies.delete(id);
    this.notifyWatchers();
  }
  async deleteAllSessions() {
    const ended = [...this.sessions.values()].filter((s) => s.state !== 'recording');
    for (const s of ended) await this.deleteSession(s.id);
    return ended.length;
  }
  async reloadInspected() {
    this.reloads++;
  }
  async copyText(text: string) {
    this.copied.push(text);
  }

  private analysisService: AnalysisService | undefined;
  /** The analysis worker's code, run in-process over this backend's events (with results cloned as postMessage would). */
  analysis(): AnalysisService {
    return (this.analysisService ??= inProcessAnalysis({ pages: (id, from, size) => this.eventPages(id, from, size) }));
  }

  readonly downloads: { blob: Blob; fileName: string }[] = [];
  settings: RedactionSettings = { extraHeaders: [], extraParams: [] };

  /** The jobs run in-process over this backend's maps (the extension runs them in a worker). */
  runJob<I extends AnyJobInput>(input: I, onProgress: OnProgress): Job<JobResult[I['type']]> {
    const controller = new AbortController();
    const store = this.jobStore();
    const run = async (): Promise<unknown> => {
      if (input.type === 'import') {
        const i = input as unknown as JobInput<'import'>;
        const result = await runImport(await i.file.text(), i.fileName, store, onProgress, controller.signal);
        this.notifyWatchers();
        return result;
      }
      const req = (input as unknown as JobInput<'export'>).req;
      if (input.type === 'preview') return runPreview(store, req, onProgress, controller.signal);
      const parts: string[] = [];
      const gen = runExport(store, req, onProgress, controller.signal);
      for (;;) {
        const step = await gen.next();
        if (step.done) return { blob: new Blob(parts, { type: 'application/json' }), report: step.value, entries: 0 };
        parts.push(step.value);
      }
    };
    return { promise: run() as Promise<JobResult[I['type']]>, cancel: () => controller.abort() };
  }

  private jobStore(): JobStore {
    return {
      create: async (s) => this.addSession(s),
      get: (id) => this.getSession(id),
      append: async (id, events) => this.store(id, [...events]),
      delete: (id) => this.deleteSession(id),
      pages: (id, size = 5000, from = 1) => this.eventPages(id, from, size),
      bodies: async (id) => [...(this.bodies.get(id)?.values() ?? [])],
      putBody: async ({ sessionId, ...b }) => this.putBody(sessionId, b),
    };
  }

  download(blob: Blob, fileName: string): void {
    this.downloads.push({ blob, fileName });
  }
  async redactionSettings() {
    return this.settings;
  }
  async saveRedactionSettings(settings: RedactionSettings) {
    this.settings = settings;
  }
}

/** Stored rows from a log (fixture) for a session. */
export function rowsFromLog(sessionId: string, log: { method: string; params: unknown; sessionId?: string }[]): StoredEvent[] {
  return log.map((e, i) => ({ sessionId, seq: i + 1, t: 0, method: e.method, params: e.params, ...(e.sessionId ? { target: e.sessionId } : {}) }));
}
