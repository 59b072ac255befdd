// The recorder's edge: every event's params are checked field by field against what the
// handlers read, once, before any handler runs, so the records (and the analyses, the report and
// the HAR built from them) can trust their types. A field of the wrong type is repaired when the
// meaning is plain (a number written as a string, headers written as a list of {name, value}, a
// negative size, a timing offset below -1) and dropped when it is not (an optional object that
// is a string); an event that lacks what its handler needs is refused. Each repair and refusal is
// reported with the field and the value, so the diagnostics can count them and show the first.
//
// Cheap when the log is sound: a field that is already right costs a typeof, and params are
// copied (only along the repaired path) only when something is repaired.
import type { HandledEvent } from './validate.ts';

type Obj = Record<string, unknown>;

/** How a field is read. */
type Kind =
  | 'str' // text
  | 'key' // an id: text, or a number read as text (some tools write request ids as numbers)
  | 'num' // a finite number (negative allowed)
  | 'time' // protocol seconds, 0 … year 9999
  | 'size' // bytes or a count: finite, ≥ 0 (a negative one becomes 0 when required, else is dropped)
  | 'offset' // a timing offset in ms: ≥ 0, or -1 for "did not happen"
  | 'id' // a connection id: a non-negative number (a numeric string is read as one)
  | 'bool'
  | 'headers' // an object of name → text; lists of {name, value} or [name, value] are turned into one
  | 'json' // a free-form object kept as is (a CORS status): bounded in depth and size
  | 'initiator' // the protocol's Initiator: bounded like json, and its fields (stack frames too) of the right types
  | 'url' // an absolute URL (a scheme, then anything): what every request has
  | 'strs'; // a list of texts

interface Field {
  name: string;
  /** The field's path from the params, for the sentences ("response.timing.requestTime"). */
  path: string;
  kind: Kind | Field[];
  required: boolean;
  /** Optional, but when present it must be sound (a redirect's response): never dropped. */
  strict: boolean;
}
/** Fields in a list, paths made once: this runs for every event. */
type Spec = Field[];

/** 'str!' is a required text field, 'str' an optional one; an object is a nested spec. */
type Shorthand = string | { [field: string]: Shorthand } | [{ [field: string]: Shorthand }, '!' | 'if present'];

function spec(fields: { [field: string]: Shorthand }, prefix = ''): Spec {
  const out: Spec = [];
  for (const [name, s] of Object.entries(fields)) {
    const path = prefix + name;
    if (typeof s === 'string') {
      const required = s.endsWith('!');
      out.push({ name, path, kind: (required ? s.slice(0, -1) : s) as Kind, required, strict: false });
    } else if (Array.isArray(s)) out.push({ name, path, kind: spec(s[0], `${path}.`), required: s[1] === '!', strict: s[1] !== '!' });
    else out.push({ name, path, kind: spec(s, `${path}.`), required: false, strict: false });
  }
  return out;
}

const TIMING: { [field: string]: Shorthand } = {
  requestTime: 'time!',
  proxyStart: 'offset',
  proxyEnd: 'offset',
  dnsStart: 'offset',
  dnsEnd: 'offset',
  connectStart: 'offset',
  connectEnd: 'offset',
  sslStart: 'offset',
  sslEnd: 'offset',
  workerStart: 'offset',
  workerReady: 'offset',
  workerFetchStart: 'offset',
  workerRespondWithSettled: 'offset',
  sendStart: 'offset',
  sendEnd: 'offset',
  pushStart: 'offset',
  pushEnd: 'offset',
  receiveHeadersStart: 'offset',
  receiveHeadersEnd: 'offset',
};

const RESPONSE: { [field: string]: Shorthand } = {
  url: 'str!',
  status: 'size!',
  statusText: 'str',
  headers: 'headers',
  headersText: 'str',
  mimeType: 'str',
  charset: 'str',
  requestHeaders: 'headers',
  requestHeadersText: 'str',
  connectionReused: 'bool',
  connectionId: 'id',
  remoteIPAddress: 'str',
  remotePort: 'size',
  fromDiskCache: 'bool',
  fromServiceWorker: 'bool',
  fromPrefetchCache: 'bool',
  fromEarlyHints: 'bool',
  serviceWorkerResponseSource: 'str',
  cacheStorageCacheName: 'str',
  encodedDataLength: 'size',
  timing: TIMING,
  responseTime: 'num',
  protocol: 'str',
  alternateProtocolUsage: 'str',
  securityState: 'str',
  securityDetails: { protocol: 'str', cipher: 'str', subjectName: 'str', sanList: 'strs', issuer: 'str', validTo: 'num' },
};

