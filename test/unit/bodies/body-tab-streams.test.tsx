// @vitest-environment happy-dom
// The Body tab and the Sessions view for issue 19's gaps, on literal logs and rows with the
// in-memory backend: an event stream's body rebuilt from its messages (complete, or still open)
// with its link to the Streams view, a truncated body's note, and each session's bodies setting
// and counts in the Sessions view.
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, workerIdle } from '../panel/render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const base: SessionInfo = { id: 'b', tabId: 1, url: 'http://a.test/', title: 'Bodies', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: { bodies: true, maxBodyBytes: 65_536, maxSessionBodyBytes: 655_360 } };

function started(id: string, path: string, mimeType: string, t: number) {
  return [
    { method: 'Network.requestWillBeSent', params: { requestId: id, loaderId: 'L', documentURL: 'http://a.test/', request: { url: `http://a.test${path}`, method: 'GET', headers: {}, initialPriority: 'High', referrerPolicy: 'no-referrer' }, timestamp: t, wallTime: 1_700_000_000 + t, initiator: { type: 'other' }, type: 'Fetch' } },
    { method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: t + 0.01, type: 'Fetch', response: { url: `http://a.test${path}`, status: 200, statusText: 'OK', headers: { 'content-type': mimeType }, mimeType, connectionReused: false, connectionId: 1, encodedDataLength: 100, securityState: 'neutral' } } },
  ];
}
const chunk = (id: string, t: number, text: string) => ({ method: 'Network.dataReceived', params: { requestId: id, timestamp: t, dataLength: Buffer.byteLength(text), encodedDataLength: Buffer.byteLength(text), data: b64(text) } });
const end = (id: string, t: number) => ({ method: 'Network.loadingFinished', params: { requestId: id, timestamp: t, encodedDataLength: 300 } });
const SSE = 'id: 1\ndata: one\n\nevent: tick\ndata: two\n\n';
const log = [
  ...started('s1', '/events', 'text/event-stream', 1),
  { method: 'Netlens.streamResourceContent', params: { requestId: 's1', bufferedData: '' } },
  chunk('s1', 1.1, 'id: 1\ndata: one\n\nevent: ti'),
  chunk('s1', 1.2, 'ck\ndata: two\n\n'),
  end('s1', 1.3),
  ...started('n1', '/feed', 'application/x-ndjson', 2),
  { method: 'Netlens.streamResourceContent', params: { requestId: 'n1', bufferedData: b64('{"i":1}\n') } },
  chunk('n1', 2.1, '{"i":2}\n'),
  ...started('t1', '/big.txt', 'text/plain', 3),
  chunk('t1', 3.1, '0123456789abcdef'),
  end('t1', 3.2),
];

let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;
beforeEach(async () => {
  root = createRoot();
  backend = new MemoryBackend();
  backend.addSession({ ...base, bodyCounts: { kept: 3, truncated: 1, skipped: 2 } } as SessionInfo, rowsFromLog('b', log));
  backend.addSession({ ...base, id: 'off', startedAt: 900, options: {} });
  backend.putBody('b', { requestId: 's1', hop: 0, reason: 'event-stream' });
  backend.putBody('b', { requestId: 'n1', hop: 0, reason: 'event-stream' });
  backend.putBody('b', { requestId: 't1', hop: 0, body: '0123456789', base64Encoded: false, size: 16, truncated: { kept: 10, limit: 'body' } });
  store = await renderPanel(root, backend);
  await act(() => store.actions.openSession('b'));
});
afterEach(() => removeRoot(root));

