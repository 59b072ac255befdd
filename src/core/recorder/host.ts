// What the recorder lends the trackers that handle a kind of request of their own (WebSocket,
// EventSource): its clock, its requests by CDP requestId, and the page each record belongs to.
import type { Protocol } from '../cdp.ts';
import type { NetworkRequest } from '../records.ts';
import type { RecorderClock } from './clock.ts';
import type { Chain } from './hop.ts';

export interface RecorderHost {
  readonly clock: RecorderClock;
  /** The request an event names, whichever session it came on. */
  findChain(requestId: string): Chain | undefined;
  /**
   * A request that no requestWillBeSent starts (a WebSocket): its chain and first record, which
   * is indexed and put on its page. The caller replays the events held for it once it is set up.
   */
  startRequest(
    requestId: string,
    target: string | undefined,
    init: { url: string; method: string; issuedAt: number; issuedWall: number; resourceType: string; initiator: Protocol.Network.Initiator | undefined },
  ): Chain;
  /** Applies the events that came before the request did. */
  replayHeld(chain: Chain): void;
  /** A record's issue time changed: its page is decided again. */
  redated(rec: NetworkRequest): void;
}
