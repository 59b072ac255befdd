// An unpacked extension's id follows from the "key" in its manifest: the first 128 bits of the
// SHA-256 of the public key, written with the letters a–p.
import { createHash } from 'node:crypto';

export function extensionIdFromKey(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...digest].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

/**
 * An unpacked extension with no "key" (the store package) gets its id from its folder instead:
 * Chromium hashes the absolute path the same way (crx_file::id_util::GenerateIdForPath).
 */
export function extensionIdFromPath(absolutePath: string): string {
  const digest = createHash('sha256').update(absolutePath, 'utf8').digest('hex').slice(0, 32);
  return [...digest].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}