const REQUEST: { [field: string]: Shorthand } = {
  url: 'url!',
  urlFragment: 'str',
  method: 'str!',
  headers: 'headers',
  postData: 'str',
  hasPostData: 'bool',
  initialPriority: 'str',
};

const TARGET_INFO: { [field: string]: Shorthand } = { targetId: 'str!', type: 'str!', url: 'str!', title: 'str' };

const SPECS: { [M in HandledEvent]: Spec } = {
  'Network.requestWillBeSent': spec({
    requestId: 'key!', loaderId: 'key', documentURL: 'str', request: [REQUEST, '!'], timestamp: 'time!', wallTime: 'time', initiator: 'initiator',
    redirectHasExtraInfo: 'bool', redirectResponse: [RESPONSE, 'if present'], type: 'str', frameId: 'str',
  }),
  'Network.requestWillBeSentExtraInfo': spec({ requestId: 'key!', headers: 'headers!', connectTiming: { requestTime: 'time' }, clientSecurityState: 'json', appliedNetworkConditionsId: 'str' }),
  'Network.responseReceivedExtraInfo': spec({ requestId: 'key!', headers: 'headers!', statusCode: 'size!', headersText: 'str', resourceIPAddressSpace: 'str' }),
  'Network.responseReceived': spec({ requestId: 'key!', timestamp: 'time!', type: 'str', response: [RESPONSE, '!'], hasExtraInfo: 'bool' }),
  'Network.dataReceived': spec({ requestId: 'key!', timestamp: 'time!', dataLength: 'size!', encodedDataLength: 'size', data: 'str' }),
  'Netlens.streamResourceContent': spec({ requestId: 'key!', bufferedData: 'str', error: 'str' }),
  'Netlens.streamBody': spec({ requestId: 'key!', body: 'str', base64Encoded: 'bool', error: 'str' }),
  'Network.loadingFinished': spec({ requestId: 'key!', timestamp: 'time!', encodedDataLength: 'size!', encodedBodyLength: 'size' }),
  'Network.loadingFailed': spec({ requestId: 'key!', timestamp: 'time!', type: 'str', errorText: 'str!', canceled: 'bool', blockedReason: 'str', corsErrorStatus: 'json' }),
  'Network.requestServedFromCache': spec({ requestId: 'key!' }),
  'Audits.issueAdded': spec({ issue: 'json' }),
  'Network.resourceChangedPriority': spec({ requestId: 'key!', newPriority: 'str!', timestamp: 'time' }),
  'Network.webSocketCreated': spec({ requestId: 'key!', url: 'url!', initiator: 'initiator' }),
  'Network.webSocketWillSendHandshakeRequest': spec({ requestId: 'key!', timestamp: 'time!', wallTime: 'time', request: [{ headers: 'headers' }, '!'] }),
  'Network.webSocketHandshakeResponseReceived': spec({
    requestId: 'key!', timestamp: 'time!',
    response: [{ status: 'size!', statusText: 'str', headers: 'headers', headersText: 'str', requestHeaders: 'headers', requestHeadersText: 'str' }, '!'],
  }),
  'Network.webSocketFrameSent': spec({ requestId: 'key!', timestamp: 'time!', response: [{ opcode: 'size!', mask: 'bool', payloadData: 'str!' }, '!'] }),
  'Network.webSocketFrameReceived': spec({ requestId: 'key!', timestamp: 'time!', response: [{ opcode: 'size!', mask: 'bool', payloadData: 'str!' }, '!'] }),
  'Network.webSocketFrameError': spec({ requestId: 'key!', timestamp: 'time!', errorMessage: 'str!' }),
  'Network.webSocketClosed': spec({ requestId: 'key!', timestamp: 'time!' }),
  'Network.eventSourceMessageReceived': spec({ requestId: 'key!', timestamp: 'time!', eventName: 'str!', eventId: 'str!', data: 'str!' }),
  'Page.frameNavigated': spec({ frame: [{ id: 'str!', parentId: 'str', loaderId: 'key!', url: 'str!', urlFragment: 'str', name: 'str', mimeType: 'str' }, '!'], type: 'str' }),
  'Page.frameStartedNavigating': spec({ frameId: 'str!', loaderId: 'key!', url: 'str', navigationType: 'str!' }),
  'Page.domContentEventFired': spec({ timestamp: 'time!' }),
  'Page.loadEventFired': spec({ timestamp: 'time!' }),
  'Target.attachedToTarget': spec({ sessionId: 'key!', targetInfo: [TARGET_INFO, '!'], waitingForDebugger: 'bool' }),
  'Target.detachedFromTarget': spec({ sessionId: 'key!', targetId: 'str' }),
  'Target.targetInfoChanged': spec({ targetInfo: [TARGET_INFO, '!'] }),
};

