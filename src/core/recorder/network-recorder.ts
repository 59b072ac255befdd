// The recorder: a fold of the raw CDP event log into the records of records.ts (Lighthouse's
// network-recorder.js is the model). `dispatch` takes one event; `fromLog` folds a whole log with
// the same code, so the live panel, stored sessions, the CLI and the tests all see one result.
//
// Handlers are named after the protocol events and take the protocol's own param types
// (devtools-frontend NetworkManager.ts does the same): a renamed event is a compile error. They are
// private: every caller goes through `dispatch`, which checks and repairs the params first
// (sanitise.ts). The lifecycles with state of their own live in trackers, each with its handlers:
// pages (pages.ts), child targets (targets.ts), WebSocket (websocket.ts), EventSource
// (event-source.ts). One clock (clock.ts) dates every event for all of them.
//
// Sessions: events carry the CDP session they came on (child targets: cross-process iframes,
// workers). A request is keyed by its requestId alone, because Chromium reports one request across
// sessions: a cross-process iframe's document and a worker's script are requested on the parent's
// session and loaded on the child's; a worker's fetch gets its ExtraInfo on the tab's session
// before its requestWillBeSent on the worker's (DevTools' NetworkManager "adopts" such requests).
// So the same event on two sessions is one event, and a repeat is a duplicate wherever it comes.
//
// Robustness: nothing a log contains makes `dispatch` throw. Duplicates, events for requests not
// seen yet (held and replayed when the request appears), unknown methods and params of the wrong
// shape are counted in `diagnostics`. Every handler does O(1) work (amortised), so a session of
// 100,000 requests or a million WebSocket frames folds in linear time.
import type { CdpEvent, CdpParams, Protocol } from '../cdp.ts';
import type {
  BodyStream,
  ConnectionRecord,
  CorsIssue,
  Diagnostics,
  NetworkRequest,
  PageRecord,
  SseChannel,
  TargetRecord,
  WsChannel,
} from '../records.ts';
import { ConnectionIndex } from './connections.ts';
import { derive } from './derive.ts';
import { bump, emptyDiagnostics, example } from './diagnostics.ts';
import { sanitise, type Repair } from './sanitise.ts';
import { RecorderClock } from './clock.ts';
import { BodyStreamTracker } from './body-stream.ts';
import { EventSourceTracker } from './event-source.ts';
import { ExtraInfoReconciler, type ExtraInfoSink, type RequestExtra, type ResponseExtra } from './extra-info.ts';
import { headerList } from './headers.ts';
import { HeldEvents } from './held-events.ts';
import { CorsIssueTracker, issueRequestId } from './cors-issues.ts';
import { chainKey, hopId, newestHop, newHop, newRecord, type Chain, type Hop } from './hop.ts';
import type { RecorderHost } from './host.ts';
import type { Outcome } from './outcome.ts';
import { PageTracker } from './pages.ts';
import { applyResponse, forgetReplayedTransport } from './response.ts';
import { TargetTracker } from './targets.ts';
import { originOf } from './url.ts';
import { guards, type HandledEvent } from './validate.ts';
import { WebSocketTracker } from './websocket.ts';

export interface RecorderOptions {
  /**
   * How many events may wait at once for the event that creates their request (default 10,000).
   * Past that, the longest-waiting request's events are dropped and stay counted as orphans.
   */
  maxHeldEvents?: number;
}

type Run<M extends HandledEvent> = (params: CdpParams<M>, target: string | undefined) => Outcome;
interface Entry {
  guard: (params: unknown) => boolean;
  run: (params: unknown, target: string | undefined) => Outcome;
}

const DEFAULT_MAX_HELD = 10_000;

export class NetworkRecorder implements ExtraInfoSink<Hop> {
  readonly diagnostics: Diagnostics = emptyDiagnostics();
  /** Increments once per dispatch that changed any record or diagnostics counter (not `events` alone). */
  version = 0;

