// `where * has "x"`: a string test that any column passes (where operator docs: "where * has" searches
// every column; search-operator docs: `search "x"` is the same test). Each column is read as text.
import { describe, expect, it } from 'vitest';
import { errorOf, rows } from '../../helpers.js';

const T = 'datatable(a:string, n:long, t:datetime)["alpha beta", 1, datetime(2024-01-01), "gamma", 42, datetime(2023-02-02)]';

describe('* (any column) before a string operator', () => {
  it('keeps the rows where some column has the term', () => {
    expect(rows(`${T} | where * has "beta" | project n`)).toEqual([[1n]]);
    expect(rows(`${T} | where * has "BETA" | project n`)).toEqual([[1n]]);
    expect(rows(`${T} | where * has_cs "BETA" | project n`)).toEqual([]);
  });

  it('reads numbers and datetimes as their text', () => {
    expect(rows(`${T} | where * has "42" | project n`)).toEqual([[42n]]);
    expect(rows(`${T} | where * has "2023" | project n`)).toEqual([[42n]]);
    expect(rows(`${T} | where * contains "lph" | project n`)).toEqual([[1n]]);
  });

  it('combines with other tests and gives the same rows as search', () => {
    expect(rows(`${T} | where * has "gamma" or * startswith "alp" | project n`)).toEqual([[1n], [42n]]);
    expect(rows(`${T} | where not(* has "gamma") | project n`)).toEqual([[1n]]);
    expect(rows(`${T} | search "beta" | project n`)).toEqual(rows(`${T} | where * has "beta" | project n`));
  });

  it('an ordering comparison after * is a syntax error at the operator, as in Microsoft\'s parser', () => {
    const e = errorOf(`${T} | where * > 5`);
    expect(e.code).toBe('KQL002');
    expect(e.line).toBe(1);
    expect(e.column).toBe(T.length + 12);
  });
});