const detail = () => root.querySelector('.detail') as HTMLElement;
async function openBody(requestId: string): Promise<HTMLElement> {
  await act(async () => store.actions.select(requestId));
  await act(() => workerIdle(store));
  const tab = [...detail().querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Body') as HTMLElement;
  await act(async () => tab.click());
  await vi.waitFor(() => expect(detail().querySelector('.body-loading')).toBeNull());
  return detail();
}

describe('Body tab: event streams and truncated bodies', () => {
  it('shows an ended stream rebuilt from its messages, says so, and links to its channel', async () => {
    const d = await openBody('s1');
    expect(d.querySelector('.body-stream-note')!.textContent).toBe('Reconstructed from the stream’s 2 messages, not the bytes as received; complete. Show in the Streams view');
    expect(d.querySelector('.body-stream .body-text')!.textContent).toBe(SSE);
    const link = [...d.querySelectorAll('button')].find((b) => b.textContent === 'Show in the Streams view')!;
    await act(async () => link.click());
    expect([store.view.value, store.streams.channelId.value]).toEqual(['streams', 's1']);
  });

  it('says a stream that is still open is incomplete', async () => {
    const d = await openBody('n1');
    expect(d.querySelector('.body-stream-note')!.textContent).toBe('Reconstructed from the stream’s 2 messages, not the bytes as received; incomplete: the stream was still open: later messages are not in it. Show in the Streams view');
    expect(d.querySelector('.body-stream .body-text')!.textContent).toBe('{"i":1}\n{"i":2}\n');
  });

  it('shows a truncated body’s first bytes with what was kept', async () => {
    const d = await openBody('t1');
    expect(d.querySelector('.body-truncated')!.textContent).toBe('Truncated: kept the first 10 of 16 bytes (the limit per body).');
    expect(d.querySelector('.body-text')!.textContent).toBe('0123456789');
  });
});

describe('Body tab: a rebuilt stream over the limit per body', () => {
  it('shows its first bytes and says so', async () => {
    const b = new MemoryBackend();
    const r = createRoot();
    b.addSession({ ...base, id: 'small', options: { bodies: true, maxBodyBytes: 10, maxSessionBodyBytes: 100 } }, rowsFromLog('small', log));
    b.putBody('small', { requestId: 's1', hop: 0, reason: 'event-stream' });
    const s = await renderPanel(r, b);
    await act(() => s.actions.openSession('small'));
    await act(async () => s.actions.select('s1'));
    await act(() => workerIdle(s));
    const d = r.querySelector('.detail') as HTMLElement;
    await act(async () => ([...d.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Body') as HTMLElement).click());
    await vi.waitFor(() => expect(d.querySelector('.body-stream .body-truncated')?.textContent).toBe(`Truncated: kept the first 10 of ${Buffer.byteLength(SSE)} bytes (the limit per body).`));
    expect(d.querySelector('.body-stream .body-text')!.textContent).toBe(SSE.slice(0, 10));
    removeRoot(r);
  });
});

describe('Sessions view: bodies', () => {
  it('shows each session’s setting and the counts its recording wrote', async () => {
    await act(async () => void (store.view.value = 'sessions'));
    const line = (id: string) => root.querySelector(`tr[data-session-id="${id}"] .bodies-line`)?.textContent;
    await vi.waitFor(() => expect(line('b')).toBe('bodies on (≤ 64 kB each, 640 kB in all): 3 kept (1 truncated), 2 skipped'));
    expect(line('off')).toBe('bodies off');
    expect(root.querySelector('.session-details .bodies-line')!.textContent).toBe('Response bodies were recorded, each up to 64 kB, 640 kB in all: 3 kept (1 truncated), 2 skipped (each one skipped or truncated says why in its Body tab).');
  });
});

describe('Body tab: a stream still being recorded', () => {
  it('asks again while the session records, until the new messages show', async () => {
    const live = [...started('n1', '/feed', 'application/x-ndjson', 2), { method: 'Netlens.streamResourceContent', params: { requestId: 'n1', bufferedData: '' } }, chunk('n1', 2.1, '{"i":1}\n'), chunk('n1', 2.2, '{"i":2}\n')];
    const rows = rowsFromLog('rec', live);
    const b = new MemoryBackend();
    const r = createRoot();
    b.addSession({ ...base, id: 'rec', state: 'recording', endedAt: undefined, endReason: undefined } as SessionInfo, rows.slice(0, 4));
    b.putBody('rec', { requestId: 'n1', hop: 0, reason: 'event-stream' });
    const s = await renderPanel(r, b);
    await act(() => s.actions.openSession('rec'));
    await act(async () => s.actions.select('n1'));
    await act(() => workerIdle(s));
    const d = r.querySelector('.detail') as HTMLElement;
    await act(async () => ([...d.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Body') as HTMLElement).click());
    // One message so far (a single JSON text: shown as a tree).
    await vi.waitFor(() => expect(d.querySelector('.body-stream-note')?.textContent).toContain('the stream’s 1 message, not the bytes as received; incomplete: the stream was still open'));
    // The next chunk is stored and posted live, as the service worker does: the tab follows.
    b.store('rec', rows.slice(4));
    await act(async () => b.post('rec', rows.slice(4)));
    await vi.waitFor(() => expect(d.querySelector('.body-stream .body-text')?.textContent, d.textContent ?? '').toBe('{"i":1}\n{"i":2}\n'), { timeout: 5000 });
    expect(d.querySelector('.body-stream-note')!.textContent).toContain('2 messages');
    removeRoot(r);
  }, 15_000);
});
