// The architecture's layering rules, checked by `npm run check:layers` (part of `npm test`).
// docs/ARCHITECTURE.md names the same rules. Paths are relative to the project root.
// The one rule dependency-cruiser cannot see (use of the `chrome` global) is checked by
// scripts/check-layers.mjs with the same rule name style.

// Packages src/core may import: pure, no browser or node APIs. Add one here on purpose only.
const PURE_PACKAGES = ['devtools-protocol', 'http-cache-semantics', 'eventsource-parser', '@msgpack/msgpack'];

// The edges: the only places that may touch browser storage and extension APIs.
const EDGES = [
  '^src/adapters/',
  '^src/background/',
  '^src/devtools/',
  '^src/popup/',
  '^src/cli/',
  '^panel/main\\.tsx$',
  '^panel/backend/',
  '^panel/workers/',
];

const pkg = (names) => `(^|/)node_modules/(${names.map((n) => n.replace('/', '\\/')).join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'src/core imports only src/core and the pure packages listed in .dependency-cruiser.cjs: no chrome.*, DOM, Dexie, Preact, node built-ins, adapters or panel code.',
      from: { path: '^src/core/' },
      to: { pathNot: [`^src/core/`, pkg(PURE_PACKAGES)] },
    },
    {
      name: 'browser-apis-at-the-edges',
      severity: 'error',
      comment:
        'Only src/adapters, the entry points (background, devtools, popup, cli, panel/main.tsx), panel/backend and panel/workers may import dexie or webextension-polyfill.',
      from: { path: '^(src|panel)/', pathNot: EDGES },
      to: { path: pkg(['dexie', 'webextension-polyfill']) },
    },
    {
      name: 'views-not-backends',
      severity: 'error',
      comment: 'panel/views and panel/components render the store; they never import adapters or backends.',
      from: { path: '^panel/(views|components)/' },
      to: { path: '^(src/adapters|panel/backend)/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'No import cycles in the product code. A cycle through an `import type` edge is allowed (scripts/check-layers.mjs drops it): types are erased, so it cannot change the order modules run in.',
      from: { path: '^(src|panel)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'Every import resolves to a file (a checker that cannot resolve imports checks nothing).',
      from: { path: '^(src|panel)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.ts', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
