// Comparing results with expected rows: types, multisets, subsets, sets, and the diff's wording.
import { describe, expect, it } from 'vitest';
import { compareRows, formatDiff } from '../../../src/harness/compare.js';
import type { RowSpec } from '../../../src/harness/spec.js';
import { readYaml } from '../../../src/harness/yaml-nodes.js';
import type { QueryResult } from '../../../src/result.js';
import { parseDateTime } from '../../../src/tables/datetime.js';

function rows(yaml: string): RowSpec[] {
  const root = readYaml(yaml, 'x.yaml').root;
  if (root.t !== 'seq') throw new Error('rows must be a list');
  return root.items.map((it) => {
    if (it.t !== 'map') throw new Error('row must be a map');
    return { pos: it.pos, cells: it.entries };
  });
}

const T = (s: string) => parseDateTime(s)!;

const result: QueryResult = {
  columns: [
    { name: 'DeviceName', type: 'string' },
    { name: 'LastSeen', type: 'datetime' },
    { name: 'Report', type: 'dynamic' },
    { name: 'Count', type: 'long' },
    { name: 'Ratio', type: 'real' },
  ],
  rows: [
    ['a', T('2024-06-29T20:14:27.5540637Z'), [3, 1, 9007199254740993n], 2n, 0.1 + 0.2],
    ['b', T('2024-06-30T12:00:00Z'), [5], 7n, 1],
  ],
};

const opts = { ordered: false, sets: new Set(['Report']), file: 'x.yaml' };

describe('compareRows', () => {
  it('matches rows in any order, typed by the result columns', () => {
    const d = compareRows(
      result,
      rows(`
- { DeviceName: b, LastSeen: 2024-06-30T12:00:00Z, Report: [5], Count: 7, Ratio: 1 }
- { DeviceName: a, LastSeen: "2024-06-29T20:14:27.5540637Z", Report: [9007199254740993, 1, 3], Count: 2, Ratio: 0.3 }
`),
      opts,
    );
    expect(d).toEqual([]);
  });

  it('compares only the columns an expected row names', () => {
    expect(compareRows(result, rows('- { Count: 7 }\n- { DeviceName: a }'), opts)).toEqual([]);
  });

  it('compares datetimes at 100-ns precision and longs exactly', () => {
    const lines = formatDiff(compareRows(result, rows('- { DeviceName: a, LastSeen: 2024-06-29T20:14:27.5540638Z, Report: [1, 3, 9007199254740992] }\n- { DeviceName: b }'), opts));
    expect(lines).toEqual([
      'row 1 (line 1), column LastSeen: expected 2024-06-29T20:14:27.5540638Z, got 2024-06-29T20:14:27.5540637Z',
      'row 1 (line 1), column Report: expected [1,3,9007199254740992], got [3,1,9007199254740993] [missing 9007199254740992; extra 9007199254740993]',
    ]);
  });

  it('says which row and column differ, and lists missing and unexpected rows', () => {
    const lines = formatDiff(
      compareRows(
        result,
        rows(`
- { DeviceName: a, Count: 2 }
- { DeviceName: b, Count: 8 }
- { DeviceName: c, Count: 1 }
`),
        opts,
      ),
    );
    expect(lines).toEqual(['row 2 (line 3), column Count: expected 8, got 7', 'missing row 3 (line 4): { DeviceName: "c", Count: 1 }']);
    const extra = formatDiff(compareRows(result, rows('- { DeviceName: a }'), opts));
    expect(extra).toEqual(['unexpected result row 2: { DeviceName: "b" }']);
  });

  it('does not pair rows that have too little in common', () => {
    const lines = formatDiff(compareRows(result, rows('- { DeviceName: z, Count: 9 }\n- { DeviceName: a, Count: 2 }'), opts));
    expect(lines).toEqual(['missing row 1 (line 1): { DeviceName: "z", Count: 9 }', 'unexpected result row 2: { DeviceName: "b", Count: 7 }']);
  });

  it('compares in order when asked', () => {
    const lines = formatDiff(compareRows(result, rows('- { DeviceName: b }\n- { DeviceName: a }'), { ...opts, ordered: true }));
    expect(lines).toEqual([
      'row 1 (line 1), column DeviceName: expected "b", got "a"',
      'row 2 (line 2), column DeviceName: expected "a", got "b"',
    ]);
  });

  it('compares dynamic arrays in order unless they are sets', () => {
    const noSets = { ...opts, sets: new Set<string>() };
    const d = compareRows(result, rows('- { DeviceName: a, Report: [1, 3, 9007199254740993] }\n- { DeviceName: b }'), noSets);
    expect(d.map((x) => x.kind === 'cell' && x.column)).toEqual(['Report']);
    expect(compareRows(result, rows('- { DeviceName: a, Report: [1, 3, 9007199254740993] }\n- { DeviceName: b }'), opts)).toEqual([]);
  });

  it('reports an expected column the result does not have', () => {
    const lines = formatDiff(compareRows(result, rows('- { Device: a }'), opts));
    expect(lines[0]).toContain('column Device (line 1) is not in the result; its columns are DeviceName, LastSeen, Report, Count, Ratio');
  });

  it('throws KQL414 at the value when an expected value does not fit the column', () => {
    expect(() => compareRows(result, rows('- { Count: lots }'), opts)).toThrow(/column 'Count' of the result is long/);
  });
});
