// One PageRecord per top-level navigation of the tab (a HAR page): Page.frameNavigated for the
// main frame, then DOMContentLoaded and load.
import type { Protocol } from '../cdp.ts';
import type { PageRecord } from '../records.ts';
import type { Outcome } from './outcome.ts';

export class PageTracker {
  readonly list: PageRecord[] = [];
  private readonly byLoader = new Map<string, PageRecord>();
  /**
   * Navigation types from Page.frameStartedNavigating by loader id. That event comes before the
   * navigation commits and does not say whether the frame is the main one, so the type waits here
   * until a main-frame frameNavigated with the same loader makes the page (one entry per navigation).
   */
  private readonly navigationTypes = new Map<string, string>();
  /** Every frameStartedNavigating seen (frame, loader, type, URL), so that a repeat counts as a duplicate. */
  private readonly startsSeen = new Set<string>();

  /** A navigation started: remember how (a reload, a hard reload, back/forward…). */
  frameStartedNavigating(params: Protocol.Page.FrameStartedNavigatingEvent): Outcome {
    const key = `${params.frameId}\n${params.loaderId}\n${params.navigationType}\n${params.url}`;
    if (this.startsSeen.has(key)) return 'duplicate';
    this.startsSeen.add(key);
    // Same-document navigations keep the committed loader; they make no page and say nothing about caching.
    if (params.navigationType === 'sameDocument' || params.navigationType === 'historySameDocument') return 'none';
    this.navigationTypes.set(params.loaderId, params.navigationType);
    const page = this.byLoader.get(params.loaderId);
    if (page === undefined || page.navigationType === params.navigationType) return 'none';
    page.navigationType = params.navigationType;
    return 'changed';
  }

  /**
   * A main-frame navigation committed. `start` is its document request's issue time when known
   * (requestId = loaderId for navigations), else the protocol clock now.
   */
  frameNavigated(params: Protocol.Page.FrameNavigatedEvent, start: { at: number; wall: number | undefined }): Outcome {
    const frame = params.frame;
    // A loader commits once; only a back/forward-cache restore brings an old document back.
    const seen = this.byLoader.get(frame.loaderId);
    if (seen !== undefined && seen.frameId === frame.id && params.type !== 'BackForwardCacheRestore') return 'duplicate';
    const page: PageRecord = {
      id: `page_${this.list.length + 1}`,
      frameId: frame.id,
      loaderId: frame.loaderId,
      url: frame.url + (frame.urlFragment ?? ''),
      startedAt: start.at,
      startedWall: start.wall,
      title: undefined,
      domContentLoadedAt: undefined,
      loadAt: undefined,
      navigationType: this.navigationTypes.get(frame.loaderId),
    };
    this.list.push(page);
    this.byLoader.set(frame.loaderId, page);
    return 'changed';
  }

  /** The document request of a navigation appeared after its frameNavigated: it dates the page. */
  documentIssued(loaderId: string, at: number, wall: number): boolean {
    const page = this.byLoader.get(loaderId);
    if (page === undefined || (page.startedAt !== undefined && page.startedAt <= at)) return false;
    page.startedAt = at;
    page.startedWall = wall;
    return true;
  }

  domContentEventFired(params: Protocol.Page.DomContentEventFiredEvent): Outcome {
    return this.mark(params.timestamp * 1000, 'domContentLoadedAt');
  }

  loadEventFired(params: Protocol.Page.LoadEventFiredEvent): Outcome {
    return this.mark(params.timestamp * 1000, 'loadAt');
  }

  /** Gives the event to the newest page started before it (a late load event of a page left behind). */
  private mark(at: number, field: 'domContentLoadedAt' | 'loadAt'): Outcome {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const page = this.list[i]!;
      if (page.startedAt !== undefined && page.startedAt > at && i > 0) continue;
      if (page[field] !== undefined) return 'duplicate';
      page[field] = at;
      return 'changed';
    }
    return 'orphan';
  }
}
