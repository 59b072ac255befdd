#!/usr/bin/env node
// netlens: the Netlens analysis outside the browser. Commands: explain, convert, record, diff.
import { UsageError } from './args.ts';
import { processIo, type CliIo } from './io.ts';
import { explain } from './commands/explain.ts';
import { convert } from './commands/convert.ts';
import { record } from './commands/record.ts';
import { diff } from './commands/diff.ts';
import { ImportError } from '../core/import/errors.ts';
import { BrowserNotFoundError } from './find-browser.ts';
import { NETLENS_VERSION } from '../core/version.ts';

export const HELP = `netlens ${NETLENS_VERSION}: see how the browser really uses the network.

Usage:
  netlens explain FILE [--json]                 analyse a HAR or a CDP event log
  netlens convert LOG -o OUT.har [--no-redact]  turn a CDP event log into a HAR (redacted;
                                                --redact strict also drops bodies)
  netlens record URL -o OUT.har [options]       record a page in Chromium through Netlens
  netlens diff A B [--budget FILE] [--markdown] what changed between two recordings, and
                                                whether B stays within a budget

Run "netlens COMMAND --help" for a command's options.

Exit codes: 0 done; 1 failed (explain, convert, record: the work failed or the page
did not load; diff: a budget was violated); 2 bad usage or bad input (every command);
3 diff only: anything else.
`;

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => Promise<number>> = { explain, convert, record, diff };

/** Runs a command line; returns the exit code: 0 done, 1 failed (diff: a budget violated), 2 bad usage or bad input, 3 diff: anything else. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${NETLENS_VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`netlens: unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`netlens ${command}: ${err.message}\nRun "netlens ${command} --help" for usage.\n`);
      return 2;
    }
    if (err instanceof ImportError) {
      io.err(`netlens ${command}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof BrowserNotFoundError) {
      io.err(`netlens ${command}: ${err.message}\n`);
      return 1;
    }
    io.err(`netlens ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

// Run when executed (node build/cli/netlens.js, or tsx src/cli/netlens.ts), not when imported.
const entry = process.argv[1] ?? '';
if (/netlens(\.[cm]?[jt]s)?$/.test(entry)) {
  // A reader that stops early (`netlens explain x --json | head`) is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then(
    (code) => exitWhenFlushed(code),
    (err: unknown) => {
      process.stderr.write(`netlens: ${err instanceof Error ? err.stack : String(err)}\n`);
      exitWhenFlushed(1);
    },
  );
}

/**
 * Exits once stdout and stderr have handed everything to the system. Writes to a pipe are
 * asynchronous in Node: process.exit right after a large write cut `explain --json | jq` at 64 KiB.
 */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  // A write's callback runs after every write before it has been flushed.
  process.stdout.write('', done);
  process.stderr.write('', done);
}
