// Tabular sources and pass-through operators: print (print_0 naming), range, datatable, getschema,
// render (recorded, rows unchanged), as, externaldata (a missing resource offline), remote scopes.
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

describe('print', () => {
  it('outputs one row; unnamed columns are print_0, print_1, ...', () => {
    expect(q(`print 1, s = "a", strlen("abc")`).columns).toEqual([
      { name: 'print_0', type: 'long' },
      { name: 's', type: 'string' },
      { name: 'print_2', type: 'long' },
    ]);
    expect(rows(`print 1, s = "a", strlen("abc")`)).toEqual([[1n, 'a', 3n]]);
  });
});

describe('range', () => {
  it('counts from..to inclusive by step, for numbers and datetimes', () => {
    expect(rows(`range x from 1 to 10 step 4`)).toEqual([[1n], [5n], [9n]]);
    expect(rows(`range x from 3 to 1 step -1`)).toEqual([[3n], [2n], [1n]]);
    // 2024-01-01 to 2024-01-03 by 1d: three days; datetimes are ticks since 1970.
    const day = 864_000_000_000n;
    const jan1 = 1_704_067_200n * 10_000_000n;
    expect(rows(`range t from datetime(2024-01-01) to datetime(2024-01-03) step 1d`)).toEqual([[jan1], [jan1 + day], [jan1 + 2n * day]]);
    expect(q(`range t from datetime(2024-01-01) to datetime(2024-01-03) step 1d`).columns[0]).toEqual({ name: 't', type: 'datetime' });
  });
  it('rejects a zero step', () => {
    expect(errorOf(`range x from 1 to 2 step 0`).code).toBe('KQL112');
  });
});

describe('datatable', () => {
  it('fills rows from constants, widening numbers to the column type', () => {
    expect(q(`datatable(a:real, b:string, c:dynamic)[1, "x", dynamic([1]), -2.5, "", dynamic(null)]`).rows).toEqual([
      [1, 'x', [1]],
      [-2.5, '', null],
    ]);
  });
  it('rejects a value count that is not a multiple of the columns, and mistyped values', () => {
    expect(errorOf(`datatable(a:long, b:string)[1, "x", 2]`).code).toBe('KQL112');
    expect(errorOf(`datatable(a:long)["x"]`).code).toBe('KQL106');
  });
});

describe('getschema', () => {
  it('lists each column with its ordinal, .NET type and KQL type', () => {
    expect(rows(`print a = 1, b = "x", c = 1.5, d = now() | getschema`)).toEqual([
      ['a', 0n, 'System.Int64', 'long'],
      ['b', 1n, 'System.String', 'string'],
      ['c', 2n, 'System.Double', 'real'],
      ['d', 3n, 'System.DateTime', 'datetime'],
    ]);
    // ColumnOrdinal is a long, as Microsoft's binder types it.
    expect(q(`print a = 1 | getschema`).columns.map((c) => `${c.name}:${c.type}`)).toEqual(['ColumnName:string', 'ColumnOrdinal:long', 'DataType:string', 'ColumnType:string']);
  });
});

describe('render', () => {
  it('is accepted with or without properties and leaves the rows unchanged', () => {
    expect(rows(`range x from 1 to 3 step 1 | render timechart`)).toEqual([[1n], [2n], [3n]]);
    expect(rows(`range x from 1 to 2 step 1 | render columnchart with (title="t", kind=stacked)`)).toEqual([[1n], [2n]]);
  });
});

describe('as', () => {
  it('names the rows so far for the rest of the query', () => {
    expect(rows(`range x from 1 to 3 step 1 | as R | where x > 1 | union (R | where x == 1) | count`)).toEqual([[3n]]);
  });
});

describe('externaldata and remote scopes', () => {
  it('externaldata is a missing resource naming the URL (no network access)', () => {
    const e = errorOf(`externaldata (a:string) ["https://example.com/x.csv"] with (format="csv")`);
    expect(e.code).toBe('KQL113');
    expect(e.message).toContain('https://example.com/x.csv');
  });
  it('tables of other clusters, workspaces or Azure Resource Graph are missing resources', () => {
    expect(errorOf(`arg("").Resources | take 1`).code).toBe('KQL113');
    expect(errorOf(`database("other").T | take 1`).code).toBe('KQL113');
  });
});
