// Binary payloads as the protocol gives them (base64) turned into bytes, a hex dump and base64
// for display. Pure; the dump stops at a limit so a 100 MB frame cannot freeze a view.
export const DUMP_LIMIT = 64 * 1024;

/** The bytes of a base64 text; undefined when it is not base64. */
export function base64ToBytes(b64: string): Uint8Array | undefined {
  let bin: string;
  try {
    bin = atob(b64.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** UTF-8 bytes of a text (text frames are sent as UTF-8). */
export function textToBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export interface HexDump {
  /** One line per 16 bytes: "00000010  de ad be ef …  |....|". */
  lines: string[];
  bytes: number;
  /** Bytes not shown (past DUMP_LIMIT). */
  omitted: number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexDump(bytes: Uint8Array, limit = DUMP_LIMIT): HexDump {
  const shown = Math.min(bytes.length, limit);
  const lines: string[] = [];
  for (let off = 0; off < shown; off += 16) {
    const end = Math.min(off + 16, shown);
    let hex = '';
    let ascii = '';
    for (let i = off; i < off + 16; i++) {
      if (i < end) {
        const b = bytes[i]!;
        hex += HEX[b]! + (i === off + 7 ? '  ' : ' ');
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += i === off + 7 ? '    ' : '   ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return { lines, bytes: bytes.length, omitted: bytes.length - shown };
}

/** Base64 of bytes (for a text frame shown as binary), cut at the limit. */
export function bytesToBase64(bytes: Uint8Array, limit = DUMP_LIMIT): { text: string; omitted: number } {
  const shown = Math.min(bytes.length, limit);
  let bin = '';
  for (let i = 0; i < shown; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, shown)));
  return { text: btoa(bin), omitted: bytes.length - shown };
}
