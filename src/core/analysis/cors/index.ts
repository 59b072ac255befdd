// The CORS analysis: preflights paired with the hop they guarded (pairing.ts), the class of every
// request, why each preflight fired, the server's answers and what they cover, the preflight cache
// replayed, failures in words with their fix, and the time preflights cost (analyse.ts). Pure and
// plain data: runs in the panel's analysis worker, node and tests alike.
export { isPreflight, pairPreflights, pairOfPreflight, preflightsOf, type CorsPairing, type PreflightPair, type UnpairedPreflight, type UnpairedReason } from './pairing.ts';
export { analyseCorsData } from './analyse.ts';
export { preflightDelay } from './timing.ts';
export { corsTags } from './tags.ts';
export { corsOf, explainCors, explainIssueWithoutRequest, whyClause } from './explain.ts';
export { localNetworkOf, localNetworkSentence, type LocalNetworkVerdict } from './local-network.ts';
export { CORS_ERRORS, failureWords, type FailureWords, type FailureContext } from './errors.ts';
export { DEFAULT_MAX_AGE_S, MAX_MAX_AGE_S, type CorsAnswer, type MaxAge, type OriginCheck } from './answer.ts';
export { SAFELISTED_VALUE_LIMIT, type PreflightCause } from './safelist.ts';
export type * from './types.ts';
