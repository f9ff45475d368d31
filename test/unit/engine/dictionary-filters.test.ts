// Filters on a string column of a large table (more than 65,536 rows): from the second whole-column
// scan on, the rows of the passing strings are read from per-string row lists instead of every row's
// code. Every query runs four times over the same loaded table (scan, scan that builds the lists, lists,
// lists) and each answer is checked against the rows picked out here by plain JavaScript.
import { describe, expect, it } from 'vitest';
import { LongColumn, StringColumn } from '../../../src/tables/column.js';
import { Table } from '../../../src/tables/table.js';
import type { Value } from '../../../src/types.js';
import { rows } from '../../helpers.js';

const N = 100_000;
const WORDS = ['Splashtop Inc.', 'Splashtops', 'Microsoft Corporation', 'splashtop streamer', 'Google LLC', '', 'ZOOM Video'];
/** Row x's string: a fixed, uneven mix of the words (x * 7919 mod a prime spreads them); most rows are Microsoft's. */
function wordOf(x: number): string {
  const h = ((x * 7919) % 100_003) % 31;
  return WORDS[h < WORDS.length ? h : 2]!;
}

function table(): Table {
  const dict = [...WORDS];
  const codes = new Uint8Array(N);
  const xs = new Float64Array(N);
  for (let x = 0; x < N; x++) {
    codes[x] = dict.indexOf(wordOf(x));
    xs[x] = x;
  }
  return new Table(
    [
      { name: 'S', type: 'string' },
      { name: 'X', type: 'long' },
    ],
    [new StringColumn('string', codes, dict), new LongColumn(xs, null, null)],
    N,
  );
}

const T = table();
const run = (kql: string): Value[][] => rows(kql, { tables: { T } });
const xsWhere = (p: (s: string) => boolean): bigint[] =>
  Array.from({ length: N }, (_, x) => x)
    .filter((x) => p(wordOf(x)))
    .map(BigInt);

describe('string filters over a large table', () => {
  const cases: [string, (s: string) => boolean][] = [
    // One passing string.
    ["S has 'inc'", (s) => s === 'Splashtop Inc.'],
    // Two passing strings: their row lists are merged in row order.
    ["S has 'splashtop'", (s) => s === 'Splashtop Inc.' || s === 'splashtop streamer'],
    // Three, one of them the empty string.
    ["S in ('', 'Google LLC', 'ZOOM Video')", (s) => s === '' || s === 'Google LLC' || s === 'ZOOM Video'],
    // None.
    ["S == 'absent'", () => false],
    // Most rows: the scan stays cheaper than the lists.
    ["S !has 'zoom'", (s) => s !== 'ZOOM Video'],
  ];
  for (const [pred, p] of cases) {
    it(`where ${pred}`, () => {
      const want = xsWhere(p);
      for (let i = 0; i < 4; i++) expect(run(`T | where ${pred} | project X`).map((r) => r[0])).toEqual(want);
    });
  }
  it('a string filter and a range on another column, in either order', () => {
    const want = xsWhere((s) => s === 'Splashtop Inc.' || s === 'splashtop streamer').filter((x) => x >= 40_000n && x < 60_000n);
    for (let i = 0; i < 3; i++) {
      expect(run(`T | where X >= 40000 and X < 60000 and S has 'splashtop' | project X`).map((r) => r[0])).toEqual(want);
      expect(run(`T | where S has 'splashtop' | where X between (40000 .. 59999) | project X`).map((r) => r[0])).toEqual(want);
    }
  });
  it('a count per string of the filtered rows', () => {
    const inc = xsWhere((s) => s === 'Splashtop Inc.').length;
    const streamer = xsWhere((s) => s === 'splashtop streamer').length;
    expect(inc).toBeGreaterThan(0);
    expect(streamer).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      expect(run(`T | where S has 'splashtop' | summarize n = count() by S | sort by S asc`)).toEqual([
        ['Splashtop Inc.', BigInt(inc)],
        ['splashtop streamer', BigInt(streamer)],
      ]);
    }
  });
});