  private readonly requestList: NetworkRequest[] = [];
  private readonly requestById = new Map<string, NetworkRequest>();
  private readonly chains = new Map<string, Chain>();
  private readonly connectionIndex = new ConnectionIndex();
  private readonly pageTracker = new PageTracker();
  private readonly targetTracker = new TargetTracker();
  /** The one clock every handler and tracker dates by (protocol time per session, wall offset). */
  private readonly clock = new RecorderClock((session) => this.targetTracker.parentOf(session));
  private readonly wsTracker: WebSocketTracker;
  private readonly corsIssueTracker: CorsIssueTracker;
  private readonly sseTracker: EventSourceTracker;
  private readonly bodyStreamTracker: BodyStreamTracker;
  private readonly held: HeldEvents;
  private readonly table: Map<string, Entry>;

  /**
   * Page events of frames that make no page (iframes, child targets' frames): ignored, and
   * remembered only so that a repeat counts as a duplicate. A few per frame load.
   */
  private readonly framePageEvents = new Set<string>();

  constructor(options: RecorderOptions = {}) {
    this.held = new HeldEvents(Math.max(0, options.maxHeldEvents ?? DEFAULT_MAX_HELD), () => {
      // Evicted events were counted as orphans when they were held, and stay so.
      this.diagnostics.heldEvents = this.held.size;
    });
    // What the WebSocket and EventSource trackers may do to the recorder's requests.
    const host: RecorderHost = {
      clock: this.clock,
      findChain: (requestId) => this.findChain(requestId),
      startRequest: (requestId, target, init) => this.startRequest(requestId, target, init),
      replayHeld: (chain) => this.replayHeld(chain.key),
      redated: (rec) => this.pageTracker.place(rec),
    };
    this.wsTracker = new WebSocketTracker(host);
    this.sseTracker = new EventSourceTracker(host);
    const bodies = (this.bodyStreamTracker = new BodyStreamTracker(this.clock));
    const ws = this.wsTracker;
    const issues = (this.corsIssueTracker = new CorsIssueTracker((requestId) => this.findChain(requestId)));
    const handlers: { [M in HandledEvent]: Run<M> } = {
      'Network.requestWillBeSent': (p, t) => this.requestWillBeSent(p, t),
      'Network.requestWillBeSentExtraInfo': (p, t) => this.requestWillBeSentExtraInfo(p, t),
      'Network.responseReceivedExtraInfo': (p, t) => this.responseReceivedExtraInfo(p, t),
      'Network.responseReceived': (p, t) => this.responseReceived(p, t),
      'Network.dataReceived': (p, t) => this.dataReceived(p, t),
      'Network.loadingFinished': (p, t) => this.loadingFinished(p, t),
      'Netlens.streamResourceContent': (p, t) => this.onChain(p.requestId, (chain) => bodies.streamResourceContent(chain, p, t)),
      'Netlens.streamBody': (p) => this.onChain(p.requestId, (chain) => bodies.streamBody(chain, p)),
      'Network.loadingFailed': (p, t) => this.loadingFailed(p, t),
      'Network.requestServedFromCache': (p, t) => this.requestServedFromCache(p, t),
      'Network.resourceChangedPriority': (p, t) => this.resourceChangedPriority(p, t),
      'Network.webSocketCreated': (p, t) => ws.webSocketCreated(p, t),
      'Network.webSocketWillSendHandshakeRequest': (p, t) => ws.webSocketWillSendHandshakeRequest(p, t),
      'Network.webSocketHandshakeResponseReceived': (p, t) => ws.webSocketHandshakeResponseReceived(p, t),
      'Network.webSocketFrameSent': (p, t) => ws.webSocketFrameSent(p, t),
      'Network.webSocketFrameReceived': (p, t) => ws.webSocketFrameReceived(p, t),
      'Network.webSocketFrameError': (p, t) => ws.webSocketFrameError(p, t),
      'Network.webSocketClosed': (p, t) => ws.webSocketClosed(p, t),
      'Network.eventSourceMessageReceived': (p, t) => this.sseTracker.eventSourceMessageReceived(p, t),
      'Page.frameNavigated': (p, t) => this.frameNavigated(p, t),
      'Page.frameStartedNavigating': (p, t) => this.frameStartedNavigating(p, t),
      'Page.domContentEventFired': (p, t) => this.domContentEventFired(p, t),
      'Page.loadEventFired': (p, t) => this.loadEventFired(p, t),
      'Target.attachedToTarget': (p, t) => this.attachedToTarget(p, t),
      'Target.detachedFromTarget': (p, t) => this.detachedFromTarget(p, t),
      'Target.targetInfoChanged': (p, t) => this.targetInfoChanged(p, t),
      'Audits.issueAdded': (p) => issues.issueAdded(p),
    };
    this.table = new Map();
    for (const method of Object.keys(handlers) as HandledEvent[]) {
      this.table.set(method, { guard: guards[method], run: handlers[method] as Entry['run'] });
    }
  }