/** The latest wall clock a HAR date can hold (9999-12-31), in seconds. */
const MAX_SECONDS = 253_402_300_799;
/** Sizes and counts beyond this (a petabyte) are not real. */
const MAX_SIZE = 1e15;
/** Timing offsets beyond this (11 days) are not real. */
const MAX_OFFSET = 1e9;
/** Free-form objects (initiators with their stacks) are kept to this depth and size. */
const MAX_JSON_DEPTH = 64;
const MAX_JSON_NODES = 20_000;
/** A scheme (RFC 3986), then no control character or line break (a space is kept: some tools write URLs unencoded). */
const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u001f\u007f]+$/;

/** What was done to a field: the key counts it, the example shows the first. */
export interface Repair {
  /** "Network.responseReceived response.connectionId: text read as a number" */
  kind: string;
  /** The value as found, short ('' when there was none). */
  value: string;
}

export type Sanitised = { ok: true; params: Obj } | { ok: false; reason: string; value: string };

/** Short text of a value for an example: never the whole of a huge one. */
export function preview(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) + (v.length > 40 ? ` (${v.length.toLocaleString('en-US')} characters)` : '');
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'not a number' : `a number beyond the largest there is (${v > 0 ? '' : 'minus '}1e999 or so)`;
  if (v === undefined) return 'nothing';
  if (v === null || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return 'an object';
}

const typeWord = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v === 'string' ? 'text' : `a ${typeof v}`);

/** A number from a number or a numeric text; undefined when there is none. */
function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && v.length < 40) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Checks and repairs the params of a handled event. `repair` is told of each repaired or dropped
 * field; the result is the params to fold (the same object when nothing was wrong), or the
 * reason the event cannot be folded.
 */
export function sanitise(method: HandledEvent, params: unknown, repair: (r: Repair) => void): Sanitised {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return { ok: false, reason: 'params is not an object', value: preview(params) };
  }
  const result = object(SPECS[method], params as Obj, method, repair);
  return isRefusal(result) ? result : { ok: true, params: result };
}

type Refusal = Extract<Sanitised, { ok: false }>;

/** Refusals are made only here, as `{ ok: false, … }` literals; the params a log gives never hold this symbol. */
const REFUSED = Symbol('refused');
const refusal = (reason: string, value: string): Refusal => ({ ok: false, reason, value, [REFUSED]: true }) as Refusal;
const isRefusal = (r: Obj | Refusal): r is Refusal => (r as { [REFUSED]?: true })[REFUSED] === true;

/**
 * The checked params (the same object when nothing was wrong: no result object per nested part
 * of every event), or the refusal.
 */
