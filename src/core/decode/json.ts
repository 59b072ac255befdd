// JSON payloads: parsed, with a pretty text; a text that is not JSON says why in a sentence.
export type JsonResult = { ok: true; value: unknown; pretty: string } | { ok: false; error: string };

/** Payloads larger than this are not parsed for display (the text view still shows them). */
export const JSON_LIMIT = 8 * 1024 * 1024;

export function decodeJson(text: string): JsonResult {
  const t = text.trimStart();
  const c = t.charCodeAt(0);
  // Only objects and arrays: "2" or "true" are JSON too, but nobody wants a JSON tab for them.
  if (c !== 123 && c !== 91) return { ok: false, error: 'It does not start with { or [.' };
  if (text.length > JSON_LIMIT) return { ok: false, error: `It is larger than ${JSON_LIMIT / 1024 / 1024} MB, too large to show as a tree.` };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    return { ok: false, error: `It is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  // JSON.stringify recurses: a value nested tens of thousands deep is shown as it came.
  let pretty: string;
  try {
    pretty = JSON.stringify(value, null, 2);
  } catch {
    pretty = text;
  }
  return { ok: true, value, pretty };
}
