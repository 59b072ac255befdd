// The CORS analysis: preflights paired with the hop they guarded (pairing.ts), and what follows
// from it. Pure and plain data: runs in the panel's analysis worker, node and tests alike.
export { isPreflight, pairPreflights, pairOfPreflight, preflightsOf, type CorsPairing, type PreflightPair, type UnpairedPreflight, type UnpairedReason } from './pairing.ts';
