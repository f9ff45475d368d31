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
