// Runs the fuzz campaign from the command line and prints the counts:
//   npx tsx test/unit/fuzz/run.ts [COUNT] [SEED] [WORKERS]
import { describeFailure, runFuzz } from './runner.ts';

const count = Number(process.argv[2] ?? process.env.NETLENS_FUZZ ?? 3000);
const seed = Number(process.argv[3] ?? process.env.NETLENS_FUZZ_SEED ?? 12);
const workers = Number(process.argv[4] ?? 1);
const s = await runFuzz({ seed, count, workers, redactionTimeoutMs: 20_000, onProgress: (d, t) => { if (d % 500 === 0 || d === t) process.stderr.write(`${d} / ${t}\n`); } });
console.log(`seed ${seed}: ${s.inputs} inputs in ${(s.ms / 1000).toFixed(1)} s: ${s.ok} ok, ${s.refused} refused with a sentence, ${s.failures.length} failures, ${s.redaction.length} in the isolated redaction stage`);
const kinds = new Map<string, number>();
for (const f of [...s.failures, ...s.redaction]) kinds.set(`${f.kind} in ${f.stage}`, (kinds.get(`${f.kind} in ${f.stage}`) ?? 0) + 1);
for (const [k, n] of kinds) console.log(`  ${k}: ${n}`);
console.log('Refusals:');
for (const [k, n] of [...s.refusals].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${n} × ${k}`);
const seen = new Set<string>();
for (const f of [...s.failures, ...s.redaction]) {
  const key = `${f.kind}:${f.stage}:${f.message.replace(/\d+/g, 'N').slice(0, 50)}`;
  if (seen.has(key)) continue;
  seen.add(key);
  console.log('\n' + describeFailure(f, seed));
}
