// netlens diff A B [--json | --markdown] [--budget FILE] [-o FILE] [--no-redact]: what changed in meaning
// between two recordings (each a HAR, a CDP event log or a Netlens export), and whether the
// second stays within a budget. Exit codes: 0 within budget (or no budget), 1 a budget violated,
// 2 bad input or usage, 3 anything else (the -o file cannot be written, an internal error).
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs, one, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { foldInput } from '../load-input.ts';
import { ImportError } from '../../core/import/errors.ts';
import { inputProblems } from '../../core/report/input-problems.ts';
import { redactReport } from '../../core/redact/report.ts';
import { BudgetError, KIND_ORDER, checkBudget, diffMarkdown, diffRecordings, diffText, parseBudget, type ChangeKind, type DiffSide, type Violation } from '../../core/diff/index.ts';

export const DIFF_HELP = `Usage: netlens diff A B [--json | --markdown] [--budget FILE] [--ignore KINDS]
                   [--same-origin A=B] [-o FILE] [--no-redact]

Compares two recordings of a page (each a HAR, a CDP event log or a Netlens HAR
export) and says what changed in meaning, largest effect first: requests added,
removed or moved to another origin; status; cache verdict (served from a cache
before and not now, or no longer storable, and why); CORS class and preflights;
connections used per origin; protocol; origins contacted; bytes; timing phases
and page loads; stream message counts. It warns when the two were recorded under
different conditions (browser version, cache disabled, cold or warm loads, the
number of page loads, and the recordings' own "conditions" when they carry them).

Requests are matched by method and a normalised URL, the k-th of a key in A with
the k-th in B. Normalising: scheme and host lower case, the port kept, the fragment
dropped; in every path segment and query value, tokens (split at - _ . ~ , +) that
are a UUID become {uuid}, 4 or more digits {n}, 8 or more hex digits with a digit
{hex}, 8 or more letters and digits with both {id}; query parameters sorted by name;
the values of cache-buster and session names (_, t, ts, v, cb, nocache, rand,
timestamp, sid, nonce, token, sig, …) become {v}. Requests left over are matched
again on path and query alone: those moved to another origin.

Timing is reported only beyond the noise (two loads of one page never take the
same time). A request's phase (blocked, DNS, connect with TLS, send, wait for the
server, download; the median of its loads when a side loaded the URL more than
once) has changed when the difference is at least 300 ms (DNS and connect 200 ms,
send 100 ms) and at least 50 % of before, and more than the spread (slowest minus
fastest) of that phase among the URLs either side loaded more than once. A page's
load event has changed when it moved by at least 500 ms and 20 %, and more than
the spread of either side's loads of that page. Record several runs of the same
kind (--runs warm,warm,warm) to measure the noise; a change within it is not one.

Options:
  --json           print the diff (and the budget's verdict) as JSON
  --markdown       print Markdown for a pull-request comment
  --budget FILE    hold B to the limits in FILE (JSON; schema: docs/budget.schema.json):
                   maxRequests, maxBytes, maxNewConnections (connections used),
                   maxPreflights,
                   maxCacheRegressions (per origin or overall), maxLoadTimeMs (overall);
                   each violation is listed with its evidence
  --ignore KINDS   leave these kinds of change out (comma-separated, repeatable): added,
                   removed, moved, status, cache, cors, connections, protocol, origins,
                   bytes, timing, streams (e.g. timing when A and B were recorded
                   on different machines)
  --same-origin A=B  compare A's origin A as B's origin B (repeatable): the same server
                   recorded on another port or host (staging and production), so its
                   requests match instead of all moving; the diff suggests it when every
                   request of an origin moved to one contacted only in B
  -o, --out FILE   write the diff to FILE instead of standard output (for a pull-request
                   comment: --markdown -o netlens.md); the exit code is as without -o
  --no-redact      quote URLs as recorded; by default the output goes through the same
                   redaction as an exported HAR (it gets pasted into pull requests)
  -h, --help       show this help

Exit codes:
  0  done, and within the budget (or no --budget)
  1  a budget was violated
  2  bad input: a file that cannot be read as a recording, a bad budget, bad usage
  3  anything else: the -o file cannot be written, or an internal error
`;

/**
 * A recording's conditions, from a HAR's log: `browser` (read from the first 64 KB, where HAR
 * writers put it) and the optional `_netlensConditions` / `_conditions` object (the whole file is
 * parsed again for it only when it holds that name and is at most 50 MB). A CDP log has neither.
 */
