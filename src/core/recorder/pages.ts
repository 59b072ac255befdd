// One PageRecord per top-level navigation of the tab (a HAR page): Page.frameNavigated for the
// main frame, then DOMContentLoaded and load. It also decides which page each request belongs to
// (`NetworkRequest.pageId`), the one place that does: HAR, the cache analysis and the panel read it.
import type { Protocol } from '../cdp.ts';
import type { NetworkRequest, PageRecord } from '../records.ts';
import type { Outcome } from './outcome.ts';

export class PageTracker {
  readonly list: PageRecord[] = [];
  private readonly byLoader = new Map<string, PageRecord>();
  /** The pages by start time (equal times in the order they came). */
  private readonly byStart: PageRecord[] = [];
  /**
   * A page was added or re-dated since the records' pages were last settled: a request folded
   * before its page existed (a document comes before its frameNavigated; a log out of order) may
   * belong to another page now. `settle` puts that right when the records are next read.
   */
  private unsettled = false;
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
    this.insertByStart(page);
    return 'changed';
  }

  /** The document request of a navigation appeared after its frameNavigated: it dates the page. */
  documentIssued(loaderId: string, at: number, wall: number): boolean {
    const page = this.byLoader.get(loaderId);
    if (page === undefined || (page.startedAt !== undefined && page.startedAt <= at)) return false;
    this.byStart.splice(this.byStart.indexOf(page), 1);
    page.startedAt = at;
    page.startedWall = wall;
    this.insertByStart(page);
    return true;
  }

  /**
   * The page a request belongs to: the page whose navigation has its loader (the main frame's
   * document, its redirect hops and its subresources, on whichever session), else the page
   * started last at or before it was issued (an iframe's or a worker's request has a loader of
   * its own, or none). Undefined before the first page. O(log pages).
   */
  pageOf(r: Pick<NetworkRequest, 'loaderId' | 'issuedAt'>): PageRecord | undefined {
    if (r.loaderId) {
      const page = this.byLoader.get(r.loaderId);
      if (page !== undefined) return page;
    }
    const s = this.byStart;
    let lo = 0;
    let hi = s.length - 1;
    let found: PageRecord | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.startedAt! <= r.issuedAt) {
        found = s[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Writes a new record's page. */
  place(r: NetworkRequest): void {
    r.pageId = this.pageOf(r)?.id;
  }

  /** After pages were added or re-dated: every record's page again (O(records · log pages), once per such change). */
  settle(records: readonly NetworkRequest[]): void {
    if (!this.unsettled) return;
    this.unsettled = false;
    for (const r of records) this.place(r);
  }

  /** Into `byStart` after every page started at or before it: found from the end, where a new page almost always goes. */
  private insertByStart(page: PageRecord): void {
    const s = this.byStart;
    let i = s.length;
    while (i > 0 && s[i - 1]!.startedAt! > page.startedAt!) i--;
    s.splice(i, 0, page);
    this.unsettled = true;
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
