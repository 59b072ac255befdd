// @vitest-environment happy-dom
// The detail pane's Body tab (issue 19) on a literal log and literal body rows: JSON as a
// foldable tree and pretty text, text with a search, an image previewed from a data: URL in
// <img>, binary as hex, the reason when there is none; the body is read only when its request
// is selected. And the switch next to Record starts a recording with bodies.
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, settle, workerIdle } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { SessionInfo } from '../../../src/core/session.ts';

const base: SessionInfo = { id: 'b', tabId: 1, url: 'http://a.test/', title: 'Bodies', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: { bodies: true } };

/** A request that finished: requestWillBeSent, responseReceived, loadingFinished. */
function request(id: string, path: string, mimeType: string, t: number) {
  return [
    { method: 'Network.requestWillBeSent', params: { requestId: id, loaderId: 'L', documentURL: 'http://a.test/', request: { url: `http://a.test${path}`, method: 'GET', headers: {}, initialPriority: 'High', referrerPolicy: 'no-referrer' }, timestamp: t, wallTime: 1_700_000_000 + t, initiator: { type: 'other' }, type: 'Fetch' } },
    { method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: t + 0.01, type: 'Fetch', response: { url: `http://a.test${path}`, status: 200, statusText: 'OK', headers: { 'content-type': mimeType }, mimeType, connectionReused: false, connectionId: 1, encodedDataLength: 100, securityState: 'neutral' } } },
    { method: 'Network.loadingFinished', params: { requestId: id, timestamp: t + 0.02, encodedDataLength: 200 } },
  ];
}
const log = [
  ...request('r1', '/data.json', 'application/json', 1),
  ...request('r2', '/notes.txt', 'text/plain', 2),
  ...request('r3', '/pixel.png', 'image/png', 3),
  ...request('r4', '/blob.bin', 'application/octet-stream', 4),
  ...request('r5', '/big.txt', 'text/plain', 5),
];

let root: HTMLElement;
let backend: MemoryBackend;
let store: Store;
beforeEach(async () => {
  root = createRoot();
  backend = new MemoryBackend();
  backend.addSession(base, rowsFromLog('b', log));
  backend.putBody('b', { requestId: 'r1', hop: 0, body: '{"user":{"name":"alice","roles":["a","b"]},"n":1}', base64Encoded: false, size: 49 });
  backend.putBody('b', { requestId: 'r2', hop: 0, body: 'one line\nthe needle here\nand a NEEDLE there\n', base64Encoded: false, size: 44 });
  backend.putBody('b', { requestId: 'r3', hop: 0, body: 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM////ZwAAHu8E/KPItPcAAAAASUVORK5CYII=', base64Encoded: true, size: 79 });
  backend.putBody('b', { requestId: 'r4', hop: 0, body: 'AAEC/w==', base64Encoded: true, size: 4 });
  backend.putBody('b', { requestId: 'r5', hop: 0, reason: 'over-limit', detail: '2000000 bytes; the limit is 1048576', size: 2_000_000 });
  store = await renderPanel(root, backend);
  await act(() => store.actions.openSession('b'));
});
afterEach(() => removeRoot(root));

const detail = () => root.querySelector('.detail') as HTMLElement;
async function openBody(requestId: string): Promise<HTMLElement> {
  await act(async () => store.actions.select(requestId));
  // The selected request's record comes from the analysis worker (in-process here).
  await act(() => workerIdle(store));
  const tab = [...detail().querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Body') as HTMLElement;
  await act(async () => tab.click());
  await vi.waitFor(() => expect(detail().querySelector('.body-loading')).toBeNull());
  return detail();
}
const button = (d: HTMLElement, text: string) => [...d.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;
async function search(d: HTMLElement, q: string) {
  const input = d.querySelector('input[aria-label="Search the body"]') as HTMLInputElement;
  await act(async () => {
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('Body tab', () => {
  it('reads no body until a request is selected, then only that one', async () => {
    await settle();
    expect(backend.bodyReads).toBe(0);
    await openBody('r2');
    expect(backend.bodyReads).toBe(1);
  });

  it('shows JSON as a foldable tree and as pretty text, with a search', async () => {
    const d = await openBody('r1');
    const tree = d.querySelector('.json-tree')!;
    expect(tree.querySelector('summary')!.textContent).toBe('{2}');
    // Children are drawn only once a node is opened.
    const user = [...tree.querySelectorAll('details')].find((x) => x.querySelector('summary')!.textContent === 'user: {2}') as HTMLDetailsElement;
    expect(user.textContent).not.toContain('alice');
    await act(async () => {
      user.open = true;
      user.dispatchEvent(new Event('toggle'));
    });
    expect(user.textContent).toContain('name: "alice"');
    await act(async () => button(d, 'Text').click());
    expect(d.querySelector('.body-text')!.textContent).toBe('{\n  "user": {\n    "name": "alice",\n    "roles": [\n      "a",\n      "b"\n    ]\n  },\n  "n": 1\n}');
    await search(d, 'ALICE');
    expect([...d.querySelectorAll('.body-text mark')].map((m) => m.textContent)).toEqual(['alice']);
    expect(d.querySelector('.body-count')!.textContent).toBe('1 match');
  });

  it('marks every match in text, whatever the case', async () => {
    const d = await openBody('r2');
    expect(d.querySelector('.body-text')!.textContent).toBe('one line\nthe needle here\nand a NEEDLE there\n');
    await search(d, 'needle');
    expect([...d.querySelectorAll('.body-text mark')].map((m) => m.textContent)).toEqual(['needle', 'NEEDLE']);
    expect(d.querySelector('.body-count')!.textContent).toBe('2 matches');
  });

  it('previews an image from a data: URL in <img>, and shows binary as hex', async () => {
    const img = (await openBody('r3')).querySelector('img.body-image') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM////ZwAAHu8E/KPItPcAAAAASUVORK5CYII=');
    expect(detail().querySelector('iframe, object, embed')).toBeNull();
    const d = await openBody('r4');
    expect(d.querySelector('.body-hex')!.textContent).toBe('00000000  00 01 02 ff' + ' '.repeat(39) + '....');
  });

  it('says why there is no body', async () => {
    const d = await openBody('r5');
    expect(d.querySelector('.body-reason')!.textContent).toBe('No body: over the limit per body (2000000 bytes; the limit is 1048576).');
  });
});

describe('the Bodies switch', () => {
  it('starts the next recording with bodies, and shows the limits', async () => {
    const toggle = root.querySelector('input[aria-label="Record bodies"]') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    await vi.waitFor(() => expect(root.querySelector('button[aria-label="Body limits"]')!.textContent).toBe('≤ 1 MB'));
    await act(async () => {
      toggle.checked = true;
      toggle.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(() => store.actions.record());
    expect(backend.controlLog.find((r) => r.type === 'start')).toEqual({ type: 'start', tabId: 1, options: { bodies: true } });
  });
});
