// A stub `curl` on PATH for running a "Copy as cURL" command with bash: it writes out the arguments
// it was given, and a marker file shows whether anything else ran.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CurlStub {
  /** Runs `command` with bash as a user would after pasting it; returns the arguments curl got. */
  run(command: string): string[];
  /** Whether `touch $MARKER` ran during the last run. */
  markerMade(): boolean;
  remove(): void;
}

export function makeCurlStub(): CurlStub {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-curl-'));
  const bin = join(dir, 'bin');
  const argvFile = join(dir, 'argv');
  const marker = join(dir, 'marker');
  mkdirSync(bin);
  // Every argument, each ended by a NUL byte (the one byte an argument cannot hold).
  writeFileSync(join(bin, 'curl'), `#!/bin/sh\nprintf '%s\\0' "$@" > '${argvFile}'\n`);
  chmodSync(join(bin, 'curl'), 0o755);
  return {
    run(command) {
      rmSync(argvFile, { force: true });
      rmSync(marker, { force: true });
      execFileSync('bash', ['--noprofile', '--norc', '-c', command], { cwd: dir, env: { PATH: `${bin}:/usr/bin:/bin`, MARKER: marker, HOME: dir } });
      const raw = readFileSync(argvFile, 'utf8');
      if (!raw.endsWith('\0')) throw new Error(`curl stub wrote ${JSON.stringify(raw)}`);
      return raw.slice(0, -1).split('\0');
    },
    markerMade: () => existsSync(marker),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
