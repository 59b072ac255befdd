// Which page a request belongs to is decided once, by the recorder (NetworkRequest.pageId), and
// HAR's pageref and the cache analysis's loads both read it. Recorded from real Chromium: a page
// with a cross-site iframe (its own target) and a dedicated worker (its own target); then a second
// navigation of the tab written literally, with requests of the iframe's and the worker's sessions
// around it.
import { describe, expect, it } from 'vitest';
import type { CdpEvent } from '../../../src/core/cdp.ts';
import { analyseCacheData } from '../../../src/core/analysis/cache/index.ts';
import { buildHar } from '../../../src/core/har/build.ts';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { loadLog, loadTruth } from './fixtures.ts';

const MAIN_FRAME = 'DBFE1F1F17523EDFD3B2938724DC2BC9';
const FIRST_LOADER = 'D1F16293287FBEBE7E135167B67E4759';
const IFRAME_SESSION = '2B80E1312913D8AD61035F2B2BA6E68A';
const IFRAME_LOADER = 'DB53FA205A0F049D6FCBC699F88C3D46';
const WORKER_SESSION = '8BA28E03FC0E9C74600E227C77048D7F';
/** After the last event of the recording (2433.650688 s). */
const T = 2440;

const request = (requestId: string, at: number, loaderId: string, type: string, sessionId?: string): CdpEvent => ({
  method: 'Network.requestWillBeSent',
  params: {
    requestId,
    loaderId,
    documentURL: 'http://a.test/second',
    request: { url: `http://a.test/${requestId}`, method: 'GET', headers: {}, initialPriority: 'High', referrerPolicy: 'no-referrer' },
    timestamp: at,
    wallTime: 1_795_306_808 + (at - 2433),
    initiator: { type: 'other' },
    redirectHasExtraInfo: false,
    type,
    frameId: MAIN_FRAME,
  },
  ...(sessionId ? { sessionId } : {}),
});
const navigated: CdpEvent = { method: 'Page.frameNavigated', params: { frame: { id: MAIN_FRAME, loaderId: 'nav2', url: 'http://a.test/second', domainAndRegistry: 'a.test', securityOrigin: 'http://a.test', mimeType: 'text/html', secureContextType: 'InsecureScheme', crossOriginIsolatedContextType: 'NotIsolated', gatedAPIFeatures: [] }, type: 'Navigation' } };

/** Page of each request, as the recorder wrote it, as HAR's pageref says and as the cache analysis's load says. */
function pagesSeen(rec: NetworkRecorder): { recorder: Record<string, string | undefined>; har: Record<string, string | undefined>; cache: Record<string, string | undefined> } {
  const pages = rec.pages();
  const entries = buildHar(rec, { creator: { name: 't', version: '1' } }).log.entries;
  const cache = analyseCacheData(rec.requests(), pages);
  const out = { recorder: {} as Record<string, string | undefined>, har: {} as Record<string, string | undefined>, cache: {} as Record<string, string | undefined> };
  rec.requests().forEach((r, i) => {
    const key = r.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
    out.recorder[key] = r.pageId;
    out.har[key] = entries[i]!.pageref;
    const load = cache.verdicts.get(r.id)!.load.pageIndex;
    out.cache[key] = load < 0 ? undefined : pages[load]!.id;
  });
  return out;
}

