// Applies the retention settings (src/core/retention.ts): at start-up, after each recording, and
// when the panel asks. Deleting a session removes its event rows and bodies (SessionStore.delete).
import { describeRetention, sessionsToDelete, type Deletion, type RetentionSettings } from '../core/retention.ts';
import type { SessionInfo } from '../core/session.ts';

/** What a session without a stored size is taken to hold per event (the batch rows' average on the benchmark sessions is 550 bytes). */
const BYTES_PER_EVENT_ESTIMATE = 550;

export interface RetentionDeps {
  store: { list(): Promise<SessionInfo[]>; delete(id: string): Promise<void> };
  settings(): Promise<RetentionSettings>;
  saveRun(run: { at: number; message: string; deleted: number }): Promise<void>;
  now(): number;
}

export class Retention {
  private running: Promise<Deletion[]> | undefined;
  private again = false;

  constructor(private readonly deps: RetentionDeps) {}

  /** Runs the rules once (a call while one runs asks for one more run after it). */
  apply(): Promise<Deletion[]> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.apply();
      }
    });
    return this.running;
  }

  private async run(): Promise<Deletion[]> {
    const settings = await this.deps.settings();
    const sessions = await this.deps.store.list();
    const doomed = sessionsToDelete(
      sessions.map((s) => ({
        id: s.id,
        state: s.state,
        startedAt: s.startedAt,
        ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
        bytes: s.storedBytes ?? s.eventCount * BYTES_PER_EVENT_ESTIMATE,
      })),
      settings,
      this.deps.now(),
    );
    for (const d of doomed) await this.deps.store.delete(d.id);
    await this.deps.saveRun({ at: this.deps.now(), message: describeRetention(doomed, settings), deleted: doomed.length }).catch(() => undefined);
    return doomed;
  }
}
