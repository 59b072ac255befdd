// The socket-pool analysis: origin pools, connections, reuse and queueing verdicts, patterns,
// and the plain sentences that explain them. Pure: runs in the panel, node and tests alike.
export { analysePools, analysePoolData, indexPools, poolVerdictsAt } from './analyse.ts';
export { explainRequest, explainPattern, describePool, type Sentence } from './explain.ts';
export { H1_SOCKETS_PER_HOST, LONG_IDLE_MS, familyName, familyOf } from './limits.ts';
export type * from './types.ts';