function object(s: Spec, o: Obj, method: string, repair: (r: Repair) => void): Obj | Refusal {
  let copy: Obj | undefined;
  for (let i = 0; i < s.length; i++) {
    const f = s[i]!;
    const name = f.name;
    const v = o[name];
    if (v === undefined) {
      if (f.required) return refusal(`${f.path} is missing`, '');
      continue;
    }
    const kind = f.kind;
    // The value to put in place of this one (undefined: leave it out), when it is not kept as is.
    let replacement: unknown;
    if (typeof kind === 'object') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        if (f.required || f.strict) return refusal(`${f.path} is ${typeWord(v)}, not an object`, preview(v));
        repair({ kind: `${method} ${f.path}: ${typeWord(v)} instead of an object, left out`, value: preview(v) });
        replacement = undefined;
      } else {
        const inner = object(kind, v as Obj, method, repair);
        if (inner === v) continue;
        if (isRefusal(inner)) {
          if (f.required || f.strict) return inner;
          // An optional part that cannot be read (a timing without its requestTime) is left out.
          repair({ kind: `${method} ${f.path}: left out (${inner.reason})`, value: inner.value });
          replacement = undefined;
        } else replacement = inner;
      }
    } else {
      const r = field(kind, v);
      if (r === OK) continue;
      if (r.fail !== undefined) {
        if (f.required) {
          // A size that is required but negative reads as 0; anything else refuses the event.
          if (kind !== 'size' || typeof r.fallback !== 'number') return refusal(`${f.path} is ${r.fail}`, preview(v));
          repair({ kind: `${method} ${f.path}: ${r.fail}, read as ${r.fallback}`, value: preview(v) });
          replacement = r.fallback;
        } else if (typeof r.fallback === 'number' && kind === 'offset') {
          repair({ kind: `${method} ${f.path}: ${r.fail}, read as -1 (did not happen)`, value: preview(v) });
          replacement = r.fallback;
        } else {
          repair({ kind: `${method} ${f.path}: ${r.fail}, left out`, value: preview(v) });
          replacement = undefined;
        }
      } else {
        repair({ kind: `${method} ${f.path}: ${r.note}`, value: preview(v) });
        replacement = r.value;
      }
    }
    copy ??= { ...o };
    if (replacement === undefined) delete copy[name];
    else copy[name] = replacement;
  }
  return copy ?? o;
}

const OK = Symbol('ok');
type FieldResult = typeof OK | { value: unknown; note: string; fail?: undefined } | { fail: string; fallback?: number };

function field(kind: Kind, v: unknown): FieldResult {
  switch (kind) {
    case 'str':
      if (typeof v === 'string') return OK;
      return { fail: `${typeWord(v)}, not text` };
    case 'key':
      if (typeof v === 'string') return OK;
      if (typeof v === 'number' && Number.isFinite(v)) return { value: String(v), note: 'a number read as text' };
      return { fail: `${typeWord(v)}, not an id` };
    case 'bool':
      if (typeof v === 'boolean') return OK;
      if (v === 'true' || v === 1) return { value: true, note: `${typeWord(v)} read as true` };
      if (v === 'false' || v === 0) return { value: false, note: `${typeWord(v)} read as false` };
      return { fail: `${typeWord(v)}, not true or false` };
    case 'num':
    case 'time':
    case 'size':
    case 'id':
    case 'offset': {
      const n = numberOf(v);
      const note = typeof v === 'string' ? 'text read as a number' : undefined;
      if (n === undefined) {
        const what = typeof v === 'number' ? 'a number beyond the largest there is' : typeWord(v);
        return kind === 'offset' ? { fail: `${what}, not a number`, fallback: -1 } : { fail: `${what}, not a finite number` };
      }
      if (kind === 'time' && (n < 0 || n > MAX_SECONDS)) return { fail: `${n}, out of range for a time` };
      if (kind === 'size' || kind === 'id') {
        if (n < 0) return { fail: `negative (${n})`, fallback: 0 };
        if (n > MAX_SIZE) return { fail: `${n}, too large to be real` };
        if (!Number.isInteger(n)) return { value: Math.round(n), note: `${note ? `${note}, ` : ''}not a whole number, rounded` };
      }
      if (kind === 'offset' && n !== -1 && (n < 0 || n > MAX_OFFSET)) return { fail: n < 0 ? `negative (${n})` : `${n}, too large to be real`, fallback: -1 };
      return note ? { value: n, note } : OK;
    }
    case 'strs':
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return OK;
      if (Array.isArray(v)) return { value: v.filter((x) => typeof x === 'string'), note: 'items that are not text left out' };
      return { fail: `${typeWord(v)}, not a list` };
    case 'headers':
      return headers(v);
    case 'json':
      return json(v);
    case 'initiator':
      return initiator(v);
    case 'url':
      if (typeof v !== 'string') return { fail: `${typeWord(v)}, not a URL` };
      return ABSOLUTE_URL.test(v) ? OK : { fail: 'not an absolute URL' };
  }
}

