// Operators downstream read only some columns: a join gathers only those, an extend computes only the
// assignments something reads, and a summarize over an extend evaluates the extended expressions itself.
// Each query's answer is worked out by hand from its data.
import { describe, expect, it } from 'vitest';
import { rows } from '../../helpers.js';

const LETS = `
let X = datatable(Key:string, V:long, W:string) ['a',1,'p', 'b',2,'q', 'b',3,'r', 'c',4,'s'];
let Y = datatable(Key:string, Z:long, U:string) ['b',10,'B', 'c',20,'C', 'c',30,'D', 'd',40,'E'];
`;

describe('columns read downstream', () => {
  it('a join followed by a summarize reads the right-side and left-side columns it groups by', () => {
    expect(rows(`${LETS} X | join kind=inner Y on Key | summarize s = sum(Z) by W | sort by W asc`)).toEqual([
      ['q', 10n], ['r', 10n], ['s', 50n],
    ]);
    expect(rows(`${LETS} X | join kind=leftouter Y on Key | summarize n = count() by U | sort by U asc`)).toEqual([
      ['', 1n], ['B', 2n], ['C', 1n], ['D', 1n],
    ]);
  });
  it('columns used by a where, extend or sort above the join are kept', () => {
    expect(rows(`${LETS} X | join kind=inner Y on Key | where U != 'C' | extend t = strcat(W, U) | sort by Z desc, V asc | project t`)).toEqual([
      ['sD'], ['qB'], ['rB'],
    ]);
    expect(rows(`${LETS} X | join kind=inner Y on Key | top 1 by Z asc | project W, Key1`)).toEqual([['q', 'b']]);
  });
  it('a rightsemi join and a count', () => {
    expect(rows(`${LETS} X | join kind=rightsemi Y on Key | project U`)).toEqual([['B'], ['C'], ['D']]);
    expect(rows(`${LETS} X | join kind=inner Y on Key | count`)).toEqual([[4n]]);
  });
  it('an extend whose earlier assignment feeds a later one', () => {
    expect(rows(`${LETS} X | extend a = V * 2, b = a + 1, c = 'unused' | project b`)).toEqual([[3n], [5n], [7n], [9n]]);
    expect(rows(`${LETS} X | extend V = V * 10 | extend w = V + 1 | project w`)).toEqual([[11n], [21n], [31n], [41n]]);
  });
  it('a summarize over an extend: extended keys and arguments, an extended column used twice', () => {
    expect(rows(`${LETS} X | extend k = toupper(Key), d = V * 2 | summarize s = sum(d) by k | sort by k asc`)).toEqual([
      ['A', 2n], ['B', 10n], ['C', 8n],
    ]);
    expect(rows(`${LETS} X | extend d = V * 2 | summarize s = sum(d), m = max(d) by Key | sort by Key asc`)).toEqual([
      ['a', 2n, 2n], ['b', 10n, 6n], ['c', 8n, 8n],
    ]);
    expect(rows(`${LETS} X | extend Key = strcat(Key, 'x'), k2 = Key | summarize count() by k2 | sort by k2 asc`)).toEqual([
      ['ax', 1n], ['bx', 2n], ['cx', 1n],
    ]);
  });
});