  /** Counts a field the edge repaired or left out, with the first example (made once, not per event). */
  private readonly noteRepair = (r: Repair): void => {
    const d = this.diagnostics;
    bump(d.repairedFields, r.kind);
    example(d, `repaired ${r.kind}`, `event ${d.events}${r.value ? `: ${r.value}` : ''}`);
  };

  /** Folds a whole log; the result equals dispatching its events one by one. */
  static fromLog(events: Iterable<CdpEvent>, options?: RecorderOptions): NetworkRecorder {
    const recorder = new NetworkRecorder(options);
    for (const event of events) recorder.dispatch(event);
    return recorder;
  }

  // ---- Reading the records (the arrays are the recorder's own: read, never modify) ----

  /** Every request hop, WebSocket handshakes included, in creation order. */
  requests(): readonly NetworkRequest[] {
    this.pageTracker.settle(this.requestList);
    return this.requestList;
  }

  request(id: string): NetworkRequest | undefined {
    this.pageTracker.settle(this.requestList);
    return this.requestById.get(id);
  }

  /** Audits CORS issues that name no request (a fetch refused in the renderer), in arrival order. */
  corsIssuesWithoutRequest(): readonly CorsIssue[] {
    return this.corsIssueTracker.unkeyed;
  }

  webSockets(): readonly WsChannel[] {
    return this.wsTracker.list;
  }

  eventSources(): readonly SseChannel[] {
    return this.sseTracker.list;
  }

  /** Response bodies read as streams of messages (SSE, NDJSON, JSON sequences), in order of response. */
  bodyStreams(): readonly BodyStream[] {
    return this.bodyStreamTracker.list;
  }

  connections(): readonly ConnectionRecord[] {
    return this.connectionIndex.settled();
  }

  pages(): readonly PageRecord[] {
    return this.pageTracker.list;
  }

  targets(): readonly TargetRecord[] {
    return this.targetTracker.list;
  }

  // ---- Dispatch ----

  dispatch(input: CdpEvent): void {
    let event = input;
    const d = this.diagnostics;
    d.events++;
    if (typeof event !== 'object' || event === null || typeof event.method !== 'string') {
      bump(d.malformedEvents, '(no method)');
      this.version++;
      return;
    }
    const method = event.method;
    const entry = this.table.get(method);
    if (entry === undefined) {
      bump(d.unhandledEvents, method);
      example(d, `unhandled ${method}`, `event ${d.events}`);
      this.version++;
      return;
    }
    const n = d.events;
    const clean = sanitise(method as HandledEvent, event.params, this.noteRepair);
    if (!clean.ok || !entry.guard(clean.params)) {
      bump(d.malformedEvents, method);
      example(d, `malformed ${method}`, clean.ok ? `event ${n}: params of the wrong shape` : `event ${n}: ${clean.reason}${clean.value ? ` (${clean.value})` : ''}`);
      this.version++;
      return;
    }
    // Held events and handlers see the repaired params only.
    if (clean.params !== event.params) event = { ...event, params: clean.params } as CdpEvent;
    const target = sessionOf(event);
    const outcome = this.apply(entry, event, target);
    if (outcome === 'none') return;
    if (outcome === 'duplicate') {
      bump(d.duplicateEvents, method);
      example(d, `duplicate ${method}`, `event ${n}${describeId(event)}`);
    } else if (outcome === 'orphan') this.orphan(event, target);
    this.version++;
  }

