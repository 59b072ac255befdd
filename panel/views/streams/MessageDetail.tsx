// The selected message in full: its fields, the text (a JSON tree when it is JSON), and for a
// WebSocket message the decoded view (DecodedSlot.tsx, the one place for it).
import { formatBytes, formatDuration } from '../../../src/core/format/index.ts';
import type { FullMessage } from '../../workers/streams-window.ts';
import { DecodedSlot } from './DecodedSlot.tsx';
import { JsonTree, parseJson } from './JsonTree.tsx';

export function MessageDetail(props: { message: FullMessage | undefined; websocket: boolean; onSelect?: (index: number) => void }) {
  const m = props.message;
  if (!m) return <p class="empty stream-detail">Select a message to see it in full.</p>;
  const json = props.websocket && m.opcode === 2 ? undefined : parseJson(m.text);
  return (
    <section class="stream-detail" aria-label="Selected message">
      <dl class="stream-fields">
        <dt>#</dt>
        <dd>{(m.index + 1).toLocaleString('en-US')}</dd>
        <dt>at</dt>
        <dd>+{formatDuration(m.t)}{m.late ? ' (arrival time not known: read with the bytes that came before streaming began, or at the end)' : ''}</dd>
        <dt>size</dt>
        <dd>{formatBytes(m.size) || '0 B'}</dd>
        {m.direction && (
          <>
            <dt>direction</dt>
            <dd>{m.direction}</dd>
          </>
        )}
        {m.opcode !== undefined && (
          <>
            <dt>opcode</dt>
            <dd>{m.opcode === 1 ? '1 (text)' : m.opcode === 2 ? '2 (binary)' : String(m.opcode)}</dd>
          </>
        )}
        {!props.websocket && (
          <>
            <dt>event</dt>
            <dd>{m.type}</dd>
          </>
        )}
        {m.eventId !== undefined && (
          <>
            <dt>id</dt>
            <dd>{m.eventId}</dd>
          </>
        )}
      </dl>
      {props.websocket && m.opcode !== undefined && m.direction !== undefined ? (
        <div class="stream-decoded">
          {m.socketIo && <AttachmentLine link={m.socketIo} onSelect={props.onSelect} />}
          <DecodedSlot payload={m.text} opcode={m.opcode} direction={m.direction} engineIo={m.engineIo} />
        </div>
      ) : json !== undefined ? (
        <div class="json-tree" aria-label="JSON">
          <JsonTree value={json.value} />
        </div>
      ) : (
        <pre class="stream-text">{m.text}</pre>
      )}
      {json !== undefined && props.websocket && <JsonTree value={json.value} />}
      {m.truncated && <p class="note">Cut at 1,000,000 characters.</p>}
    </section>
  );
}

/** A Socket.IO binary packet's attachments, or the packet an attachment belongs to, each selectable. */
function AttachmentLine({ link, onSelect }: { link: NonNullable<FullMessage['socketIo']>; onSelect: ((index: number) => void) | undefined }) {
  const go = (i: number) => (
    <button key={i} type="button" class="link" title="Select it" onClick={() => onSelect?.(i)}>
      #{(i + 1).toLocaleString('en-US')}
    </button>
  );
  if (link.packet) {
    const p = link.packet;
    const what = p.type === 'BINARY_EVENT' ? `Socket.IO binary event${p.event !== undefined ? ` "${p.event}"` : ''}` : 'Socket.IO binary ack';
    const missing = p.expected - p.attachments.length;
    return (
      <p class="socketio-attachments">
        {what} with {p.expected} attachment{p.expected === 1 ? '' : 's'}
        {p.attachments.length > 0 ? ': ' : ''}
        {p.attachments.map((i, k) => [k > 0 ? ', ' : '', go(i)])}
        {missing > 0 ? ` (${missing} not in the recording)` : ''}
      </p>
    );
  }
  const a = link.attachmentOf!;
  return (
    <p class="socketio-attachments">
      Attachment {a.num + 1} of {a.of} of the Socket.IO packet {go(a.index)}
    </p>
  );
}
