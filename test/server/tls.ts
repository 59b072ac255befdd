// The test certificate (committed; test only, not a secret) and the SPKI hash that tells
// Chromium to trust it: --ignore-certificate-errors-spki-list=<hash>. With that flag the
// certificate counts as valid, so responses over TLS are cached as they would be on a real site
// (plain --ignore-certificate-errors marks the connection as broken, and Chrome does not cache
// responses from such connections).
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./cert/', import.meta.url));

export const testCert = readFileSync(dir + 'cert.pem', 'utf8');
export const testKey = readFileSync(dir + 'key.pem', 'utf8');

/** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's flag wants it. */
export function spkiHash(certPem: string = testCert): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
