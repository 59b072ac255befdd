// The WebSocket section of `netlens explain` (text and JSON), built as the CLI builds it
// (buildReport with the analysis sections, then the report's redaction), on a literal channel.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import { analysisSections } from '../../../src/core/report/sections.ts';
import { redactReport } from '../../../src/core/redact/report.ts';
import { wsLog } from '../analysis/websocket-log.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

function report() {
  const rec = NetworkRecorder.fromLog(
    wsLog({
      url: 'ws://a.test/socket.io/?EIO=4&transport=websocket',
      responseHeaders: { 'Sec-WebSocket-Extensions': 'permessage-deflate' },
      frames: [
        { t: 0.0, dir: 'received', payload: '0{"sid":"s1","pingInterval":25000}' },
        { t: 0.01, dir: 'sent', payload: `40{"token":"${JWT}"}` },
        { t: 0.1, dir: 'received', payload: '2' },
        { t: 0.11, dir: 'sent', payload: '3' },
        { t: 0.2, dir: 'sent', payload: '{"jsonrpc":"2.0","id":1,"method":"sum"}' },
        { t: 0.26, dir: 'received', payload: '{"jsonrpc":"2.0","id":1,"result":3}' },
      ],
      closeAt: 1,
    }),
  );
  return redactReport(buildReport(rec, analysisSections)).report;
}

describe('netlens explain: the WebSocket section', () => {
  it('says what it knows in sentences, and that the close code, reason and side are not known', () => {
    const s = report().sections.find((x) => x.title === 'WebSocket')!;
    expect(s).toBeDefined();
    const text = s.lines.join('\n');
    expect(text).toContain('handshake 101, subprotocol none, extensions permessage-deflate.');
    expect(text).toContain('Sent 3 messages');
    expect(text).toContain('received 3 messages');
    expect(text).toContain('Heartbeats: 2 messages (Engine.IO "2" received ×1; Engine.IO "3" sent ×1)');
    expect(text).toContain('JSON-RPC: 1 request, 1 answered; first response after 60 ms median');
    expect(text).toContain('The close code, the reason and which side closed are not known');
    expect(text).toMatch(/after decompression/);
  });

  it('gives scripts the whole analysis in JSON, with no close code, reason or side, and no payload secret', () => {
    const r = report();
    const s = r.sections.find((x) => x.title === 'WebSocket')!;
    const [a] = s.data as { heartbeatFrames: number[]; pairs: { id: string }[]; close: Record<string, unknown> }[];
    expect(a!.heartbeatFrames).toEqual([2, 3]);
    expect(a!.pairs.map((p) => p.id)).toEqual(['1']);
    expect(Object.keys(a!.close).sort()).toEqual(['closedAt', 'openForMs', 'state', 'unknown']);
    expect(JSON.stringify(r)).not.toContain(JWT);
  });
});
