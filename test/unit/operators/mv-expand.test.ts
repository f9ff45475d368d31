// mv-expand and mv-apply, with the examples of Kusto's mv-expand-operator.md and mv-apply-operator.md.
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

describe('mv-expand (docs examples)', () => {
  it('expands an array column, repeating the other columns', () => {
    expect(rows(`datatable (a: int, b: dynamic)[1, dynamic([10, 20]), 2, dynamic(['a', 'b'])] | mv-expand b`)).toEqual([
      [1, 10],
      [1, 20],
      [2, 'a'],
      [2, 'b'],
    ]);
  });
  it('expands a bag into single-entry bags, or into [key, value] pairs with kind=array', () => {
    const T = `datatable (a: int, b: dynamic)[1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})]`;
    expect(rows(`${T} | mv-expand b`)).toEqual([
      [1, { prop1: 'a1' }],
      [1, { prop2: 'b1' }],
      [2, { prop1: 'a2' }],
      [2, { prop2: 'b2' }],
    ]);
    expect(rows(`${T} | mv-expand bagexpansion=array b | extend key = b[0], val = b[1] | project key, val`)).toEqual([
      ['prop1', 'a1'],
      ['prop2', 'b1'],
      ['prop1', 'a2'],
      ['prop2', 'b2'],
    ]);
  });
  it('accepts kind=array as the docs spell it', () => {
    expect(rows(`print b = dynamic({"k": 1}) | mv-expand kind=array b`)).toEqual([[['k', 1]]]);
  });
  it('zips several columns, padding the shorter with null', () => {
    expect(rows(`datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3])] | mv-expand b, c`)).toEqual([
      [1, { prop1: 'a' }, 5],
      [1, { prop2: 'b' }, 4],
      [1, null, 3],
    ]);
  });
  it('to typeof() sets the column type (getschema example)', () => {
    const kql = `datatable (a: string, b: dynamic, c: dynamic)["Constant", dynamic([1, 2, 3, 4]), dynamic([6, 7, 8, 9])] | mv-expand b, c to typeof(int)`;
    expect(q(kql).columns.map((c) => c.type)).toEqual(['string', 'dynamic', 'int']);
    expect(rows(`${kql} | project c`)).toEqual([[6], [7], [8], [9]]);
  });
  it('with_itemindex numbers the items from 0', () => {
    expect(rows(`range x from 1 to 4 step 1 | summarize x = make_list(x) | mv-expand with_itemindex=Index x`)).toEqual([
      [1, 0n],
      [2, 1n],
      [3, 2n],
      [4, 3n],
    ]);
  });
});

describe('mv-expand rules', () => {
  it('a null value gives one row with null; an empty array or bag gives no row (Returns, rule 3)', () => {
    const T = `datatable(id:long, d:dynamic)[1, dynamic(null), 2, dynamic([]), 3, dynamic({}), 4, dynamic([7])]`;
    expect(rows(`${T} | mv-expand d`)).toEqual([[1n, null], [4n, 7]]);
  });
  it('to typeof() is a cast: elements of another type become null', () => {
    expect(rows(`print d = dynamic([1, "2", 3.5, true]) | mv-expand d to typeof(long)`)).toEqual([[1n], [null], [null], [null]]);
    expect(rows(`print d = dynamic(["a", 1]) | mv-expand d to typeof(string)`)).toEqual([['a'], ['']]);
    // A datetime inside a dynamic value is its ISO text; 2024-01-01 is 1704067200 s after 1970.
    expect(rows(`print d = dynamic(["2024-01-01T00:00:00Z", 5]) | mv-expand d to typeof(datetime)`)).toEqual([[1_704_067_200n * 10_000_000n], [null]]);
  });
  it('limit caps the rows per input row', () => {
    expect(rows(`print d = dynamic([1, 2, 3]) | mv-expand d limit 2`)).toEqual([[1], [2]]);
  });
  it('names: a.b expands into a new column a_b; todynamic(col) replaces col; name = expr adds a column', () => {
    expect(names(`print E = dynamic({"a": [1, 2]}), y = 1 | mv-expand E.a`)).toEqual(['E', 'y', 'E_a']);
    expect(q(`print s = "[1,2]", y = 1 | mv-expand todynamic(s)`).columns).toEqual([
      { name: 's', type: 'dynamic' },
      { name: 'y', type: 'long' },
    ]);
    expect(rows(`print s = "[1,2]" | mv-expand v = parse_json(s) | project v`)).toEqual([[1], [2]]);
  });
  it('the expanded expression must be dynamic', () => {
    expect(errorOf(`print s = "x" | mv-expand s`).code).toBe('KQL106');
  });
});

