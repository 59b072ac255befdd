// Where a command writes: stdout for results, stderr for progress and errors. Injected, so the
// commands run in tests without a process.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress lines rewrite themselves). */
  interactive: boolean;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    interactive: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}

/** A progress reporter on stderr: one rewritten line on a terminal, a line per step otherwise. */
export function progress(io: CliIo, label: string): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    if (pct === last || (!io.interactive && pct % 25 !== 0 && done !== total)) return;
    last = pct;
    const line = `${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${pct}%)`;
    io.err(io.interactive ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
  };
}