  private apply(entry: Entry, event: CdpEvent, target: string | undefined): Outcome {
    try {
      return entry.run(event.params, target);
    } catch {
      // A shape the guards let through but a handler could not use: counted, never thrown.
      bump(this.diagnostics.malformedEvents, event.method);
      return 'none';
    }
  }

  /** An event whose request has not appeared: held (Network events) until it does, and counted. */
  private orphan(event: CdpEvent, target: string | undefined): void {
    bump(this.diagnostics.orphanEvents, event.method);
    example(this.diagnostics, `orphan ${event.method}`, `event ${this.diagnostics.events}${describeId(event)}`);
    // An Audits issue names its request inside (issue.details.…request.requestId); on Chromium 156
    // a preflighted request's issue comes before its requestWillBeSent.
    const requestId = (event.params as { requestId?: unknown }).requestId ?? issueRequestId(event.params);
    if (typeof requestId === 'string') {
      // Keyed by requestId alone: the event that creates the request may come on another session.
      this.held.hold(chainKey(requestId), event);
      this.diagnostics.heldEvents = this.held.size;
    }
  }

  /** A request appeared: apply the events that came before it, in their order, each with its own session. */
  private replayHeld(key: string): void {
    const list = this.held.take(key);
    if (list === undefined) return;
    const d = this.diagnostics;
    d.heldEvents = this.held.size;
    for (const event of list) {
      const entry = this.table.get(event.method);
      if (entry === undefined) continue;
      const outcome = this.apply(entry, event, sessionOf(event));
      // Still no home (a frame for an id that turned out to be a plain request): an orphan for good.
      if (outcome === 'orphan') continue;
      bump(d.orphanEvents, event.method, -1);
      d.reorderedEvents++;
      if (outcome === 'duplicate') bump(d.duplicateEvents, event.method);
    }
  }

  /** Called by the ExtraInfo reconciler whenever it gave or took back a hop's ExtraInfo. */
  extraInfoChanged(hop: Hop): void {
    derive(hop);
    this.sseTracker.headersChanged(hop);
  }

  // ---- Helpers ----

  /** A Page event of a frame that makes no page: ignored, a repeat counted as a duplicate. */
  private framePageEvent(key: string): Outcome {
    if (this.framePageEvents.has(key)) return 'duplicate';
    this.framePageEvents.add(key);
    return 'none';
  }

  /** The request an event names, whichever session it came on. */
  private findChain(requestId: string): Chain | undefined {
    return this.chains.get(chainKey(requestId));
  }

  private newChain(requestId: string, target: string | undefined): Chain {
    const hops: Hop[] = [];
    const chain: Chain = {
      key: chainKey(requestId),
      requestId,
      target,
      hops,
      extra: new ExtraInfoReconciler(hops, this),
      sse: undefined,
      ws: undefined,
      body: undefined,
    };
    this.chains.set(chain.key, chain);
    return chain;
  }

  private addRecord(chain: Chain, rec: NetworkRequest): Hop {
    const hop = newHop(rec, chain);
    chain.hops.push(hop);
    this.requestList.push(rec);
    this.requestById.set(rec.id, rec);
    return hop;
  }

  private addHop(chain: Chain, params: Protocol.Network.RequestWillBeSentEvent, ts: number, wall: number): Hop {
    const request = params.request;
    const url = request.urlFragment === undefined ? request.url : request.url + request.urlFragment;
    const n = chain.hops.length;
    const rec = newRecord({
      id: hopId(chain.key, n),
      requestId: chain.requestId,
      index: this.requestList.length,
      target: chain.target,
      url,
      method: request.method,
      origin: originOf(url),
      issuedAt: ts,
      issuedWall: wall,
      redirectHop: n,
    });
    rec.frameId = params.frameId;
    rec.loaderId = params.loaderId;
    rec.documentURL = params.documentURL;
    rec.resourceType = params.type;
    rec.initiator = params.initiator;
    rec.priority = request.initialPriority;
    rec.initialPriority = request.initialPriority;
    rec.postData = request.postData;
    rec.hasPostData = request.hasPostData;
    rec.requestHeaders = headerList(request.headers);
    this.pageTracker.place(rec);
    return this.addRecord(chain, rec);
  }

