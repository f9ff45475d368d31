// join (every kind) and lookup. The X/Y tables and expected rows are the examples of Kusto's join flavor
// pages (join-innerunique.md, join-rightouter.md, join-fullouter.md, ...); Key1 naming per H1.4.
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

const LETS = `
let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',3, 'c',4];
let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40];
`;

/** Rows sorted by their JSON text, for kinds whose row order Kusto leaves open. */
function sorted(kql: string): unknown[][] {
  return rows(kql).sort((a, b) => (JSON.stringify(a, big) < JSON.stringify(b, big) ? -1 : 1));
}
const big = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : v);

describe('join kinds (docs examples)', () => {
  it('innerunique (default) keeps one left row per key: 3 rows, not 4 (H1.2)', () => {
    const r = rows(`${LETS} X | join Y on Key`);
    expect(r).toHaveLength(3);
    expect(r.map((x) => [x[0], x[3]])).toEqual([['b', 10n], ['c', 20n], ['c', 30n]]);
    expect(names(`${LETS} X | join Y on Key`)).toEqual(['Key', 'Value1', 'Key1', 'Value2']);
  });
  it('inner keeps every matching pair', () => {
    expect(sorted(`${LETS} X | join kind=inner Y on Key`)).toEqual([
      ['b', 2n, 'b', 10n],
      ['b', 3n, 'b', 10n],
      ['c', 4n, 'c', 20n],
      ['c', 4n, 'c', 30n],
    ]);
  });
  it('leftouter keeps unmatched left rows with empty right cells', () => {
    expect(sorted(`${LETS} X | join kind=leftouter Y on Key`)).toEqual([
      ['a', 1n, '', null],
      ['b', 2n, 'b', 10n],
      ['b', 3n, 'b', 10n],
      ['c', 4n, 'c', 20n],
      ['c', 4n, 'c', 30n],
    ]);
  });
  it('rightouter keeps every right row, matched pairs plus unmatched right rows (join-rightouter.md)', () => {
    expect(rows(`${LETS} X | join kind=rightouter Y on Key`)).toEqual([
      ['b', 2n, 'b', 10n],
      ['b', 3n, 'b', 10n],
      ['c', 4n, 'c', 20n],
      ['c', 4n, 'c', 30n],
      ['', null, 'd', 40n],
    ]);
  });
  it('fullouter keeps unmatched rows of both sides (join-fullouter.md)', () => {
    expect(rows(`${LETS} X | join kind=fullouter Y on Key`)).toEqual([
      ['a', 1n, '', null],
      ['b', 2n, 'b', 10n],
      ['b', 3n, 'b', 10n],
      ['c', 4n, 'c', 20n],
      ['c', 4n, 'c', 30n],
      ['', null, 'd', 40n],
    ]);
  });
  it('leftsemi / leftanti return left columns only; anti and leftantisemi are leftanti', () => {
    expect(rows(`${LETS} X | join kind=leftsemi Y on Key`)).toEqual([['b', 2n], ['b', 3n], ['c', 4n]]);
    expect(rows(`${LETS} X | join kind=leftanti Y on Key`)).toEqual([['a', 1n]]);
    expect(rows(`${LETS} X | join kind=anti Y on Key`)).toEqual([['a', 1n]]);
    expect(names(`${LETS} X | join kind=leftsemi Y on Key`)).toEqual(['Key', 'Value1']);
  });
  it('rightsemi / rightanti return right columns only', () => {
    expect(rows(`${LETS} X | join kind=rightsemi Y on Key`)).toEqual([['b', 10n], ['c', 20n], ['c', 30n]]);
    expect(rows(`${LETS} X | join kind=rightanti Y on Key`)).toEqual([['d', 40n]]);
    expect(names(`${LETS} X | join kind=rightanti Y on Key`)).toEqual(['Key', 'Value2']);
  });
});

