// A recording session as stored (the `sessions` table) and as the control API describes it.
// Pure types: the storage adapter, the service worker, the panel and the CLI share them.
import type { ExperimentInfo } from './experiments.ts';

export type SessionState = 'recording' | 'stopped' | 'interrupted' | 'imported';

/**
 * Why a recording ended:
 * - `stopped`: the user (or a client of the control API) pressed Stop;
 * - `target_closed`: the tab closed, or navigated where debugging is not allowed (chrome:// pages);
 * - `canceled_by_user`: the user cancelled the "is debugging this browser" infobar;
 * - `target_crashed`: the tab's page crashed (its renderer process ended: `Inspector.targetCrashed`);
 * - `worker_restart`: the service worker was killed while recording; found on its next start;
 * - `quota`: IndexedDB refused to store more (disk full or quota reached);
 * - `storage_error`: IndexedDB failed for another reason (the message is in `endDetail`);
 * - `attach_failed`: the debugger could not attach (the message is in `endDetail`).
 */
export type EndReason =
  | 'stopped'
  | 'target_closed'
  | 'canceled_by_user'
  | 'target_crashed'
  | 'worker_restart'
  | 'quota'
  | 'storage_error'
  | 'attach_failed';

export type SessionSource = 'live' | 'har' | 'cdp-log';

export interface CaptureOptions {
  /** Record child targets (cross-process iframes, dedicated workers) too. Default true. */
  childTargets?: boolean;
  /**
   * Fetch and store response bodies (issue 19), each up to `maxBodyBytes` decoded bytes, up to
   * `maxSessionBodyBytes` in all (defaults in src/core/bodies.ts). Default false.
   */
  bodies?: boolean;
  maxBodyBytes?: number;
  maxSessionBodyBytes?: number;
  /** Request bodies (postData) up to this many bytes are included in the events. Default 65536. */
  maxPostDataBytes?: number;
}

export interface SessionInfo {
  id: string;
  /** User-given name; the URL is shown when absent. */
  name?: string;
  tabId?: number;
  /** First top-level URL and title seen (updated on the first real navigation after about:blank). */
  url: string;
  title: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt?: number;
  state: SessionState;
  endReason?: EndReason;
  /** Words for the user about how it ended (error messages, what may have been lost). */
  endDetail?: string;
  /** Events stored so far (the highest seq). */
  eventCount: number;
  /** Events received but not stored (a storage error, or a killed worker's last batch when known). */
  lostEvents?: number;
  source: SessionSource;
  /** Browser that recorded it (e.g. "Chromium 156.0.8078.79"), or the tool that wrote an imported file. */
  browserVersion?: string;
  options: CaptureOptions;
  /** Summary counts kept up to date by whoever last folded the session (for the sessions list). */
  summary?: { requests: number; bytes: number; durationMs?: number };
  /** Imported file name, for imported sessions. */
  fileName?: string;
  /**
   * What the session holds in storage, in bytes: the JSON text of its event rows and its bodies
   * (before IndexedDB's own compression). Kept by the storage adapter; absent on sessions stored
   * before it was kept (the retention rules then estimate it from the event count).
   */
  storedBytes?: number;
  /**
   * What the recording was made under (issue 21): the cache emptied first or disabled, emulated
   * network conditions, how the page was loaded. Absent for an ordinary recording.
   */
  experiment?: ExperimentInfo;
}

export function sessionLabel(s: Pick<SessionInfo, 'name' | 'url' | 'title'>): string {
  return s.name || s.title || s.url || '(untitled)';
}

export function describeEnd(s: Pick<SessionInfo, 'state' | 'endReason' | 'endDetail' | 'lostEvents'>): string {
  if (s.state === 'recording') return 'Recording';
  if (s.state === 'imported') return 'Imported';
  const why: Record<EndReason, string> = {
    stopped: 'Stopped',
    target_closed: 'The tab was closed, or navigated to a page that cannot be debugged',
    canceled_by_user: 'Debugging was cancelled from the browser infobar',
    target_crashed: "The tab's page crashed (its renderer process ended); everything recorded up to the crash is kept",
    worker_restart: 'The extension was restarted while recording (its last unflushed quarter second may be missing)',
    quota: 'Storage is full: recording stopped to keep what was stored',
    storage_error: 'Storage failed: recording stopped to keep what was stored',
    attach_failed: 'The debugger could not attach',
  };
  let text = s.endReason ? why[s.endReason] : s.state === 'interrupted' ? 'Interrupted' : 'Stopped';
  if (s.endDetail) text += `: ${s.endDetail}`;
  if (s.lostEvents) text += ` (${s.lostEvents} events could not be stored)`;
  return text;
}
