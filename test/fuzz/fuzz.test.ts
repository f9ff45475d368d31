// Bounded fuzzing in the test suite: no input makes the parser, engine, loaders or CLI throw anything
// but KqlError. `npm run fuzz -- --runs N` runs longer (see test/fuzz/run.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argv, fileBytes, fuzzCli, fuzzEngine, fuzzLoader, fuzzParser, kqlText } from './targets.js';

const runs = Number(process.env.KQLITE_FUZZ_RUNS ?? 300);
const seed = Number(process.env.KQLITE_FUZZ_SEED ?? 20261203);

describe('fuzzing', () => {
  it('the parser only ever throws KqlError', () => {
    fc.assert(fc.property(kqlText, (t) => fuzzParser(t) === undefined), { numRuns: runs * 4, seed });
  });
  it('the engine only ever throws KqlError', () => {
    fc.assert(fc.property(kqlText, (t) => fuzzEngine(t) === undefined), { numRuns: runs, seed });
  });
  it('the CSV and JSON loaders only ever throw KqlError', () => {
    fc.assert(fc.property(fileBytes, (b) => fuzzLoader(b) === undefined), { numRuns: runs, seed });
  });
  it('the CLI exits 0, 1 or 2 without an internal error', () => {
    fc.assert(fc.property(argv, (a) => fuzzCli(a) === undefined), { numRuns: runs, seed });
  });
  it('deep nesting is an error, not a crash', () => {
    expect(fuzzParser('('.repeat(10_000) + '1' + ')'.repeat(10_000))).toBeUndefined();
    expect(fuzzEngine('print x = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000))).toBeUndefined();
    expect(fuzzLoader(Buffer.from('{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}'))).toBeUndefined();
  });
});
