// What the opening handshake of a WebSocket says (RFC 6455 §4, RFC 7692 for permessage-deflate),
// and what the protocol cannot say about the channel's frames and its close.
import type { Header, WsChannel } from '../../records.ts';

export interface WsExtension {
  /** e.g. "permessage-deflate". */
  name: string;
  /** Its parameters as written: "client_max_window_bits" → "15", a bare flag → "". */
  params: Record<string, string>;
}

export interface WsHandshake {
  /** The HTTP status the server answered (101 when the upgrade was accepted). */
  status?: number;
  /** Sec-WebSocket-Protocol the page offered (in its order). */
  offeredSubprotocols: string[];
  /** Sec-WebSocket-Protocol the server chose; undefined when it chose none. */
  subprotocol?: string;
  /** Sec-WebSocket-Extensions the browser offered. */
  offeredExtensions: WsExtension[];
  /** Sec-WebSocket-Extensions the server accepted: these are in force on the channel. */
  extensions: WsExtension[];
  /** permessage-deflate is in force: frame sizes below are after decompression, not on the wire. */
  compressed: boolean;
}

function values(headers: readonly Header[] | undefined, name: string): string[] {
  const out: string[] = [];
  const lower = name.toLowerCase();
  for (const h of headers ?? []) if (h.name.toLowerCase() === lower) out.push(h.value);
  return out;
}

/** Sec-WebSocket-Extensions: comma-separated extensions, each `name; param[=value]; …` (values may be quoted). */
export function parseExtensions(text: string): WsExtension[] {
  const out: WsExtension[] = [];
  for (const item of text.split(',')) {
    const parts = item.split(';').map((p) => p.trim());
    const name = parts[0] ?? '';
    if (!name) continue;
    const params: Record<string, string> = {};
    for (const p of parts.slice(1)) {
      if (!p) continue;
      const eq = p.indexOf('=');
      const key = (eq < 0 ? p : p.slice(0, eq)).trim();
      const value = eq < 0 ? '' : p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key) params[key] = value;
    }
    out.push({ name, params });
  }
  return out;
}

function list(text: string[]): string[] {
  return text.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

export function readHandshake(ch: WsChannel): WsHandshake {
  const hs = ch.handshake;
  const extensions = values(hs?.responseHeaders, 'sec-websocket-extensions').flatMap(parseExtensions);
  const chosen = list(values(hs?.responseHeaders, 'sec-websocket-protocol'))[0];
  return {
    ...(hs?.status !== undefined ? { status: hs.status } : {}),
    offeredSubprotocols: list(values(hs?.requestHeaders, 'sec-websocket-protocol')),
    ...(chosen !== undefined ? { subprotocol: chosen } : {}),
    offeredExtensions: values(hs?.requestHeaders, 'sec-websocket-extensions').flatMap(parseExtensions),
    extensions,
    compressed: extensions.some((e) => e.name.toLowerCase() === 'permessage-deflate'),
  };
}

/** How the channel ended, as far as the protocol lets anyone know. */
export interface WsCloseKnowledge {
  state: 'connecting' | 'open' | 'closed' | 'refused';
  /** When Chromium reported the channel closed (webSocketClosed), protocol ms. */
  closedAt?: number;
  /** From the handshake's response to the close, ms. */
  openForMs?: number;
  /** Always undefined: Chromium does not report the close frame. Kept so nobody fills it in by guess. */
  code?: undefined;
  reason?: undefined;
  side?: undefined;
  /** Plain sentences of what is not known and why. */
  unknown: string[];
}

export function closeKnowledge(ch: WsChannel, handshake: WsHandshake): WsCloseKnowledge {
  const opened = ch.handshake?.responseAt;
  const refused = handshake.status !== undefined && handshake.status !== 101;
  const state = refused ? 'refused' : ch.closedAt !== undefined ? 'closed' : opened !== undefined ? 'open' : 'connecting';
  const unknown =
    ch.closedAt !== undefined
      ? ['The close code, the reason and which side closed are not known: Chromium reports only that the channel closed (webSocketClosed), not the close frames.']
      : ['The channel had not closed when the recording ended (or its close was not recorded).'];
  return {
    state,
    ...(ch.closedAt !== undefined ? { closedAt: ch.closedAt } : {}),
    // A log whose close is dated before its handshake (a hand-edited or damaged file) gets no duration.
    ...(ch.closedAt !== undefined && opened !== undefined && ch.closedAt >= opened ? { openForMs: ch.closedAt - opened } : {}),
    unknown,
  };
}

/** What the protocol does not report about a WebSocket's frames, said once per channel. */
export function notReported(handshake: WsHandshake): string[] {
  const out = [
    'Ping, pong and close control frames are not reported by Chromium: only text and binary messages are listed.',
  ];
  if (handshake.compressed) {
    out.push('permessage-deflate is in force: Chromium reports payloads after decompression, so sizes are the messages’ own, not the bytes on the wire.');
  }
  return out;
}
