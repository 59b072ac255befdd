// Experiments (issue 21) in the service worker: set a recording up before anything loads (empty
// the HTTP cache, disable it, emulate network conditions), and record runs one after the other
// (cold vs warm: empty the cache and load, then load again), each run its own session that stops
// once the page has loaded and the network has gone quiet. Driven by the control API's `start
// {experiment}` and `experiment {runs}` messages; the panel's Experiments menu and the tests use them.
import type { DebuggerPort, DebuggerTarget } from '../adapters/debugger.ts';
import type { ControlRequest, ControlResponse, ExperimentRun } from '../adapters/messaging.ts';
import { bytesPerSecond, type EmulatedConditions, type ExperimentInfo, type ExperimentSetup } from '../core/experiments.ts';
import type { SessionInfo } from '../core/session.ts';

/**
 * Applies a setup on one target right after Network.enable. On the tab (`isTab`) it also empties
 * the cache; child targets (out-of-process iframes, workers) get the cache and network settings
 * only. Returns what the browser did: which emulation command it took, the rule id, what failed.
 */
export async function applyExperiment(d: DebuggerPort, target: DebuggerTarget, setup: ExperimentSetup, isTab: boolean): Promise<Pick<ExperimentInfo, 'emulation' | 'ruleId' | 'problems'>> {
  const problems: string[] = [];
  const out: Pick<ExperimentInfo, 'emulation' | 'ruleId' | 'problems'> = {};
  if (isTab && setup.clearCache) {
    // The whole HTTP cache of the profile: chrome.browsingData could empty one origin's, but it
    // needs the "browsingData" permission, and a cold load of a page empties its other origins too.
    await d.send(target, 'Network.clearBrowserCache').catch((err: unknown) => problems.push(`emptying the cache failed (${errorText(err)})`));
  }
  if (setup.cacheDisabled) {
    await d.send(target, 'Network.setCacheDisabled', { cacheDisabled: true }).catch((err: unknown) => problems.push(`disabling the cache failed (${errorText(err)})`));
  }
  if (setup.conditions) {
    const applied = await emulate(d, target, setup.conditions);
    if (typeof applied === 'string') problems.push(applied);
    else {
      out.emulation = applied.emulation;
      if (applied.ruleId !== undefined) out.ruleId = applied.ruleId;
    }
  }
  if (problems.length && isTab) out.problems = problems;
  return out;
}

/**
 * Emulates the conditions. Tries Network.emulateNetworkConditionsByRule (one rule with an empty
 * pattern: every request) with Network.overrideNetworkState (navigator.onLine and
 * navigator.connection); a browser without them gets the deprecated emulateNetworkConditions,
 * which does both in one command. Support is found by trying, never by the version number.
 */
async function emulate(d: DebuggerPort, target: DebuggerTarget, c: EmulatedConditions): Promise<{ emulation: 'byRule' | 'legacy'; ruleId?: string } | string> {
  const offline = Boolean(c.offline);
  const figures = { latency: offline ? 0 : c.latencyMs, downloadThroughput: offline ? -1 : bytesPerSecond(c.downloadKbps), uploadThroughput: offline ? -1 : bytesPerSecond(c.uploadKbps) };
  try {
    const r = await d.send<{ ruleIds?: string[] }>(target, 'Network.emulateNetworkConditionsByRule', { matchedNetworkConditions: [{ urlPattern: '', ...figures, offline }] });
    await d.send(target, 'Network.overrideNetworkState', { offline, ...figures }).catch(() => undefined);
    const ruleId = r?.ruleIds?.[0];
    return { emulation: 'byRule', ...(ruleId !== undefined ? { ruleId } : {}) };
  } catch {
    try {
      await d.send(target, 'Network.emulateNetworkConditions', { offline, ...figures });
      return { emulation: 'legacy' };
    } catch (err) {
      return `emulating the network conditions failed (${errorText(err)})`;
    }
  }
}

export interface ExperimentDeps {
  debugger: DebuggerPort;
  /** The recordings' control handler (start and stop). */
  control(req: Exclude<ControlRequest, { type: 'retention' | 'experiment' | 'bodyLimits' }>): Promise<ControlResponse>;
  /** How long a run waits for the load event, and then for the network to go quiet (ms). */
  loadTimeoutMs?: number;
  quietMs?: number;
  settleTimeoutMs?: number;
}

