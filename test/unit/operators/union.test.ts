// union: outer (default) and inner kinds, withsource, wildcard table names, isfuzzy, and the name_type
// columns of a name with several types (F6; column order as Microsoft's binder gives it).
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

const L = `let A = datatable(a:long, b:string)[1, "x"]; let B = datatable(a:string, c:long)["s", 2];`;
const tables = { Zed1: [{ k: 1, v: 'one' }], Zed2: [{ k: 2, w: true }] };

describe('union kinds', () => {
  it('outer keeps every column; a name with two types becomes a_long, a_string at its first position', () => {
    expect(q(`${L} union A, B`).columns).toEqual([
      { name: 'a_long', type: 'long' },
      { name: 'a_string', type: 'string' },
      { name: 'b', type: 'string' },
      { name: 'c', type: 'long' },
    ]);
    // Cells a leg does not supply are null ("" for strings).
    expect(rows(`${L} union A, B`)).toEqual([
      [1n, '', 'x', null],
      [null, 's', '', 2n],
    ]);
  });
  it('inner keeps only the columns every leg has with the same type', () => {
    expect(names(`${L} union kind=inner A, (A | project b)`)).toEqual(['b']);
    expect(names(`${L} union kind=inner A, B`)).toEqual([]);
  });
  it('after a pipe, the piped rows come first', () => {
    expect(rows(`${L} A | union (A | extend b = "y") | project b`)).toEqual([['x'], ['y']]);
  });
});

describe('withsource, wildcards, isfuzzy', () => {
  it('withsource adds the leg name: the table or let name, or union_argN for other expressions', () => {
    expect(names(`${L} union withsource=Src A, B`)).toEqual(['Src', 'a_long', 'a_string', 'b', 'c']);
    expect(rows(`${L} union withsource=Src A, (B | where c > 0) | project Src`)).toEqual([['A'], ['union_arg1']]);
  });
  it('a wildcard table name matches every known table with that prefix', () => {
    expect(rows(`union withsource=T Zed* | project T, k | sort by k asc`, { tables })).toEqual([['Zed1', 1n], ['Zed2', 2n]]);
    expect(names(`union Zed*`, { tables })).toEqual(['k', 'v', 'w']);
  });
  it('isfuzzy=true skips legs that do not resolve; otherwise they are errors', () => {
    expect(rows(`union isfuzzy=true Zed1, NoSuchTable | project k`, { tables })).toEqual([[1n]]);
    expect(errorOf(`union Zed1, NoSuchTable`, { tables }).code).toBe('KQL102');
  });
});
