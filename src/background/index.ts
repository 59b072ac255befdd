// The service worker: capture sessions. Wiring only — listeners are registered synchronously at
// the top level, as Manifest V3 requires, so events that wake the worker are not missed.
import { chromeDebugger } from '../adapters/debugger.ts';
import { serveControl, serveLive, type ControlRequest } from '../adapters/messaging.ts';
import { openDb } from '../adapters/storage/db.ts';
import { SessionStore } from '../adapters/storage/sessions.ts';
import { LiveHub } from './live-hub.ts';
import { Recordings } from './recordings.ts';
import { chromeToolbar } from './toolbar.ts';
import { browserVersion } from './browser-version.ts';

const store = new SessionStore(openDb());
const debuggerPort = chromeDebugger();
const hub = new LiveHub();
const deps = {
  debugger: debuggerPort,
  store,
  publish: (id: string, events: Parameters<LiveHub['publish']>[1]) => hub.publish(id, events),
  sessionChanged: (s: Parameters<LiveHub['sessionChanged']>[0]) => hub.sessionChanged(s),
  now: () => Date.now(),
  newId: () => `s-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`,
  browserVersion: browserVersion(),
};
const recordings = new Recordings(deps, chromeToolbar());

debuggerPort.onEvent((target, method, params) => recordings.route(target, method, params));
debuggerPort.onDetach((tabId, reason) => void recordings.detached(tabId, reason));
serveControl((req) => recordings.handle(req));
serveLive((port) => hub.add(port));

// Sessions left `recording` by a worker that was killed become `interrupted`. If the debugger
// outlived the worker, let go of those tabs so the user can record them again.
const startup = store
  .markInterrupted(recordings.activeIds())
  .then((stale) => Promise.all(stale.map((s) => (s.tabId === undefined ? undefined : debuggerPort.detach(s.tabId).catch(() => undefined)))))
  .catch(() => undefined);

// For tests and tools that evaluate in the worker (`netlens record`, the end-to-end tests): the
// same control handler the messages reach. Left out of the store package (vite.config.ts).
if (__NETLENS_TEST_HOOKS__) {
  Object.assign(globalThis, {
    netlensControl: (req: ControlRequest) => startup.then(() => recordings.handle(req)),
    netlensStore: store,
    netlensReady: true,
  });
}
