// Seeded mutations of a JSON document (a CDP log or a HAR), as a new user's tools would write
// them wrong: truncated text, wrong types, missing fields, headers as arrays or objects, huge or
// deeply nested values, duplicated and reordered events, unknown methods, NaN / negative / huge
// times and sizes, colliding ids, strings where numbers, a byte-order mark, other log formats.
//
// A mutation is a list of operations, each one fully described by plain data, so a failing input
// can be shrunk (operations dropped one by one) and printed as a reproducer.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

import { seededRandom as rng } from '../../seeded-random.ts';
export { rng };

/** Path from the root: keys and indices. */
export type Path = (string | number)[];

export type ValueOp =
  | { op: 'delete'; path: Path }
  | { op: 'set'; path: Path; value: Json | Special }
  | { op: 'duplicate'; path: Path; times: number }
  | { op: 'swap'; path: Path; other: number }
  | { op: 'copyFrom'; path: Path; from: Path };

/** Values JSON cannot hold literally, spliced into the text after serialising. */
export type Special = { special: 'inf' | 'ninf' | 'deep-array' | 'deep-object' | 'huge-string' | 'newlines' | 'jwt-run' | 'huge-number' | 'deep-json-text'; n: number };

export type TextOp =
  | { op: 'truncate'; at: number }
  | { op: 'bom' }
  | { op: 'jsonl' }
  | { op: 'perflog' }
  | { op: 'wrap-events' }
  | { op: 'garbage'; at: number; text: string };

export interface Mutation {
  base: string;
  ops: ValueOp[];
  text: TextOp[];
}

const isSpecial = (v: unknown): v is Special => typeof v === 'object' && v !== null && 'special' in v && Object.keys(v).length === 2;

function get(root: Json, path: Path): Json | undefined {
  let cur: Json | undefined = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[k];
  }
  return cur;
}

/** Applies the value operations in order to a deep copy; an operation whose path is gone does nothing. */
export function applyOps(root: Json, ops: readonly ValueOp[]): Json {
  let doc = structuredClone(root);
  for (const o of ops) {
    if (o.path.length === 0) {
      if (o.op === 'set') doc = o.value as Json;
      continue;
    }
    const parent = get(doc, o.path.slice(0, -1));
    const key = o.path[o.path.length - 1]!;
    if (parent === null || typeof parent !== 'object') continue;
    const p = parent as Record<string | number, Json>;
    if (o.op === 'delete') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete p[key];
    } else if (o.op === 'set') {
      p[key] = o.value as Json;
    } else if (o.op === 'duplicate') {
      if (Array.isArray(parent) && typeof key === 'number' && key < parent.length) {
        parent.splice(key, 0, ...Array.from({ length: o.times }, () => structuredClone(parent[key]!)));
      }
    } else if (o.op === 'swap') {
      if (Array.isArray(parent) && typeof key === 'number' && key < parent.length && o.other < parent.length) {
        [parent[key], parent[o.other]] = [parent[o.other]!, parent[key]!];
      }
    } else if (o.op === 'copyFrom') {
      const v = get(doc, o.from);
      if (v !== undefined) p[key] = structuredClone(v);
    }
  }
  return doc;
}

/** The document as text with the special values spliced in. */
export function serialise(doc: Json): string {
  const specials: Special[] = [];
  const text = JSON.stringify(doc, (_k, v: unknown) => {
    if (isSpecial(v)) {
      specials.push(v);
      return `\u0000SPECIAL${specials.length - 1}\u0000`;
    }
    return v;
  });
  if (specials.length === 0) return text;
  return text.replace(/"\\u0000SPECIAL(\d+)\\u0000"/g, (_m, i: string) => specialText(specials[Number(i)]!));
}

function specialText(s: Special): string {
  switch (s.special) {
    case 'inf':
      return '1e999';
    case 'ninf':
      return '-1e999';
    case 'huge-number':
      return '1.7e308';
    case 'deep-array':
      return '['.repeat(s.n) + ']'.repeat(s.n);
    case 'deep-object':
      return '{"a":'.repeat(s.n) + '1' + '}'.repeat(s.n);
    case 'huge-string':
      return JSON.stringify('x'.repeat(s.n));
    case 'newlines':
      return JSON.stringify('a' + '\n'.repeat(s.n) + 'b');
    case 'jwt-run':
      return JSON.stringify('-eyJ'.repeat(s.n));
    case 'deep-json-text':
      // A text that is itself deeply nested JSON (a request body, a frame): what redaction parses.
      return JSON.stringify('{"a":['.repeat(s.n) + '"x"' + ']}'.repeat(s.n));
  }
}

