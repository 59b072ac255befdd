// Server-Sent Events (HPBN ch. 16): one long-lived response carrying events. When the stream
// ends the browser reconnects with a new request, sending the last event id it saw in a
// Last-Event-ID header, which only the raw request headers (requestWillBeSentExtraInfo) show.
import type { Protocol } from '../cdp.ts';
import type { Header, SseChannel, SseMessage } from '../records.ts';
import { headerValue } from './headers.ts';

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
