// `npm run test:props -- --runs N [--seed S] [files or vitest args...]`: run the property tests with N
// runs per property (KQLITE_PROP_RUNS) and an optional seed (KQLITE_PROP_SEED); other arguments go to
// vitest (file filters replace the default `test/property`).

import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
const rest: string[] = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  const value = (): string => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i] ?? '');
  if (a === '--runs' || a.startsWith('--runs=')) env.KQLITE_PROP_RUNS = value();
  else if (a === '--seed' || a.startsWith('--seed=')) env.KQLITE_PROP_SEED = value();
  else rest.push(a);
}
if (env.KQLITE_PROP_RUNS && !(Number(env.KQLITE_PROP_RUNS) > 0)) {
  console.error(`--runs needs a positive number, not '${env.KQLITE_PROP_RUNS}'`);
  process.exit(2);
}
// Many runs take longer than the default per-test timeout of the suite.
const timeout = env.KQLITE_PROP_RUNS ? ['--testTimeout', String(Math.max(60_000, Number(env.KQLITE_PROP_RUNS) * 2_000))] : [];
// File filters given on the command line replace the default `test/property`.
const files = rest.some((a) => !a.startsWith('-')) ? [] : ['test/property'];
const r = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', ...files, ...timeout, ...rest], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
