// One fuzz input through everything a user's file goes through, with the functions the CLI calls:
// import (HAR, CDP JSON array, JSON Lines, perflog), the fold, `explain` (the report, as text and
// as JSON), `convert` (the HAR), and the HAR read back again. Each stage's output is scanned for
// nonsense. The result says ok, refused (an ImportError with a sentence), or what went wrong where.
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { importText } from '../../../src/core/import/import-text.ts';
import { ImportError } from '../../../src/core/import/errors.ts';
import { buildReport } from '../../../src/core/report/report.ts';
import { analysisSections } from '../../../src/core/report/sections.ts';
import { renderReport } from '../../../src/cli/render-report.ts';
import { netlensHarContext } from '../../../src/cli/commands/convert.ts';
import { exportHar } from '../../../src/core/har/export.ts';
import { harValidator } from '../har/validator.ts';
import { scanHar, scanReport, scanText } from './scan.ts';

/**
 * Redaction is being rewritten on another branch (its deep recursion and its JWT pattern). Until
 * that lands, its stage runs isolated: its failures are counted and listed by kind, but do not fail
 * the fuzz test. THE ONE LINE TO CHANGE when the redaction work is merged: set this to true.
 */
export const REDACTION_FAILS_TEST = true;

export type Stage = 'import' | 'fold' | 'report' | 'render' | 'convert' | 'har-scan' | 'reimport' | 'redaction';
export type Outcome =
  | { kind: 'ok'; requests: number }
  | { kind: 'refused'; message: string }
  | { kind: 'crash' | 'nonsense'; stage: Stage; message: string };

export interface Result {
  outcome: Outcome;
  /** The redaction stage, isolated (see REDACTION_FAILS_TEST); undefined when it passed or did not run. */
  redaction?: { kind: 'crash' | 'nonsense'; message: string };
}

const schema = harValidator();
/** The HAR schema's complaints, but a URL as unencoded as the input wrote it (a space in it) is the input's. */
const validate = (har: unknown) => schema(har).filter((e) => !/url must match format "uri"/.test(e));

/** A refusal must be a sentence a user can act on. */
function isSentence(message: string): boolean {
  return message.length > 10 && /[.)?]$/.test(message.trim()) && !/\[object Object\]|\bundefined\b|\bNaN\b/.test(message);
}

const errText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : String(err).slice(0, 300));

export function runPipeline(text: string, onStage: (stage: Stage) => void = () => {}): Result {
  let stage: Stage = 'import';
  const enter = (s: Stage) => {
    stage = s;
    onStage(s);
  };
  try {
    enter('import');
    let imported;
    try {
      imported = importText(text);
    } catch (err) {
      if (err instanceof ImportError) {
        if (!isSentence(err.message)) return { outcome: { kind: 'nonsense', stage, message: `refusal is not a sentence: ${err.message}` } };
        return { outcome: { kind: 'refused', message: err.message } };
      }
      throw err;
    }
    enter('fold');
    const rec = NetworkRecorder.fromLog(imported.events);
    enter('report');
    const report = buildReport(rec, analysisSections, imported.problems);
    const bad = scanReport(report);
    if (bad) return { outcome: { kind: 'nonsense', stage, message: bad } };
    enter('render');
    const json = JSON.stringify(report, null, 2);
    const rendered = renderReport(report, 'fuzz input');
    // The input problems quote the input; they were checked in the report above.
    const quoted = new Set(report.inputProblems);
    const badText = scanText(rendered.split('\n').filter((l) => !quoted.has(l.trim())).join('\n'), 'report text');
    if (badText) return { outcome: { kind: 'nonsense', stage, message: badText } };
    if (json.includes('[object Object]')) return { outcome: { kind: 'nonsense', stage, message: 'report JSON has [object Object]' } };
    enter('convert');
    const harText = [...exportHar(rec, netlensHarContext(rec), { redact: false }).chunks].join('');
    enter('har-scan');
    const har = JSON.parse(harText) as unknown;
    const badHar = scanHar(har) ?? validate(har).slice(0, 3).join('; ');
    if (badHar) return { outcome: { kind: 'nonsense', stage, message: `HAR: ${badHar}` } };
    enter('reimport');
    let back;
    try {
      back = importText(harText);
    } catch (err) {
      return { outcome: { kind: 'nonsense', stage, message: `Netlens refuses the HAR it wrote: ${errText(err)}` } };
    }
    const again = NetworkRecorder.fromLog(back.events);
    const entries = (har as { log: { entries: unknown[] } }).log.entries.length;
    if (again.requests().length !== entries) {
      return { outcome: { kind: 'nonsense', stage, message: `the HAR has ${entries} entries but reads back as ${again.requests().length} requests` } };
    }
    const result: Result = { outcome: { kind: 'ok', requests: rec.requests().length } };
    enter('redaction');
    const redaction = redactionStage(rec);
    if (redaction) {
      if (REDACTION_FAILS_TEST) return { outcome: { kind: redaction.kind, stage, message: redaction.message } };
      result.redaction = redaction;
    }
    return result;
  } catch (err) {
    return { outcome: { kind: 'crash', stage, message: errText(err) } };
  }
}

/** The default (redacted) export, scanned like the unredacted one. */
function redactionStage(rec: NetworkRecorder): Result['redaction'] {
  let text: string;
  try {
    text = [...exportHar(rec, netlensHarContext(rec), { redact: {} }).chunks].join('');
  } catch (err) {
    return { kind: 'crash', message: errText(err) };
  }
  try {
    const har = JSON.parse(text) as unknown;
    const bad = scanHar(har) ?? validate(har).slice(0, 3).join('; ');
    if (bad) return { kind: 'nonsense', message: `redacted HAR: ${bad}` };
    importText(text);
  } catch (err) {
    return { kind: 'nonsense', message: `redacted HAR does not read back: ${errText(err)}` };
  }
  return undefined;
}