  /** Counts a hop on the socket that carried it (never a cache replay), once. */
  private countOnConnection(hop: Hop): void {
    const rec = hop.rec;
    if (hop.onConnection !== undefined || rec.servedFromCache) return;
    if (this.connectionIndex.add(rec)) hop.onConnection = rec.connectionId;
  }

  /** A request no requestWillBeSent started (a WebSocket handshake): its chain and its first record. */
  private startRequest(requestId: string, target: string | undefined, init: Parameters<RecorderHost['startRequest']>[2]): Chain {
    const chain = this.newChain(requestId, target);
    const rec = newRecord({
      id: hopId(chain.key, 0),
      requestId,
      index: this.requestList.length,
      target,
      url: init.url,
      method: init.method,
      origin: originOf(init.url),
      issuedAt: init.issuedAt,
      issuedWall: init.issuedWall,
      redirectHop: 0,
    });
    rec.resourceType = init.resourceType;
    rec.initiator = init.initiator;
    this.pageTracker.place(rec);
    this.addRecord(chain, rec);
    return chain;
  }

  // ---- Network: requests ----

  private requestWillBeSent(params: Protocol.Network.RequestWillBeSentEvent, target: string | undefined): Outcome {
    const ts = params.timestamp * 1000;
    this.clock.tick(ts, target);
    const wall = this.clock.wallOf(ts, params.wallTime);

    // The same requestId on another session is the same request (a repeat, or its next redirect
    // hop); the record keeps the session it started on.
    const existing = this.findChain(params.requestId);
    if (existing !== undefined) return this.redirect(existing, params, ts, wall);

    const chain = this.newChain(params.requestId, target);
    const hop = this.addHop(chain, params, ts, wall);
    if (params.type === 'EventSource') this.sseTracker.ensure(chain);
    if (target === undefined && params.type === 'Document' && params.requestId === params.loaderId) {
      this.pageTracker.documentIssued(params.loaderId, hop.rec.issuedAt, hop.rec.issuedWall);
    }
    this.replayHeld(chain.key);
    return 'changed';
  }

  /** A requestWillBeSent for a request already seen: the next hop of a redirect chain, or a repeat. */
  private redirect(chain: Chain, params: Protocol.Network.RequestWillBeSentEvent, ts: number, wall: number): Outcome {
    const prev = newestHop(chain);
    const redirectResponse = params.redirectResponse;
    if (redirectResponse === undefined) return 'duplicate';
    const url = params.request.urlFragment === undefined ? params.request.url : params.request.url + params.request.urlFragment;
    // The same redirect delivered twice: a hop was made by this very event.
    for (const hop of chain.hops) if (hop.rec.issuedAt === ts && hop.rec.url === url) return 'duplicate';

    // Close the previous hop with the redirect's response (HPBN: every redirect costs a full
    // round trip, and a new connection when it crosses origins).
    applyResponse(prev, redirectResponse, ts);
    prev.endTs = ts;
    prev.endEncodedLength = redirectResponse.encodedDataLength;
    prev.rec.finished = true;
    if (typeof params.redirectHasExtraInfo === 'boolean') {
      chain.extra.setExpected(chain.hops.length - 1, params.redirectHasExtraInfo && !prev.rec.servedFromCache);
    }
    derive(prev);
    this.countOnConnection(prev);

    const hop = this.addHop(chain, params, ts, wall);
    prev.rec.redirectTo = hop.rec.id;
    hop.rec.redirectFrom = prev.rec.id;
    this.sseTracker.redirected(chain, hop);
    chain.extra.hopAdded();
    return 'changed';
  }

  private requestWillBeSentExtraInfo(params: Protocol.Network.RequestWillBeSentExtraInfoEvent, _target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const extra: RequestExtra = { headers: headerList(params.headers), requestTime: params.connectTiming?.requestTime };
    if (params.clientSecurityState !== undefined) extra.clientSecurityState = params.clientSecurityState;
    if (params.appliedNetworkConditionsId !== undefined) extra.appliedNetworkConditionsId = params.appliedNetworkConditionsId;
    const added = chain.extra.addRequestExtra(extra);
    return added ? 'changed' : 'duplicate';
  }

