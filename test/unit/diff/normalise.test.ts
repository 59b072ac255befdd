// The matching key: what is folded and what is kept, on literal URLs.
import { describe, expect, it } from 'vitest';
import { matchKey, normaliseUrl, pathKey } from '../../../src/core/diff/index.ts';

describe('normaliseUrl', () => {
  it.each([
    // ids, timestamps, hashes and UUIDs in paths
    ['https://a.test/users/12345/avatar.png', 'https://a.test/users/{n}/avatar.png'],
    ['https://a.test/items/42', 'https://a.test/items/42'],
    ['https://a.test/static/main.3f2a9c1b.js', 'https://a.test/static/main.{hex}.js'],
    ['https://a.test/assets/index-BfT3x9Qa.js', 'https://a.test/assets/index-{id}.js'],
    ['https://a.test/o/5f1d7c2e9b3a4d6f8e0a1b2c', 'https://a.test/o/{hex}'],
    ['https://a.test/u/123e4567-e89b-12d3-a456-426614174000/p', 'https://a.test/u/{uuid}/p'],
    ['https://a.test/img/avatar-123e4567-e89b-12d3-a456-426614174000.png', 'https://a.test/img/avatar-{uuid}.png'],
    // words, short numbers and versions stay
    ['https://a.test/api/v2/products/list', 'https://a.test/api/v2/products/list'],
    ['https://a.test/res/pool-7.png', 'https://a.test/res/pool-7.png'],
    ['https://a.test/fonts/roboto-regular.woff2', 'https://a.test/fonts/roboto-regular.woff2'],
    // cache-busters and session values in queries; parameters sorted; fragments dropped
    ['https://a.test/app.js?v=1712345&_=99', 'https://a.test/app.js?_={v}&v={v}'],
    ['https://a.test/x?b=2&a=1&a=0#top', 'https://a.test/x?a=1&a=0&b=2'],
    ['https://a.test/x?page=2&q=shoes', 'https://a.test/x?page=2&q=shoes'],
    ['https://a.test/x?run=pool-mwr3bexm-1', 'https://a.test/x?run=pool-{id}-1'],
    ['https://a.test/x?1712345678', 'https://a.test/x?{n}'],
    ['https://a.test/beacon?sid=abc&nonce=xyz&token=t', 'https://a.test/beacon?nonce={v}&sid={v}&token={v}'],
    // scheme and host lower case, port kept
    ['HTTPS://A.Test:8443/Path', 'https://a.test:8443/Path'],
    ['data:image/png;base64,xyz', 'data:image/png;base64,xyz'],
  ])('%s → %s', (url, expected) => {
    expect(normaliseUrl(url)).toBe(expected);
  });

  it('keys by method too, and the path key leaves the origin out', () => {
    expect(matchKey('get', 'https://a.test/x?t=1')).toBe('GET https://a.test/x?t={v}');
    expect(matchKey('POST', 'https://a.test/x')).not.toBe(matchKey('GET', 'https://a.test/x'));
    expect(pathKey('GET', 'http://shard2.test:8080/res/a-12345.png')).toBe('GET /res/a-{n}.png');
    expect(pathKey('GET', 'https://a.test')).toBe('GET /');
  });
});
