// What import and export jobs need from storage: the Dexie store in the panel's worker, an
// in-memory one in tests.
import type { StoredEvent } from '../../src/core/cdp.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import type { BodyEntry } from '../../src/core/bodies.ts';

export interface JobStore {
  create(session: SessionInfo): Promise<void>;
  get(id: string): Promise<SessionInfo | undefined>;
  append(sessionId: string, events: readonly StoredEvent[], changes?: Partial<SessionInfo>): Promise<void>;
  delete(sessionId: string): Promise<void>;
  pages(sessionId: string, pageSize?: number, fromSeq?: number): AsyncIterable<StoredEvent[]>;
  bodies?(sessionId: string): Promise<BodyEntry[]>;
  /** Stores an imported body (a HAR's content.text). */
  putBody?(body: BodyEntry & { sessionId: string }): Promise<void>;
}

export type JobProgress = (phase: string, done: number, total: number) => void;

/** Lets the event loop run (progress messages out, a cancel message in). */
export const breathe = () => new Promise<void>((r) => setTimeout(r, 0));

export class JobCancelled extends Error {
  constructor(what: string) {
    super(`${what} cancelled.`);
    this.name = 'AbortError';
  }
}
