// A small argument parser for the netlens commands: positionals, --flags, --key value (repeatable).

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `valued` names the options that take a value (`--out FILE` or `--out=FILE`); aliases map short names. */
export function parseArgs(argv: readonly string[], valued: readonly string[], known: readonly string[], aliases: Record<string, string> = {}): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq > 0 ? arg.slice(0, eq) : arg;
    const name = aliases[rawName] ?? rawName.replace(/^--?/, '');
    if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${rawName} needs a value.`);
      out.values.set(name, [...(out.values.get(name) ?? []), value]);
    } else if (known.includes(name)) {
      if (eq > 0) throw new UsageError(`${rawName} takes no value.`);
      out.flags.add(name);
    } else {
      throw new UsageError(`Unknown option ${rawName}.`);
    }
  }
  return out;
}

export function one(args: ParsedArgs, name: string): string | undefined {
  const v = args.values.get(name);
  if (v && v.length > 1) throw new UsageError(`--${name} given more than once.`);
  return v?.[0];
}
