// `_webSocketMessages` as Chrome DevTools writes them (models/har/Log.ts over NetworkRequest.frames():
// type send / receive / error, time in seconds since the epoch, opcode, data; a frame error is
// {type: "error", opcode: -1, data: its message}), and read back by the HAR importer.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { exportHar } from '../../../src/core/har/export.ts';
import { importText } from '../../../src/core/import/import-text.ts';
import { wsLog, WALL0 } from '../analysis/websocket-log.ts';

const log = wsLog({
  frames: [
    { t: 0.01, dir: 'sent', payload: 'hello' },
    { t: 0.02, dir: 'received', opcode: 2, payload: 'AAECAw==' },
    { t: 0.04, dir: 'received', payload: 'bye' },
  ],
  errors: [{ t: 0.03, message: 'Invalid frame header' }],
  closeAt: 0.5,
});

function har(redact: false | { level: 'strict' }) {
  const rec = NetworkRecorder.fromLog(log);
  return JSON.parse([...exportHar(rec, { creator: { name: 'Netlens', version: 'test' } }, { redact }).chunks].join('')) as {
    log: { entries: { request: { url: string }; _webSocketMessages?: { type: string; time: number; opcode: number; data: string }[] }[] };
  };
}

describe('HAR _webSocketMessages', () => {
  it('writes frames and frame errors in time order as Chrome does, with wall-clock seconds', () => {
    const messages = har(false).log.entries[0]!._webSocketMessages!;
    expect(messages.map((m) => [m.type, m.opcode, m.data])).toEqual([
      ['send', 1, 'hello'],
      ['receive', 2, 'AAECAw=='],
      ['error', -1, 'Invalid frame header'],
      ['receive', 1, 'bye'],
    ]);
    expect(messages.map((m) => Math.round((m.time - WALL0) * 1000))).toEqual([10, 20, 30, 40]);
  });

  it('reads the frames and the error back from the HAR', () => {
    const back = NetworkRecorder.fromLog(importText(JSON.stringify(har(false))).events).webSockets()[0]!;
    expect(back.frames.map((f) => [f.direction, f.opcode, f.payload])).toEqual([
      ['sent', 1, 'hello'],
      ['received', 2, 'AAECAw=='],
      ['received', 1, 'bye'],
    ]);
    expect(back.errors.map((e) => e.message)).toEqual(['Invalid frame header']);
  });

  it('strict redaction empties payloads but keeps the browser’s error text', () => {
    const messages = har({ level: 'strict' }).log.entries[0]!._webSocketMessages!;
    expect(messages.map((m) => m.data)).toEqual(['', '', 'Invalid frame header', '']);
  });
});
