// @vitest-environment happy-dom
// The Streams view's channel list is virtualised: with 2,000 channels (literal rows) only those in
// view are in the DOM, the arrow keys move the selection, and a selection far down is scrolled to.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelList } from '../../../panel/views/streams/ChannelList.tsx';
import type { ChannelRow } from '../../../panel/workers/streams-window.ts';

const channels: ChannelRow[] = Array.from({ length: 2000 }, (_, i) => ({
  id: `c${i}`, kind: 'eventsource', url: `http://a.test/events/${i}`, index: i, state: 'ended', end: 'completed', messages: i, bytes: i * 10, badges: [],
}));
let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
});

describe('the channel list', () => {
  it('draws only the channels in view and moves the selection with the arrow keys', async () => {
    root = document.createElement('div');
    document.body.append(root);
    let selected = 'c0';
    const draw = () => render(<ChannelList channels={channels} selectedId={selected} onSelect={(id) => ((selected = id), draw())} />, root!);
    await act(() => draw());
    const drawn = root.querySelectorAll('.stream-channel');
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(40);
    expect(drawn[0]!.getAttribute('title')).toBe('http://a.test/events/0');
    const list = root.querySelector('[aria-label="Channels"]') as HTMLElement;
    await act(() => void list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })));
    expect(selected).toBe('c1');
    expect(root.querySelector('.stream-channel.selected')!.getAttribute('title')).toBe('http://a.test/events/1');
    // A selection far down the list: the list scrolls to it.
    selected = 'c1500';
    await act(() => draw());
    expect(list.scrollTop).toBeGreaterThan(1000 * 58);
  });
});
