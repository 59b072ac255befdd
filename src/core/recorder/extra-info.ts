// The ExtraInfo reconciler (devtools-frontend NetworkManager's ExtraInfoBuilder, made order-proof).
//
// `requestWillBeSentExtraInfo` and `responseReceivedExtraInfo` carry what really went over the
// wire (raw request headers incl. If-None-Match and Last-Event-ID, raw response status — 304 for
// a revalidation that responseReceived calls 200 —, raw headers text). They come from the network
// service, on another path than requestWillBeSent / responseReceived, so they may arrive before or
// after them, and they name only the requestId, which every hop of a redirect chain shares.
//
// Alignment: the k-th ExtraInfo of a kind belongs to the k-th hop that gets ExtraInfo at all. Hops
// served from a cache get none; the protocol says which in `redirectHasExtraInfo` (on the next hop's
// requestWillBeSent) and `responseReceived.hasExtraInfo`, except for memory-cache hits, whose
// replayed response still says `hasExtraInfo: true` (seen on Chromium 156) — `requestServedFromCache`
// overrides it. Until a hop's flag is known an ExtraInfo is given to it tentatively; if the flag then
// says "none", everything from that hop on is taken back and dealt again, so the result does not
// depend on arrival order.
import type { Protocol } from '../cdp.ts';
import type { Header, NetworkRequest } from '../records.ts';
import { sameHeaders } from './headers.ts';

export interface RequestExtra {
  headers: Header[];
  /** connectTiming.requestTime (seconds): differs per hop, so it tells a repeat from a new hop. */
  requestTime: number | undefined;
  clientSecurityState?: Protocol.Network.ClientSecurityState;
  /** The rule of Network.emulateNetworkConditionsByRule that throttled this request. */
  appliedNetworkConditionsId?: string;
}

export interface ResponseExtra {
  statusCode: number;
  headers: Header[];
  headersText: string | undefined;
  resourceIPAddressSpace?: Protocol.Network.IPAddressSpace;
}

/**
 * What the reconciler needs of a redirect hop (hop.ts's Hop has all of it). Declared here rather
 * than imported, so that hop.ts, which holds a reconciler, and this file do not import each other.
 */
export interface ExtraInfoHop {
  expectExtra: boolean | undefined;
  requestExtra: RequestExtra | undefined;
  responseExtra: ResponseExtra | undefined;
  /** The headers the renderer reported, put back when ExtraInfo is taken away again. */
  blinkRequestHeaders: Header[];
  responseHeaders: Header[];
  rec: Pick<
    NetworkRequest,
    'requestHeaders' | 'requestHeadersRaw' | 'responseHeaders' | 'responseHeadersRaw' | 'responseHeadersText' | 'extraInfo' | 'clientSecurityState' | 'resourceIPAddressSpace' | 'appliedNetworkConditionsId'
  >;
}

/** Told when a hop's ExtraInfo changed, to recompute what derives from it. */
export interface ExtraInfoSink<H extends ExtraInfoHop> {
  extraInfoChanged(hop: H): void;
}

function sameRequestExtra(a: RequestExtra, b: RequestExtra): boolean {
  if (a.requestTime !== undefined || b.requestTime !== undefined) return a.requestTime === b.requestTime;
  return sameHeaders(a.headers, b.headers);
}

function sameResponseExtra(a: ResponseExtra, b: ResponseExtra): boolean {
  return a.statusCode === b.statusCode && a.headersText === b.headersText && sameHeaders(a.headers, b.headers);
}

export class ExtraInfoReconciler<H extends ExtraInfoHop> {
  /** ExtraInfo not yet given to a hop (its hop has not appeared), oldest first; allocated on demand. */
  private requestQueue: RequestExtra[] | undefined;
  private responseQueue: ResponseExtra[] | undefined;
  /** Index of the hop the next ExtraInfo of each kind goes to. */
  private nextRequestHop = 0;
  private nextResponseHop = 0;

  constructor(
    private readonly hops: readonly H[],
    private readonly sink: ExtraInfoSink<H>,
  ) {}

  /** Adds a request ExtraInfo; false when it repeats one already seen (a duplicate event). */
  addRequestExtra(extra: RequestExtra): boolean {
    for (const hop of this.hops) if (hop.requestExtra && sameRequestExtra(hop.requestExtra, extra)) return false;
    if (this.requestQueue) for (const q of this.requestQueue) if (sameRequestExtra(q, extra)) return false;
    (this.requestQueue ??= []).push(extra);
    this.deal();
    return true;
  }

