// summarize output naming and shape (kql-semantics.md E1-E4, names checked against Microsoft's binder):
// keys first, aggregate argument names through conversions, collisions, expressions over aggregates.
import { describe, expect, it } from 'vitest';
import { names, q, rows } from '../../helpers.js';

const T = `datatable(k:string, s:string, n:long, E:dynamic)["a", "xy", 1, dynamic({"a": "p"}), "a", "z", 2, dynamic({"a": "q"}), "b", "", 3, dynamic(null)]`;

describe('summarize naming (binder)', () => {
  it('names aggregates of expressions after the argument\'s own name', () => {
    // max(strlen(s)) → max_strlen_s; max(tostring(E.a)) → max_E_a; dcount(tolower(s)) → dcount_; sum(n+1) → sum_
    expect(names(`${T} | summarize max(strlen(s)), max(tostring(E.a)), make_set(E.a), dcount(tolower(s)), sum(n + 1), count(s)`)).toEqual([
      'max_strlen_s', 'max_E_a', 'set_E_a', 'dcount_', 'sum_', 'count_s',
    ]);
  });
  it('take_any and arg_max name columns after their arguments, with numeric suffixes on collisions', () => {
    expect(names(`${T} | summarize take_any(tostring(E.a)), arg_max(n, tostring(E.a))`)).toEqual(['E_a', 'n', 'E_a1']);
  });
  it('puts keys first; bin(Col, ..) keeps Col; other key expressions are ColumnN', () => {
    expect(names(`${T} | summarize c = count() by tolower(k), bin(n, 2)`)).toEqual(['Column1', 'n', 'c']);
    expect(rows(`${T} | summarize c = count() by k | order by k asc`)).toEqual([['a', 2n], ['b', 1n]]);
  });
  it('computes expressions over aggregates, named ColumnN when unnamed', () => {
    expect(q(`${T} | summarize count() * 2, r = sum(n) / count()`).columns).toEqual([
      { name: 'Column1', type: 'long' },
      { name: 'r', type: 'long' },
    ]);
    expect(rows(`${T} | summarize count() * 2, r = sum(n) / count()`)).toEqual([[6n, 2n]]);
  });
  it('with only keys, lists the distinct key combinations', () => {
    expect(rows(`${T} | summarize by k | order by k asc`)).toEqual([['a'], ['b']]);
  });
  it('empty input: one row of defaults without keys, no rows with keys (E3)', () => {
    expect(rows(`${T} | where n > 9 | summarize count(), sum(n), make_list(s)`)).toEqual([[0n, 0n, []]]);
    expect(rows(`${T} | where n > 9 | summarize count() by k`)).toEqual([]);
  });
});
