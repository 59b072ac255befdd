// netlens record URL -o OUT.har: launches Chromium with the built Netlens extension, records the
// page through the extension's own control API (the capture the panel uses), then writes the HAR
// and prints the report.
import { join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { launchWithExtension } from '../launch.ts';
import { findDist } from '../find-dist.ts';
import { one, parseArgs, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import type { StoredEvent } from '../../core/cdp.ts';
import { foldStoredSession } from '../../core/fold-session.ts';
import { buildReport } from '../../core/report/report.ts';
import { analysisSections } from '../../core/report/sections.ts';
import { describeEnd, type SessionInfo } from '../../core/session.ts';
import type { ControlResponse } from '../../adapters/messaging.ts';
import { renderReport } from '../render-report.ts';
import { redactReport } from '../../core/redact/report.ts';
import { describeRedaction, redactionLevel, writeHar } from './convert.ts';
import { parseExperimentFlags, loadSteps, type RecordRun, type Steps } from '../record-options.ts';
import { describeExperiment, EMULATION_LIMITS, experimentConditions, PRESETS, type ExperimentSetup } from '../../core/experiments.ts';
import type { Page, WebWorker } from 'puppeteer-core';
import type { BodyEntry } from '../../core/bodies.ts';

export const RECORD_HELP = `Usage: netlens record URL (-o OUT.har | --out-dir DIR) [options]

Launches Chromium (or Chrome) with the Netlens extension, records URL through the
extension's control API — the same capture the DevTools panel uses — and writes the
HAR (redacted by default) and the Netlens report. The HAR capture Chrome lacks,
automated.

Options:
  -o, --out FILE                 where to write the HAR (every run in one file, one page each)
  --out-dir DIR                  write one HAR per run instead (DIR/1-cold.har, DIR/2-warm.har, …)
  --seconds N                    keep recording N seconds after the load event
                                 (default: until the network has been quiet for 1 s)
  --headless                     run without a window (the default when there is no display)
  --ignore-certificate-errors    accept invalid certificates (note: Chrome does not cache
                                 responses from such connections)
  --browser-arg ARG              pass a flag to Chromium (repeatable)
  --bodies                       also record response bodies (up to 1 MB each, 50 MB in
                                 all; a body not kept says why in _netlensBodyReason)
  --redact LEVEL                 default, or strict (also drops bodies, WebSocket/SSE
                                 payloads and query values)
  --no-redact                    write credentials as recorded
  --json                         print the report as JSON
  -h, --help                     show this help

Experiments (each run is its own recording, in one browser profile):
  --runs LIST                    record the URL several times, e.g. cold,warm,reload:
                                   cold         empty the whole HTTP cache, then load
                                   warm         load again (a navigation)
                                   reload       a normal reload
                                   hard-reload  a reload that bypasses the cache
  --throttle PRESET              emulate a network: ${PRESETS.map((p) => `"${p.label}"`).join(', ')}
  --latency MS                   or your own: added latency in ms,
  --download KBPS                download and upload throughput in kbit/s
  --upload KBPS                  (unlimited when left out)
  --cache-disabled               bypass the HTTP cache for every request
  --steps FILE                   an ES module (.mjs) exporting async (page) => { … }: run with
                                 Puppeteer after each load while Netlens records (log in,
                                 click through a flow). If it throws, what was recorded is
                                 still written, the error is printed and the exit code is 3.

Emulation holds each request back by the latency and paces its bytes; it does not add
round trips to DNS, TCP and TLS set-up. Emptying the cache (cold) empties it for every
site in the profile and leaves open connections open.

The browser is found from CHROME_PATH, else /usr/bin/chromium, else an installed Chrome.

Exit codes: 0 recorded; 1 the page did not load (what was recorded is still written),
no browser was found, or recording failed; 2 bad usage; 3 the --steps module threw (what was
recorded is still written).
`;

type Control = (req: object) => Promise<ControlResponse>;

interface RunResult {
  run: RecordRun;
  session: SessionInfo | undefined;
  events: StoredEvent[];
  /** The run's response-body rows (with --bodies), by CDP request id. */
  bodies?: Map<string, BodyEntry>;
}

export async function record(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(
    argv,
    ['out', 'out-dir', 'seconds', 'browser-arg', 'redact', 'runs', 'throttle', 'latency', 'download', 'upload', 'steps'],
    ['headless', 'ignore-certificate-errors', 'no-redact', 'json', 'help', 'cache-disabled', 'bodies'],
    { '-o': 'out', '-h': 'help' },
  );
  if (args.flags.has('help')) {
    io.out(RECORD_HELP);
    return 0;
  }
  const [url, ...rest] = args.positionals;
  if (!url) throw new UsageError('record needs a URL.');
  if (rest.length) throw new UsageError(`record takes one URL; also got ${rest.join(' ')}.`);
  try {
    const u = new URL(url);
    if (!/^(https?|file):$/.test(u.protocol)) throw new Error();
  } catch {
    throw new UsageError(`${url} is not an http(s) URL.`);
  }
  const out = one(args, 'out');
  const outDir = one(args, 'out-dir');
  if (!out && !outDir) throw new UsageError('record needs -o OUT.har (or --out-dir DIR for one file per run).');
  if (out && outDir) throw new UsageError('Give -o OUT.har or --out-dir DIR, not both.');
  const level = redactionLevel(args);
  const secondsArg = one(args, 'seconds');
  const seconds = secondsArg === undefined ? undefined : Number(secondsArg);
  if (seconds !== undefined && !(seconds >= 0 && seconds <= 3600)) throw new UsageError('--seconds must be a number from 0 to 3600.');
  const experiment = parseExperimentFlags(args, io.cwd);
  // The steps module is loaded before the browser starts, so a typo costs no launch.
  const steps = experiment.steps ? await loadSteps(experiment.steps) : undefined;
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const headless = args.flags.has('headless') || !hasDisplay;
  if (!args.flags.has('headless') && !hasDisplay) io.err('No display: recording headless.\n');
  if (experiment.conditions) io.err(`Network conditions ${describeExperiment({ conditions: experiment.conditions })}. ${EMULATION_LIMITS}\n`);

  const browserArgs = [...(args.values.get('browser-arg') ?? [])];
  if (args.flags.has('ignore-certificate-errors')) browserArgs.push('--ignore-certificate-errors');
  io.err(`Launching Chromium with Netlens${headless ? ' (headless)' : ''}…\n`);
  const launched = await launchWithExtension({ extensionDir: findDist(), headless, args: browserArgs, deterministic: false });
  try {
    const worker = await launched.serviceWorker();
    const [first] = await launched.browser.pages();
    const page = first ?? (await launched.browser.newPage());
    const cdp = await page.createCDPSession();
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    await cdp.detach();
    const tabId = await worker.evaluate(async (id) => (await chrome.debugger.getTargets()).find((t) => t.id === id)?.tabId, targetInfo.targetId);
    if (tabId === undefined) throw new Error('Could not find the tab to record.');
    const control: Control = (req) => worker.evaluate((r) => (globalThis as unknown as { netlensControl(r: unknown): Promise<unknown> }).netlensControl(r), req as never) as Promise<ControlResponse>;
    const results: RunResult[] = [];
    const withBodies = args.flags.has('bodies');
    let loadError: string | undefined;
    let stepsError: string | undefined;
    const many = experiment.runs.length > 1;
    for (const [i, run] of experiment.runs.entries()) {
      const setup: ExperimentSetup = {
        ...(run.name ? { name: run.name } : {}),
        ...(run.clearCache ? { clearCache: true } : {}),
        ...(experiment.cacheDisabled ? { cacheDisabled: true } : {}),
        ...(experiment.conditions ? { conditions: experiment.conditions } : {}),
        load: run.load,
      };
      const plain = run.kind === 'load' && !experiment.conditions && !experiment.cacheDisabled;
      const started = await control({ type: 'start', tabId, ...(withBodies ? { options: { bodies: true } } : {}), ...(plain ? {} : { experiment: setup }) });
      if (!started.ok || started.type !== 'start') throw new Error(started.ok ? 'Recording did not start.' : started.error);
      const sessionId = started.session.id;
      const label = many ? `run ${i + 1} (${run.name})` : run.name || url;
      io.err(`Recording ${url}${many || run.name ? ` — ${label}` : ''}…\n`);
      if (started.session.experiment?.problems?.length) io.err(`Not applied: ${started.session.experiment.problems.join('; ')}.\n`);
      if (started.session.experiment?.emulation === 'legacy') io.err('This browser lacks Network.emulateNetworkConditionsByRule: the conditions were set with the older Network.emulateNetworkConditions, and requests are not marked.\n');
      try {
        if (run.load === 'navigate') await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        else await page.reload({ waitUntil: 'load', timeout: 60_000, ignoreCache: run.load === 'hardReload' });
      } catch (err) {
        // A failed navigation is part of what was recorded; say so and keep going.
        loadError = err instanceof Error ? err.message : String(err);
        io.err(`The page did not load${many ? ` (${label})` : ''}: ${loadError}\n`);
      }
      if (steps && !stepsError) stepsError = await runSteps(steps, page, experiment.steps!.given, io);
      await settle(page, seconds, io);
      results.push(await stopRun(control, worker, run, sessionId, io, withBodies));
      if (stepsError) break;
    }
    const written = await writeResults(results, out, outDir, io, level);
    // The report is of every run together (one HAR page per run) and is redacted as the HAR is.
    const built = buildReport(written, analysisSections);
    const report = level === false ? built : redactReport(built, { level }).report;
    io.out(args.flags.has('json') ? JSON.stringify(report, null, 2) + '\n' : renderReport(report, url));
    if (stepsError) return 3;
    return loadError ? 1 : 0;
  } finally {
    await launched.close();
  }
}

/** Runs the --steps module; returns the error in words when it throws. */
async function runSteps(steps: Steps, page: Page, given: string, io: CliIo): Promise<string | undefined> {
  io.err(`Running the steps in ${given}…\n`);
  try {
    await steps(page);
    return undefined;
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    io.err(`The steps in ${given} failed: ${text}\nWhat was recorded up to then is kept.\n`);
    return text;
  }
}

async function settle(page: Page, seconds: number | undefined, io: CliIo): Promise<void> {
  if (seconds !== undefined) await new Promise((r) => setTimeout(r, seconds * 1000));
  else await page.waitForNetworkIdle({ idleTime: 1000, timeout: 30_000 }).catch(() => io.err('The network did not go quiet within 30 s; stopping anyway.\n'));
}

async function stopRun(control: Control, worker: WebWorker, run: RecordRun, sessionId: string, io: CliIo, withBodies: boolean): Promise<RunResult> {
  const stopped = await control({ type: 'stop', sessionId });
  const session: SessionInfo | undefined = stopped.ok && stopped.type === 'stop' ? stopped.session : undefined;
  const events = (await worker.evaluate((id) => (globalThis as unknown as { netlensStore: { events(id: string): Promise<unknown[]> } }).netlensStore.events(id), sessionId)) as StoredEvent[];
  const what = describeExperiment(session?.experiment);
  io.err(`Recorded ${events.length.toLocaleString('en-US')} events${session ? ` (${describeEnd(session)})` : ''}${what ? `: ${what}` : ''}.\n`);
  if (!withBodies) return { run, session, events };
  const rows = (await worker.evaluate((id) => (globalThis as unknown as { netlensStore: { bodies(id: string): Promise<unknown[]> } }).netlensStore.bodies(id), sessionId)) as BodyEntry[];
  io.err(`Stored ${rows.filter((b) => b.body !== undefined).length} response bodies; ${rows.filter((b) => b.body === undefined).length} not kept, each with its reason.\n`);
  return { run, session, events, bodies: new Map(rows.map((b) => [b.requestId, b])) };
}

/**
 * What the runs of one HAR were made under: each key the runs share as is, a key that differs as
 * the runs' values joined by " / " in run order ("cold / warm").
 */
function runsConditions(results: RunResult[]): Record<string, unknown> | undefined {
  const each = results.map((r) => experimentConditions(r.session?.experiment) ?? {});
  if (each.every((c) => Object.keys(c).length === 0)) return undefined;
  const keys = [...new Set(each.flatMap((c) => Object.keys(c)))];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const values = each.map((c) => (c[k] === undefined ? '—' : String(c[k])));
    out[k] = values.every((v) => v === values[0]) ? each[0]![k] : values.join(' / ');
  }
  return out;
}

/**
 * Folds and writes the runs: into one HAR (the runs' events one after the other, numbered on, so
 * each run's navigation is a page of its own) or one HAR per run in --out-dir. Returns the fold
 * of every run, for the report.
 */
async function writeResults(results: RunResult[], out: string | undefined, outDir: string | undefined, io: CliIo, level: ReturnType<typeof redactionLevel>) {
  const options = { redact: level !== false, ...(level ? { level } : {}) };
  if (outDir) {
    await mkdir(resolve(io.cwd, outDir), { recursive: true });
    for (const [i, r] of results.entries()) {
      const { recorder } = await foldStoredSession([r.events]);
      const file = join(outDir, `${i + 1}-${(r.run.name || 'load').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'run'}.har`);
      const conditions = experimentConditions(r.session?.experiment);
      const redaction = await writeHar(recorder, resolve(io.cwd, file), io, { ...options, ...(conditions ? { conditions } : {}), ...(r.bodies ? { bodies: r.bodies } : {}) });
      io.err(`Wrote ${file}: ${recorder.requests().length} entries. ${describeRedaction(redaction)}\n`);
    }
  }
  let offset = 0;
  const all = results.map((r) => {
    const events = r.events.map((e) => ({ ...e, seq: e.seq + offset }));
    offset += r.events.length;
    return events;
  });
  const { recorder: rec } = await foldStoredSession(all);
  if (out) {
    const conditions = runsConditions(results);
    // Request ids are the browser's, unique across the runs of one browser.
    const bodies = results.some((r) => r.bodies) ? new Map(results.flatMap((r) => [...(r.bodies ?? [])])) : undefined;
    const redaction = await writeHar(rec, resolve(io.cwd, out), io, { ...options, ...(conditions ? { conditions } : {}), ...(bodies ? { bodies } : {}) });
    io.err(`Wrote ${out}: ${rec.requests().length} entries${results.length > 1 ? `, ${results.length} runs` : ''}. ${describeRedaction(redaction)}\n`);
  }
  return rec;
}