  /** Adds a response ExtraInfo; false when it repeats one already seen (a duplicate event). */
  addResponseExtra(extra: ResponseExtra): boolean {
    for (const hop of this.hops) if (hop.responseExtra && sameResponseExtra(hop.responseExtra, extra)) return false;
    if (this.responseQueue) for (const q of this.responseQueue) if (sameResponseExtra(q, extra)) return false;
    (this.responseQueue ??= []).push(extra);
    this.deal();
    return true;
  }

  /** A hop was added to the chain: queued ExtraInfo may be its. */
  hopAdded(): void {
    this.deal();
  }

  /** The protocol said whether hop `index` gets ExtraInfo. "No" is final (a cache hit stays one). */
  setExpected(index: number, expected: boolean): void {
    const hop = this.hops[index];
    if (!hop || hop.expectExtra === false || hop.expectExtra === expected) return;
    hop.expectExtra = expected;
    hop.rec.extraInfo.expectResponse = expected;
    if (!expected && (hop.requestExtra || hop.responseExtra || this.hasDealtBeyond(index))) this.takeBackFrom(index);
    this.deal();
  }

  private hasDealtBeyond(index: number): boolean {
    for (let i = index + 1; i < this.hops.length; i++) {
      const h = this.hops[i]!;
      if (h.requestExtra || h.responseExtra) return true;
    }
    return false;
  }

  /** Takes back the ExtraInfo given to hops `index` and later, keeping their order in the queues. */
  private takeBackFrom(index: number): void {
    for (let i = this.hops.length - 1; i >= index; i--) {
      const hop = this.hops[i]!;
      let changed = false;
      if (hop.requestExtra) {
        (this.requestQueue ??= []).unshift(hop.requestExtra);
        hop.requestExtra = undefined;
        hop.rec.requestHeaders = hop.blinkRequestHeaders;
        hop.rec.requestHeadersRaw = false;
        hop.rec.clientSecurityState = undefined;
        hop.rec.appliedNetworkConditionsId = undefined;
        hop.rec.extraInfo.request = false;
        changed = true;
      }
      if (hop.responseExtra) {
        (this.responseQueue ??= []).unshift(hop.responseExtra);
        hop.responseExtra = undefined;
        hop.rec.responseHeaders = hop.responseHeaders;
        hop.rec.responseHeadersRaw = false;
        hop.rec.responseHeadersText = undefined;
        hop.rec.resourceIPAddressSpace = undefined;
        hop.rec.extraInfo.response = false;
        changed = true;
      }
      if (changed) this.sink.extraInfoChanged(hop);
    }
    this.nextRequestHop = Math.min(this.nextRequestHop, index);
    this.nextResponseHop = Math.min(this.nextResponseHop, index);
  }

  /** Gives queued ExtraInfo to hops in order, skipping hops that get none. */
  private deal(): void {
    const rq = this.requestQueue;
    while (rq !== undefined && rq.length > 0) {
      while (this.hops[this.nextRequestHop]?.expectExtra === false) this.nextRequestHop++;
      const hop = this.hops[this.nextRequestHop];
      if (!hop) break;
      const extra = rq.shift()!;
      hop.requestExtra = extra;
      hop.rec.requestHeaders = extra.headers;
      hop.rec.requestHeadersRaw = true;
      hop.rec.clientSecurityState = extra.clientSecurityState;
      hop.rec.appliedNetworkConditionsId = extra.appliedNetworkConditionsId;
      hop.rec.extraInfo.request = true;
      this.nextRequestHop++;
      this.sink.extraInfoChanged(hop);
    }
    const sq = this.responseQueue;
    while (sq !== undefined && sq.length > 0) {
      while (this.hops[this.nextResponseHop]?.expectExtra === false) this.nextResponseHop++;
      const hop = this.hops[this.nextResponseHop];
      if (!hop) break;
      const extra = sq.shift()!;
      hop.responseExtra = extra;
      hop.rec.responseHeaders = extra.headers;
      hop.rec.responseHeadersRaw = true;
      hop.rec.responseHeadersText = extra.headersText;
      hop.rec.resourceIPAddressSpace = extra.resourceIPAddressSpace;
      hop.rec.extraInfo.response = true;
      this.nextResponseHop++;
      this.sink.extraInfoChanged(hop);
    }
  }
}
