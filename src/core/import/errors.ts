// Import errors that say, in words, what is wrong with a file and where.

export class ImportError extends Error {
  constructor(
    message: string,
    /** Where in the file: "line 3, column 17", "entry 12 (request.url)", "byte 1,048,576". */
    readonly where?: string,
  ) {
    super(where ? `${message} (at ${where})` : message);
    this.name = 'ImportError';
  }
}

/** Line and column of a character offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

/**
 * JSON.parse with an error that names the place: V8 says "at position N" (or "line L column C");
 * a text that simply stops is called truncated.
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/Unexpected end of JSON input|Unterminated string|end of data/i.test(message)) {
      throw new ImportError(`The ${what} is cut short: the JSON ends before it is complete (was the file truncated?)`, `byte ${text.length.toLocaleString('en-US')}`);
    }
    const found = findJsonError(text);
    const where = found ? (({ line, column }) => `line ${line}, column ${column}`)(lineColumn(text, found.offset)) : undefined;
    if (found && found.offset >= text.length) {
      throw new ImportError(`The ${what} is cut short: the JSON ends before it is complete (was the file truncated?)`, `byte ${text.length.toLocaleString('en-US')}`);
    }
    const first = text.trimStart()[0];
    const hint = first === undefined ? 'The file is empty.' : first !== '{' && first !== '[' ? 'It does not start like JSON (a HAR starts with "{", a CDP log with "[" or one JSON object per line).' : '';
    const detail = found ? `expected ${found.expected}` : message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw new ImportError(`The ${what} is not valid JSON: ${detail}. ${hint}`.trim(), where);
  }
}

/**
 * Where a JSON text first goes wrong (engines differ in whether their messages say): a small
 * scanner run only after JSON.parse has failed. Returns the character offset and what was expected.
 * It keeps its own stack of open arrays and objects instead of recursing, since the file decides
 * how deep they go.
 */
export function findJsonError(text: string): { offset: number; expected: string } | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (expected: string) => ({ offset: i, expected });
  const string = (): { offset: number; expected: string } | undefined => {
    i++;
    while (i < n) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '"') {
        i++;
        return undefined;
      } else if (c !== undefined && c < ' ') return fail('no raw control character in a string');
      else i++;
    }
    return fail('the end of the string');
  };
  /** Open containers: '{' or '['. */
  const open: string[] = [];
  /** Reads an object member's name and colon; the value follows. */
  const member = (): { offset: number; expected: string } | undefined => {
    ws();
    if (text[i] !== '"') return fail('a "quoted" property name');
    const s = string();
    if (s) return s;
    ws();
    if (text[i] !== ':') return fail('":"');
    i++;
    return undefined;
  };
  for (;;) {
    // A value.
    ws();
    const c = text[i];
    let closed = false;
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        closed = true;
      } else {
        open.push('{');
        const m = member();
        if (m) return m;
        continue;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        closed = true;
      } else {
        open.push('[');
        continue;
      }
    } else if (c === '"') {
      const s = string();
      if (s) return s;
    } else {
      const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
      if (!lit) return fail('a value');
      i += lit[0].length;
    }
    void closed;
    // After a value: a comma, or the end of the containers it closes.
    for (;;) {
      if (open.length === 0) {
        ws();
        return i < n ? fail('the end of the text') : undefined;
      }
      ws();
      const top = open[open.length - 1]!;
      if (text[i] === ',') {
        i++;
        if (top === '{') {
          const m = member();
          if (m) return m;
        }
        break;
      }
      if (text[i] === (top === '{' ? '}' : ']')) {
        i++;
        open.pop();
        continue;
      }
      return fail(top === '{' ? '"," or "}"' : '"," or "]"');
    }
  }
}