/** What one run waits on: the tab's load event after the load was asked for, then no request in flight for `quietMs`. */
class LoadWatch {
  loaded = false;
  readonly inFlight = new Set<string>();
  lastActivity = Date.now();
  constructor(readonly tabId: number) {}
  event(method: string, params: Record<string, unknown>, fromTab: boolean): void {
    const id = typeof params.requestId === 'string' ? params.requestId : undefined;
    if (method === 'Page.loadEventFired' && fromTab) this.loaded = true;
    else if (method === 'Network.requestWillBeSent' && id) this.inFlight.add(id);
    else if ((method === 'Network.loadingFinished' || method === 'Network.loadingFailed') && id) this.inFlight.delete(id);
    else if (method === 'Network.webSocketCreated' || method === 'Network.eventSourceMessageReceived') {
      // Long-lived channels never finish: they must not keep a run waiting.
      if (id) this.inFlight.delete(id);
    } else return;
    this.lastActivity = Date.now();
  }
}

export class Experiments {
  private readonly watches = new Set<LoadWatch>();

  constructor(private readonly deps: ExperimentDeps) {}

  /** Every debugger event (the worker's router calls it beside the recordings'). */
  observe(target: DebuggerTarget, method: string, params: unknown): void {
    if (this.watches.size === 0) return;
    for (const w of this.watches) if (w.tabId === target.tabId) w.event(method, (params ?? {}) as Record<string, unknown>, target.sessionId === undefined);
  }

  /** Runs `experiment {runs}`: one session per run, in order. A run that cannot start ends the experiment with the sessions so far. */
  async run(req: Extract<ControlRequest, { type: 'experiment' }>): Promise<ControlResponse> {
    if (!req.runs.length) return { ok: false, error: 'An experiment needs at least one run.' };
    const status = await this.deps.control({ type: 'status' });
    if (status.ok && status.type === 'status' && status.recordings.some((r) => r.session.tabId === req.tabId)) {
      return { ok: false, error: 'This tab is being recorded: stop the recording before running an experiment (each run records a session of its own).' };
    }
    const sessions: SessionInfo[] = [];
    const notes: string[] = [];
    let url = req.url;
    for (const [i, run] of req.runs.entries()) {
      const label = run.setup.name ?? `run ${i + 1}`;
      const started = await this.deps.control({ type: 'start', tabId: req.tabId, experiment: { ...run.setup, load: run.load } });
      if (!started.ok) return sessions.length ? { ok: true, type: 'experiment', sessions, notes: [...notes, `${label} did not start: ${started.error}`] } : started;
      if (started.type !== 'start') return { ok: false, error: 'The recording did not start.' };
      url ??= started.session.url;
      const problem = await this.load(req.tabId, run, url);
      if (problem) notes.push(`${label}: ${problem}`);
      const stopped = await this.deps.control({ type: 'stop', sessionId: started.session.id });
      sessions.push(stopped.ok && stopped.type === 'stop' ? stopped.session : started.session);
    }
    return { ok: true, type: 'experiment', sessions, notes };
  }

  /** Loads the page as the run says and waits until it has loaded and gone quiet; returns a problem in words, if any. */
  private async load(tabId: number, run: ExperimentRun, url: string | undefined): Promise<string | undefined> {
    const watch = new LoadWatch(tabId);
    this.watches.add(watch);
    try {
      const tab = { tabId };
      if (run.load === 'navigate') {
        if (!url || !/^(https?|file):/.test(url)) return `there is no web page to load (${url || 'no URL'}).`;
        const r = await this.deps.debugger.send<{ errorText?: string }>(tab, 'Page.navigate', { url });
        if (r?.errorText) return `the page did not load: ${r.errorText}.`;
      } else {
        await this.deps.debugger.send(tab, 'Page.reload', { ignoreCache: run.load === 'hardReload' });
      }
      const loadTimeout = this.deps.loadTimeoutMs ?? 30_000;
      if (!(await until(() => watch.loaded, loadTimeout))) return `the page did not fire its load event within ${loadTimeout / 1000} s; the recording stopped anyway.`;
      const quiet = this.deps.quietMs ?? 500;
      const settle = this.deps.settleTimeoutMs ?? 10_000;
      const settled = await until(() => watch.inFlight.size === 0 && Date.now() - watch.lastActivity >= quiet, settle);
      if (!settled) return `${watch.inFlight.size} request(s) were still open ${settle / 1000} s after the load event; the recording stopped anyway.`;
      return undefined;
    } catch (err) {
      return `loading failed: ${errorText(err)}`;
    } finally {
      this.watches.delete(watch);
    }
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
