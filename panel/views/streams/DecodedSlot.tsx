// THE place where a decoded view of a WebSocket message is drawn (issue 18).
//
// The WebSocket helper delivers panel/views/streams/decoded/DecodedMessage.tsx with props
// { payload: string; opcode: number; direction: 'sent' | 'received' } (Socket.IO / Engine.IO,
// MessagePack, hex and base64). At merge, replace the fallback below with:
//   import { DecodedMessage } from './decoded/DecodedMessage.tsx';
//   export function DecodedSlot(p: DecodedSlotProps) { return <DecodedMessage {...p} />; }
// Until then: text as text, a binary payload (base64, as the protocol sends it) as hex.
export interface DecodedSlotProps {
  payload: string;
  opcode: number;
  direction: 'sent' | 'received';
}

const MAX_HEX_BYTES = 4096;

export function DecodedSlot(props: DecodedSlotProps) {
  if (props.opcode !== 2) return <pre class="stream-text" data-decoded="fallback">{props.payload}</pre>;
  let bytes: Uint8Array;
  try {
    const bin = atob(props.payload);
    bytes = new Uint8Array(Math.min(bin.length, MAX_HEX_BYTES));
    for (let i = 0; i < bytes.length; i++) bytes[i] = bin.charCodeAt(i);
  } catch {
    return <pre class="stream-text" data-decoded="fallback">{props.payload}</pre>;
  }
  const lines: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const row = Array.from(bytes.subarray(o, o + 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${o.toString(16).padStart(6, '0')}  ${row}`);
  }
  return <pre class="stream-text stream-hex" data-decoded="fallback">{lines.join('\n')}</pre>;
}
