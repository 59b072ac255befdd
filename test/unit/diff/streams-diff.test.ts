// Stream health in a diff (issue 22 with issue 17's analysis): the same WebSocket channel recorded
// twice, written literally as Chromium's events, with its first message later, a stall over 1 s
// and one frame more the second time. Every expected figure is counted from the frames below.
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { diffRecordings } from '../../../src/core/diff/index.ts';
import type { DiffSide } from '../../../src/core/diff/types.ts';
import { wsLog, type LiteralFrame } from '../analysis/websocket-log.ts';

function side(label: string, frames: LiteralFrame[]): DiffSide {
  const rec = NetworkRecorder.fromLog(wsLog({ url: 'ws://a.test/feed?session=8f3a9c1b2d4e', frames }));
  return { label, requests: rec.requests(), pages: rec.pages(), webSockets: rec.webSockets(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams() };
}

const before: LiteralFrame[] = [
  { t: 0.05, dir: 'received', payload: 'a' },
  { t: 0.1, dir: 'received', payload: 'b' },
  { t: 0.15, dir: 'sent', payload: 'c' },
];
const after: LiteralFrame[] = [
  { t: 0.6, dir: 'received', payload: 'a' }, // first message 550 ms later
  { t: 0.65, dir: 'received', payload: 'b' },
  { t: 2.0, dir: 'received', payload: 'b2' }, // 1.35 s without a message: a stall
  { t: 2.05, dir: 'sent', payload: 'c' },
];

describe('stream health in a diff', () => {
  it('says the first message came later, the stream stalled, and it carried one message more', () => {
    const d = diffRecordings(side('a', before), side('b', after));
    const streams = d.changes.filter((c) => c.kind === 'streams');
    const sentences = streams.map((c) => c.sentence);
    expect(sentences.some((s) => /carried 1 message sent and 3 received now, 1 and 2 before/.test(s))).toBe(true);
    expect(streams.find((c) => /first message came/.test(c.sentence))).toMatchObject({ direction: 'worse', before: 50, after: 600 });
    expect(streams.find((c) => /stalled/.test(c.sentence))).toMatchObject({ direction: 'worse', before: 0, after: 1 });
    expect(streams).toHaveLength(3);
    for (const c of streams) expect(c.requests).toEqual([{ a: 'ws-1', b: 'ws-1', url: 'ws://a.test/feed?session=8f3a9c1b2d4e' }]);
  });

  it('reports nothing for the same stream recorded the same way', () => {
    const d = diffRecordings(side('a', before), side('b', before));
    expect(d.changes.filter((c) => c.kind === 'streams')).toEqual([]);
  });
});
