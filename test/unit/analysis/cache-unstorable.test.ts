// The cache analysis builds no http-cache-semantics policy for a response the library would
// certainly not store (policy.ts: certainlyUnstorable). The shortcut must never say "certain"
// where the library would store: each case below is checked against the library itself.
import CachePolicy from 'http-cache-semantics';
import { describe, expect, it } from 'vitest';
import { certainlyUnstorable, POLICY_OPTIONS } from '../../../src/core/analysis/cache/policy.ts';

const CASES: { method: string; req: Record<string, string>; res: Record<string, string>; certain: boolean }[] = [
  { method: 'GET', req: {}, res: { 'cache-control': 'no-store' }, certain: true },
  { method: 'GET', req: {}, res: { 'cache-control': 'private, no-store, max-age=0' }, certain: true },
  { method: 'GET', req: {}, res: { 'cache-control': ' max-age=60 ,no-store' }, certain: true },
  { method: 'GET', req: { 'cache-control': 'no-store' }, res: { 'cache-control': 'max-age=600' }, certain: true },
  { method: 'GET', req: {}, res: { 'cache-control': 'no-store=1' }, certain: true },
  // The library does not lower-case directive names, and reads an empty quoted value as false:
  // both are left to it (it stores these).
  { method: 'GET', req: {}, res: { 'cache-control': 'No-Store' }, certain: false },
  { method: 'GET', req: {}, res: { 'cache-control': 'no-store=""' }, certain: false },
  { method: 'GET', req: {}, res: { 'cache-control': 'no-storeX, max-age=60' }, certain: false },
  { method: 'PUT', req: {}, res: { 'cache-control': 'max-age=600' }, certain: true },
  { method: 'DELETE', req: {}, res: {}, certain: true },
  // POST is stored with an explicit lifetime: left to the library.
  { method: 'POST', req: {}, res: { 'cache-control': 'max-age=600' }, certain: false },
  { method: 'POST', req: {}, res: {}, certain: false },
  { method: 'HEAD', req: {}, res: { 'cache-control': 'max-age=600' }, certain: false },
  { method: 'GET', req: {}, res: { pragma: 'no-cache' }, certain: false },
  { method: 'GET', req: {}, res: {}, certain: false },
];

describe('certainlyUnstorable', () => {
  it.each(CASES)('$method $req $res → $certain', ({ method, req, res, certain }) => {
    expect(certainlyUnstorable(method, req, res)).toBe(certain);
    const storable = new CachePolicy({ url: 'http://a.test/x', method, headers: { ...req, host: 'a.test' } }, { status: 200, headers: res }, POLICY_OPTIONS).storable();
    // Where the shortcut is certain, the library agrees it is not storable.
    if (certain) expect(storable).toBe(false);
  });

  it('leaves to the library the cases it stores', () => {
    // The cases marked false above that the library does store: the shortcut must not claim them.
    const stored = CASES.filter((c) => new CachePolicy({ url: 'http://a.test/x', method: c.method, headers: { ...c.req, host: 'a.test' } }, { status: 200, headers: c.res }, POLICY_OPTIONS).storable());
    // No-Store, no-store="", no-storeX, POST with max-age, HEAD, Pragma only, no headers.
    expect(stored.length).toBe(7);
    for (const c of stored) expect(certainlyUnstorable(c.method, c.req, c.res)).toBe(false);
  });
});