describe('the page of each request, decided by the recorder', () => {
  const log = loadLog('child-targets');
  const truth = loadTruth('child-targets');

  it('puts every request of the recorded load (document, iframe and its images, worker script and its fetch) on its one page', () => {
    const rec = NetworkRecorder.fromLog(log);
    expect(rec.pages().map((p) => p.id)).toEqual(['page_1']);
    // The server saw these seven requests, all of one load of the tab.
    const paths = truth.requests.map((t) => t.path.replace(/\?.*$/, ''));
    expect(paths).toEqual(['/child-targets', '/frame', '/worker.js', '/res/from-worker.json', '/res/frame-0.png', '/res/frame-1.png', '/res/frame-2.png']);
    const seen = pagesSeen(rec);
    const all = Object.fromEntries(paths.map((p) => [p, 'page_1']));
    expect(seen.recorder).toEqual(all);
    expect(seen.har).toEqual(all);
    expect(seen.cache).toEqual(all);
  });

  it('after a second navigation: the iframe’s and the worker’s later requests go with the new page, a request naming the first page’s loader stays with it, and HAR and the cache analysis agree', () => {
    const rec = NetworkRecorder.fromLog([
      ...log,
      // The new document is requested; before its navigation commits, the iframe's session issues
      // a request (folded before the page exists: put right once the page does).
      request('nav2', T, 'nav2', 'Document'),
      request('iframe-before-commit', T + 0.05, IFRAME_LOADER, 'Image', IFRAME_SESSION),
      navigated,
      request('worker-late', T + 0.1, '', 'Fetch', WORKER_SESSION),
      request('iframe-late', T + 0.2, IFRAME_LOADER, 'Image', IFRAME_SESSION),
      // Issued on a child's session, yet by the first page's document (its loader).
      request('old-loader', T + 0.3, FIRST_LOADER, 'Fetch', WORKER_SESSION),
      request('second-sub', T + 0.4, 'nav2', 'Script'),
    ]);
    expect(rec.pages().map((p) => [p.id, p.loaderId])).toEqual([['page_1', FIRST_LOADER], ['page_2', 'nav2']]);
    const expected = {
      '/child-targets': 'page_1',
      '/frame': 'page_1',
      '/worker.js': 'page_1',
      '/res/from-worker.json': 'page_1',
      '/res/frame-0.png': 'page_1',
      '/res/frame-1.png': 'page_1',
      '/res/frame-2.png': 'page_1',
      '/nav2': 'page_2',
      '/iframe-before-commit': 'page_2',
      '/worker-late': 'page_2',
      '/iframe-late': 'page_2',
      '/old-loader': 'page_1',
      '/second-sub': 'page_2',
    };
    const seen = pagesSeen(rec);
    expect(seen.recorder).toEqual(expected);
    expect(seen.har).toEqual(expected);
    expect(seen.cache).toEqual(expected);
  });

  it('gives a request before the first page none, and the same pages however the live batches were cut', () => {
    const early = NetworkRecorder.fromLog([request('before', 1, 'X', 'Fetch'), ...log]);
    expect(early.request('before')!.pageId).toBeUndefined();
    expect(early.request(FIRST_LOADER)!.pageId).toBe('page_1');
    // Read after every event (as the live panel reads after each batch): the same answer as one fold.
    const live = new NetworkRecorder();
    for (const e of log) {
      live.dispatch(e);
      live.requests();
    }
    expect(live.requests().map((r) => r.pageId)).toEqual(NetworkRecorder.fromLog(log).requests().map((r) => r.pageId));
  });

  it('puts a WebSocket on the page of its handshake, which dates it (its creation is undated)', () => {
    const nav = (loaderId: string): CdpEvent => ({ ...navigated, params: { ...(navigated.params as object), frame: { ...(navigated.params as { frame: object }).frame, loaderId } } });
    const handshake = (at: number): CdpEvent => ({ method: 'Network.webSocketWillSendHandshakeRequest', params: { requestId: 'ws1', timestamp: at, wallTime: 1_700_000_000 + at, request: { headers: {} } } });
    const created: CdpEvent = { method: 'Network.webSocketCreated', params: { requestId: 'ws1', url: 'ws://a.test/socket' } };
    const two = [request('L1', 1, 'L1', 'Document'), nav('L1'), request('L2', 5, 'L2', 'Document'), nav('L2')];
    // Created after the second page started: dated by the tab's clock, then by its handshake at 3 s.
    const rec = NetworkRecorder.fromLog([...two, created]);
    expect([rec.request('ws1')!.issuedAt, rec.request('ws1')!.pageId]).toEqual([5000, 'page_2']);
    // Read before the handshake comes, as the live panel reads after each batch.
    const dated = NetworkRecorder.fromLog([...two, created]);
    expect(dated.request('ws1')!.pageId).toBe('page_2');
    dated.dispatch(handshake(3));
    expect([dated.request('ws1')!.issuedAt, dated.request('ws1')!.pageId]).toEqual([3000, 'page_1']);
    expect(dated.webSockets().map((w) => [w.createdAt, w.handshake?.requestAt])).toEqual([[5000, 3000]]);
  });

  it('lets callers in only through dispatch: the handlers are private', () => {
    const rec = new NetworkRecorder();
    // @ts-expect-error a handler is not part of the recorder's surface (the type check fails if it becomes public)
    expect(typeof rec.requestWillBeSent).toBe('function');
    // @ts-expect-error the same for the trackers
    expect(rec.wsTracker).toBeDefined();
  });
});
