// Everything the panel needs from the outside world, behind one interface: the extension shell
// implements it with the devtools, runtime and IndexedDB APIs (extension.ts); tests and the
// harness page implement it in memory. Views never call chrome.* themselves.
import type { StoredEvent } from '../../src/core/cdp.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import type { BodyEntry } from '../../src/core/bodies.ts';
import type { ControlRequest, ControlResponse, LiveWorkerMessage } from '../../src/adapters/messaging.ts';
import type { Job, JobRequest, JobResult, OnProgress } from '../jobs/jobs.ts';
import type { AnalysisService } from '../workers/analysis-service.ts';

/** The user's extra redaction names, kept between exports. */
export interface RedactionSettings {
  extraHeaders: string[];
  extraParams: string[];
}

export type JobKind = keyof JobResult;
/** A job request as the panel makes it (the backend numbers it). */
export type AnyJobInput = JobRequest extends infer R ? (R extends { type: JobKind } ? Omit<R, 'id'> : never) : never;
export type JobInput<K extends JobKind> = Extract<AnyJobInput, { type: K }>;

export interface LiveSubscription {
  close(): void;
}

export interface PanelBackend {
  /** The tab DevTools inspects; undefined outside DevTools (harness page). */
  inspectedTabId: number | undefined;
  /** 'dark' or 'light', following DevTools' own theme. */
  theme: 'dark' | 'light';
  /** Calls back when the user switches DevTools' theme. */
  onThemeChange(listener: (theme: 'dark' | 'light') => void): void;
  control(req: ControlRequest): Promise<ControlResponse>;
  /** Receives stored batches of `sessionId` and every session row change, until closed. */
  subscribe(sessionId: string | undefined, onMessage: (m: LiveWorkerMessage) => void, onClosed: () => void): LiveSubscription;
  listSessions(): Promise<SessionInfo[]>;
  /** Calls back whenever the sessions table changes. */
  watchSessions(onChange: (sessions: SessionInfo[]) => void): () => void;
  getSession(id: string): Promise<SessionInfo | undefined>;
  /** A session's events from `fromSeq` in pages, in seq order. */
  eventPages(sessionId: string, fromSeq: number, pageSize: number): AsyncIterable<StoredEvent[]>;
  /** Events fromSeq..toSeq inclusive (to fill a gap in the live stream). */
  eventRange(sessionId: string, fromSeq: number, toSeq: number): Promise<StoredEvent[]>;
  /** One request's stored body, or the reason it has none (read when the request is selected). */
  body(sessionId: string, requestId: string): Promise<BodyEntry | undefined>;
  updateSession(id: string, changes: Partial<SessionInfo>): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteAllSessions(): Promise<number>;
  /** Reloads the inspected page (Record and reload). */
  reloadInspected(options: { ignoreCache: boolean }): Promise<void>;
  copyText(text: string): Promise<void>;
  /** The analysis worker (the fold and the analyses of the open session, off the panel's main thread). */
  analysis(): AnalysisService;
  /** Runs an import, a redaction preview or an export off the panel's main thread. */
  runJob<I extends AnyJobInput>(input: I, onProgress: OnProgress): Job<JobResult[I['type']]>;
  /** Saves a file the user asked for (the browser's download). */
  download(blob: Blob, fileName: string): void;
  redactionSettings(): Promise<RedactionSettings>;
  saveRedactionSettings(settings: RedactionSettings): Promise<void>;
}
