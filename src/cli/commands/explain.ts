// netlens explain FILE [--json]: the Netlens analysis of a HAR or CDP log.
import { buildReport } from '../../core/report/report.ts';
import { analysisSections } from '../../core/report/sections.ts';
import { parseArgs, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { foldInput } from '../load-input.ts';
import { renderReport } from '../render-report.ts';
import { inputProblems } from '../../core/report/input-problems.ts';
import { jsonText } from '../../core/har/json-text.ts';
import { redactReport } from '../../core/redact/report.ts';
import { whatIfSection } from '../../core/report/whatif-section.ts';

/** The report for scripts: indented, unless it is too deep for JSON.stringify (then on one line). */
export function reportJson(report: unknown): string {
  try {
    return JSON.stringify(report, null, 2);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return jsonText(report);
  }
}

export const EXPLAIN_HELP = `Usage: netlens explain FILE [--json] [--no-redact] [--what-if]

Prints the Netlens analysis of a HAR file or a raw CDP event log (a JSON array of
{method, params}, JSON Lines, or a ChromeDriver performance log): per-origin socket
pools and connections, cache verdicts with their reasons, CORS preflights, streams,
and notable findings.

Options:
  --json       print the report as JSON, for scripts
  --no-redact  quote URLs, headers and messages as recorded; by default the report
               goes through the same redaction as an exported HAR (credentials in
               URLs, headers and texts become [REDACTED]), since reports get pasted
               into tickets as often as HAR files get attached to them
  --what-if    add estimates of the first page load under other protocols and
               networks (HTTP/1.1 <-> HTTP/2, round-trip time x 2 and / 2), each with
               the error bound its real-browser validation holds, the model's
               assumptions and the critical path; scenarios not validated are listed,
               not estimated
  -h, --help   show this help

Exit codes: 0 done; 1 failed; 2 bad usage or a file that cannot be read as a recording.
`;

export async function explain(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [], ['json', 'no-redact', 'what-if', 'help'], { '-h': 'help' });
  if (args.flags.has('help')) {
    io.out(EXPLAIN_HELP);
    return 0;
  }
  const [file, ...rest] = args.positionals;
  if (!file) throw new UsageError('explain needs a FILE (a HAR or a CDP event log).');
  if (rest.length) throw new UsageError(`explain takes one FILE; also got ${rest.join(' ')}.`);
  const { rec, notes, problems } = await foldInput(file);
  for (const note of notes) io.err(`${note}\n`);
  for (const line of inputProblems(rec.diagnostics).lines) io.err(`${line}\n`);
  const built = buildReport(rec, args.flags.has('what-if') ? [...analysisSections, whatIfSection] : analysisSections, problems);
  const report = args.flags.has('no-redact') ? built : redactReport(built).report;
  if (args.flags.has('json')) io.out(reportJson(report) + '\n');
  else io.out(renderReport(report, file));
  return 0;
}
