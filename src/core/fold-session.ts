// Folding a stored session: its events, page by page in seq order, through one recorder. The one
// way to do it, used by the panel's session loader, its analysis worker (which also folds the two
// sessions of Compare), the export job and `netlens record` (which reads the stored rows back from
// the extension). Files (HAR, CDP logs) are not stored rows: the importers turn them into events.
// Each event is applied once: a seq already applied is skipped, and a hole stops the page (the
// caller fills it from storage and goes on).
import { toLogEvent, type StoredEvent } from './cdp.ts';
import { NetworkRecorder } from './recorder/network-recorder.ts';

export interface FoldState {
  readonly recorder: NetworkRecorder;
  /** Highest seq applied; events are applied strictly in order 1, 2, 3, … */
  lastSeq: number;
  /** Events applied (equal to lastSeq when the fold started at 1; kept apart to make double application visible). */
  applied: number;
}

export function newFold(): FoldState {
  return { recorder: new NetworkRecorder(), lastSeq: 0, applied: 0 };
}

/**
 * Applies events in seq order: skips those already applied, stops at a hole. Returns false when a
 * hole stopped it (the events after the hole are not applied).
 */
export function applyInOrder(state: FoldState, events: readonly StoredEvent[]): boolean {
  for (const e of events) {
    if (e.seq <= state.lastSeq) continue;
    if (e.seq !== state.lastSeq + 1) return false;
    state.recorder.dispatch(toLogEvent(e));
    state.lastSeq = e.seq;
    state.applied++;
  }
  return true;
}

export interface FoldOptions {
  /** Goes on from an earlier fold (its recorder and lastSeq) instead of a new one. */
  into?: FoldState;
  /** Called after each page (progress, a pause for the UI); awaited. */
  afterPage?: (state: FoldState, page: readonly StoredEvent[]) => void | Promise<void>;
  /** Stops between pages; the fold so far is returned. */
  stop?: () => boolean;
}

/** Folds a stored session's event pages (e.g. `SessionStore.pages`, `PanelBackend.eventPages`, or `[rows]` already read). */
export async function foldStoredSession(pages: AsyncIterable<readonly StoredEvent[]> | Iterable<readonly StoredEvent[]>, options: FoldOptions = {}): Promise<FoldState> {
  const state = options.into ?? newFold();
  // Asked to stop before anything is read (a view asking for a session nothing of which is folded yet): read nothing.
  if (options.stop?.()) return state;
  for await (const page of pages) {
    if (options.stop?.()) break;
    applyInOrder(state, page);
    await options.afterPage?.(state, page);
  }
  return state;
}
