// The experiment flags of `netlens record` (issue 21): --runs, --throttle, --latency / --download /
// --upload, --cache-disabled, --steps. Parsed into plain data here; record.ts runs them.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { customConditions, findPreset, PRESETS, type EmulatedConditions, type ExperimentLoad } from '../core/experiments.ts';
import { one, UsageError, type ParsedArgs } from './args.ts';

/** One load of the URL: `load` is the first (or only) plain run; cold empties the cache first. */
export type RunKind = 'load' | 'cold' | 'warm' | 'reload' | 'hard-reload';

export interface RecordRun {
  kind: RunKind;
  /** The session's name: the run, with the network preset when there is one ("cold, Slow 4G"). */
  name: string;
  clearCache: boolean;
  load: Exclude<ExperimentLoad, 'none'>;
}

export interface ExperimentFlags {
  runs: RecordRun[];
  conditions?: EmulatedConditions;
  cacheDisabled: boolean;
  /** The --steps module's path, as given and resolved. */
  steps?: { given: string; path: string };
}

const RUN_KINDS: Record<string, { kind: RunKind; load: RecordRun['load'] }> = {
  cold: { kind: 'cold', load: 'navigate' },
  warm: { kind: 'warm', load: 'navigate' },
  reload: { kind: 'reload', load: 'reload' },
  'hard-reload': { kind: 'hard-reload', load: 'hardReload' },
};

function number(args: ParsedArgs, name: string): number | undefined {
  const v = one(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number; got "${v}".`);
  return n;
}

export function parseExperimentFlags(args: ParsedArgs, cwd: string): ExperimentFlags {
  let conditions: EmulatedConditions | undefined;
  const throttle = one(args, 'throttle');
  const latency = number(args, 'latency');
  const download = number(args, 'download');
  const upload = number(args, 'upload');
  if (throttle !== undefined) {
    if (latency !== undefined || download !== undefined || upload !== undefined) throw new UsageError('--throttle takes a preset; give either it or --latency / --download / --upload, not both.');
    conditions = findPreset(throttle);
    if (!conditions) throw new UsageError(`Unknown --throttle preset "${throttle}"; the presets are ${PRESETS.map((p) => `"${p.label}"`).join(', ')}.`);
  } else if (latency !== undefined || download !== undefined || upload !== undefined) {
    const custom = customConditions(latency ?? 0, download, upload);
    if (typeof custom === 'string') throw new UsageError(custom);
    conditions = custom;
  }
  const suffix = conditions ? `, ${conditions.label}` : '';
  const runsArg = one(args, 'runs');
  let runs: RecordRun[];
  if (runsArg === undefined) {
    runs = [{ kind: 'load', name: conditions ? conditions.label : '', clearCache: false, load: 'navigate' }];
  } else {
    const names = runsArg.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (names.length === 0) throw new UsageError('--runs needs a list such as cold,warm,reload.');
    if (names.length > 20) throw new UsageError('--runs takes at most 20 runs.');
    runs = names.map((n, i) => {
      const k = RUN_KINDS[n];
      if (!k) throw new UsageError(`Unknown run "${n}" in --runs; the runs are cold, warm, reload and hard-reload.`);
      if (i === 0 && (k.kind === 'reload' || k.kind === 'hard-reload')) throw new UsageError(`--runs cannot start with ${n}: there is no page to reload yet.`);
      return { kind: k.kind, name: n + suffix, clearCache: k.kind === 'cold', load: k.load };
    });
  }
  const stepsArg = one(args, 'steps');
  return {
    runs,
    ...(conditions ? { conditions } : {}),
    cacheDisabled: args.flags.has('cache-disabled'),
    ...(stepsArg !== undefined ? { steps: { given: stepsArg, path: resolve(cwd, stepsArg) } } : {}),
  };
}

export type Steps = (page: unknown) => Promise<unknown>;

/** Imports the --steps module and returns its function (the default export, else `steps`); a sentence when it cannot. */
export async function loadSteps(steps: { given: string; path: string }): Promise<Steps> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(steps.path).href)) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`Could not load the --steps module ${steps.given}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const fn = typeof mod.default === 'function' ? mod.default : typeof mod.steps === 'function' ? mod.steps : undefined;
  if (!fn) throw new UsageError(`The --steps module ${steps.given} exports no function: write "export default async (page) => { … }".`);
  return fn as Steps;
}