/**
 * Headers as the protocol sends them: an object of name → text. Other tools write a list of
 * {name, value} or of [name, value]; values may be numbers, or lists for repeated fields
 * (joined with "\n", as CDP joins them). Anything else in a value is left out.
 */
function headers(v: unknown): FieldResult {
  if (typeof v !== 'object' || v === null) return { fail: `${typeWord(v)}, not headers` };
  if (!Array.isArray(v)) {
    let sound = true;
    for (const k in v) {
      const x = (v as Obj)[k];
      if (typeof x !== 'string' || (x.length > MAX_LINES && tooManyLines(x))) {
        sound = false;
        break;
      }
    }
    const proto = Object.getPrototypeOf(v);
    if (sound && (proto === Object.prototype || proto === null)) return OK;
  }
  const out = Object.create(null) as Record<string, string>;
  let dropped = 0;
  const add = (name: unknown, value: unknown) => {
    if (typeof name !== 'string' && typeof name !== 'number') {
      dropped++;
      return;
    }
    const text = headerText(value);
    if (text === undefined) {
      dropped++;
      return;
    }
    const key = String(name);
    out[key] = out[key] === undefined ? text : `${out[key]}\n${text}`;
  };
  if (Array.isArray(v)) {
    for (const h of v) {
      if (Array.isArray(h) && h.length === 2) add(h[0], h[1]);
      else if (typeof h === 'object' && h !== null) add((h as Obj).name, (h as Obj).value);
      else dropped++;
    }
  } else for (const k of Object.keys(v)) add(k, (v as Obj)[k]);
  const note = Array.isArray(v) ? 'a list, read as name/value headers' : 'values that are not text, or of more than a thousand lines';
  return { value: out, note: dropped ? `${note}; ${dropped} that could not be read left out` : note };
}

/**
 * A header value holds one line per repeated field (CDP joins them with "\n"); no response repeats
 * a field a thousand times, and splitting millions of lines would make millions of headers. Past
 * that many lines, the rest is kept joined by spaces in the last one.
 */
const MAX_LINES = 1000;

function tooManyLines(x: string): boolean {
  let lines = 0;
  for (let i = x.indexOf('\n'); i >= 0; i = x.indexOf('\n', i + 1)) if (++lines >= MAX_LINES) return true;
  return false;
}

function boundLines(x: string): string {
  if (x.length <= MAX_LINES || !tooManyLines(x)) return x;
  let at = -1;
  for (let lines = 0; lines < MAX_LINES - 1; lines++) at = x.indexOf('\n', at + 1);
  return x.slice(0, at + 1) + x.slice(at + 1).replace(/\n/g, ' ');
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return boundLines(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)))) return value.join('\n');
  return undefined;
}

/**
 * A free-form object (an initiator with its stack, a CORS status): kept as is when it is small and
 * holds only finite numbers; otherwise copied without recursion down to a bounded depth and size,
 * non-finite numbers left out, so that nothing downstream (JSON.stringify, the HAR writer) meets
 * a value it cannot handle.
 */
function json(v: unknown): FieldResult {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { fail: `${typeWord(v)}, not an object` };
  if (jsonSound(v)) return OK;
  return { value: boundedCopy(v as Obj), note: `too deep, too large or with numbers that are not finite; cut to ${MAX_JSON_DEPTH} levels and ${MAX_JSON_NODES} values` };
}

