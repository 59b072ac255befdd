// A plain, detached copy of everything a recorder holds: for comparing two folds in tests
// (`expect(recorderSnapshot(a)).toEqual(recorderSnapshot(b))`) and for handing records across a
// worker boundary. Fields that are undefined are left out, as JSON would.
import type { ConnectionRecord, Diagnostics, NetworkRequest, PageRecord, SseChannel, TargetRecord, WsChannel } from '../records.ts';
import type { NetworkRecorder } from './network-recorder.ts';

export interface RecorderSnapshot {
  requests: NetworkRequest[];
  webSockets: WsChannel[];
  eventSources: SseChannel[];
  connections: ConnectionRecord[];
  pages: PageRecord[];
  targets: TargetRecord[];
  /** Left out when asked (two folds of differently ordered logs differ only in their counts). */
  diagnostics?: Diagnostics;
}

export function recorderSnapshot(rec: NetworkRecorder, options: { diagnostics?: boolean } = {}): RecorderSnapshot {
  const snapshot = {
    requests: rec.requests(),
    webSockets: rec.webSockets(),
    eventSources: rec.eventSources(),
    connections: rec.connections(),
    pages: rec.pages(),
    targets: rec.targets(),
    diagnostics: options.diagnostics === false ? undefined : rec.diagnostics,
  };
  return JSON.parse(JSON.stringify(snapshot)) as RecorderSnapshot;
}
