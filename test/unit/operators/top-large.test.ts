// top N over tables large enough (more than 65,536 rows) that chunks whose values are all worse than the
// N kept so far are skipped: every variant is checked against a plain sort of the same rows written here
// (Kusto's order: nulls first or last as asked, NaN below every number, ties in input order).
import { describe, expect, it } from 'vitest';
import { rows } from '../../helpers.js';

const N = 200_000;
const P = 100_003; // prime: x * 7919 % P visits every residue

type Key = number | null;
/** The key of row x for each variant, as the query below computes it. */
const variants: Record<string, { kql: string; key: (x: number) => Key }> = {
  long: { kql: '(x * 7919) % 100003', key: (x) => (x * 7919) % P },
  nulls: { kql: 'iff(x % 1000 == 0, long(null), (x * 7919) % 100003)', key: (x) => (x % 1000 === 0 ? null : (x * 7919) % P) },
  fewNulls: { kql: 'iff(x % 70000 == 0, long(null), (x * 7919) % 100003)', key: (x) => (x % 70000 === 0 ? null : (x * 7919) % P) },
  // Increasing and decreasing keys: most chunks hold only values worse than the best N and are skipped,
  // except those holding a null (nulls first) or NaN (the least number, first when ascending).
  rising: { kql: 'iff(x % 70000 == 0, long(null), x)', key: (x) => (x % 70000 === 0 ? null : x) },
  falling: { kql: `iff(x % 70000 == 0, real(nan), todouble(${N} - x))`, key: (x) => (x % 70000 === 0 ? NaN : N - x) },
  nan: { kql: 'iff(x % 5000 == 0, real(nan), todouble((x * 7919) % 100003) / 7)', key: (x) => (x % 5000 === 0 ? NaN : ((x * 7919) % P) / 7) },
};

function expected(key: (x: number) => Key, n: number, desc: boolean, nullsFirst: boolean): number[] {
  const xs = Array.from({ length: N }, (_, i) => i + 1);
  const rank = (v: Key): number => (v === null ? NaN : v);
  xs.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) {
      if (ka === kb) return a - b;
      return (ka === null) === nullsFirst ? -1 : 1;
    }
    const na = Number.isNaN(rank(ka));
    const nb = Number.isNaN(rank(kb));
    // NaN is below every number.
    const c = na || nb ? (na && nb ? 0 : na ? -1 : 1) : ka < kb ? -1 : ka > kb ? 1 : 0;
    return (desc ? -c : c) || a - b;
  });
  return xs.slice(0, n);
}

describe('top N over more than 65,536 rows', () => {
  for (const [name, v] of Object.entries(variants)) {
    for (const [order, desc, nullsFirst] of [
      ['desc', true, false],
      ['asc', false, true],
      ['desc nulls first', true, true],
      ['asc nulls last', false, false],
    ] as const) {
      it(`${name} keys, top 25 by k ${order}`, () => {
        const got = rows(`range x from 1 to ${N} step 1 | extend k = ${v.kql} | top 25 by k ${order} | project x`).map((r) => Number(r[0]));
        expect(got).toEqual(expected(v.key, 25, desc, nullsFirst));
      });
    }
  }
  it('datetime keys that differ only in 100-ns ticks', () => {
    const got = rows(`range x from 1 to ${N} step 1 | extend t = datetime(2024-01-01) + ((x * 7919) % 100003) * 1tick | top 5 by t | project x`).map((r) => Number(r[0]));
    expect(got).toEqual(expected((x) => (x * 7919) % P, 5, true, false));
  });
});
