// The only runtime-messaging code: the typed control API (start, stop, status, …) that the
// panel, the popup, `npm start`, `netlens record` and the tests all use, and the live port on
// which the service worker posts stored events as they are flushed.
import browser, { type Runtime } from 'webextension-polyfill';
import type { StoredEvent } from '../core/cdp.ts';
import type { CaptureOptions, SessionInfo } from '../core/session.ts';
import type { RetentionSettings } from '../core/retention.ts';
import type { ExperimentRun, ExperimentSetup } from '../core/experiments.ts';
import type { BodyLimits } from '../core/bodies.ts';
import type { RetentionRun } from './settings.ts';

export type ControlRequest =
  /** `experiment`: what to set up before anything loads (cache emptied or disabled, network conditions); kept on the session. */
  | { type: 'start'; tabId: number; options?: CaptureOptions; experiment?: ExperimentSetup }
  | { type: 'stop'; sessionId: string }
  | { type: 'stopTab'; tabId: number }
  | { type: 'status' }
  | { type: 'flush'; sessionId: string }
  /** Reads the retention settings; with `settings`, saves them first; with `apply`, runs the rules now. */
  | { type: 'retention'; settings?: RetentionSettings; apply?: boolean }
  /**
   * Records one session per run, one after the other, on the tab: each is set up (`setup`), loads
   * `url` (default: the tab's URL) as `load` says, and stops once the page has loaded and the
   * network has been quiet (src/background/experiments.ts). Cold vs warm is two runs.
   */
  | { type: 'experiment'; tabId: number; url?: string; runs: ExperimentRun[] }
  /** Reads the limits for response bodies; with `limits`, saves them first (a start with bodies and no limits uses them). */
  | { type: 'bodyLimits'; limits?: BodyLimits };

export type { ExperimentRun };

export interface RecordingStatus {
  session: SessionInfo;
  /** Events received but not yet stored (flushed at least every 250 ms). */
  pending: number;
}

export type ControlResponse =
  | { ok: true; type: 'start'; session: SessionInfo; joined: boolean }
  | { ok: true; type: 'stop'; session: SessionInfo }
  | { ok: true; type: 'status'; recordings: RecordingStatus[] }
  | { ok: true; type: 'flush'; eventCount: number }
  | { ok: true; type: 'retention'; settings: RetentionSettings; last?: RetentionRun; deleted: number }
  /** The sessions recorded, in run order; `notes` say what did not go as asked (a load that timed out). */
  | { ok: true; type: 'experiment'; sessions: SessionInfo[]; notes: string[] }
  | { ok: true; type: 'bodyLimits'; limits: BodyLimits }
  | { ok: false; error: string };

export type ControlHandler = (req: ControlRequest) => Promise<ControlResponse>;

const CONTROL = 'netlens-control';
export const LIVE_PORT = 'netlens-live';

/** Client side: sends one control request to the service worker. */
export async function sendControl(req: ControlRequest): Promise<ControlResponse> {
  try {
    const res = (await browser.runtime.sendMessage({ channel: CONTROL, req })) as ControlResponse | undefined;
    return res ?? { ok: false, error: 'The Netlens service worker did not answer.' };
  } catch (err) {
    return { ok: false, error: `Could not reach the Netlens service worker: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Worker side: answers control requests. */
export function serveControl(handler: ControlHandler): void {
  browser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { channel?: string; req?: ControlRequest };
    if (m?.channel !== CONTROL || !m.req) return undefined;
    return handler(m.req).catch((err: unknown) => ({ ok: false as const, error: err instanceof Error ? err.message : String(err) }));
  });
}

/** Messages from a live client (the panel) to the worker. */
export type LiveClientMessage = { type: 'subscribe'; sessionId: string } | { type: 'unsubscribe'; sessionId: string };

/** Messages from the worker to live clients. */
export type LiveWorkerMessage =
  | { type: 'events'; sessionId: string; events: StoredEvent[] }
  | { type: 'session'; session: SessionInfo };

export interface LivePort {
  post(message: LiveClientMessage): void;
  onMessage(listener: (message: LiveWorkerMessage) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

/** Client side: opens the live port. */
export function connectLive(): LivePort {
  const port = browser.runtime.connect({ name: LIVE_PORT });
  return wrapPort<LiveClientMessage, LiveWorkerMessage>(port);
}

/** Worker side: accepts live ports. */
export function serveLive(onConnect: (port: { post(m: LiveWorkerMessage): void; onMessage(l: (m: LiveClientMessage) => void): void; onDisconnect(l: () => void): void }) => void): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PORT) return;
    const p = wrapPort<LiveWorkerMessage, LiveClientMessage>(port);
    onConnect(p);
  });
}

function wrapPort<Out, In>(port: Runtime.Port) {
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  return {
    post(message: Out) {
      if (!open) return;
      try {
        port.postMessage(message);
      } catch {
        open = false;
      }
    },
    onMessage(listener: (message: In) => void) {
      port.onMessage.addListener((m: unknown) => listener(m as In));
    },
    onDisconnect(listener: () => void) {
      port.onDisconnect.addListener(() => listener());
    },
    disconnect() {
      open = false;
      port.disconnect();
    },
  };
}
