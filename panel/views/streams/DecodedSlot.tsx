// THE place where a decoded view of a WebSocket message is drawn (issue 18): JSON, Socket.IO /
// Engine.IO packets, MessagePack, hex and base64, as inert tabs (decoded/DecodedMessage.tsx).
import { DecodedMessage } from './decoded/DecodedMessage.tsx';

export interface DecodedSlotProps {
  payload: string;
  opcode: number;
  direction: 'sent' | 'received';
  /** The Engine.IO version the channel speaks, when its open packet showed it. */
  engineIo?: 3 | 4 | undefined;
}

export function DecodedSlot(props: DecodedSlotProps) {
  return <DecodedMessage payload={props.payload} opcode={props.opcode} direction={props.direction} engineIo={props.engineIo} />;
}
