// Long fuzzing runs: `npm run fuzz -- --runs 1000000 [--target parser|engine|loader|cli|all] [--seed N]`.
// Prints the number of inputs tried per target and every crash (with fast-check's seed and path).
import fc from 'fast-check';
import { argv, fileBytes, fuzzCli, fuzzEngine, fuzzLoader, fuzzParser, kqlText } from './targets.js';

const args = process.argv.slice(2);
const opt = (n: string, d: string): string => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : d;
};
const runs = Number(opt('runs', '100000'));
const seed = Number(opt('seed', String(Date.now() % 2 ** 31)));
const target = opt('target', 'all');

const opts = { numRuns: runs, seed };
const targets: Record<string, () => fc.RunDetails<unknown>> = {
  parser: () => fc.check(fc.property(kqlText, (t) => fuzzParser(t) === undefined), opts) as fc.RunDetails<unknown>,
  engine: () => fc.check(fc.property(kqlText, (t) => fuzzEngine(t) === undefined), opts) as fc.RunDetails<unknown>,
  loader: () => fc.check(fc.property(fileBytes, (b) => fuzzLoader(b) === undefined), opts) as fc.RunDetails<unknown>,
  cli: () => fc.check(fc.property(argv, (a) => fuzzCli(a) === undefined), opts) as fc.RunDetails<unknown>,
};

let crashes = 0;
for (const [name, check] of Object.entries(targets)) {
  if (target !== 'all' && target !== name) continue;
  const t0 = Date.now();
  const r = check();
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  if (r.failed) {
    crashes++;
    console.log(`${name}: CRASH after ${r.numRuns} inputs (seed ${r.seed}, path ${r.counterexamplePath}): ${JSON.stringify(r.counterexample)?.slice(0, 300)}`);
    console.log(String(r.errorInstance).slice(0, 500));
  } else {
    console.log(`${name}: ${r.numRuns} inputs, 0 crashes (${secs} s, seed ${seed})`);
  }
}
process.exitCode = crashes ? 1 : 0;
