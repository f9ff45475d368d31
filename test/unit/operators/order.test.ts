// sort/order by (desc by default; nulls last for desc and first for asc, H3.5), top, take/limit, distinct
// and count.
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

const T = `datatable(x:long, s:string)[2, "b", long(null), "n", 3, "c", 1, "a", 3, "C"]`;

describe('sort / order by', () => {
  it('defaults to descending with nulls last', () => {
    expect(rows(`${T} | sort by x | project x`)).toEqual([[3n], [3n], [2n], [1n], [null]]);
    expect(rows(`${T} | order by x | project x`)).toEqual([[3n], [3n], [2n], [1n], [null]]);
  });
  it('asc puts nulls first; nulls first/last overrides', () => {
    expect(rows(`${T} | sort by x asc | project x`)).toEqual([[null], [1n], [2n], [3n], [3n]]);
    expect(rows(`${T} | sort by x asc nulls last | project x`)).toEqual([[1n], [2n], [3n], [3n], [null]]);
    expect(rows(`${T} | sort by x desc nulls first | project x`)).toEqual([[null], [3n], [3n], [2n], [1n]]);
  });
  it('later keys break ties; the sort is stable', () => {
    expect(rows(`${T} | sort by x desc, s asc | project s`)).toEqual([['C'], ['c'], ['b'], ['a'], ['n']]);
  });
  it('sorts by an expression', () => {
    expect(rows(`print a = dynamic([3, 1, 2]) | mv-expand a to typeof(long) | sort by a * -1 asc`)).toEqual([[3n], [2n], [1n]]);
  });
});

describe('top, take, limit', () => {
  it('top N by key (desc by default, nulls last)', () => {
    expect(rows(`${T} | top 2 by x | project x`)).toEqual([[3n], [3n]]);
    expect(rows(`${T} | top 2 by x asc | project x`)).toEqual([[null], [1n]]);
    expect(rows(`${T} | top 2 by x asc nulls last | project x`)).toEqual([[1n], [2n]]);
  });
  it('top N when the first rows kept are nulls, NaN or ties (each row of the rest still compared)', () => {
    const N = `datatable(x:long, r:real, t:datetime, k:long)[long(null), real(null), datetime(null), 1, long(null), real(nan), datetime(2024-01-01T00:00:00.0000001Z), 2, -5, -2.5, datetime(2024-01-01), 3, -1, 0.5, datetime(2024-01-01T00:00:00.0000002Z), 4, -3, real(null), datetime(2023-12-31), 5]`;
    // desc, nulls last: the negative values beat the nulls that filled the heap first.
    expect(rows(`${N} | top 2 by x | project x`)).toEqual([[-1n], [-3n]]);
    // NaN sorts below every number, above null when descending with nulls last.
    expect(rows(`${N} | top 3 by r | project k`)).toEqual([[4n], [3n], [2n]]);
    expect(rows(`${N} | top 1 by r asc nulls last | project k`)).toEqual([[2n]]);
    // Datetimes one and two ticks after the same millisecond.
    expect(rows(`${N} | top 2 by t | project k`)).toEqual([[4n], [2n]]);
    expect(rows(`${N} | top 2 by t asc nulls last | project k`)).toEqual([[5n], [3n]]);
    expect(rows(`${N} | top 2 by x desc nulls first | project k`)).toEqual([[1n], [2n]]);
  });
  it('take and limit keep the first N rows', () => {
    expect(rows(`${T} | take 2 | project s`)).toEqual([['b'], ['n']]);
    expect(rows(`${T} | limit 1 | project s`)).toEqual([['b']]);
    expect(rows(`${T} | take 0`)).toEqual([]);
  });
  it('needs a constant count', () => {
    expect(errorOf(`${T} | take x`).code).toBe('KQL101');
    expect(errorOf(`${T} | take now()`).code).toBe('KQL112');
  });
});

describe('distinct', () => {
  it('keeps one row per distinct combination, in first-seen order', () => {
    expect(rows(`${T} | distinct x`)).toEqual([[2n], [null], [3n], [1n]]);
    expect(rows(`print a = 1 | union (print a = 1), (print a = 2) | distinct *`)).toEqual([[1n], [2n]]);
  });
  it('names computed columns like project', () => {
    expect(names(`${T} | distinct tolower(s), x`)).toEqual(['Column1', 'x']);
    expect(rows(`${T} | distinct l = tolower(s) | count`)).toEqual([[4n]]);
  });
});

describe('count', () => {
  it('outputs one long column named Count', () => {
    expect(q(`${T} | count`).columns).toEqual([{ name: 'Count', type: 'long' }]);
    expect(rows(`${T} | count`)).toEqual([[5n]]);
    expect(rows(`${T} | where x > 100 | count`)).toEqual([[0n]]);
  });
});
