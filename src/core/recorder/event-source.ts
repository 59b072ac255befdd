// Server-Sent Events (HPBN ch. 16): one long-lived response carrying events. When the stream
// ends the browser reconnects with a new request, sending the last event id it saw in a
// Last-Event-ID header, which only the raw request headers (requestWillBeSentExtraInfo) show.
//
// EventSourceTracker is the lifecycle: a channel once a request is known to be an EventSource (by
// its type on requestWillBeSent or responseReceived, or by a message), moved along a redirect,
// its Last-Event-ID kept up to date as raw headers arrive, and its messages.
import type { Protocol } from '../cdp.ts';
import type { Header, SseChannel, SseMessage } from '../records.ts';
import { headerValue } from './headers.ts';
import { newestHop, type Chain, type Hop } from './hop.ts';
import type { RecorderHost } from './host.ts';
import type { Outcome } from './outcome.ts';

export class EventSourceTracker {
  readonly list: SseChannel[] = [];

  constructor(private readonly host: RecorderHost) {}

  /** The request's channel, made the first time the request is seen to be an EventSource. */
  ensure(chain: Chain): SseChannel {
    if (chain.sse !== undefined) return chain.sse;
    const rec = newestHop(chain).rec;
    const sse = newSseChannel({ id: rec.id, requestId: chain.requestId, target: chain.target, url: rec.url });
    sse.lastEventId = lastEventIdOf(rec.requestHeaders);
    chain.sse = sse;
    this.list.push(sse);
    return sse;
  }

  /** The request was redirected: its channel follows the new hop. */
  redirected(chain: Chain, hop: Hop): void {
    const sse = chain.sse;
    if (sse === undefined) return;
    sse.id = hop.rec.id;
    sse.url = hop.rec.url;
    sse.lastEventId = lastEventIdOf(hop.rec.requestHeaders);
  }

  /** A hop's request headers changed (raw ones arrived, or were taken back). */
  headersChanged(hop: Hop): void {
    const sse = hop.chain.sse;
    if (sse !== undefined && hop === newestHop(hop.chain)) sse.lastEventId = lastEventIdOf(hop.rec.requestHeaders);
  }

  eventSourceMessageReceived(params: Protocol.Network.EventSourceMessageReceivedEvent, target: string | undefined): Outcome {
    const chain = this.host.findChain(params.requestId);
    if (chain === undefined) return 'orphan';
    const sse = this.ensure(chain);
    const message = toMessage(params);
    this.host.clock.tick(message.at, target);
    if (isRepeatMessage(sse, message)) return 'duplicate';
    sse.messages.push(message);
    return 'changed';
  }
}

export function newSseChannel(init: { id: string; requestId: string; target: string | undefined; url: string }): SseChannel {
  return { id: init.id, requestId: init.requestId, target: init.target, url: init.url, lastEventId: undefined, messages: [] };
}

export function lastEventIdOf(headers: readonly Header[]): string | undefined {
  return headerValue(headers, 'last-event-id');
}

export function toMessage(params: Protocol.Network.EventSourceMessageReceivedEvent): SseMessage {
  return { at: params.timestamp * 1000, eventName: params.eventName, eventId: params.eventId, data: params.data };
}

const REPEAT_WINDOW = 32;

/** Whether `m` repeats a message already recorded (the same event delivered twice). */
export function isRepeatMessage(ch: SseChannel, m: SseMessage): boolean {
  const list = ch.messages;
  for (let i = list.length - 1, n = 0; i >= 0 && n < REPEAT_WINDOW; i--, n++) {
    const g = list[i]!;
    if (g.at < m.at) return false;
    if (g.at === m.at && g.eventName === m.eventName && g.eventId === m.eventId && g.data === m.data) return true;
  }
  return false;
}
