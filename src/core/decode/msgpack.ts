// MessagePack payloads, decoded by @msgpack/msgpack (the MessagePack organisation's own
// JavaScript implementation, maintained, typed, no dependencies; chosen over msgpackr, whose
// record extensions and structured-clone mode a viewer does not need). A binary frame is only
// called MessagePack when one whole value takes exactly all of its bytes: random binary usually
// fails, and a decoder's "extra bytes" error says it is not one value.
import { decode, ExtensionCodec } from '@msgpack/msgpack';

export type MsgpackResult = { ok: true; value: unknown; pretty: string } | { ok: false; error: string };

/** Frames larger than this are not tried. */
export const MSGPACK_LIMIT = 8 * 1024 * 1024;

/** Plain data for display: bytes as {"bytes": hex}, bigints as text, Maps as entry lists. */
function plain(v: unknown, depth = 0): unknown {
  if (depth > 100) return '…';
  if (v instanceof Uint8Array) {
    let hex = '';
    for (let i = 0; i < v.length && i < 256; i++) hex += v[i]!.toString(16).padStart(2, '0');
    return { bytes: v.length > 256 ? `${hex}… (${v.length} bytes)` : hex };
  }
  if (typeof v === 'bigint') return `${v.toString()}n`;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  if (v instanceof Map) return [...v].map(([k, x]) => [plain(k, depth + 1), plain(x, depth + 1)]);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x, depth + 1);
    return out;
  }
  return v;
}

// Unknown extension types are kept as {type, data} rather than refused.
const extensionCodec = new ExtensionCodec();

export function decodeMsgpack(bytes: Uint8Array): MsgpackResult {
  if (bytes.length === 0) return { ok: false, error: 'It is empty.' };
  if (bytes.length > MSGPACK_LIMIT) return { ok: false, error: `It is larger than ${MSGPACK_LIMIT / 1024 / 1024} MB, too large to try.` };
  try {
    const value = plain(decode(bytes, { extensionCodec, useBigInt64: true }));
    return { ok: true, value, pretty: JSON.stringify(value, null, 2) };
  } catch (err) {
    return { ok: false, error: `It is not one MessagePack value: ${err instanceof Error ? err.message : String(err)}` };
  }
}
