// netlens convert LOG -o OUT.har [--redact strict|default | --no-redact]: a CDP event log (or a HAR) to a HAR that Chrome
// reads back, redacted unless asked otherwise, streamed to disk.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { NetworkRecorder } from '../../core/recorder/index.ts';
import { exportHar } from '../../core/har/export.ts';
import { KIND_WORDS, type RedactionKind, type RedactionLevel, type RedactionReport } from '../../core/redact/redact-har.ts';
import type { HarBuildContext, HarSource } from '../../core/har/build.ts';
import { harVerdicts } from '../../core/har/verdicts.ts';
import { one, parseArgs, UsageError, type ParsedArgs } from '../args.ts';
import { progress, type CliIo } from '../io.ts';
import { foldInput } from '../load-input.ts';
import { BodyCollector, harBodies, type BodyEntry } from '../../core/bodies.ts';
import { NETLENS_CREATOR } from '../../core/version.ts';
import { foldByLine } from '../stream-log.ts';
import { inputProblems } from '../../core/report/input-problems.ts';

export const CONVERT_HELP = `Usage: netlens convert LOG -o OUT.har [--redact strict|default | --no-redact] [--redact-header NAME]... [--redact-param NAME]...

Converts a raw CDP event log (JSON array of {method, params}, JSON Lines, or a
ChromeDriver performance log) — or a HAR — into a HAR 1.2 file that Chrome DevTools
can import, with Chrome's custom fields and Netlens's verdicts (_netlens…).

Redaction is on by default: credential headers and cookie values; secret-named query,
fragment, form, multipart, JSON and HTML values (a reviewed list: access_token, state,
code, password, client_secret, X-Amz-Signature, sig…; code_challenge, currency_code,
Idempotency-Key and content hashes stay); user:password in URLs; tokens in reset,
magic-link and webhook paths; JWT and JWE; keys in well-known formats (sk_live_, ghp_,
xoxb-, AKIA, AIza, private keys…) anywhere, in every URL, header, body, WebSocket frame
(graphql-ws, Socket.IO, STOMP, MQTT) and SSE event. The file records what was removed,
by kind and place, never the values.

Options:
  -o, --out FILE          where to write the HAR (required)
  --redact LEVEL          default, or strict: also drop every body, every WebSocket/SSE
                          payload and every query and fragment value
  --no-redact             write credentials as recorded (think before sharing the file)
  --redact-header NAME    also redact this header (repeatable)
  --redact-param NAME     also redact this query, form or JSON field (repeatable)
  -h, --help              show this help

Exit codes: 0 done; 1 failed; 2 bad usage or a file that cannot be read as a recording.
`;

export async function convert(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['out', 'redact', 'redact-header', 'redact-param'], ['no-redact', 'help'], { '-o': 'out', '-h': 'help' });
  if (args.flags.has('help')) {
    io.out(CONVERT_HELP);
    return 0;
  }
  const [file, ...rest] = args.positionals;
  if (!file) throw new UsageError('convert needs a LOG file.');
  if (rest.length) throw new UsageError(`convert takes one LOG; also got ${rest.join(' ')}.`);
  const out = one(args, 'out');
  if (!out) throw new UsageError('convert needs -o OUT.har.');
  const level = redactionLevel(args);
  const { rec, bodies } = await foldFile(file, io);
  const report = await writeHar(rec, resolve(io.cwd, out), io, {
    ...(bodies.bodies.size ? { bodies: bodies.bodies } : {}),
    redact: level !== false,
    ...(level ? { level } : {}),
    extraHeaders: args.values.get('redact-header') ?? [],
    extraParams: args.values.get('redact-param') ?? [],
  });
  io.err(`Wrote ${out}: ${rec.requests().length.toLocaleString('en-US')} entries. ${describeRedaction(report)}\n`);
  return 0;
}

/**
 * Reads and folds a file. A CDP log with one event per line (the usual layout) is folded while it
 * is read, so the file's text and the parsed events are never held whole (they were two thirds of
 * convert's peak memory); any other file, or a log with an item the importer would skip or
 * report, is read whole by the one importer the panel uses too, with the same notes.
 */
async function foldFile(file: string, io: CliIo): Promise<{ rec: NetworkRecorder; bodies: BodyCollector }> {
  const streamed = await foldStreamed(file);
  const { rec, notes, bodies } = streamed ?? (await foldInput(file));
  for (const note of notes) io.err(`${note}\n`);
  // What the recorder repaired or left out, so that nobody takes a HAR of half a log for the whole.
  for (const line of inputProblems(rec.diagnostics).lines) io.err(`${line}\n`);
  if (bodies.bodies.size) io.err(`${bodies.bodies.size.toLocaleString('en-US')} response bodies (or the reasons they are absent) kept from the input.\n`);
  return { rec, bodies };
}

