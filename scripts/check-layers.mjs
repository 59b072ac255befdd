#!/usr/bin/env node
// Checks the architecture's layering rules (.dependency-cruiser.cjs, and the `chrome` global) on the
// product code: `node scripts/check-layers.mjs [--root DIR]`. Prints each violation with its rule's
// name and exits 1 when there is one; exits 2 when the check could not run or parsed nothing.
//
// Why a script around dependency-cruiser: TypeScript 7 has no classic compiler API, so
// dependency-cruiser reads TypeScript through @swc/core, which it asks for plain TypeScript even for
// .tsx files. The shim below tells swc to parse .tsx as TSX; without it every view fails to parse.
// test/unit/layering/layering.test.ts runs this on a fixture tree that breaks every rule.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const parseFileSync = swc.parseFileSync.bind(swc);
swc.parseFileSync = (file, options) => parseFileSync(file, { ...options, tsx: String(file).endsWith('.tsx') });

const args = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const root = resolve(rootArg >= 0 ? args[rootArg + 1] : process.cwd());
const config = require(resolve(import.meta.dirname, '..', '.dependency-cruiser.cjs'));
const SCANNED = ['src', 'panel'].filter((d) => exists(join(root, d)));

function exists(p) {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function sourceFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') stack.push(p);
      } else if (/\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  }
  return out;
}

// Places allowed to use the `chrome` global: the same edges the dependency rule names.
const CHROME_ALLOWED = /^(src\/(adapters|background|devtools|popup|cli)\/|panel\/main\.tsx$|panel\/backend\/|panel\/workers\/)/;

/** Every reference to the global `chrome` in a file (not `x.chrome`, not `{ chrome: … }`, not in comments or strings). */
function chromeUses(file) {
  const ast = swc.parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript', tsx: file.endsWith('.tsx'), target: 'es2022' });
  const lines = [];
  const stack = [ast];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const n of node) stack.push(n);
      continue;
    }
    if (node.type === 'Identifier' && node.value === 'chrome') lines.push(node.span.start);
    for (const [k, v] of Object.entries(node)) {
      if (k === 'span') continue;
      // A property name after a dot, or an object key, is not the global.
      if (node.type === 'MemberExpression' && k === 'property' && v?.type === 'Identifier') continue;
      if (node.type === 'KeyValueProperty' && k === 'key') continue;
      if (node.type === 'TsQualifiedName' && k === 'right') continue;
      if (typeof v === 'object') stack.push(v);
    }
  }
  return lines.length;
}

/**
 * True when every import of `to` in `from` is an `import type` / `export type` declaration, which
 * TypeScript erases (verbatimModuleSyntax keeps `import { type X }` as a side-effect import, so that
 * form counts as a runtime import). swc's extractor does not tell type-only imports apart, so a cycle
 * through such an edge is dropped here: it cannot change the order modules run in.
 */
function typeOnlyEdge(output, from, to) {
  const mod = output.modules.find((m) => m.source === from);
  const specifiers = new Set(mod?.dependencies.filter((d) => d.resolved === to).map((d) => d.module) ?? []);
  if (specifiers.size === 0) return false;
  const ast = swc.parseSync(readFileSync(join(root, from), 'utf8'), { syntax: 'typescript', tsx: from.endsWith('.tsx'), target: 'es2022' });
  let found = false;
  for (const item of ast.body) {
    const source = item.source?.value;
    if (!specifiers.has(source)) continue;
    found = true;
    const typeOnly = item.typeOnly === true;
    if (!typeOnly) return false;
  }
  return found;
}

async function main() {
  if (SCANNED.length === 0) {
    console.error(`check-layers: no src/ or panel/ under ${root}: nothing to check.`);
    process.exit(2);
  }
  const { cruise } = await import('dependency-cruiser');
  const previous = process.cwd();
  process.chdir(root);
  let result;
  try {
    result = await cruise(SCANNED, { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, baseDir: root });
  } finally {
    process.chdir(previous);
  }
  const output = result.output;
  const files = SCANNED.flatMap((d) => sourceFiles(join(root, d))).map((f) => relative(root, f).split('\\').join('/'));
  const seen = new Set(output.modules.map((m) => m.source));
  const unread = files.filter((f) => !seen.has(f));
  const runtimeCycle = (v) => {
    if (!v.cycle) return true;
    const path = [v.from, ...v.cycle.map((c) => c.name ?? c)];
    for (let i = 0; i + 1 < path.length; i++) if (typeOnlyEdge(output, path[i], path[i + 1])) return false;
    return true;
  };
  const violations = output.summary.violations.filter(runtimeCycle).map((v) => ({
    rule: v.rule.name,
    text: v.cycle ? `${v.from} → ${v.cycle.map((c) => c.name ?? c).join(' → ')}` : `${v.from} → ${v.to}`,
  }));
  for (const f of files) {
    if (CHROME_ALLOWED.test(f) || !(f.startsWith('src/') || f.startsWith('panel/'))) continue;
    const n = chromeUses(join(root, f));
    if (n > 0) violations.push({ rule: 'chrome-at-the-edges', text: `${f} uses the chrome global (${n}×); only src/adapters, the entry points, panel/backend and panel/workers may` });
  }
  if (unread.length > 0) {
    console.error(`check-layers: ${unread.length} source file(s) were not read by the checker, e.g. ${unread.slice(0, 3).join(', ')}.`);
    process.exit(2);
  }
  const edges = output.modules.reduce((n, m) => n + m.dependencies.length, 0);
  if (violations.length === 0) {
    console.log(`check-layers: ${files.length} files, ${edges} imports, 0 violations of ${config.forbidden.length + 1} rules.`);
    return;
  }
  for (const v of violations) console.error(`${v.rule}: ${v.text}`);
  console.error(`check-layers: ${violations.length} violation(s) in ${files.length} files.`);
  process.exit(1);
}

main().catch((err) => {
  console.error(`check-layers: could not run: ${err?.message ?? err}`);
  process.exit(2);
});
