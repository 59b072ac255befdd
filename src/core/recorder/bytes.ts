// Byte counts of payloads as the protocol hands them over: text frames as JavaScript strings
// (sent as UTF-8 on the wire), binary frames as base64.

/** Bytes of `s` encoded as UTF-8, without allocating an encoded copy. */
export function utf8Length(s: string): number {
  let n = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3; // a lone surrogate is encoded as U+FFFD, 3 bytes
    } else n += 3;
  }
  return n;
}

/** Bytes that the base64 text `s` decodes to (padding and line breaks allowed). */
export function base64DecodedLength(s: string): number {
  // Each 4 data characters carry 3 bytes, a tail of 2 or 3 carries 1 or 2; so padding ("=")
  // and line breaks can simply be left out of the count, and unpadded input works too.
  let chars = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 61 /* = */ && c !== 10 && c !== 13 && c !== 32) chars++;
  }
  return Math.floor((chars * 3) / 4);
}
