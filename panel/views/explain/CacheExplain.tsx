// Where the response came from and why, per the HTTP caching rules (the cache issue fills this in).
import type { NetworkRequest } from '../../../src/core/records.ts';

export function CacheExplain(_props: { request: NetworkRequest }) {
  return null;
}
