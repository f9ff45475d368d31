// let statements (kql-semantics.md G): scalar and tabular lets, user functions with scalar and tabular
// parameters and defaults, invoke, materialize(), toscalar(), views; and serialize with the window
// functions row_number, prev, next, row_cumsum.
import { describe, expect, it } from 'vitest';
import { errorOf, names, rows, scalar } from '../../helpers.js';

describe('lets and user functions', () => {
  it('binds scalars and tables; later lets shadow earlier ones', () => {
    expect(scalar(`let n = 2; let n = n * 10; print n`)).toBe(20n);
    expect(rows(`let T = range x from 1 to 3 step 1; T | where x > 1 | count`)).toEqual([[2n]]);
  });
  it('calls scalar functions with defaults', () => {
    expect(scalar(`let f = (a:long, b:long = 10) { a * b }; print f(2)`)).toBe(20n);
    expect(scalar(`let f = (a:long, b:long = 10) { a * b }; print f(2, 3)`)).toBe(6n);
    expect(scalar(`let f = (a:int) { a + 1 }; print f(41)`)).toBe(42n);
  });
  it('calls tabular functions with a tabular parameter, directly or through invoke', () => {
    const F = `let above = (T:(x:long), n:long) { T | where x > n };`;
    expect(rows(`${F} above(range x from 1 to 5 step 1, 3)`)).toEqual([[4n], [5n]]);
    expect(rows(`${F} range x from 1 to 5 step 1 | invoke above(4)`)).toEqual([[5n]]);
    expect(rows(`let any = (T:(*)) { T | count }; range x from 1 to 5 step 1 | invoke any()`)).toEqual([[5n]]);
  });
  it('function bodies may hold their own lets', () => {
    expect(scalar(`let f = (a:long) { let b = a + 1; b * 2 }; print f(1)`)).toBe(4n);
  });
  it('reports wrong argument counts and unknown functions', () => {
    expect(errorOf(`let f = (a:long) { a }; print f()`).code).toBe('KQL104');
    expect(errorOf(`range x from 1 to 2 step 1 | invoke nope()`).code).toBe('KQL107');
  });
  it('materialize() computes once and can be read several times', () => {
    expect(rows(`let M = materialize(range x from 1 to 3 step 1); M | union M | count`)).toEqual([[6n]]);
  });
  it('toscalar() takes the first cell of a tabular expression', () => {
    expect(scalar(`let m = toscalar(range x from 1 to 3 step 1 | summarize max(x)); print m * 2`)).toBe(6n);
    expect(rows(`range x from 1 to 5 step 1 | where x > toscalar(range y from 1 to 3 step 1 | summarize avg(y))`)).toEqual([[3n], [4n], [5n]]);
  });
  it('a scalar let used as a table (or the reverse) is an error (G6)', () => {
    expect(errorOf(`let n = 1; n | count`).code).toBe('KQL111');
    expect(errorOf(`let T = range x from 1 to 2 step 1; print T + 1`).code).toBe('KQL111');
  });
});

describe('serialize and window functions', () => {
  const T = `datatable(v:long)[5, 3, 8]`;
  it('row_number counts from 1 (or a given start); prev/next read neighbours', () => {
    expect(rows(`${T} | serialize | extend n = row_number(), p = prev(v), nx = next(v), p2 = prev(v, 2, -1)`)).toEqual([
      [5n, 1n, null, 3n, -1n],
      [3n, 2n, 5n, 8n, -1n],
      [8n, 3n, 3n, null, 5n],
    ]);
    expect(rows(`${T} | serialize n = row_number(10) | project n`)).toEqual([[10n], [11n], [12n]]);
  });
  it('row_cumsum adds up in row order; sort also serializes', () => {
    expect(rows(`${T} | sort by v asc | extend c = row_cumsum(v) | project c`)).toEqual([[3n], [8n], [16n]]);
  });
  it('row_cumsum restarts where its second argument is true', () => {
    expect(rows(`datatable(k:string, v:long)["a", 1, "a", 2, "b", 5, "b", 1] | serialize | extend c = row_cumsum(v, k != prev(k)) | project c`)).toEqual([[1n], [3n], [5n], [6n]]);
  });
  it('row_window_session gives each row its session start (docs example)', () => {
    const kql = `datatable (ID:string, Timestamp:datetime) [
        "1", datetime(2024-04-11 10:00:00), "2", datetime(2024-04-11 10:18:00), "1", datetime(2024-04-11 11:00:00),
        "3", datetime(2024-04-11 11:30:00), "2", datetime(2024-04-11 13:30:00), "2", datetime(2024-04-11 10:16:00)]
      | sort by ID asc, Timestamp asc
      | extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))
      | project ID, Started = format_datetime(SessionStarted, 'HH:mm')`;
    expect(rows(kql)).toEqual([['1', '10:00'], ['1', '11:00'], ['2', '10:16'], ['2', '10:16'], ['2', '13:30'], ['3', '11:30']]);
  });
  it('row_rank_min and row_rank_dense rank a sorted column', () => {
    const kql = `datatable(v:long)[10, 20, 20, 30] | sort by v asc | extend m = row_rank_min(v), d = row_rank_dense(v) | project m, d`;
    expect(rows(kql)).toEqual([[1n, 1n], [2n, 2n], [2n, 2n], [4n, 3n]]);
  });
  it('window functions need a serialized input', () => {
    expect(errorOf(`${T} | summarize by v | extend n = row_number()`).code).toBe('KQL112');
  });
  it('serialize keeps the columns and adds the assigned ones', () => {
    expect(names(`${T} | serialize rn = row_number()`)).toEqual(['v', 'rn']);
  });
});
