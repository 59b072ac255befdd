// The DevTools protocol as Netlens stores and replays it. Types come from the `devtools-protocol`
// package, so a renamed event or field is a compile error.
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';
export type { Protocol } from 'devtools-protocol';

/**
 * Pseudo-events Netlens's capture writes into the log for answers to commands it sent (a command
 * result is not an event): docs/ARCHITECTURE.md "Streamed bodies: the pseudo-events".
 */
export interface NetlensEvents {
  /** Network.streamResourceContent was answered: `bufferedData` (base64) is what came before; or it failed with `error`. */
  'Netlens.streamResourceContent': [{ requestId: string; bufferedData?: string; error?: string }];
  /** Streaming never began: the whole body read at loadingFinished (Network.getResponseBody), or the `error` it gave. */
  'Netlens.streamBody': [{ requestId: string; body?: string; base64Encoded?: boolean; error?: string }];
}

/** Every CDP event name the protocol defines, and Netlens's pseudo-events. */
export type CdpEventName = keyof ProtocolMapping.Events | keyof NetlensEvents;

/** The params of event `M`. */
export type CdpParams<M extends CdpEventName> = (ProtocolMapping.Events & NetlensEvents)[M] extends [infer P] ? P : undefined;

/**
 * One event in the log format of docs/ARCHITECTURE.md (what Puppeteer, chrome-har perflogs and Lighthouse
 * devtools logs write): the protocol's own `method` and `params`, and the CDP child session id
 * for events from a child target (cross-process iframe, worker), absent for the tab itself.
 */
export interface CdpEvent {
  method: string;
  params: unknown;
  sessionId?: string;
}

/** A typed view of an event whose method is known. */
export interface TypedCdpEvent<M extends CdpEventName> {
  method: M;
  params: CdpParams<M>;
  sessionId?: string;
}

/**
 * One stored event row (the `events` table). `sessionId` here is the Netlens session, `seq`
 * counts from 1 with no gaps, `t` is Date.now() in the service worker when the event arrived,
 * `target` the CDP child session id (absent for the tab).
 */
export interface StoredEvent {
  sessionId: string;
  seq: number;
  t: number;
  method: string;
  params: unknown;
  target?: string;
}

/** A stored row as a log event. */
export function toLogEvent(row: StoredEvent): CdpEvent {
  return row.target === undefined
    ? { method: row.method, params: row.params }
    : { method: row.method, params: row.params, sessionId: row.target };
}
