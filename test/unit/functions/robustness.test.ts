// Every scalar function, called with sampled arguments of every type (including nulls, empty and odd
// values), either binds and runs or fails with a KqlError: never a JavaScript exception.
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { functionNames, scalarFunction } from '../../../src/engine/functions/index.js';
import { q } from '../../helpers.js';

const SAMPLES = [
  '0', '-1', '3', '9223372036854775807', 'int(null)', 'long(null)', '2.5', '-0.5', 'real(nan)', 'real(null)',
  '""', '"abc"', '"a.b.c.d"', '"1.2.3.4/24"', '"$.a[0]"', '"2020-01-01"', '"week"', '"<a>x</a>"', '"%zz"', '"(a)(b)"',
  'true', 'bool(null)', 'datetime(2020-02-29 12:34:56.789)', 'datetime(null)', 'datetime(0001-01-01)', 'datetime(9999-12-31)',
  '1d', '-1h', 'timespan(null)', 'dynamic(null)', 'dynamic([])', 'dynamic([1, "a", null, {"b": 2}])', 'dynamic({"a": [1, 2]})',
  'guid(00000000-0000-0000-0000-000000000001)',
];

/** A small deterministic generator, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SKIP = new Set(['toscalar', 'rand', 'new_guid']);

describe('catalog robustness', () => {
  it('no scalar function throws anything but a KqlError', () => {
    const next = rng(20240630);
    const failures: string[] = [];
    for (const name of functionNames()) {
      const f = scalarFunction(name);
      if (!f || SKIP.has(name)) continue;
      const maxArity = Math.min(f.maxArgs, Math.max(f.minArgs, 4));
      for (let k = 0; k < 25; k++) {
        const arity = f.minArgs + Math.floor(next() * (maxArity - f.minArgs + 1));
        const args = Array.from({ length: arity }, () => SAMPLES[Math.floor(next() * SAMPLES.length)]!);
        const query = `print ${name}(${args.join(', ')})`;
        try {
          q(query);
        } catch (e) {
          if (!(e instanceof KqlError)) failures.push(`${query}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
