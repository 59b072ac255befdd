// The live path of docs/ARCHITECTURE.md: open a session by replaying its stored events, then apply the live
// batches the worker posts, each event once, in seq order. A seq already applied is ignored; a
// gap is filled from IndexedDB before going on. So the panel can open, close and reopen at any
// moment without losing or doubling an event.
import type { StoredEvent } from '../../src/core/cdp.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import { applyInOrder, foldStoredSession, newFold } from '../../src/core/fold-session.ts';
import type { LiveSubscription, PanelBackend } from '../backend/backend.ts';

export interface LoaderCallbacks {
  /** The recorder changed (after a replay page or a live batch). */
  changed(): void;
  /** A live batch arrived (after any gap was read back), in seq order: for the analysis worker. */
  live?(events: readonly StoredEvent[]): void;
  /** Replay progress: events applied so far of the total expected. */
  progress(applied: number, total: number): void;
  /** The session row changed (state, end reason, counts). */
  session(info: SessionInfo): void;
  /** The live connection to the worker closed unexpectedly (the worker restarted). */
  disconnected(): void;
}

const PAGE_SIZE = 5000;
/** Events folded between two looks at the clock; the fold yields once it has run ~30 ms. */
const SLICE = 250;
const SLICE_MS = 30;

/** The pages cut into slices of `size` events, so no single step of the fold runs long. */
async function* sliced(pages: AsyncIterable<StoredEvent[]>, size: number): AsyncIterable<StoredEvent[]> {
  for await (const page of pages) for (let i = 0; i < page.length; i += size) yield page.slice(i, i + size);
}

/** Resolves after the next frame is drawn (or at once where there are no frames, as in node). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
      requestAnimationFrame(() => setTimeout(resolve, 0));
    } else {
      setTimeout(resolve, 0);
    }
  });
}

export class SessionLoader {
  private readonly fold = newFold();
  readonly recorder = this.fold.recorder;
  /** Highest seq applied; events are applied strictly in order 1, 2, 3, … */
  get lastSeq(): number {
    return this.fold.lastSeq;
  }
  /** Events applied (equal to lastSeq; kept apart to make double application visible in tests). */
  get applied(): number {
    return this.fold.applied;
  }
  private live: LiveSubscription | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly backend: PanelBackend,
    readonly sessionId: string,
    private readonly callbacks: LoaderCallbacks,
  ) {}

  /**
   * Subscribes first (buffering live batches), then replays what is stored, then applies the
   * buffer: any event stored between the two is either in the replay or in a live batch, and
   * seq numbers make each count once.
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
    let shownAt = 0;
    let pages = 0;
    let ranSince = performance.now();
    // The panel's main thread folds in slices and yields every ~30 ms, so no task of the replay
    // holds it for long (a page of 5,000 events took ~270 ms in one go on 100,000 requests).
    await foldStoredSession(sliced(this.backend.eventPages(this.sessionId, 1, PAGE_SIZE), SLICE), {
      into: this.fold,
      stop: () => this.closed,
      afterPage: async () => {
        const now = Date.now();
        const first = ++pages === 1;
        if (!first && performance.now() - ranSince < SLICE_MS) return;
        this.callbacks.progress(this.applied, Math.max(total, this.applied));
        // Show the first rows at once, then refresh the views at most every 250 ms while a large
        // session replays.
        if (first || now - shownAt >= 250) {
          shownAt = now;
          this.callbacks.changed();
          // Let the browser paint what changed (the first rows, the progress bar): a chain of
          // zero-delay timeouts alone keeps it too busy to draw a frame until the replay ends.
          await nextPaint();
        } else {
          await new Promise((r) => setTimeout(r, 0));
        }
        ranSince = performance.now();
      },
    });
    if (this.closed) return;
    this.callbacks.changed();
    replaying = false;
    for (const batch of buffered) this.enqueue(batch);
    await this.queue;
  }

  /** Applies a live batch after any earlier one, filling gaps from storage first. */
  private enqueue(events: StoredEvent[]): void {
    this.queue = this.queue.then(() => this.applyLive(events)).catch(() => undefined);
  }

  private async applyLive(events: StoredEvent[]): Promise<void> {
    if (this.closed || events.length === 0) return;
    const first = events[0]!.seq;
    if (first > this.lastSeq + 1) {
      // Missed batches (the port opened late, or a message was dropped): read them back.
      const gap = await this.backend.eventRange(this.sessionId, this.lastSeq + 1, first - 1);
      this.applyInOrder(gap);
      this.callbacks.live?.(gap);
    }
    this.applyInOrder(events);
    this.callbacks.live?.(events);
    this.callbacks.changed();
  }

  private applyInOrder(events: readonly StoredEvent[]): void {
    // A hole stops it; the next live batch fills it from storage.
    applyInOrder(this.fold, events);
  }

  /** Waits until every batch received so far is applied (for tests and the demo). */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Catches up with storage: applies whatever was stored after lastSeq (e.g. after the worker restarted). */
  async catchUp(): Promise<void> {
    this.queue = this.queue.then(async () => {
      await foldStoredSession(this.backend.eventPages(this.sessionId, this.lastSeq + 1, PAGE_SIZE), { into: this.fold });
      this.callbacks.changed();
    });
    await this.queue;
  }

  close(): void {
    this.closed = true;
    this.live?.close();
  }
}
