// How each load of the tab was started (the load a request belongs to is the recorder's
// `NetworkRequest.pageId`, the one place that decides it): a navigation, a normal reload, a hard reload (bypassing the cache), back/forward. Reloads change what the cache
// does (Chrome's policy since 2017: a normal reload revalidates only the main document, with
// `Cache-Control: max-age=0`; a hard reload sends `Cache-Control: no-cache` and `Pragma: no-cache`
// on every request and bypasses the cache).
//
// Evidence, best first: the navigation type of Page.frameStartedNavigating (recorded on the page),
// then the main document's raw request headers (the two header sets above).
import type { NetworkRequest, PageRecord } from '../../records.ts';
import { headerMap, directives } from './headers.ts';

export type LoadKind = 'navigation' | 'reload' | 'hard-reload' | 'back-forward' | 'restore';

export interface LoadInfo {
  /** The page (top-level navigation) the request belongs to, when the session has one. */
  page?: PageRecord;
  /** Its position in the session's pages, from 0; -1 when none. */
  pageIndex: number;
  kind: LoadKind;
  /** Where `kind` came from. */
  evidence: 'navigation-type' | 'document-headers' | 'none';
  /** The request is the page's own document (a reload revalidates it). */
  isMainDocument: boolean;
  /** The request itself asked to bypass caches (`Cache-Control: no-cache` or `Pragma: no-cache`). */
  bypass: boolean;
  /** The request itself asked for revalidation (`Cache-Control: max-age=0`). */
  validate: boolean;
}

function kindOfNavigationType(type: string | undefined): LoadKind | undefined {
  switch (type) {
    case 'reload':
      return 'reload';
    case 'reloadBypassingCache':
      return 'hard-reload';
    case 'historyDifferentDocument':
      return 'back-forward';
    case 'restore':
    case 'restoreWithPost':
      return 'restore';
    case 'differentDocument':
      return 'navigation';
    default:
      return undefined;
  }
}

/** What a request's own headers ask of caches. */
export function requestCacheMode(r: NetworkRequest): { bypass: boolean; validate: boolean } {
  const h = headerMap(r.requestHeaders);
  const cc = directives(h['cache-control']);
  const bypass = cc.has('no-cache') || cc.has('no-store') || (h.pragma !== undefined && /no-cache/i.test(h.pragma));
  const validate = !bypass && cc.get('max-age') === '0';
  return { bypass, validate };
}

/** How each page was loaded; which page a request belongs to is the recorder's `pageId`. */
export class LoadIndex {
  private readonly byLoader = new Map<string, number>();
  private readonly byId = new Map<string, number>();
  private readonly kinds: { kind: LoadKind; evidence: LoadInfo['evidence'] }[];

  constructor(private readonly pages: readonly PageRecord[], requests: readonly NetworkRequest[]) {
    pages.forEach((p, i) => {
      this.byId.set(p.id, i);
      if (p.loaderId !== undefined) this.byLoader.set(p.loaderId, i);
    });
    // The main document of each page: its request id is the navigation's loader id.
    const docs = new Map<number, NetworkRequest>();
    for (const r of requests) {
      // The first hop: a reload's header marks are on the request the browser started with.
      if (r.redirectHop !== 0) continue;
      const i = this.byLoader.get(r.requestId);
      if (i !== undefined && !docs.has(i)) docs.set(i, r);
    }
    this.kinds = pages.map((p, i) => {
      const fromType = kindOfNavigationType(p.navigationType);
      if (fromType !== undefined) return { kind: fromType, evidence: 'navigation-type' as const };
      const doc = docs.get(i);
      if (doc !== undefined && doc.requestHeadersRaw) {
        const mode = requestCacheMode(doc);
        if (mode.bypass) return { kind: 'hard-reload' as const, evidence: 'document-headers' as const };
        if (mode.validate) return { kind: 'reload' as const, evidence: 'document-headers' as const };
      }
      return { kind: 'navigation' as const, evidence: 'none' as const };
    });
  }

  /** How page `index` was loaded. */
  kindOfPage(index: number): LoadKind {
    return this.kinds[index]?.kind ?? 'navigation';
  }

  loadOf(r: NetworkRequest): LoadInfo {
    const index = r.pageId === undefined ? undefined : this.byId.get(r.pageId);
    const { bypass, validate } = requestCacheMode(r);
    if (index === undefined) return { pageIndex: -1, kind: 'navigation', evidence: 'none', isMainDocument: false, bypass, validate };
    const page = this.pages[index]!;
    const k = this.kinds[index]!;
    return { page, pageIndex: index, kind: k.kind, evidence: k.evidence, isMainDocument: page.loaderId !== undefined && r.requestId === page.loaderId, bypass, validate };
  }
}

/** "a normal reload", "a hard reload", … for sentences. */
export const LOAD_WORDS: Record<LoadKind, string> = {
  navigation: 'a navigation',
  reload: 'a normal reload',
  'hard-reload': 'a hard reload',
  'back-forward': 'a back/forward navigation',
  restore: 'a session restore',
};