async function foldStreamed(file: string): Promise<{ rec: NetworkRecorder; notes: string[]; bodies: BodyCollector } | undefined> {
  const rec = new NetworkRecorder();
  const bodies = new BodyCollector();
  let count: number | undefined;
  try {
    count = await foldByLine(file, (e) => {
      if (!bodies.take(e)) rec.dispatch(e);
    });
  } catch {
    return undefined; // no such file, unreadable…: the whole-file reader says so in words
  }
  // The same note as the whole-file importer writes for this layout.
  return count === undefined ? undefined : { rec, bodies, notes: [`CDP log (json-array): ${count.toLocaleString('en-US')} events.`] };
}

/** --redact strict|default, or --no-redact (false); the two cannot be combined. */
export function redactionLevel(args: ParsedArgs): RedactionLevel | false {
  const level = one(args, 'redact');
  if (args.flags.has('no-redact')) {
    if (level !== undefined) throw new UsageError('Use either --redact or --no-redact, not both.');
    return false;
  }
  if (level === undefined) return 'default';
  if (level !== 'strict' && level !== 'default') throw new UsageError(`--redact takes strict or default, not ${level}.`);
  return level;
}

export interface WriteHarOptions {
  redact: boolean;
  level?: RedactionLevel;
  extraHeaders?: string[];
  extraParams?: string[];
  /** What the recording was made under (`log._netlensConditions`, which `netlens diff` compares). */
  conditions?: Record<string, unknown>;
  /** The session's response bodies by CDP request id, when it recorded them. */
  bodies?: ReadonlyMap<string, BodyEntry>;
}

/** Streams the HAR of `src` to `path`, honouring the file's back-pressure. */
export async function writeHar(src: HarSource, path: string, io: CliIo, options: WriteHarOptions): Promise<RedactionReport | undefined> {
  const stream = createWriteStream(path);
  const failed = once(stream, 'error').then(([err]) => {
    throw err;
  });
  const ctx = netlensHarContext(src, options.bodies);
  if (options.conditions) ctx.conditions = options.conditions;
  const exp = exportHar(src, ctx, {
    redact: options.redact ? { extraHeaders: options.extraHeaders ?? [], extraParams: options.extraParams ?? [], level: options.level ?? 'default' } : false,
    onProgress: progress(io, 'Writing HAR entries'),
    progressEvery: 5000,
  });
  // Each chunk (the head, one entry, the tail) is encoded as UTF-8 straight into a 1 MB slab, and
  // a full slab is one write: no joined string to flatten and encode again (that cost as much as
  // writing). Every chunk is whole JSON text (JSON.stringify escapes lone surrogates), so encoding
  // chunk by chunk gives the bytes that encoding the whole text would.
  let slab = Buffer.allocUnsafe(SLAB_BYTES);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const full = slab.subarray(0, used);
    slab = Buffer.allocUnsafe(SLAB_BYTES);
    used = 0;
    if (!stream.write(full)) await Promise.race([once(stream, 'drain'), failed]);
  };
  for (const chunk of exp.chunks) {
    // At most 3 bytes per UTF-16 code unit.
    if (used + chunk.length * 3 > SLAB_BYTES) await flush();
    if (chunk.length * 3 > SLAB_BYTES) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
      continue;
    }
    used += slab.write(chunk, used);
  }
  await flush();
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
  return exp.report();
}

/** Size of the buffers the HAR is written in. */
const SLAB_BYTES = 1 << 20;

/** What every HAR Netlens writes from the command line is built with: its creator and its verdicts. */
export function netlensHarContext(src: HarSource, bodies?: ReadonlyMap<string, BodyEntry>): HarBuildContext {
  // One CORS pairing for the pools, the CORS analysis and the builder.
  const { verdicts, pairing } = harVerdicts(src);
  return { creator: { ...NETLENS_CREATOR }, verdicts, pairing, ...(bodies ? { body: harBodies(bodies) } : {}) };
}

export function describeRedaction(report: RedactionReport | undefined): string {
  if (!report) return 'NOT redacted: the file may contain cookies, tokens and passwords.';
  const parts = (Object.entries(report.counts) as [RedactionKind, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${KIND_WORDS[k]}`);
  const strict = report.level === 'strict' ? ' (strict)' : '';
  return parts.length ? `Redacted${strict} ${parts.join(', ')}.` : `Redaction${strict} found nothing to remove.`;
}
