// The semantic diff of two recordings (pure, plain data, linear): requests matched by method and
// normalised URL, what changed largest effect first, warnings on different recording conditions,
// budgets and their violations, and the text and Markdown renderings.
export { diffRecordings, cacheRegressions, KIND_ORDER } from './diff.ts';
export { normaliseUrl, matchKey, pathKey, foldPart, foldToken, VOLATILE_NAMES } from './normalise.ts';
export { streamChanges } from './streams.ts';
export { browserOfUserAgent } from './conditions.ts';
export { readBudget, parseBudget, checkBudget, BudgetError, LIMITS, type Budget, type Limits, type OriginLimits, type LimitName, type Violation } from './budget.ts';
export { diffText, diffMarkdown } from './render.ts';
export type * from './types.ts';
export { NOISE } from './types.ts';