  private responseReceivedExtraInfo(params: Protocol.Network.ResponseReceivedExtraInfoEvent, _target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const extra: ResponseExtra = { statusCode: params.statusCode, headers: headerList(params.headers), headersText: params.headersText };
    if (params.resourceIPAddressSpace !== undefined) extra.resourceIPAddressSpace = params.resourceIPAddressSpace;
    const added = chain.extra.addResponseExtra(extra);
    return added ? 'changed' : 'duplicate';
  }

  private responseReceived(params: Protocol.Network.ResponseReceivedEvent, target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const hop = newestHop(chain);
    if (hop.hasResponse) return 'duplicate';
    const ts = params.timestamp * 1000;
    this.clock.tick(ts, target);
    const rec = hop.rec;
    applyResponse(hop, params.response, ts);
    if (params.type !== undefined) rec.resourceType = params.type;
    const index = chain.hops.length - 1;
    if (rec.servedFromCache) chain.extra.setExpected(index, false);
    else if (typeof params.hasExtraInfo === 'boolean') chain.extra.setExpected(index, params.hasExtraInfo);
    derive(hop);
    this.countOnConnection(hop);
    if (rec.resourceType === 'EventSource') this.sseTracker.ensure(chain);
    this.bodyStreamTracker.responseReceived(chain);
    return 'changed';
  }

  private requestServedFromCache(params: Protocol.Network.RequestServedFromCacheEvent, _target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const hop = newestHop(chain);
    const rec = hop.rec;
    if (rec.servedFromCache) return 'duplicate';
    rec.servedFromCache = true;
    // The memory cache replays a stored response: no ExtraInfo will come, whatever it says.
    chain.extra.setExpected(chain.hops.length - 1, false);
    if (hop.hasResponse) {
      forgetReplayedTransport(hop);
      if (hop.onConnection !== undefined) {
        this.connectionIndex.remove(hop.onConnection, rec);
        hop.onConnection = undefined;
      }
    }
    derive(hop);
    return 'changed';
  }

  private dataReceived(params: Protocol.Network.DataReceivedEvent, target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const hop = newestHop(chain);
    const last = hop.lastData;
    if (last !== undefined && last.timestamp === params.timestamp && last.dataLength === params.dataLength &&
      last.encodedDataLength === params.encodedDataLength && last.data === params.data) return 'duplicate';
    // The same chunk reported on another session too, after (or interleaved with) the copy already
    // counted: a chunk from another session that is not newer than the newest counted is a copy.
    // One session's chunks come in order; a body handed from one session to another goes on later.
    if (last !== undefined && target !== hop.lastDataTarget && params.timestamp <= hop.lastDataTimestamp) return 'duplicate';
    hop.lastData = params;
    hop.lastDataTarget = target;
    if (params.timestamp > hop.lastDataTimestamp) hop.lastDataTimestamp = params.timestamp;
    hop.rec.decodedBodySize += params.dataLength;
    this.bodyStreamTracker.dataReceived(chain, params.data, params.dataLength, params.timestamp * 1000);
    return 'changed';
  }

  private loadingFinished(params: Protocol.Network.LoadingFinishedEvent, target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const hop = newestHop(chain);
    if (hop.rec.finished) return 'duplicate';
    const ts = params.timestamp * 1000;
    this.clock.tick(ts, target);
    hop.endTs = ts;
    hop.endEncodedLength = params.encodedDataLength;
    hop.endEncodedBodyLength = params.encodedBodyLength;
    hop.rec.finished = true;
    derive(hop);
    this.bodyStreamTracker.ended(chain);
    return 'changed';
  }

  /** A pseudo-event of the capture's about a request: orphan (held) when the request is not known yet. */
  private onChain(requestId: string, run: (chain: Chain) => Outcome): Outcome {
    const chain = this.findChain(requestId);
    return chain === undefined ? 'orphan' : run(chain);
  }

