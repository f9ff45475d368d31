// where, extend, project and the project-* family: Kusto's column naming (kql-semantics.md H3 and section
// (i), checked against Microsoft's binder), replacement in place, wildcards and reordering.
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

const T = `datatable(a:long, s:string, d:dynamic)[1, "x", dynamic({"k":"v","n":2}), 2, "yy", dynamic(null), long(null), "", dynamic({"k":"w"})]`;

/** Column names with their types, as `name:type`. */
function schema(kql: string): string[] {
  return q(kql).columns.map((c) => `${c.name}:${c.type}`);
}

describe('where', () => {
  it('keeps rows whose predicate is true; null counts as false (D3, D4)', () => {
    // null != 1 is true (D3), so the null row stays; null > 1 is null, so it goes.
    expect(rows(`${T} | where a != 1 | project a`)).toEqual([[2n], [null]]);
    expect(rows(`${T} | where a > 1 | project a`)).toEqual([[2n]]);
    expect(rows(`${T} | where isnull(a) | project s`)).toEqual([['']]);
  });
  it('accepts a dynamic predicate by converting it to bool', () => {
    expect(rows(`print d = dynamic(true) | where d | project x = 1`)).toEqual([[1n]]);
  });
  it('rejects a non-bool predicate', () => {
    expect(errorOf(`${T} | where a`).code).toBe('KQL106');
  });
});

describe('extend', () => {
  it('appends new columns and replaces an existing one in place (H3.2, binder)', () => {
    expect(schema(`${T} | extend b = a * 2, s = strlen(s)`)).toEqual(['a:long', 's:long', 'd:dynamic', 'b:long']);
  });
  it('names unnamed expressions like Microsoft\'s binder: Column1, strlen_s, the column through tostring()', () => {
    // tostring(d.k) keeps the access path name d_k; strlen(s) is strlen_s; a+1 is Column1.
    expect(names(`${T} | extend a + 1, strlen(s), tostring(d.k), d.n`)).toEqual(['a', 's', 'd', 'Column1', 'strlen_s', 'd_k', 'd_n']);
    // tostring(s) is named s, so it replaces s (as the binder reports: s stays, now a string).
    expect(schema(`${T} | extend tolong(s)`)).toEqual(['a:long', 's:long', 'd:dynamic']);
  });
  it('sees columns computed earlier in the same extend', () => {
    expect(rows(`print x = 1 | extend y = x + 1, z = y * 10`)).toEqual([[1n, 2n, 20n]]);
  });
  it('assigns the parts of a tuple result, (a, b) = f(...), from a dynamic array', () => {
    expect(rows(`print t = dynamic([1, "b"]) | extend (p, r) = t | project p, r`)).toEqual([[1, 'b']]);
    expect(errorOf(`print t = 1 | extend (p, r) = t`).code).toBe('KQL106');
  });
});

describe('typeof(T) arguments', () => {
  it('reach functions as the type name (extract_json and extract convert to it)', () => {
    expect(q(`print x = extractjson("$.a", '{"a": 5}', typeof(long)), y = extract("(\\\\d+)", 1, "ab12", typeof(int))`).columns).toEqual([
      { name: 'x', type: 'long' },
      { name: 'y', type: 'int' },
    ]);
    expect(rows(`print x = extractjson("$.a", '{"a": 5}', typeof(long))`)).toEqual([[5n]]);
  });
});

describe('project', () => {
  it('outputs exactly the listed columns, in order, with renames and computed columns', () => {
    expect(rows(`${T} | where a == 1 | project s, b = a + 10, a`)).toEqual([['x', 11n, 1n]]);
    expect(names(`${T} | project a + 1, strlen(s), tolower(s)`)).toEqual(['Column1', 'strlen_s', 'Column2']);
  });
  it('rejects a column projected twice and unknown names', () => {
    expect(errorOf(`${T} | project a, a`).code).toBe('KQL112');
    expect(errorOf(`${T} | project a = 1, s, a`).code).toBe('KQL112');
    expect(errorOf(`${T} | project nope`).code).toBe('KQL101');
  });
  it('gives a name derived from an expression the next free suffix when a column has it (Microsoft\'s binder)', () => {
    // Microsoft's binder: project a, tostring(a) → a, a1; project tostring(a), a, a → a, a1, a2;
    // project a, x1 = 1, tostring(a)... → the suffix skips taken names.
    expect(names(`${T} | project a, tostring(a)`)).toEqual(['a', 'a1']);
    expect(names(`${T} | project tostring(a), a, a`)).toEqual(['a', 'a1', 'a2']);
    expect(names(`${T} | project a, a1 = 1, tostring(a)`)).toEqual(['a', 'a1', 'a2']);
  });
  it('names a call after its first argument\'s written name: round(F = a * 100) is F (Microsoft\'s binder)', () => {
    expect(names(`${T} | project round(F = toreal(a) * 100), strlen(G = s), abs(H = a)`)).toEqual(['F', 'strlen_G', 'H']);
  });
});

describe('project-away, project-keep, project-rename, project-reorder', () => {
  const W = `print Alpha = 1, Beta = 2, Alpine = 3, a10 = 4, a2 = 5`;
  it('project-away drops named and wildcard-matched columns', () => {
    expect(names(`${W} | project-away Al*`)).toEqual(['Beta', 'a10', 'a2']);
    expect(names(`${W} | project-away Beta, *ne`)).toEqual(['Alpha', 'a10', 'a2']);
    expect(errorOf(`${W} | project-away Gamma`).code).toBe('KQL101');
  });
  it('project-away accepts a pattern that starts with * followed by digits', () => {
    expect(names(`${W} | project-away *2`)).toEqual(['Alpha', 'Beta', 'Alpine', 'a10']);
  });
  it('project-keep keeps matching columns in their input order', () => {
    expect(names(`${W} | project-keep a*, Beta`)).toEqual(['Beta', 'a10', 'a2']);
  });
  it('project-rename keeps positions and rejects duplicate names', () => {
    expect(names(`${W} | project-rename B = Beta, A = Alpha`)).toEqual(['A', 'B', 'Alpine', 'a10', 'a2']);
    expect(errorOf(`${W} | project-rename Beta = Alpha`).code).toBe('KQL112');
  });
  it('project-reorder puts the named columns first; asc/desc/granny-asc sort wildcard matches', () => {
    expect(names(`${W} | project-reorder Beta`)).toEqual(['Beta', 'Alpha', 'Alpine', 'a10', 'a2']);
    expect(names(`${W} | project-reorder Al* desc`)).toEqual(['Alpine', 'Alpha', 'Beta', 'a10', 'a2']);
    // Ordinal order puts a10 before a2; granny order compares the digit runs as numbers.
    expect(names(`${W} | project-reorder a* asc`)).toEqual(['a10', 'a2', 'Alpha', 'Beta', 'Alpine']);
    expect(names(`${W} | project-reorder a* granny-asc`)).toEqual(['a2', 'a10', 'Alpha', 'Beta', 'Alpine']);
  });
});