async function harConditions(path: string): Promise<Pick<DiffSide, 'browser' | 'conditions'>> {
  try {
    const handle = await open(path, 'r');
    let head: string;
    try {
      const buf = Buffer.alloc(65_536);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    } finally {
      await handle.close();
    }
    if (!head.startsWith('{')) return {};
    const out: Pick<DiffSide, 'browser' | 'conditions'> = {};
    const browser = /"browser"\s*:\s*\{\s*"name"\s*:\s*"([^"\\]{1,100})"\s*,\s*"version"\s*:\s*"([^"\\]{0,40})"/.exec(head);
    if (browser) out.browser = `${browser[1]} ${browser[2]}`.trim();
    if ((await stat(path)).size <= 50_000_000) {
      const text = await readFile(path, 'utf8');
      if (text.includes('"_netlensConditions"') || text.includes('"_conditions"')) {
        const log = (JSON.parse(text.replace(/^\uFEFF/, '')) as { log?: Record<string, unknown> }).log;
        const conditions = log?._netlensConditions ?? log?._conditions;
        if (conditions && typeof conditions === 'object' && !Array.isArray(conditions)) out.conditions = conditions as Record<string, unknown>;
      }
    }
    return out;
  } catch {
    return {};
  }
}

async function readSide(path: string, io: CliIo): Promise<DiffSide> {
  let folded: Awaited<ReturnType<typeof foldInput>>;
  try {
    folded = await foldInput(path);
  } catch (err) {
    // Which of the two files is bad, when the importer's sentence does not say.
    if (err instanceof ImportError) throw err.message.includes(path) ? err : new ImportError(`${path}: ${err.message}`);
    // A file that cannot be read (a folder, no permission) is bad input too.
    if (!(err instanceof Error) || !('code' in err)) throw err;
    throw new ImportError(`Could not read ${path}: ${err.message}.`);
  }
  const { rec, notes } = folded;
  for (const note of notes) io.err(`${basename(path)}: ${note}\n`);
  for (const line of inputProblems(rec.diagnostics).lines) io.err(`${basename(path)}: ${line}\n`);
  if (rec.requests().length === 0) throw new ImportError(`${path} holds no requests: there is nothing to compare.`);
  return { label: basename(path), requests: rec.requests(), pages: rec.pages(), webSockets: rec.webSockets(), eventSources: rec.eventSources(), bodyStreams: rec.bodyStreams(), ...(await harConditions(path)) };
}

/** An origin as `--same-origin` takes it: scheme://host[:port], a trailing slash allowed. */
function origin(text: string, given: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !/^(https?|wss?):$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username || /^[a-z]+:\/\/[^/]*\/./i.test(text)) {
    throw new UsageError(`--same-origin ${given}: "${text}" is not an origin (scheme://host[:port], as http://127.0.0.1:4000, with no path).`);
  }
  return url.origin;
}

function originPair(given: string): { a: string; b: string } {
  const eq = given.indexOf('=');
  if (eq <= 0 || eq === given.length - 1) throw new UsageError(`--same-origin takes ORIGIN_OF_A=ORIGIN_OF_B (as http://127.0.0.1:4000=http://127.0.0.1:5000); got "${given}".`);
  return { a: origin(given.slice(0, eq), given), b: origin(given.slice(eq + 1), given) };
}

/** Raised when the output file cannot be written: not bad input, so exit 3 with this sentence. */
class OutputError extends Error {}

const WRITE_REASONS: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

async function writeOut(path: string, given: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    throw new OutputError(`Could not write the diff to ${given}: ${WRITE_REASONS[code] ?? (err instanceof Error ? err.message : String(err))}${code ? ` (${code})` : ''}; choose another -o path.`);
  }
}

export async function diff(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['budget', 'ignore', 'out', 'same-origin'], ['json', 'markdown', 'no-redact', 'help'], { '-h': 'help', '-o': 'out' });
  if (args.flags.has('help')) {
    io.out(DIFF_HELP);
    return 0;
  }
  const [fileA, fileB, ...rest] = args.positionals;
  if (!fileA || !fileB) throw new UsageError('diff needs two recordings: A (before) and B (now).');
  if (rest.length) throw new UsageError(`diff takes two recordings; also got ${rest.join(' ')}.`);
  if (args.flags.has('json') && args.flags.has('markdown')) throw new UsageError('choose one of --json and --markdown.');
  const ignore = (args.values.get('ignore') ?? []).flatMap((v) => v.split(',')).map((k) => k.trim()).filter(Boolean) as ChangeKind[];
  for (const k of ignore) if (!KIND_ORDER.includes(k)) throw new UsageError(`--ignore: "${k}" is not a kind of change; the kinds are ${[...KIND_ORDER].sort().join(', ')}.`);
  const sameOrigins = (args.values.get('same-origin') ?? []).map(originPair);
  const seen = new Set<string>();
  for (const p of sameOrigins) {
    if (seen.has(p.a)) throw new UsageError(`--same-origin: ${p.a} is mapped twice; give each origin of A once.`);
    seen.add(p.a);
  }
  try {
    const budgetFile = one(args, 'budget');
    const outFile = one(args, 'out');
    // The budget first: a bad budget is refused before two recordings are read.
    let budget;
    if (budgetFile !== undefined) {
      let text: string;
      try {
        text = await readFile(resolve(io.cwd, budgetFile), 'utf8');
      } catch {
        throw new BudgetError(`There is no budget file at ${budgetFile}.`);
      }
      budget = parseBudget(text, budgetFile);
    }
    const a = await readSide(resolve(io.cwd, fileA), io);
    const b = await readSide(resolve(io.cwd, fileB), io);
    a.label = fileA;
    b.label = fileB;
    const built = diffRecordings(a, b, { ignore, sameOrigins });
    const checked: Violation[] | undefined = budget ? checkBudget(budget, built) : undefined;
    const redact = !args.flags.has('no-redact');
    const d = redact ? redactReport(built).report : built;
    const violations = checked && redact ? redactReport(checked).report : checked;
    const text = args.flags.has('json')
      ? `${JSON.stringify({ ...d, ...(violations ? { budget: { file: budgetFile, within: violations.length === 0, violations } } : {}) }, null, 2)}\n`
      : args.flags.has('markdown')
        ? diffMarkdown(d, violations)
        : diffText(d, violations);
    if (outFile === undefined) io.out(text);
    else await writeOut(resolve(io.cwd, outFile), outFile, text);
    return violations && violations.length > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ImportError) throw err;
    if (err instanceof BudgetError) {
      io.err(`netlens diff: ${err.message}\n`);
      return 2;
    }
    io.err(`netlens diff: ${err instanceof Error ? err.message : String(err)}\n`);
    return 3;
  }
}
