// The user cancels Chromium's "Netlens started debugging this browser" infobar in the middle of a
// recording: headful Chromium on a virtual display, the Cancel button found on screen and clicked
// as a user would (xdotool). The session ends canceled_by_user with everything stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, startRig, storedSession, tabIdOf, waitFor, type Rig } from './harness.ts';
import { expectGapless } from './expect-stored.ts';
import { startDisplay, type Display } from './xvfb.ts';
import type { ControlResponse } from '../../src/adapters/messaging.ts';

let display: Display;
let rig: Rig;
beforeAll(async () => {
  display = await startDisplay();
  process.env.DISPLAY = display.name; // Chromium is launched with this process's environment.
  rig = await startRig({ headless: false, debuggerInfobar: true });
});
afterAll(async () => {
  await rig?.close();
  await display?.close();
});

// The infobar's Cancel button: Chromium's filled-button blue (#0b57d0) in the light theme.
const CANCEL_BLUE: [number, number, number] = [11, 87, 208];

describe('the debugging infobar', () => {
  it("the user clicks its Cancel: the session ends canceled_by_user with every request before it stored, and the tab can be recorded again", async () => {
    const worker = await rig.worker();
    const page = await rig.newPage();
    await page.goto(rig.server.urls.http('a.test', `/?run=${rig.newRun('infobar-start')}`));
    const started = await control<Extract<ControlResponse, { type: 'start' }>>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
    expect(started.ok).toBe(true);
    const run = rig.newRun('infobar');
    await page.goto(rig.server.urls.http('a.test', `/pool?run=${run}&n=4&other=0&delay=0`), { waitUntil: 'load' });
    await waitFor('the server to answer the page', () => rig.server.log.requestsMatching(run).filter((r) => r.finishedAt).length === 5);
    // The infobar slides in: click once the button stands still in two screenshots running.
    let previous = '';
    const button = await waitFor('the infobar Cancel button on screen', () => {
      const found = display.findColour(CANCEL_BLUE);
      const key = JSON.stringify(found);
      const still = found && key === previous;
      previous = key;
      return still ? found : undefined;
    }, 15_000, 250);
    display.click(button.x, button.y);
    const session = await waitFor('the session to end', async () => {
      const s = (await storedSession(worker, started.session.id)).session;
      return s && s.state !== 'recording' ? s : undefined;
    });
    expect(session.endReason).toBe('canceled_by_user');
    const status = await control<Extract<ControlResponse, { type: 'status' }>>(worker, { type: 'status' });
    expect(status.recordings.some((r) => r.session.id === started.session.id)).toBe(false);
    const { events } = await storedSession(worker, started.session.id);
    expectGapless(events, started.session.id);
    const sent = new Set(events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url));
    for (const r of rig.server.log.requestsMatching(run)) expect(sent.has(r.url), r.url).toBe(true);
    // After Cancel the tab is free: it can be recorded again.
    const again = await control<Extract<ControlResponse, { type: 'start' }>>(worker, { type: 'start', tabId: await tabIdOf(page, worker) });
    expect(again.ok, JSON.stringify(again)).toBe(true);
    await control(worker, { type: 'stop', sessionId: again.session.id });
  });
});
