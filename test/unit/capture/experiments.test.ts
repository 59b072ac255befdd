// The experiment set-up in the service worker, with a scripted debugger and a real Dexie store on
// fake-indexeddb: the order of the commands, what the tab and a child target each get, the
// fallback to the deprecated emulation command when the browser refuses the newer one (Chromium
// 156 has both, so the real browser cannot show it), and failures kept on the session in words.
import 'fake-indexeddb/auto';
import { beforeEach, expect, it } from 'vitest';
import { openDb } from '../../../src/adapters/storage/db.ts';
import { SessionStore } from '../../../src/adapters/storage/sessions.ts';
import type { DebuggerPort, DebuggerTarget } from '../../../src/adapters/debugger.ts';
import { CaptureSession, type CaptureDeps } from '../../../src/background/capture-session.ts';
import { Recordings } from '../../../src/background/recordings.ts';
import type { ExperimentSetup } from '../../../src/core/experiments.ts';

class ScriptedDebugger implements DebuggerPort {
  commands: { target: DebuggerTarget; method: string; params?: object }[] = [];
  /** Methods that fail, with the browser's message. */
  refuse = new Map<string, string>();
  private eventListener?: (t: DebuggerTarget, m: string, p: unknown) => void;
  async attach() {}
  async detach() {}
  async send<R>(target: DebuggerTarget, method: string, params?: object): Promise<R> {
    this.commands.push({ target, method, ...(params ? { params } : {}) });
    const refused = this.refuse.get(method);
    if (refused) throw new Error(refused);
    if (method === 'Target.getTargetInfo') return { targetInfo: { url: 'http://a.test/', title: 'A' } } as R;
    if (method === 'Network.emulateNetworkConditionsByRule') return { ruleIds: ['RULE-1'] } as R;
    return {} as R;
  }
  onEvent(l: (t: DebuggerTarget, m: string, p: unknown) => void) {
    this.eventListener = l;
  }
  onDetach() {}
  emit(target: DebuggerTarget, method: string, params: unknown) {
    this.eventListener?.(target, method, params);
  }
}

let n = 0;
let store: SessionStore;
let dbg: ScriptedDebugger;
beforeEach(() => {
  store = new SessionStore(openDb(`netlens-exp-test-${++n}`));
  dbg = new ScriptedDebugger();
});

function deps(): CaptureDeps {
  return { debugger: dbg, store, publish: () => undefined, sessionChanged: () => undefined, now: () => Date.now(), newId: () => `exp-${n}`, flushIntervalMs: 10 };
}

async function start(setup: ExperimentSetup) {
  let session: CaptureSession | undefined;
  const started = await CaptureSession.start(7, {}, deps(), (s) => (session = s), setup);
  dbg.onEvent((t, m, p) => session?.onEvent(t, m, p));
  return started;
}

const tabMethods = () => dbg.commands.filter((c) => c.target.sessionId === undefined).map((c) => c.method);

it('sets the tab up after Network.enable and before Page.enable, names the session, and stores the rule id', async () => {
  const s = await start({ name: 'Slow 4G', clearCache: true, cacheDisabled: true, conditions: { label: 'Slow 4G', latencyMs: 562.5, downloadKbps: 1440, uploadKbps: 675 }, load: 'navigate' });
  const m = tabMethods();
  expect(m.slice(m.indexOf('Network.enable'), m.indexOf('Page.enable') + 1)).toEqual([
    'Network.enable',
    'Network.clearBrowserCache',
    'Network.setCacheDisabled',
    'Network.emulateNetworkConditionsByRule',
    'Network.overrideNetworkState',
    'Page.enable',
  ]);
  const rule = dbg.commands.find((c) => c.method === 'Network.emulateNetworkConditionsByRule')!.params;
  expect(rule).toEqual({ matchedNetworkConditions: [{ urlPattern: '', latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375, offline: false }] });
  await s.flush();
  const stored = await store.get(s.id);
  expect(stored?.name).toBe('Slow 4G');
  expect(stored?.experiment).toMatchObject({ emulation: 'byRule', ruleId: 'RULE-1', clearCache: true, cacheDisabled: true });
});

it('falls back to Network.emulateNetworkConditions when the browser refuses the newer command, and says so on the session', async () => {
  dbg.refuse.set('Network.emulateNetworkConditionsByRule', "'Network.emulateNetworkConditionsByRule' wasn't found");
  const s = await start({ name: 'Custom', conditions: { label: 'Custom', latencyMs: 300, downloadKbps: 800 } });
  expect(dbg.commands.find((c) => c.method === 'Network.emulateNetworkConditions')?.params).toEqual({ offline: false, latency: 300, downloadThroughput: 100_000, uploadThroughput: -1 });
  await s.flush();
  const stored = await store.get(s.id);
  expect(stored?.experiment?.emulation).toBe('legacy');
  expect(stored?.experiment?.ruleId).toBeUndefined();
});

it('a child target gets the cache and network settings but does not empty the cache again', async () => {
  const s = await start({ clearCache: true, cacheDisabled: true, conditions: { label: 'Offline', latencyMs: 0, offline: true } });
  dbg.emit({ tabId: 7 }, 'Target.attachedToTarget', { sessionId: 'child-1', targetInfo: { type: 'iframe' }, waitingForDebugger: true });
  await new Promise((r) => setTimeout(r, 20));
  const child = dbg.commands.filter((c) => c.target.sessionId === 'child-1').map((c) => c.method);
  expect(child).toContain('Network.setCacheDisabled');
  expect(child).toContain('Network.emulateNetworkConditionsByRule');
  expect(child).not.toContain('Network.clearBrowserCache');
  expect(dbg.commands.filter((c) => c.method === 'Network.clearBrowserCache')).toHaveLength(1);
  expect(dbg.commands.find((c) => c.method === 'Network.emulateNetworkConditionsByRule')?.params).toEqual({
    matchedNetworkConditions: [{ urlPattern: '', latency: 0, downloadThroughput: -1, uploadThroughput: -1, offline: true }],
  });
  await s.flush();
});

it('a step that fails is kept on the session in words, and the recording goes on', async () => {
  dbg.refuse.set('Network.clearBrowserCache', 'Not allowed');
  const s = await start({ name: 'cold', clearCache: true });
  expect(tabMethods()).toContain('Page.enable');
  await s.flush();
  expect((await store.get(s.id))?.experiment?.problems).toEqual(['emptying the cache failed (Not allowed)']);
});

it('start with an experiment on a tab that is already recording is refused in words, not joined without it', async () => {
  const r = new Recordings(deps(), { recording: () => undefined });
  const first = await r.handle({ type: 'start', tabId: 7 });
  expect(first).toMatchObject({ ok: true, joined: false });
  const again = await r.handle({ type: 'start', tabId: 7, experiment: { name: 'Slow 4G', cacheDisabled: true } });
  expect(again).toEqual({ ok: false, error: 'This tab is being recorded: stop the recording first (an experiment sets the recording up before anything loads).' });
  // A plain start still joins.
  expect(await r.handle({ type: 'start', tabId: 7 })).toMatchObject({ ok: true, joined: true });
});
