// Connection reuse, set-up cost and queueing of one request (the socket pools issue fills this in).
import type { NetworkRequest } from '../../../src/core/records.ts';

export function ConnectionExplain(_props: { request: NetworkRequest }) {
  return null;
}
