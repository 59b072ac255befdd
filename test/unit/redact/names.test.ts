// The reviewed name list, both directions: names that carry secrets (including ones substring
// matching misses) and look-alikes that are public and useful when debugging.
import { describe, expect, it } from 'vitest';
import { isSecretName } from '../../../src/core/redact/names.ts';

describe('secret names', () => {
  it('finds secrets substring matching misses, and encoded names', () => {
    for (const n of ['state', 'RequestVerificationToken', '__RequestVerificationToken', 'upload_id', 'uploadId', 'code_verifier', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'X-Goog-Signature', 'sig', 'access%5Ftoken', 'access%255Ftoken', 'newPassword', 'password_confirmation', 'client_secret', 'passcode', 'otp', 'id_token', 'session_state', 'authenticity_token', 'csrfmiddlewaretoken', 'AccountKey', 'SharedAccessSignature', 'Signature', 'key', 'code'])
      expect(isSecretName(n, 'url'), n).toBe(true);
    for (const h of ['X-Authorization', 'AccessKey', 'X-Api-Key', 'Ocp-Apim-Subscription-Key', 'X-Shopify-Access-Token', 'X-Session-Id', 'X-CSRFToken', 'Private-Token', 'x-goog-api-key', 'Cookie', 'Authorization'])
      expect(isSecretName(h, 'header'), h).toBe(true);
    for (const k of ['apiKey', 'secretAccessKey', 'accessToken', 'refresh_token', 'private_key', 'pin', 'cvv', 'authToken', 'Authorization', 'password'])
      expect(isSecretName(k, 'json'), k).toBe(true);
  });

  it('keeps public look-alikes public', () => {
    for (const n of ['code_challenge', 'code_challenge_method', 'currency_code', 'country_code', 'error_code', 'status_code', 'Idempotency-Key', 'token_type', 'expires_in', 'client_id', 'redirect_uri', 'grant_type', 'response_type', 'scope', 'Key-Pair-Id', 'keyword', 'barcode', 'hash', 'etag', 'sha256Hash', 'integrity', 'partNumber', 'X-Amz-Date', 'X-Amz-Expires', 'se', 'sp', 'sv', 'uploadType', 'auth_type', 'session_expires', 'password_policy', 'keys_pressed_count', 'private_key_id', 'public_key'])
      expect(isSecretName(n, 'url'), n).toBe(false);
    for (const h of ['Idempotency-Key', 'Sec-WebSocket-Key', 'Sec-WebSocket-Accept', 'Content-MD5', 'X-Amz-Content-Sha256', 'X-Request-Id', 'WWW-Authenticate', 'Access-Control-Allow-Credentials', 'Access-Control-Allow-Headers', ':path', ':authority', 'ETag', 'Digest', 'Cache-Control', 'Keep-Alive'])
      expect(isSecretName(h, 'header'), h).toBe(false);
  });

  it('judges code, state and key by context: secrets in URLs and forms, public in JSON', () => {
    for (const n of ['code', 'state', 'key']) {
      expect(isSecretName(n, 'url'), n).toBe(true);
      expect(isSecretName(n, 'json'), n).toBe(false);
    }
    // With a qualifier the head word decides in every context.
    expect(isSecretName('auth_code', 'json')).toBe(true);
    expect(isSecretName('device_code', 'json')).toBe(true);
    expect(isSecretName('decline_code', 'json')).toBe(false);
    expect(isSecretName('sort_key', 'json')).toBe(false);
    expect(isSecretName('api_key', 'json')).toBe(true);
  });

  it('adds the user’s own names in every context', () => {
    const extra = new Set(['email']);
    expect(isSecretName('email', 'json', extra)).toBe(true);
    expect(isSecretName('Email', 'url', extra)).toBe(true);
    expect(isSecretName('email', 'json')).toBe(false);
  });
});
