// summarize: aggregates over nulls and empty strings, Kusto's default column names, empty input
// (kql-semantics.md D5, E1-E7; names confirmed against Microsoft's binder per section (i)).
import { describe, expect, it } from 'vitest';
import { names, rows } from '../../helpers.js';

const T = `datatable(k:string, x:long, s:string)["a", 1, "p", "a", long(null), "", "a", 3, "p", "b", long(null), "q"]`;

function group(agg: string, key = 'a'): unknown {
  const r = rows(`${T} | summarize v = ${agg} by k | where k == "${key}" | project v`);
  expect(r).toHaveLength(1);
  return r[0]![0];
}

describe('aggregates with nulls and empty strings', () => {
  it('count() counts rows; count(x) counts null rows too', () => {
    expect(group('count()')).toBe(3n);
    expect(group('count(x)')).toBe(3n);
    expect(group('count()', 'b')).toBe(1n);
  });
  it('countif counts rows where the predicate is true', () => {
    expect(group('countif(isnotnull(x))')).toBe(2n);
    expect(group('countif(x > 1)')).toBe(1n);
  });
  it('sum, avg, min, max ignore nulls', () => {
    expect(group('sum(x)')).toBe(4n);
    expect(group('avg(x)')).toBe(2);
    expect(group('min(x)')).toBe(1n);
    expect(group('max(x)')).toBe(3n);
    expect(group('avg(x)', 'b')).toBe(null);
    expect(group('min(x)', 'b')).toBe(null);
    expect(group('max(x)', 'b')).toBe(null);
  });
  it('dcount ignores nulls and counts "" as a value', () => {
    expect(group('dcount(x)')).toBe(2n);
    expect(group('dcount(s)')).toBe(2n);
    expect(group('dcount(x)', 'b')).toBe(0n);
  });
  it('make_set / make_list ignore nulls and keep ""', () => {
    expect(group('make_set(x)')).toEqual([1, 3]);
    expect(group('make_set(s)')).toEqual(['p', '']);
    expect(group('make_list(x)')).toEqual([1, 3]);
    expect(group('make_list(s)')).toEqual(['p', '', 'p']);
    expect(group('make_set(x)', 'b')).toEqual([]);
  });
  it('make_set merges array elements and respects its size limit', () => {
    const r = rows('datatable(a:dynamic)[dynamic([1,2]), dynamic([2,3])] | summarize s = make_set(a)');
    expect(r).toEqual([[[1, 2, 3]]]);
    expect(rows(`${T} | summarize s = make_set(s, 1)`)[0]![0]).toHaveLength(1);
  });
  it('arg_max / arg_min return the row that maximises / minimises, skipping null keys', () => {
    expect(rows(`${T} | summarize arg_max(x, s) by k | order by k asc`)).toEqual([
      ['a', 3n, 'p'],
      ['b', null, 'q'],
    ]);
    expect(rows(`${T} | where k == "a" | summarize arg_min(x, *)`)).toEqual([[1n, 'a', 'p']]);
  });
  it('take_any picks a value; percentile uses nearest rank', () => {
    expect(group('take_any(s)', 'b')).toBe('q');
    expect(rows('range x from 1 to 10 step 1 | summarize percentile(x, 50), percentile(x, 90)')).toEqual([[5n, 9n]]);
  });
  it('stdev and variance use the sample formula', () => {
    const r = rows('datatable(x:real)[2, 4, 4, 4, 5, 5, 7, 9] | summarize variance(x), stdev(x), variancep(x), stdevp(x)');
    expect(r[0]![0]).toBeCloseTo(32 / 7, 12);
    expect(r[0]![1]).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(r[0]![2]).toBe(4);
    expect(r[0]![3]).toBe(2);
  });
  it('_if forms only see rows where the predicate holds', () => {
    expect(group('sumif(x, s == "p")')).toBe(4n);
    expect(group('dcountif(s, isnotnull(x))')).toBe(1n);
    expect(group('make_set_if(s, isnull(x))')).toEqual(['']);
    // The size limit is the third argument: make_set_if(expr, predicate, maxSize).
    expect(group('make_set_if(x, true, 1)')).toHaveLength(1);
    expect(group('make_list_if(s, x > 0, 1)')).toEqual(['p']);
  });
});

describe('summarize naming', () => {
  it('uses by columns first, then aggregates in written order', () => {
    expect(names(`${T} | summarize count(), sum(x) by k, s`)).toEqual(['k', 's', 'count_', 'sum_x']);
  });
  it('names each aggregate after its function and column', () => {
    expect(names(`${T} | summarize make_set(x), make_list(s), dcount(x), avg(x), min(x), max(x), countif(x > 1), count(x)`)).toEqual([
      'set_x', 'list_s', 'dcount_x', 'avg_x', 'min_x', 'max_x', 'countif_', 'count_x',
    ]);
  });
  it('adds numeric suffixes to repeated names', () => {
    expect(names(`${T} | summarize count(), count() by k`)).toEqual(['k', 'count_', 'count_1']);
    expect(names(`${T} | summarize max(x), max(x)`)).toEqual(['max_x', 'max_x1']);
    expect(names('datatable(x:long, s:string)[1, "a"] | summarize arg_max(x, *), arg_min(x, *)')).toEqual(['x', 's', 'x1', 's1']);
  });
  it('names by keys: bin(Col, ..) keeps Col, other expressions are ColumnN', () => {
    expect(names(`${T} | summarize count() by tolower(s), bin(x, 2)`)).toEqual(['Column1', 'x', 'count_']);
  });
  it('keeps explicit names and take_any column names', () => {
    expect(names(`${T} | summarize FirstSeen = min(x), take_any(s) by k`)).toEqual(['k', 'FirstSeen', 's']);
  });
  it('computes expressions over aggregates', () => {
    expect(rows(`${T} | where k == "a" | summarize r = sum(x) * 10, n = count() * 2 by k`)).toEqual([["a", 40n, 6n]]);
  });
});

describe('summarize on empty input', () => {
  it('gives one row of defaults without by', () => {
    expect(rows(`${T} | where k == "none" | summarize count(), dcount(x), make_set(x), avg(x), min(x), max(x), countif(true)`)).toEqual([
      [0n, 0n, [], null, null, null, 0n],
    ]);
  });
  it('gives no rows with by', () => {
    expect(rows(`${T} | where k == "none" | summarize count() by k`)).toEqual([]);
  });
});

describe('bin', () => {
  it('rounds down to a multiple of the size', () => {
    expect(rows('print a = bin(4.5, 1), b = bin(-4.5, 1), c = bin(10, 3), d = bin(datetime(2024-06-30T12:34:56Z), 1h)')).toEqual([
      [4, -5, 9n, 17197488000000000n],
    ]);
  });
});

describe('grouping by longs near the edge of exact doubles', () => {
  it('keeps values whose differences pass 2^53 apart', () => {
    // Each value is a safe integer, but the differences 2^54 - 4 and 2^54 - 5 round to the same double.
    expect(rows('datatable(x:long)[-9007199254740991, 9007199254740989, 9007199254740988] | summarize n = count() by x')).toEqual([
      [-9007199254740991n, 1n],
      [9007199254740989n, 1n],
      [9007199254740988n, 1n],
    ]);
  });
});
