// Operator-by-operator differential properties: every run checks *every* string operator, or every
// arithmetic and comparison operator, against the reference evaluator on the same random operands. Rare
// operators in random pipelines are thereby tested as often as common ones.

import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import type { ScalarType } from '../../src/types.js';
import type { RefTable } from '../reference/evaluator.js';
import { intArb, longArb, poolsOf, realArb, stringArb, substringNeedleArb, termNeedleArb } from './arbitraries.js';
import { checkAgainstReference } from './compare.js';
import { params, PROPERTY_TIMEOUT_MS } from './config.js';
import { kqlString } from './kql-text.js';

vi.setConfig({ testTimeout: PROPERTY_TIMEOUT_MS });

const STRING_OPS = [
  'has', '!has', 'has_cs', '!has_cs', 'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs', 'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs',
  'contains', '!contains', 'contains_cs', '!contains_cs', 'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  '==', '!=', '=~', '!~',
];

const col = (name: string, type: ScalarType) => ({ name, type });

describe('differential: each operator against its definition', () => {
  it('every string operator (A2-A4) on random haystacks and needles drawn from them', () => {
    const caseArb = fc.array(stringArb, { minLength: 1, maxLength: 12 }).chain((strings) => {
      const T: RefTable = { columns: [col('rid', 'long'), col('s', 'string')], rows: strings.map((s, i) => ({ rid: BigInt(i), s })) };
      const p = poolsOf([T]);
      // Term needles for the has family (alphanumeric, as A2.3 leaves others open), substrings for the rest.
      return fc.tuple(termNeedleArb(p), substringNeedleArb(p), fc.array(substringNeedleArb(p), { minLength: 1, maxLength: 3 })).map(([term, sub, list]) => ({ T, term, sub, list }));
    });
    fc.assert(
      fc.property(caseArb, ({ T, term, sub, list }) => {
        for (const op of STRING_OPS) {
          const needle = op.includes('has') ? term : sub;
          checkAgainstReference(`T | where s ${op} ${kqlString(needle)}`, { T });
        }
        for (const op of ['in', '!in', 'in~', '!in~']) checkAgainstReference(`T | where s ${op} (${list.map(kqlString).join(', ')})`, { T });
        for (const op of ['has_any', 'has_all']) checkAgainstReference(`T | where s ${op} (${kqlString(term)}, ${kqlString(term.toUpperCase())})`, { T });
      }),
      params(60),
    );
  });

  it('arithmetic, comparisons and bin() (F3, F4, D3, E9) on random numbers, nulls included', () => {
    const nonZeroLong = longArb.filter((v) => v !== 0n);
    const nonZeroInt = intArb.filter((v) => v !== 0);
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 6 });
    const rowArb = fc.record({ a: maybe(longArb), b: nonZeroLong, i: maybe(intArb), j: nonZeroInt, x: maybe(realArb), y: realArb, k: fc.bigInt(1n, 9n) });
    const T = (rows: Record<string, unknown>[]): RefTable => ({
      columns: [col('a', 'long'), col('b', 'long'), col('i', 'int'), col('j', 'int'), col('x', 'real'), col('y', 'real'), col('k', 'long')],
      rows: rows as RefTable['rows'],
    });
    const exprs = [
      'a + b', 'a - b', 'a * b', 'a / b', 'a % b', '-a', 'a % k', 'a % -k', 'a / -k',
      'i + j', 'i - j', 'i * j', 'i / j', 'i % j', 'i + a',
      'x + y', 'x - y', 'x * y', 'a * 2.5', 'i * y',
      'bin(a, k)', 'bin(i, k)', 'bin(x, 0.5)',
      'a == b', 'a != b', 'a < b', 'a <= b', 'a > b', 'a >= b', 'i < a', 'x < y', 'x == y', 'a == i',
    ];
    const query = `T | extend ${exprs.map((e, n) => `r${n} = ${e}`).join(', ')}`;
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 8 }), (rows) => checkAgainstReference(query, { T: T(rows) })),
      params(100),
    );
  });
});