function jsonSound(root: object): boolean {
  // Two parallel stacks (values and their depths): no allocation per value.
  const values: unknown[] = [root];
  const depths: number[] = [0];
  let nodes = 0;
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (++nodes > MAX_JSON_NODES) return false;
    if (typeof v !== 'object' || v === null) {
      if (typeof v === 'number' && !Number.isFinite(v)) return false;
      continue;
    }
    if (depth >= MAX_JSON_DEPTH) return false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
      }
    } else {
      for (const k in v) {
        values.push((v as Obj)[k]);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

function boundedCopy(root: Obj): Obj {
  const out: Obj = {};
  const stack: { from: Obj | unknown[]; to: Obj | unknown[]; depth: number }[] = [{ from: root, to: out, depth: 0 }];
  let nodes = 0;
  while (stack.length) {
    const { from, to, depth } = stack.pop()!;
    for (const k of Object.keys(from)) {
      if (++nodes > MAX_JSON_NODES) return out;
      const v = (from as Obj)[k];
      let copy: unknown;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        copy = v;
      } else if (typeof v !== 'object' || v === null) copy = v;
      else if (depth + 1 >= MAX_JSON_DEPTH) continue;
      else {
        copy = Array.isArray(v) ? [] : {};
        stack.push({ from: v as Obj, to: copy as Obj, depth: depth + 1 });
      }
      if (Array.isArray(to)) to.push(copy);
      else Object.defineProperty(to, k, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

const INITIATOR_FIELDS: Record<string, 'string' | 'number'> = { type: 'string', url: 'string', lineNumber: 'number', columnNumber: 'number', requestId: 'string' };
const FRAME_FIELDS: Record<string, 'string' | 'number'> = { functionName: 'string', scriptId: 'string', url: 'string', lineNumber: 'number', columnNumber: 'number' };

/**
 * The request's initiator, which views, the HAR and redaction read: `type`, `url`, `requestId`
 * and line numbers of the right types, and a stack whose frames are objects with text URLs. A
 * sound one is kept as is; otherwise a copy with only what is sound (no recursion: a stack's
 * `parent` chain is followed in a loop, and bounded).
 */
function initiator(v: unknown): FieldResult {
  const base = json(v);
  if (base !== OK && base.fail !== undefined) return base;
  const value = (base === OK ? v : base.value) as Obj;
  if (initiatorSound(value)) return base;
  const out: Obj = {};
  copyTyped(value, out, INITIATOR_FIELDS);
  if (typeof out.type !== 'string') out.type = 'other';
  let from = value.stack;
  let to: Obj = out;
  let key = 'stack';
  for (let depth = 0; depth < MAX_JSON_DEPTH && typeof from === 'object' && from !== null && !Array.isArray(from); depth++) {
    const stack: Obj = { callFrames: [] };
    const frames = (from as Obj).callFrames;
    if (Array.isArray(frames)) {
      for (const f of frames) {
        if (typeof f !== 'object' || f === null || Array.isArray(f)) continue;
        const frame: Obj = {};
        copyTyped(f as Obj, frame, FRAME_FIELDS);
        (stack.callFrames as Obj[]).push(frame);
      }
    }
    if (typeof (from as Obj).description === 'string') stack.description = (from as Obj).description;
    to[key] = stack;
    to = stack;
    key = 'parent';
    from = (from as Obj).parent;
  }
  return { value: out, note: base === OK ? 'fields of the wrong type left out' : `${base.note}; fields of the wrong type left out` };
}

function copyTyped(from: Obj, to: Obj, fields: Record<string, 'string' | 'number'>): void {
  for (const k in fields) {
    const x = from[k];
    if (fields[k] === 'string' ? typeof x === 'string' : typeof x === 'number' && Number.isFinite(x)) to[k] = x;
  }
}

function initiatorSound(v: Obj): boolean {
  if (typeof v.type !== 'string') return false;
  for (const k in INITIATOR_FIELDS) {
    const x = v[k];
    if (x !== undefined && typeof x !== INITIATOR_FIELDS[k]) return false;
  }
  let s = v.stack;
  for (let depth = 0; s !== undefined; depth++) {
    if (depth >= MAX_JSON_DEPTH || typeof s !== 'object' || s === null || Array.isArray(s)) return false;
    const frames = (s as Obj).callFrames;
    if (frames !== undefined) {
      if (!Array.isArray(frames)) return false;
      for (const f of frames) {
        if (typeof f !== 'object' || f === null || Array.isArray(f)) return false;
        for (const k in FRAME_FIELDS) {
          const x = (f as Obj)[k];
          if (x !== undefined && typeof x !== FRAME_FIELDS[k]) return false;
        }
      }
    }
    s = (s as Obj).parent;
  }
  return true;
}
