// The live path of docs/ARCHITECTURE.md, driven from the panel and folded in the analysis worker:
// open a session by having the worker replay its stored events step by step, then hand it the live
// batches the service worker posts, in seq order. The worker applies each event once (a seq already
// applied is skipped; a gap is read back from IndexedDB), so the panel can open, close and reopen
// at any moment without losing or doubling an event. The panel's own thread folds nothing: it
// holds the worker's progress (`lastSeq`) and asks the worker for what it draws.
import type { StoredEvent } from '../../src/core/cdp.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import type { LiveSubscription, PanelBackend } from '../backend/backend.ts';

export interface LoaderCallbacks {
  /** The worker's fold moved on (after a replay step or a live batch): the views ask again. */
  changed(): void;
  /** Replay progress: events applied so far of the total expected. */
  progress(applied: number, total: number): void;
  /** The session row changed (state, end reason, counts). */
  session(info: SessionInfo): void;
  /** The live connection to the worker closed unexpectedly (the worker restarted). */
  disconnected(): void;
  /**
   * After the first replay step, once the views have asked for their rows: resolves when the first
   * rows are drawn, so the next step (a core's worth of folding) does not compete with that render.
   */
  firstRowsDrawn?(): Promise<void>;
}

/** The first replay step is small (one small page read, folded in a few ms), so the first rows come at once; later ones run ~250 ms each in the worker. */
const FIRST_STEP = 400;

export class SessionLoader {
  private folded = 0;
  /** Highest seq the worker has folded; events are applied strictly in order 1, 2, 3, … */
  get lastSeq(): number {
    return this.folded;
  }
  /** Events applied (equal to lastSeq, as the worker applies each seq once). */
  get applied(): number {
    return this.folded;
  }
  private replayDone = false;
  /** Everything stored when the panel opened the session is folded. */
  get replayed(): boolean {
    return this.replayDone;
  }
  private live: LiveSubscription | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly backend: PanelBackend,
    readonly sessionId: string,
    private readonly callbacks: LoaderCallbacks,
  ) {}

  /** Records how far the worker got (never backwards: an answer from a closed fold says 0). */
  private reached(seq: number | undefined): void {
    if (seq !== undefined && seq > this.folded) this.folded = seq;
  }

  /**
   * Subscribes first (buffering live batches), then has the worker replay what is stored, then
   * hands it the buffer: any event stored between the two is either in the replay or in a live
   * batch, and seq numbers make each count once.
   */
  async open(subscribeLive: boolean): Promise<void> {
    const buffered: StoredEvent[][] = [];
    let replaying = true;
    if (subscribeLive) {
      this.live = this.backend.subscribe(
        this.sessionId,
        (m) => {
          if (m.type === 'events' && m.sessionId === this.sessionId) {
            if (replaying) buffered.push(m.events);
            else this.enqueue(m.events);
          } else if (m.type === 'session' && m.session.id === this.sessionId) {
            this.callbacks.session(m.session);
          }
        },
        () => {
          if (!this.closed) this.callbacks.disconnected();
        },
      );
    }
    const info = await this.backend.getSession(this.sessionId);
    const total = info?.eventCount ?? 0;
    await this.replay(total);
    if (this.closed) return;
    this.callbacks.changed();
    replaying = false;
    for (const batch of buffered) this.enqueue(batch);
    await this.queue;
  }

  /** The worker folds what is stored, a step at a time; the views are told after each step. */
  private async replay(total: number): Promise<void> {
    const analysis = this.backend.analysis();
    let step = FIRST_STEP;
    for (;;) {
      const p = await analysis.advance(this.sessionId, step);
      if (this.closed) return;
      this.reached(p.seq);
      if (p.done) this.replayDone = true;
      this.callbacks.progress(this.applied, Math.max(total, this.applied));
      this.callbacks.changed();
      if (p.done) return;
      if (step === FIRST_STEP) {
        // The views ask the worker for their first rows in the microtasks after changed(): let
        // those calls reach the worker before the next (~250 ms) step, so they are answered first.
        await new Promise((resolve) => setTimeout(resolve, 0));
        await this.callbacks.firstRowsDrawn?.();
        if (this.closed) return;
      }
      step = Number.MAX_SAFE_INTEGER;
    }
  }

  /** Hands a live batch to the worker after any earlier one (the worker fills gaps from storage). */
  private enqueue(events: StoredEvent[]): void {
    this.queue = this.queue.then(() => this.applyLive(events)).catch(() => undefined);
  }

  private async applyLive(events: StoredEvent[]): Promise<void> {
    if (this.closed || events.length === 0) return;
    const p = await this.backend.analysis().apply(this.sessionId, events);
    if (this.closed) return;
    this.reached(p?.seq);
    this.callbacks.changed();
  }

  /** Waits until every batch received so far is applied (for tests and the demo). */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Catches up with storage: the worker folds whatever was stored after lastSeq (e.g. after the service worker restarted). */
  async catchUp(): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      await this.replay(this.applied);
    });
    await this.queue;
  }

  close(): void {
    this.closed = true;
    this.live?.close();
  }
}