/**
 * The mutated document as text: in another log format if asked (each event serialised on its own,
 * so a deeply nested value never goes through a recursive serialiser whole), then cut, marked or
 * broken as the text operations say.
 */
export function renderDoc(doc: Json, ops: readonly TextOp[]): string {
  const format = ops.find((o) => o.op === 'jsonl' || o.op === 'perflog' || o.op === 'wrap-events');
  let out: string;
  if (format && Array.isArray(doc)) {
    const items = doc.map((e) => serialise(e));
    if (format.op === 'jsonl') out = items.join('\n') + '\n';
    else if (format.op === 'wrap-events') out = `{"events":[${items.join(',')}]}`;
    else out = `[${items.map((e, i) => `{"message":${JSON.stringify(`{"message":${e},"webview":"x"}`)},"level":"INFO","timestamp":${1700000000000 + i}}`).join(',')}]`;
  } else out = serialise(doc);
  for (const o of ops) {
    if (o.op === 'truncate') out = out.slice(0, Math.floor(out.length * o.at));
    else if (o.op === 'bom') out = '\ufeff' + out;
    else if (o.op === 'garbage') {
      const at = Math.floor(out.length * o.at);
      out = out.slice(0, at) + o.text + out.slice(at);
    }
  }
  return out;
}

export function render(doc: Json, m: Mutation): string {
  return renderDoc(applyOps(doc, m.ops), m.text);
}

// ---- Random generation ----

/** Every path in the document (bounded), to pick targets from. */
function paths(root: Json, limit: number): Path[] {
  const out: Path[] = [];
  const stack: { v: Json; p: Path }[] = [{ v: root, p: [] }];
  while (stack.length && out.length < limit) {
    const { v, p } = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i]!, p: [...p, i] });
    else if (v && typeof v === 'object') for (const k of Object.keys(v).reverse()) stack.push({ v: v[k]!, p: [...p, k] });
  }
  return out;
}

const FIELD_NAMES = ['postData', 'text', 'payloadData', 'data', 'requestId', 'timestamp', 'connectionId', 'headers', 'status', 'encodedDataLength', 'dataLength', 'timing', 'request', 'response', 'url', 'method', 'startedDateTime', 'time', 'timings', 'size', 'bodySize', 'headersSize', '_transferSize', 'httpVersion', 'connection', '_connectionId', '_socket', 'pageTimings', 'wallTime', 'requestTime', 'sendStart', 'receiveHeadersEnd', 'connectionReused', 'protocol', 'initiator', '_initiator', 'value', 'name', 'params', 'frame', 'loaderId'];

export function randomMutation(rand: () => number, base: string, doc: Json): Mutation {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const all = paths(doc, 200_000);
  // Favour the fields the recorder and importers read.
  const named = all.filter((p) => FIELD_NAMES.includes(String(p[p.length - 1])));
  const target = (): Path => (named.length && rand() < 0.7 ? pick(named) : pick(all));
  const ops: ValueOp[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const path = target();
    const r = rand();
    const current = get(doc, path);
    if (r < 0.12) ops.push({ op: 'delete', path });
    else if (r < 0.5) ops.push({ op: 'set', path, value: wrongValue(rand, current) });
    else if (r < 0.6) {
      // an element of an array: duplicated, or swapped with another (reordered events)
      const arrPath = nearestArrayElement(doc, path);
      if (!arrPath) continue;
      const len = (get(doc, arrPath.slice(0, -1)) as Json[]).length;
      if (rand() < 0.5) ops.push({ op: 'duplicate', path: arrPath, times: 1 + Math.floor(rand() * 3) });
      else ops.push({ op: 'swap', path: arrPath, other: Math.floor(rand() * len) });
    } else if (r < 0.7) {
      // colliding ids: a field takes the value of the same field elsewhere
      const key = path[path.length - 1];
      const same = all.filter((p) => p[p.length - 1] === key);
      if (same.length > 1) ops.push({ op: 'copyFrom', path, from: pick(same) });
      else ops.push({ op: 'set', path, value: wrongValue(rand, current) });
    } else if (r < 0.8) {
      ops.push({ op: 'set', path, value: headersShape(rand, current) });
    } else if (r < 0.87) {
      // unknown or misspelt methods
      const methods = all.filter((p) => p[p.length - 1] === 'method');
      if (methods.length) ops.push({ op: 'set', path: pick(methods), value: pick(['Network.somethingNew', 'network.requestWillBeSent', '', 'Network.requestWillBeSent', 'Network.responseReceived', 'Network.loadingFinished', '__proto__', 'constructor', 'Page.frameNavigated', 'Target.attachedToTarget']) });
    } else if (r < 0.93) {
      ops.push({ op: 'set', path, value: { special: pick(['deep-array', 'deep-object'] as const), n: pick([50, 2000, 20_000, 120_000]) } });
    } else {
      ops.push({ op: 'set', path, value: { special: pick(['huge-string', 'newlines', 'jwt-run', 'deep-json-text'] as const), n: pick([1000, 100_000, 1_000_000]) } });
    }
  }
  const text: TextOp[] = [];
  if (rand() < 0.08) text.push({ op: 'truncate', at: rand() });
  if (rand() < 0.15) text.push({ op: 'bom' });
  if (Array.isArray(doc)) {
    const f = rand();
    if (f < 0.15) text.push({ op: 'jsonl' });
    else if (f < 0.3) text.push({ op: 'perflog' });
    else if (f < 0.35) text.push({ op: 'wrap-events' });
  }
  if (rand() < 0.03) text.push({ op: 'garbage', at: rand(), text: pick([',', '}', ']', '"', '\u0001', '{"a":', '\\u12']) });
  return { base, ops, text };
}