describe('join conditions and naming', () => {
  it('$left.a == $right.b keeps both key columns; clashing right names get the next suffix', () => {
    const kql = `let L = datatable(k:string, v:long)['x', 1]; let R = datatable(kk:string, v:long)['x', 2];
      L | join kind=inner R on $left.k == $right.kk`;
    expect(names(kql)).toEqual(['k', 'v', 'kk', 'v1']);
    expect(rows(kql)).toEqual([['x', 1n, 'x', 2n]]);
  });
  it('several conditions must all match', () => {
    const kql = `let L = datatable(a:string, b:long)['x', 1, 'x', 2]; let R = datatable(a:string, b:long, c:string)['x', 2, 'hit', 'x', 3, 'miss'];
      L | join kind=inner R on a, b | project c`;
    expect(rows(kql)).toEqual([['hit']]);
  });
  it('an existing Key1 pushes the right key to Key2 (binder)', () => {
    const kql = `let L = datatable(k:string, k1:long)[]; let R = datatable(k:string, z:long)[]; L | join R on k`;
    expect(names(kql)).toEqual(['k', 'k1', 'k2', 'z']);
  });
  it('int and long keys match by value; null keys never match (H1.5)', () => {
    const kql = `let L = datatable(k:int, v:string)[1, 'one', int(null), 'none']; let R = datatable(k:long, w:string)[1, 'uno', long(null), 'nada'];
      L | join kind=inner R on k | project v, w`;
    expect(rows(kql)).toEqual([['one', 'uno']]);
  });
  it('guid keys: null guids never match, in any kind', () => {
    const kql = `let L = datatable(g:guid, v:string)[guid(00000000-0000-0000-0000-00000000000a), 'a', guid(null), 'n1', guid(00000000-0000-0000-0000-00000000000b), 'b'];
      let R = datatable(g:guid, w:string)[guid(null), 'n2', guid(00000000-0000-0000-0000-00000000000a), 'A', guid(00000000-0000-0000-0000-00000000000c), 'C'];`;
    expect(rows(`${kql} L | join kind=inner R on g | project v, w`)).toEqual([['a', 'A']]);
    expect(rows(`${kql} L | join kind=leftanti R on g | project v`)).toEqual([['n1'], ['b']]);
    expect(sorted(`${kql} L | join kind=rightouter R on g | project v, w`)).toEqual([['', 'C'], ['', 'n2'], ['a', 'A']]); // a missing string is empty
  });
  it('a key from one table matches the same string in another table (separately loaded dictionaries)', () => {
    const kql = `let L = datatable(k:string, v:long)['x', 1, 'y', 2, 'x', 3, '', 4]; let R = datatable(k:string, w:long)['', 9, 'z', 8, 'x', 7, 'x', 6];`;
    // innerunique: the first left row of each key; its matches in right order; "" equals "".
    expect(rows(`${kql} L | join R on k | project v, w`)).toEqual([[1n, 7n], [1n, 6n], [4n, 9n]]);
    expect(rows(`${kql} L | join kind=leftsemi R on k | project v`)).toEqual([[1n], [3n], [4n]]);
  });
  it('a dynamic key matches a string key holding the same value', () => {
    const kql = `let L = datatable(k:dynamic)[dynamic("a")]; let R = datatable(k2:string)['a']; L | join kind=inner R on $left.k == $right.k2 | project k2`;
    expect(rows(kql)).toEqual([['a']]);
  });
  it('reports unknown keys and mismatched key types', () => {
    expect(errorOf(`${LETS} X | join Y on Nope`).code).toBe('KQL101');
    expect(errorOf(`let L = datatable(k:string)[]; let R = datatable(k:long)[]; L | join R on k`).code).toBe('KQL106');
  });
  it('types come from each side', () => {
    expect(q(`${LETS} X | join kind=leftouter Y on Key`).columns.map((c) => c.type)).toEqual(['string', 'long', 'string', 'long']);
  });
});

describe('lookup', () => {
  const D = `let F = datatable(k:string, v:long)['a', 1, 'b', 2, 'z', 3]; let Dim = datatable(k:string, name:string, v:long)['a', 'Alpha', 10, 'b', 'Beta', 20];`;
  it('is leftouter by default and does not repeat the right key; other clashes get a suffix', () => {
    expect(names(`${D} F | lookup Dim on k`)).toEqual(['k', 'v', 'name', 'v1']);
    expect(rows(`${D} F | lookup Dim on k`)).toEqual([
      ['a', 1n, 'Alpha', 10n],
      ['b', 2n, 'Beta', 20n],
      ['z', 3n, '', null],
    ]);
  });
  it('kind=inner drops unmatched rows; $left/$right conditions drop the right key', () => {
    expect(rows(`${D} F | lookup kind=inner Dim on k | project k`)).toEqual([['a'], ['b']]);
    const kql = `let F = datatable(k:string)['a']; let Dim = datatable(kk:string, n:long)['a', 5]; F | lookup Dim on $left.k == $right.kk`;
    expect(names(kql)).toEqual(['k', 'n']);
  });
});
