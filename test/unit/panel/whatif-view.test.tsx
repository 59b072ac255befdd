// @vitest-environment happy-dom
// The What-if view on the recorded what-if page over HTTP/2 (+40 ms each way through the delaying
// proxy), rendered with an in-memory backend (the analysis worker's service in-process): the
// recorded load, the baseline with its error, only the validated scenarios with their ranges, the
// others as not offered, the assumptions, and the critical path drawn as bars, switched by scenario.
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLog, loadTruth } from '../../fixtures/load.ts';
import { MemoryBackend, rowsFromLog } from '../../../panel/backend/memory.ts';
import { createRoot, removeRoot, renderPanel, settle } from './render-panel.tsx';
import type { Store } from '../../../panel/store/store.ts';
import type { SessionInfo } from '../../../src/core/session.ts';
import { realLoadMs } from '../../e2e/whatif-real-load.ts';
import { formatDuration } from '../../../src/core/format/index.ts';

const log = loadLog('whatif-h2-40');
const truth = loadTruth('whatif-h2-40');
const base: SessionInfo = { id: 'whatif', tabId: 9, url: 'https://a.test/', title: 'What-if page', startedAt: 1000, endedAt: 5000, state: 'stopped', endReason: 'stopped', eventCount: 0, source: 'live', options: {} };

let root: HTMLElement;
let store: Store;
const click = (el: Element) => act(async () => void (el as HTMLElement).click());
const tab = (label: string) => [...root.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.trim() === label) as HTMLElement;

beforeEach(async () => {
  root = createRoot();
  const backend = new MemoryBackend();
  backend.addSession(base, rowsFromLog('whatif', log));
  store = await renderPanel(root, backend);
  await act(() => store.actions.openSession('whatif'));
});
afterEach(() => removeRoot(root));

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await settle();
  expect(check(), what).toBe(true);
}

describe('What-if view', () => {
  it('shows the estimates as estimates, the validated scenarios, the assumptions and the critical path', async () => {
    await click(tab('What-if'));
    await until('the scenarios table', () => root.querySelector('.whatif-scenarios table') !== null);
    const text = root.querySelector('.whatif-view')!.textContent!;
    expect(text).toContain('Estimates, not measurements');
    expect(text).toContain(`${truth.requests.length} requests`);
    const trs = [...root.querySelectorAll('.whatif-scenarios tbody tr')];
    const rows = trs.map((r) => r.textContent!);
    // The recorded load as the protocol's own events give it.
    expect(rows[0]).toContain(formatDuration(realLoadMs(log, truth.run)));
    expect(rows[1]).toMatch(/Baseline.*against the recording/);
    // Over HTTP/2 already: HTTP/1.1 and the round-trip scenarios, each with a validated range.
    expect(trs.slice(2).map((r) => r.querySelector('td')!.textContent!.replace(/\s*\(.*$/, ''))).toEqual(['HTTP/1.1 everywhere', 'Round-trip time × 2', 'Round-trip time ÷ 2', 'Bandwidth ÷ 2']);
    for (const r of rows.slice(2)) expect(r).toMatch(/±25%, validated/);
    const notOffered = root.querySelector('.whatif-not-offered')!.textContent!;
    // Every response of the page is no-store, so the warm cache does not apply.
    expect(notOffered).toMatch(/Warm cache[^:]*: not offered \(does not apply/);
    expect(root.querySelectorAll('.whatif-assumptions li').length).toBeGreaterThanOrEqual(6);
    // The baseline's critical path: document, script, fetch, a late image; each drawn with bars.
    const steps = [...root.querySelectorAll('.whatif-step')];
    expect(steps.map((s) => s.querySelector('.whatif-step-label')!.textContent!.replace(/^#\d+ /, '').split(' ')[0]!.replace(/-\d+\.png$/, ''))).toEqual(['/whatif/page', '/whatif/app.js', '/res/wi-data.json', '/res/wi-late']);
    expect(steps.every((s) => s.querySelectorAll('.whatif-bar').length >= 2)).toBe(true);
    // Choosing a scenario draws its path: on HTTP/1.1 the late image ends later.
    const before = steps.at(-1)!.querySelector('.whatif-step-end')!.textContent;
    await click([...root.querySelectorAll('.whatif-scenarios button')].find((b) => b.textContent!.startsWith('Round-trip time × 2'))!);
    expect(root.querySelector('.whatif-path-section h3')!.textContent).toContain('Round-trip time × 2');
    expect(root.querySelector('.whatif-step:last-child .whatif-step-end')!.textContent).not.toBe(before);
  });
});
