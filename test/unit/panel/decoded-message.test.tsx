// @vitest-environment happy-dom
// The decoded views of one WebSocket message (panel/views/streams/decoded/DecodedMessage.tsx),
// rendered alone into a DOM: its tabs, each view's content, and that a hostile payload stays text.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DecodedMessage } from '../../../panel/views/streams/decoded/DecodedMessage.tsx';
import { MessageDetail } from '../../../panel/views/streams/MessageDetail.tsx';
import type { FullMessage } from '../../../panel/workers/streams-window.ts';
import { createRoot, removeRoot } from './render-panel.tsx';

let root: HTMLElement;
beforeEach(() => {
  root = createRoot();
});
afterEach(() => removeRoot(root));

const tabs = () => [...root.querySelectorAll('[role="tab"]')].map((t) => t.textContent);
const selected = () => root.querySelector('[role="tab"][aria-selected="true"]')?.textContent;
const panel = () => root.querySelector('[role="tabpanel"]')!;
const click = (label: string) => act(() => ([...root.querySelectorAll('[role="tab"]')].find((t) => t.textContent === label) as HTMLElement).click());

describe('DecodedMessage', () => {
  it('shows a Socket.IO event decoded first, and the other views on their tabs', async () => {
    await act(() => render(<DecodedMessage payload={'42["chat",{"text":"hi"}]'} opcode={1} direction="received" />, root));
    expect(tabs()).toEqual(['Socket.IO', 'Text', 'Hex', 'Base64']);
    expect(selected()).toBe('Socket.IO');
    expect(root.textContent).toContain('Received · text · 24 B');
    const fields = [...panel().querySelectorAll('dt')].map((d) => `${d.textContent}=${d.nextElementSibling?.textContent}`);
    expect(fields.slice(0, 4)).toEqual(['Engine.IO packet=message', 'Socket.IO packet=EVENT', 'Namespace=/', 'Event=chat']);
    expect(panel().textContent).toContain('"hi"');
    await click('Hex');
    expect(selected()).toBe('Hex');
    expect(panel().textContent).toContain('00000000  34 32 5b 22');
    await click('Base64');
    expect(panel().textContent).toBe(Buffer.from('42["chat",{"text":"hi"}]').toString('base64'));
  });

  it('shows a MessagePack binary frame as a tree of its value', async () => {
    const payload = Buffer.from([0x82, 0xa5, ...Buffer.from('hello'), 0xa7, ...Buffer.from('msgpack'), 0xa1, 0x6e, 0x01]).toString('base64');
    await act(() => render(<DecodedMessage payload={payload} opcode={2} direction="sent" />, root));
    expect(tabs()).toEqual(['MessagePack', 'Hex', 'Base64']);
    expect(root.textContent).toContain('Sent · binary · 18 B');
    const leaves = [...panel().querySelectorAll('.json-leaf')].map((l) => l.textContent);
    expect(leaves).toEqual(['hello: "msgpack"', 'n: 1']);
  });

  it('renders a hostile payload as text: no element comes from it', async () => {
    const payload = '{"x":"<img src=x onerror=alert(1)>","y":"<script>alert(2)</script>"}';
    await act(() => render(<DecodedMessage payload={payload} opcode={1} direction="received" />, root));
    expect(root.querySelector('img, script')).toBeNull();
    expect(panel().textContent).toContain('<img src=x onerror=alert(1)>');
    await click('Text');
    expect(root.querySelector('img, script')).toBeNull();
    expect(panel().textContent).toBe(payload);
  });

  it('renders JSON nested 100,000 deep, cut at the depth limit', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    await act(() => render(<DecodedMessage payload={deep} opcode={1} direction="received" />, root));
    expect(selected()).toBe('JSON');
    expect(panel().querySelectorAll('details').length).toBe(64);
    expect(panel().textContent).toContain('deeper levels are in the Text view');
  });
});

describe('MessageDetail with Socket.IO attachments', () => {
  const base = { t: 100, size: 4, type: 'message', preview: '', truncated: false, direction: 'sent' as const };
  it('names a binary event\'s attachments and selects one; an attachment names its packet; v3 bytes show their type byte', async () => {
    const picked: number[] = [];
    const header: FullMessage = { ...base, index: 1, opcode: 1, text: '452-["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', socketIo: { packet: { type: 'BINARY_EVENT', event: 'upload', expected: 2, attachments: [2] } } };
    await act(() => render(<MessageDetail message={header} websocket={true} onSelect={(i) => picked.push(i)} />, root));
    const line = root.querySelector('.socketio-attachments')!;
    expect(line.textContent).toBe('Socket.IO binary event "upload" with 2 attachments: #3 (1 not in the recording)');
    await act(() => (line.querySelector('button') as HTMLElement).click());
    expect(picked).toEqual([2]);
    const attachment: FullMessage = { ...base, index: 2, opcode: 2, text: Buffer.from([4, 0xc3]).toString('base64'), socketIo: { attachmentOf: { index: 1, num: 0, of: 2 } }, engineIo: 3 };
    await act(() => render(<MessageDetail message={attachment} websocket={true} onSelect={(i) => picked.push(i)} />, root));
    expect(root.querySelector('.socketio-attachments')!.textContent).toBe('Attachment 1 of 2 of the Socket.IO packet #2');
    expect(tabs()[0]).toBe('Engine.IO v3');
  });
});
