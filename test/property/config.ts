// Run counts and seeds for the property tests. `npm test` uses the bounded defaults below with a fixed
// seed; `npm run test:props -- --runs N` (or KQLITE_PROP_RUNS=N) runs every property N times, and
// KQLITE_PROP_SEED=S replays another seed. fast-check prints the seed and the shrunk counterexample of
// any failure; `KQLITE_PROP_SEED=<seed> KQLITE_PROP_PATH=<path>` replays exactly that case.

import type { Parameters } from 'fast-check';

const env = process.env;

/** The seed every property uses (fixed by default so CI is reproducible). */
export const SEED = env.KQLITE_PROP_SEED ? Number(env.KQLITE_PROP_SEED) : 20240630;

/** Runs for a property: its bounded default, or KQLITE_PROP_RUNS when set. */
export function runs(defaultRuns: number): number {
  const n = env.KQLITE_PROP_RUNS ? Number(env.KQLITE_PROP_RUNS) : NaN;
  return Number.isFinite(n) && n > 0 ? n : defaultRuns;
}

/** fast-check parameters for a property with `defaultRuns` runs. */
export function params<T>(defaultRuns: number): Parameters<T> {
  // KQLITE_PROP_NO_SHRINK=1 reports the first failure without shrinking (the mutation runner uses it).
  const p: Parameters<T> = { numRuns: runs(defaultRuns), seed: SEED, endOnFailure: env.KQLITE_PROP_NO_SHRINK === '1' };
  if (env.KQLITE_PROP_PATH) p.path = env.KQLITE_PROP_PATH;
  return p;
}

/**
 * Per-test timeout of the property tests: generous, so that shrinking a failure to a small case (which
 * can take tens of seconds on a loaded machine) reports the counterexample instead of a timeout.
 */
export const PROPERTY_TIMEOUT_MS = 300_000;