function nearestArrayElement(doc: Json, path: Path): Path | undefined {
  for (let i = path.length; i > 0; i--) {
    const parent = get(doc, path.slice(0, i - 1));
    if (Array.isArray(parent) && typeof path[i - 1] === 'number') return path.slice(0, i);
  }
  return undefined;
}

function wrongValue(rand: () => number, current: Json | undefined): Json | Special {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  if (typeof current === 'number') {
    return pick<Json | Special>([
      -1, -1000, -1e12, 0, 1e15, 1e300, { special: 'inf', n: 0 }, { special: 'ninf', n: 0 }, { special: 'huge-number', n: 0 },
      String(current), `${current}abc`, 'NaN', '', null, true, [current], { value: current }, current + 0.5, -current,
    ]);
  }
  if (typeof current === 'string') {
    return pick<Json | Special>([
      42, -7, '', null, ['a', 'b'], { a: current }, current.repeat(3), current + '\u0000', 'not a date', '1e999', '275760-09-13T00:00:00.001Z',
      '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', 'x',
      { special: 'huge-string', n: 100_000 }, { special: 'deep-json-text', n: 50_000 },
    ]);
  }
  if (typeof current === 'boolean') return pick<Json>(['true', 1, 0, null, 'false']);
  if (Array.isArray(current)) return pick<Json | Special>([{}, 'list', 3, null, [null, 1, 'x', {}], current.length ? [current[0]!, current[0]!] : [1], { special: 'deep-array', n: 5000 }]);
  if (current && typeof current === 'object') return pick<Json | Special>([[], 'object', 0, null, { ...current, extra: { nested: [1, { deeper: true }] } }, Object.values(current), { special: 'deep-object', n: 5000 }]);
  return pick<Json>([0, '', {}, [], 'x', -1]);
}

/** Headers in the other shapes tools write: arrays of {name, value}, objects, values that are not strings. */
function headersShape(rand: () => number, current: Json | undefined): Json | Special {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const entries: [string, Json][] =
    Array.isArray(current) ? current.flatMap((h) => (h && typeof h === 'object' && !Array.isArray(h) ? [[String(h.name), h.value ?? null] as [string, Json]] : []))
      : current && typeof current === 'object' ? Object.entries(current)
        : [['Content-Type', 'text/html'], ['Set-Cookie', 'a=1']];
  const asArray = entries.map(([name, value]) => ({ name, value }));
  const asObject = Object.fromEntries(entries);
  return pick<Json | Special>([
    asArray,
    asObject,
    entries.map(([n, v]) => [n, v]),
    Object.fromEntries(entries.map(([n, v]) => [n, [v, v]])),
    Object.fromEntries(entries.map(([n]) => [n, { value: 1 }])),
    Object.fromEntries(entries.map(([n]) => [n, 12])),
    [{ name: 1, value: 2 }, { value: 'no name' }, null, 'x'],
    { 'x-long': { special: 'newlines', n: 200_000 } } as unknown as Json,
    JSON.parse('{"__proto__":"x","constructor":"y","hasOwnProperty":"z","toString":"w"}') as Json,
  ]);
}
