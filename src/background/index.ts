// The service worker: capture sessions. Wiring only — listeners are registered synchronously at
// the top level, as Manifest V3 requires, so events that wake the worker are not missed.
import { chromeDebugger } from '../adapters/debugger.ts';
import { serveControl, serveLive, type ControlRequest, type ControlResponse } from '../adapters/messaging.ts';
import { openDb } from '../adapters/storage/db.ts';
import { SessionStore } from '../adapters/storage/sessions.ts';
import { LiveHub } from './live-hub.ts';
import { Recordings } from './recordings.ts';
import { chromeToolbar } from './toolbar.ts';
import { browserVersion } from './browser-version.ts';
import { Retention } from './retention.ts';
import { Experiments } from './experiments.ts';
import { readBodyLimits, readLastRun, readRetention, saveBodyLimits, saveLastRun, saveRetention } from '../adapters/settings.ts';
import { checkRetention } from '../core/retention.ts';
import { checkBodyLimits } from '../core/bodies.ts';

const store = new SessionStore(openDb());
const debuggerPort = chromeDebugger();
const hub = new LiveHub();
const retention = new Retention({ store, settings: readRetention, saveRun: saveLastRun, now: () => Date.now() });
const deps = {
  debugger: debuggerPort,
  store,
  publish: (id: string, events: Parameters<LiveHub['publish']>[1]) => hub.publish(id, events),
  sessionChanged: (s: Parameters<LiveHub['sessionChanged']>[0]) => {
    hub.sessionChanged(s);
    // After each recording, the retention settings are applied.
    if (s.state !== 'recording') void retention.apply().catch(() => undefined);
  },
  now: () => Date.now(),
  newId: () => `s-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`,
  browserVersion: browserVersion(),
};
const recordings = new Recordings(deps, chromeToolbar());
const experiments = new Experiments({ debugger: debuggerPort, control: (req) => recordings.handle(req) });

debuggerPort.onEvent((target, method, params) => {
  recordings.route(target, method, params);
  experiments.observe(target, method, params);
});
debuggerPort.onDetach((tabId, reason) => void recordings.detached(tabId, reason));
/** The control API: retention here, everything about recordings in Recordings. */
async function handle(req: ControlRequest): Promise<ControlResponse> {
  if (req.type === 'experiment') return experiments.run(req);
  if (req.type === 'bodyLimits' || (req.type === 'start' && req.options?.bodies)) return bodies(req);
  if (req.type !== 'retention') return recordings.handle(req);
  try {
    if (req.settings) {
      const checked = checkRetention(req.settings);
      if (typeof checked === 'string') return { ok: false, error: checked };
      await saveRetention(checked);
    }
    const deleted = req.apply ? (await retention.apply()).length : 0;
    const last = await readLastRun();
    return { ok: true, type: 'retention', settings: await readRetention(), ...(last ? { last } : {}), deleted };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
/** Body limits (issue 19): read or saved; a start with bodies and no limits of its own gets the saved ones. */
async function bodies(req: Extract<ControlRequest, { type: 'bodyLimits' | 'start' }>): Promise<ControlResponse> {
  try {
    if (req.type === 'start') {
      const saved = await readBodyLimits();
      const options = { maxBodyBytes: saved.perBodyBytes, maxSessionBodyBytes: saved.perSessionBytes, ...req.options };
      const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
      if (!ok(options.maxBodyBytes) || !ok(options.maxSessionBodyBytes)) return { ok: false, error: 'Body limits must be whole numbers of bytes above 0.' };
      return recordings.handle({ ...req, options });
    }
    if (req.limits) {
      const checked = checkBodyLimits(req.limits);
      if (typeof checked === 'string') return { ok: false, error: checked };
      await saveBodyLimits(checked);
    }
    return { ok: true, type: 'bodyLimits', limits: await readBodyLimits() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
serveControl(handle);
serveLive((port) => hub.add(port));

// Sessions left `recording` by a worker that was killed become `interrupted`. If the debugger
// outlived the worker, let go of those tabs so the user can record them again.
const startup = store
  .markInterrupted(recordings.activeIds())
  .then((stale) => Promise.all(stale.map((s) => (s.tabId === undefined ? undefined : debuggerPort.detach(s.tabId).catch(() => undefined)))))
  .catch(() => undefined)
  // At start-up, the retention settings are applied (after the interrupted sessions are marked).
  .then(() => retention.apply())
  .catch(() => undefined);

// For tests and tools that evaluate in the worker (`netlens record`, the end-to-end tests): the
// same control handler the messages reach. Left out of the store package (vite.config.ts).
if (__NETLENS_TEST_HOOKS__) {
  Object.assign(globalThis, {
    netlensControl: (req: ControlRequest) => startup.then(() => handle(req)),
    netlensStore: store,
    netlensReady: true,
  });
}
