// WebSocket payloads in the protocols that carry credentials in them:
// - graphql-ws / subscriptions-transport-ws: {"type":"connection_init","payload":{"Authorization":…}}
//   is JSON, walked key by key like any JSON;
// - Socket.IO: packet type digits, an optional namespace and ack id, then JSON (40{"token":…});
// - STOMP: a command line, header lines (passcode:, Authorization:), a blank line, the body;
// - MQTT CONNECT in binary frames: the password field (and a user name in a credential format),
//   replaced inside a well-formed packet so the frame still parses.
// Other binary frames are searched for credentials when they decode as text.
import { findCredentials } from './key-formats.ts';
import { redactHeaderValue } from './headers.ts';
import { decodeBase64 } from './bodies.ts';
import { bytesToBase64, maskCredentialsInBytes } from './text.ts';
import { REDACTED, REDACTED_IN_URL } from './markers.ts';
import type { Scrubber } from './scrubber.ts';

const STOMP_COMMAND = /^(CONNECT|STOMP|CONNECTED|SEND|SUBSCRIBE|UNSUBSCRIBE|BEGIN|COMMIT|ABORT|ACK|NACK|DISCONNECT|MESSAGE|RECEIPT|ERROR)\r?\n/;
const SOCKET_IO = /^(\d{1,3})(\/[^,[{]{0,200},)?(\d{0,20})(?=[[{"])/;

/** A WebSocket frame's payload as HAR holds it (text, or base64 for binary opcode 2). */
export function redactFrame(data: string, opcode: number, sc: Scrubber): string {
  if (data === '') return data;
  if (opcode === 1) return redactTextFrame(data, sc);
  if (opcode !== 2) return data;
  const bytes = decodeBase64(data);
  if (!bytes) return data;
  const mqtt = redactMqttConnect(bytes, sc);
  if (mqtt) return mqtt === bytes ? data : bytesToBase64(mqtt);
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const redacted = redactTextFrame(text, sc);
    return redacted === text ? data : bytesToBase64(new TextEncoder().encode(redacted));
  }
  // Binary: look for credentials in its ASCII runs (one byte per character keeps the offsets).
  const masked = maskCredentialsInBytes(bytes, sc);
  return masked ? bytesToBase64(masked) : data;
}

export function redactTextFrame(text: string, sc: Scrubber): string {
  const io = SOCKET_IO.exec(text);
  if (io) {
    const head = io[0];
    const rest = text.slice(head.length);
    const redacted = sc.text(rest);
    return redacted === rest ? text : head + redacted;
  }
  if (STOMP_COMMAND.test(text)) return redactStomp(text, sc);
  return sc.text(text);
}

function redactStomp(frame: string, sc: Scrubber): string {
  const end = frame.search(/\r?\n\r?\n/);
  const head = end < 0 ? frame : frame.slice(0, end);
  const rest = end < 0 ? '' : frame.slice(end);
  const field = sc.field;
  const lines = head.split(/\r?\n/);
  const eol = head.includes('\r\n') ? '\r\n' : '\n';
  let changed = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const redacted = redactHeaderValue(name, value, sc, `${field} STOMP header`);
    if (redacted !== value) {
      lines[i] = `${name}:${redacted}`;
      changed = true;
    }
  }
  sc.field = field;
  const sep = /^\r?\n\r?\n/.exec(rest)?.[0] ?? '';
  const body = rest.slice(sep.length);
  const nul = body.endsWith('\u0000') ? '\u0000' : '';
  const content = nul ? body.slice(0, -1) : body;
  const redactedBody = content ? sc.text(content) : content;
  if (!changed && redactedBody === content) return frame;
  return lines.join(eol) + sep + redactedBody + nul;
}

/** Reads an MQTT variable-length integer; [value, bytes used] or undefined. */
function varint(b: Uint8Array, at: number): [number, number] | undefined {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const byte = b[at + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 128 ** i;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  return undefined;
}

function encodeVarint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** MQTT 3.1, 3.1.1 and 5 CONNECT: the password goes, and the user name when it is a credential. Undefined when not a CONNECT. */
export function redactMqttConnect(b: Uint8Array, sc: Scrubber): Uint8Array | undefined {
  if (b.length < 12 || b[0] !== 0x10) return undefined;
  const rl = varint(b, 1);
  if (!rl) return undefined;
  const start = 1 + rl[1];
  const end = start + rl[0];
  if (end > b.length) return undefined;
  let p = start;
  const u16 = (at: number) => (b[at]! << 8) | b[at + 1]!;
  const nameLen = u16(p);
  const proto = new TextDecoder().decode(b.subarray(p + 2, p + 2 + nameLen));
  if (proto !== 'MQTT' && proto !== 'MQIsdp') return undefined;
  p += 2 + nameLen;
  const level = b[p]!;
  const flags = b[p + 1]!;
  p += 4; // level, flags, keep-alive
  if (level === 5) {
    const props = varint(b, p);
    if (!props) return undefined;
    p += props[1] + props[0];
  }
  const field = (): [number, number] | undefined => {
    if (p + 2 > end) return undefined;
    const len = u16(p);
    const at: [number, number] = [p, p + 2 + len];
    p += 2 + len;
    return p <= end ? at : undefined;
  };
  if (!field()) return undefined; // client id
  if (flags & 0x04) {
    if (level === 5) {
      const wp = varint(b, p);
      if (!wp) return undefined;
      p += wp[1] + wp[0];
    }
    if (!field() || !field()) return undefined; // will topic, will payload
  }
  const user = flags & 0x80 ? field() : undefined;
  const pass = flags & 0x40 ? field() : undefined;
  if (!user && !pass) return undefined;
  const enc = new TextEncoder();
  const replacements: [number, number, Uint8Array][] = [];
  if (user) {
    const name = new TextDecoder().decode(b.subarray(user[0] + 2, user[1]));
    if (findCredentials(name).length) {
      sc.note('protocol', 'MQTT CONNECT user name');
      replacements.push([user[0], user[1], enc.encode(REDACTED_IN_URL)]);
    }
  }
  if (pass && pass[1] - pass[0] > 2) {
    sc.note('protocol', 'MQTT CONNECT password');
    replacements.push([pass[0], pass[1], enc.encode(REDACTED)]);
  }
  if (!replacements.length) return b;
  const body: number[] = [];
  let at = start;
  for (const [from, to, value] of replacements) {
    for (let i = at; i < from; i++) body.push(b[i]!);
    body.push(value.length >> 8, value.length & 0xff, ...value);
    at = to;
  }
  for (let i = at; i < end; i++) body.push(b[i]!);
  const out = [0x10, ...encodeVarint(body.length), ...body];
  for (let i = end; i < b.length; i++) out.push(b[i]!);
  return Uint8Array.from(out);
}