  private loadingFailed(params: Protocol.Network.LoadingFailedEvent, target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const hop = newestHop(chain);
    const rec = hop.rec;
    if (rec.finished) return 'duplicate';
    const ts = params.timestamp * 1000;
    this.clock.tick(ts, target);
    hop.endTs = ts;
    rec.failure = {
      errorText: params.errorText,
      canceled: params.canceled === true,
      blockedReason: params.blockedReason,
      corsError: params.corsErrorStatus,
    };
    rec.finished = true;
    rec.resourceType ??= params.type;
    derive(hop);
    this.bodyStreamTracker.ended(chain);
    return 'changed';
  }

  private resourceChangedPriority(params: Protocol.Network.ResourceChangedPriorityEvent, _target: string | undefined): Outcome {
    const chain = this.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const rec = newestHop(chain).rec;
    if (rec.priority === params.newPriority) return 'none';
    rec.priority = params.newPriority;
    return 'changed';
  }

  // ---- Network: WebSocket and EventSource: their own trackers (websocket.ts, event-source.ts) ----

  // ---- Page: top-level navigations of the tab ----

  private frameNavigated(params: Protocol.Page.FrameNavigatedEvent, target: string | undefined): Outcome {
    const frame = params.frame;
    // Only the tab's main frame makes a page; iframes and child targets navigate inside it (an
    // iframe's navigation may be reported on the tab's session too, with its parentId). A loader
    // commits once, so the same (frame, loader) again is a repeat, on whichever session.
    if (target !== undefined || frame.parentId !== undefined) return this.framePageEvent(`nav\n${frame.id}\n${frame.loaderId}`);
    const doc = this.findChain(frame.loaderId)?.hops[0]?.rec;
    const now = this.clock.now(undefined);
    const start = doc !== undefined ? { at: doc.issuedAt, wall: doc.issuedWall } : { at: now, wall: this.clock.wallIfKnown(now) };
    return this.pageTracker.frameNavigated(params, start);
  }

  /** How a navigation started (reload, hard reload, back/forward): the cache analysis needs it. */
  private frameStartedNavigating(params: Protocol.Page.FrameStartedNavigatingEvent, target: string | undefined): Outcome {
    // A child target's navigations make no page of the tab.
    if (target !== undefined) return this.framePageEvent(`start\n${params.frameId}\n${params.loaderId}\n${params.navigationType}`);
    return this.pageTracker.frameStartedNavigating(params);
  }

  private domContentEventFired(params: Protocol.Page.DomContentEventFiredEvent, target: string | undefined): Outcome {
    this.clock.tick(params.timestamp * 1000, target);
    // A child target's own document (a cross-process iframe) is not a page of the tab.
    if (target !== undefined) return this.framePageEvent(`dcl\n${target}\n${params.timestamp}`);
    return this.pageTracker.domContentEventFired(params);
  }

  private loadEventFired(params: Protocol.Page.LoadEventFiredEvent, target: string | undefined): Outcome {
    this.clock.tick(params.timestamp * 1000, target);
    if (target !== undefined) return this.framePageEvent(`load\n${target}\n${params.timestamp}`);
    return this.pageTracker.loadEventFired(params);
  }

  // ---- Target: child targets ----

  private attachedToTarget(params: Protocol.Target.AttachedToTargetEvent, target: string | undefined): Outcome {
    return this.targetTracker.attachedToTarget(params, target, this.clock.now(target));
  }

  private detachedFromTarget(params: Protocol.Target.DetachedFromTargetEvent, _target: string | undefined): Outcome {
    return this.targetTracker.detachedFromTarget(params);
  }

  private targetInfoChanged(params: Protocol.Target.TargetInfoChangedEvent, _target: string | undefined): Outcome {
    return this.targetTracker.targetInfoChanged(params);
  }
}

/** ", request id X" for an example sentence, when the event names one. */
function describeId(event: CdpEvent): string {
  const id = (event.params as { requestId?: unknown }).requestId;
  return typeof id === 'string' ? `, request id ${id.length > 40 ? `${id.slice(0, 40)}…` : id}` : '';
}

/** The CDP session an event came on; undefined for the tab. */
function sessionOf(event: CdpEvent): string | undefined {
  return typeof event.sessionId === 'string' && event.sessionId !== '' ? event.sessionId : undefined;
}
