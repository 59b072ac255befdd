// Nonsense detectors for what Netlens writes: no NaN, Infinity, `[object Object]` or `undefined`
// in a text; no non-finite number in the report; in a HAR, dates that are dates, timings and
// sizes that are non-negative (or HAR's -1 for "unknown" where HAR allows it), headers that are
// name/value strings. Each returns the first problem found, with where, or undefined.

const BAD_TEXT = /\b(NaN|Infinity|undefined)\b|\[object Object\]|(?<![\w.-])-\d[\d.,]*\s?(ms|s|B|kB|MB)\b|#-?\d*\.\d/;

export function scanText(text: string, what: string): string | undefined {
  const m = BAD_TEXT.exec(text);
  if (!m) return undefined;
  const from = Math.max(0, m.index - 80);
  return `${what} has "${m[0]}": …${text.slice(from, m.index + 80).replace(/\n/g, '⏎')}…`;
}

/** Report keys whose numbers are durations, sizes or counts, so never negative. */
const NON_NEGATIVE_KEY = /(ms|bytes|size|count|requests|connections|duration|queued|maxOpen|maxBusy|limit|total|saved|messages|sent|received|failed|pages|origins)$/i;

/** Walks a value without recursion (input controls the depth). */
function* walk(root: unknown): Generator<{ path: string; key: string; value: unknown }> {
  const stack: { path: string; key: string; value: unknown }[] = [{ path: '', key: '', value: root }];
  while (stack.length) {
    const item = stack.pop()!;
    yield item;
    const v = item.value;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ path: `${item.path}[${i}]`, key: item.key, value: v[i] });
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push({ path: `${item.path}.${k}`, key: k, value: x });
  }
}

export function scanReport(report: unknown): string | undefined {
  for (const { path, key, value } of walk(report)) {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `report ${path} is ${value}`;
      if (value < 0 && NON_NEGATIVE_KEY.test(key)) return `report ${path} is negative (${value})`;
    } else if (typeof value === 'string') {
      // The input problems quote what the input held (a text "NaN" is the input's): only ours is scanned there.
      if (path.startsWith('.inputProblems')) {
        if (value.includes('[object Object]') || /\bundefined\b/.test(value)) return `report ${path}: ${value.slice(0, 200)}`;
        continue;
      }
      const bad = scanText(value, `report ${path}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));
const phaseOk = (v: unknown, unknownAllowed: boolean) => typeof v === 'number' && Number.isFinite(v) && (v >= 0 || (unknownAllowed && v === -1));

type Obj = Record<string, unknown>;

function headersOk(list: unknown): boolean {
  return Array.isArray(list) && list.every((h: Obj) => h && typeof h === 'object' && typeof h.name === 'string' && typeof h.value === 'string');
}

export function scanHar(har: unknown): string | undefined {
  const log = (har as { log?: Obj }).log;
  if (!log || !Array.isArray(log.entries)) return 'no log.entries';
  for (const [i, p] of ((log.pages ?? []) as Obj[]).entries()) {
    if (!isDate(p.startedDateTime)) return `pages[${i}].startedDateTime is ${JSON.stringify(p.startedDateTime)}`;
    const t = (p.pageTimings ?? {}) as Obj;
    if (!phaseOk(t.onContentLoad ?? -1, true) || !phaseOk(t.onLoad ?? -1, true)) return `pages[${i}].pageTimings ${JSON.stringify(t)}`;
  }
  for (const [i, e] of (log.entries as Obj[]).entries()) {
    const at = `entries[${i}]`;
    if (!isDate(e.startedDateTime)) return `${at}.startedDateTime is ${JSON.stringify(e.startedDateTime)}`;
    if (!phaseOk(e.time, false)) return `${at}.time is ${JSON.stringify(e.time)}`;
    const t = e.timings as Obj;
    for (const k of ['blocked', 'dns', 'connect', 'ssl', '_blocked_queueing']) if (t[k] !== undefined && !phaseOk(t[k], true)) return `${at}.timings.${k} is ${JSON.stringify(t[k])}`;
    for (const k of ['send', 'wait', 'receive']) if (!phaseOk(t[k], false)) return `${at}.timings.${k} is ${JSON.stringify(t[k])}`;
    const req = e.request as Obj;
    const res = e.response as Obj;
    if (!headersOk(req.headers)) return `${at}.request.headers are not name/value strings`;
    if (!headersOk(res.headers)) return `${at}.response.headers are not name/value strings`;
    for (const [name, v] of [['request.headersSize', req.headersSize], ['request.bodySize', req.bodySize], ['response.headersSize', res.headersSize], ['response.bodySize', res.bodySize]] as const) {
      if (!phaseOk(v, true)) return `${at}.${name} is ${JSON.stringify(v)}`;
    }
    const content = res.content as Obj;
    if (!phaseOk(content.size, false)) return `${at}.response.content.size is ${JSON.stringify(content.size)}`;
    if (!phaseOk(res._transferSize ?? 0, false)) return `${at}.response._transferSize is ${JSON.stringify(res._transferSize)}`;
    if (!phaseOk(res.status, false)) return `${at}.response.status is ${JSON.stringify(res.status)}`;
    for (const m of [...((e._webSocketMessages ?? []) as Obj[]), ...((e._eventSourceMessages ?? []) as Obj[])]) {
      if (typeof m.time !== 'number' || !Number.isFinite(m.time)) return `${at} has a message time of ${JSON.stringify(m.time)}`;
    }
  }
  for (const { path, key, value } of walk(har)) {
    if (typeof value === 'string' && value.includes('[object Object]')) return `HAR ${path} has [object Object]`;
    // Netlens's own verdicts: durations, sizes and counts are never negative.
    if (typeof value === 'number' && path.includes('._netlens') && !path.includes('._netlensTimes') && value < 0 && NON_NEGATIVE_KEY.test(key)) return `HAR ${path} is negative (${value})`;
  }
  return undefined;
}
