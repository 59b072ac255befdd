// One recorded message, decoded every way that fits (src/core/decode): Socket.IO / Engine.IO
// packets, a JSON tree, MessagePack, the text, a hex dump and base64, as tabs. Inert: every piece
// of the payload is rendered as text (no innerHTML), and large payloads are cut by the decoders.
// The Streams view's detail pane renders it for the selected WebSocket message.
import { useMemo, useState } from 'preact/hooks';
import { decodeMessage, type DecodedView, type EngineIoPacket } from '../../../../src/core/decode/index.ts';
import { formatBytes } from '../../../../src/core/format/index.ts';
import { JsonTree } from './JsonTree.tsx';
import './decoded.css';

export interface DecodedMessageProps {
  /** As the record holds it: text as is, binary as base64. */
  payload: string;
  /** 1 text, 2 binary (others are shown as text). */
  opcode: number;
  direction: 'sent' | 'received';
  engineIo?: 3 | 4 | undefined;
}

function EngineIo({ packet }: { packet: EngineIoPacket }) {
  const sio = packet.socketIo;
  return (
    <dl class="decoded-fields">
      <dt>Engine.IO packet</dt>
      <dd>{packet.type}</dd>
      {packet.open !== undefined && (
        <>
          <dt>Handshake</dt>
          <dd>
            <JsonTree value={packet.open} />
          </dd>
        </>
      )}
      {packet.type !== 'message' && packet.data !== '' && packet.open === undefined && (
        <>
          <dt>Data</dt>
          <dd>{packet.data}</dd>
        </>
      )}
      {sio && (
        <>
          <dt>Socket.IO packet</dt>
          <dd>{sio.type}</dd>
          <dt>Namespace</dt>
          <dd>{sio.namespace}</dd>
          {sio.event !== undefined && (
            <>
              <dt>Event</dt>
              <dd>{sio.event}</dd>
            </>
          )}
          {sio.ackId !== undefined && (
            <>
              <dt>Acknowledgement id</dt>
              <dd>{String(sio.ackId)}</dd>
            </>
          )}
          {sio.attachments !== undefined && (
            <>
              <dt>Binary attachments</dt>
              <dd>{`${sio.attachments} (in the frames that follow)`}</dd>
            </>
          )}
          {sio.data !== undefined && (
            <>
              <dt>{sio.event !== undefined ? 'Arguments' : 'Data'}</dt>
              <dd>
                <JsonTree value={sio.data} />
              </dd>
            </>
          )}
        </>
      )}
    </dl>
  );
}

function View({ view }: { view: DecodedView }) {
  switch (view.kind) {
    case 'engine.io':
      return <EngineIo packet={view.packet} />;
    case 'json':
    case 'msgpack':
      return <JsonTree value={view.value} />;
    case 'text':
      return <pre class="decoded-text">{view.text}</pre>;
    case 'hex':
      return (
        <pre class="decoded-text decoded-hex">
          {view.dump.lines.join('\n')}
          {view.dump.omitted > 0 ? `\n… ${formatBytes(view.dump.omitted)} more not shown` : ''}
        </pre>
      );
    case 'base64':
      return (
        <pre class="decoded-text decoded-base64">
          {view.text}
          {view.omitted > 0 ? `\n… ${view.omitted.toLocaleString('en-US')} more characters not shown` : ''}
        </pre>
      );
  }
}

export function DecodedMessage({ payload, opcode, direction, engineIo }: DecodedMessageProps) {
  const decoded = useMemo(() => decodeMessage(payload, opcode, { engineIo }), [payload, opcode, engineIo]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const view = decoded.views.find((v) => v.label === chosen) ?? decoded.views[0]!;
  return (
    <section class="decoded" aria-label="Decoded message">
      <div class="decoded-head">
        <span class="decoded-meta">{`${direction === 'sent' ? 'Sent' : 'Received'} · ${opcode === 1 ? 'text' : opcode === 2 ? 'binary' : `opcode ${opcode}`} · ${formatBytes(decoded.size)}`}</span>
        <div class="toolbar" role="tablist" aria-label="Decoded views">
          {decoded.views.map((v) => (
            <button key={v.label} type="button" role="tab" aria-selected={v === view} class={`tab ${v === view ? 'active' : ''}`} onClick={() => setChosen(v.label)}>
              {v.label}
            </button>
          ))}
        </div>
      </div>
      {decoded.problem && <p class="decoded-problem">{decoded.problem}</p>}
      <div class="decoded-body" role="tabpanel">
        <View view={view} />
      </div>
    </section>
  );
}
