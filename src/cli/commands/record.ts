// netlens record URL -o OUT.har: launches Chromium with the built Netlens extension, records the
// page through the extension's own control API (the capture the panel uses), then writes the HAR
// and prints the report.
import { resolve } from 'node:path';
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
import type { BodyEntry } from '../../core/bodies.ts';

export const RECORD_HELP = `Usage: netlens record URL -o OUT.har [options]

Launches Chromium (or Chrome) with the Netlens extension, records URL through the
extension's control API — the same capture the DevTools panel uses — and writes the
HAR (redacted by default) and the Netlens report. The HAR capture Chrome lacks,
automated.

Options:
  -o, --out FILE                 where to write the HAR (required)
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

The browser is found from CHROME_PATH, else /usr/bin/chromium, else an installed Chrome.
`;

export async function record(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['out', 'seconds', 'browser-arg', 'redact'], ['headless', 'ignore-certificate-errors', 'no-redact', 'json', 'help', 'bodies'], { '-o': 'out', '-h': 'help' });
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
  if (!out) throw new UsageError('record needs -o OUT.har.');
  const level = redactionLevel(args);
  const secondsArg = one(args, 'seconds');
  const seconds = secondsArg === undefined ? undefined : Number(secondsArg);
  if (seconds !== undefined && !(seconds >= 0 && seconds <= 3600)) throw new UsageError('--seconds must be a number from 0 to 3600.');
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const headless = args.flags.has('headless') || !hasDisplay;
  if (!args.flags.has('headless') && !hasDisplay) io.err('No display: recording headless.\n');

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
    const control = (req: object) => worker.evaluate((r) => (globalThis as unknown as { netlensControl(r: unknown): Promise<unknown> }).netlensControl(r), req as never) as Promise<ControlResponse>;
    const withBodies = args.flags.has('bodies');
    const started = await control({ type: 'start', tabId, ...(withBodies ? { options: { bodies: true } } : {}) });
    if (!started.ok || started.type !== 'start') throw new Error(started.ok ? 'Recording did not start.' : started.error);
    const sessionId = started.session.id;
    io.err(`Recording ${url}…\n`);
    let loadError: string | undefined;
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    } catch (err) {
      // A failed navigation is part of what was recorded; say so and keep going.
      loadError = err instanceof Error ? err.message : String(err);
      io.err(`The page did not load: ${loadError}\n`);
    }
    if (seconds !== undefined) await new Promise((r) => setTimeout(r, seconds * 1000));
    else await page.waitForNetworkIdle({ idleTime: 1000, timeout: 30_000 }).catch(() => io.err('The network did not go quiet within 30 s; stopping anyway.\n'));
    const stopped = await control({ type: 'stop', sessionId });
    const session: SessionInfo | undefined = stopped.ok && stopped.type === 'stop' ? stopped.session : undefined;
    const events = (await worker.evaluate((id) => (globalThis as unknown as { netlensStore: { events(id: string): Promise<unknown[]> } }).netlensStore.events(id), sessionId)) as StoredEvent[];
    io.err(`Recorded ${events.length.toLocaleString('en-US')} events${session ? ` (${describeEnd(session)})` : ''}.\n`);
    // The stored rows, folded as the panel and the export job fold them.
    const { recorder: rec } = await foldStoredSession([events]);
    const bodyRows = withBodies ? ((await worker.evaluate((id) => (globalThis as unknown as { netlensStore: { bodies(id: string): Promise<unknown[]> } }).netlensStore.bodies(id), sessionId)) as BodyEntry[]) : [];
    if (withBodies) io.err(`Stored ${bodyRows.filter((b) => b.body !== undefined).length} response bodies; ${bodyRows.filter((b) => b.body === undefined).length} not kept, each with its reason.\n`);
    const bodies = withBodies ? new Map(bodyRows.map((b) => [b.requestId, b])) : undefined;
    const redaction = await writeHar(rec, resolve(io.cwd, out), io, { redact: level !== false, ...(level ? { level } : {}), ...(bodies ? { bodies } : {}) });
    io.err(`Wrote ${out}: ${rec.requests().length} entries. ${describeRedaction(redaction)}\n`);
    const built = buildReport(rec, analysisSections);
    // The report is redacted as the HAR is (at the same level), unless --no-redact.
    const report = level === false ? built : redactReport(built, { level }).report;
    io.out(args.flags.has('json') ? JSON.stringify(report, null, 2) + '\n' : renderReport(report, url));
    return loadError ? 1 : 0;
  } finally {
    await launched.close();
  }
}