describe('mv-apply (docs examples)', () => {
  it('applies the subquery to each row\'s expansion (take 100)', () => {
    const kql = `let data = datatable (index: int, Arr: dynamic)[0, dynamic([7]), 1, dynamic([6, 11, 7])];
      data | mv-apply Arr2=Arr to typeof(long) on (take 100)`;
    expect(names(kql)).toEqual(['index', 'Arr', 'Arr2']);
    expect(rows(kql)).toEqual([
      [0, [7], 7n],
      [1, [6, 11, 7], 6n],
      [1, [6, 11, 7], 11n],
      [1, [6, 11, 7], 7n],
    ]);
  });
  it('top 1 per row', () => {
    const kql = `let data = datatable (index: int, Arr: dynamic)[0, dynamic([1, 5, 3]), 1, dynamic([10, 2, 5, 7])];
      data | mv-apply topElem=Arr to typeof(long) on (top 1 by topElem)`;
    expect(rows(kql)).toEqual([
      [0, [1, 5, 3], 5n],
      [1, [10, 2, 5, 7], 10n],
    ]);
  });
  it('summarizes each row\'s top two', () => {
    const kql = `let data = datatable (index: int, Arr: dynamic)[0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])];
      data | mv-apply Arr2=Arr to typeof(long) on (top 2 by Arr2 | summarize Top2=make_list(Arr2))`;
    expect(rows(kql)).toEqual([
      [0, [5, 1, 3], [5, 3]],
      [1, [4, 10, 8, 7], [10, 8]],
    ]);
  });
  it('with_itemindex gives the subquery the item index', () => {
    const kql = `let data = datatable (row: int, Arr: dynamic)[0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])];
      data | mv-apply with_itemindex=index value=Arr to typeof(long) on (where index >= 2)`;
    expect(names(kql)).toEqual(['row', 'Arr', 'value', 'index']);
    expect(rows(kql)).toEqual([
      [0, [5, 1, 3], 3n, 2n],
      [1, [4, 10, 8, 7], 8n, 2n],
      [1, [4, 10, 8, 7], 7n, 3n],
    ]);
  });
  it('zips two arrays and joins their elements', () => {
    const kql = `datatable (Val: int, Arr1: dynamic, Arr2: dynamic)[1, dynamic(['A1', 'A2']), dynamic(['B1', 'B2', 'B3']), 5, dynamic(['C1', 'C2']), dynamic(['D1'])]
      | mv-apply T1=Arr1, T2=Arr2 on (extend Out = strcat(T1, "_", T2) | summarize Out = make_list(Out)) | project Val, Out`;
    expect(rows(kql)).toEqual([
      [1, ['A1_B1', 'A2_B2', '_B3']],
      [5, ['C1_D1', 'C2_']],
    ]);
  });
  it('an expanded column the subquery drops is dropped (binder: `mv-apply d on (summarize ...)` → a, c)', () => {
    expect(names(`datatable(a:long, d:dynamic)[1, dynamic([1, 2])] | mv-apply d on (summarize c = count())`)).toEqual(['a', 'c']);
    expect(rows(`datatable(a:long, d:dynamic)[1, dynamic([1, 2])] | mv-apply d on (summarize c = count())`)).toEqual([[1n, 2n]]);
  });
});
