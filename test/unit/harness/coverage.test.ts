// Coverage: every where predicate and and/or branch, kept a row / dropped a row, over all cases.
import { describe, expect, it } from 'vitest';
import { CoverageCollector, formatCoverage } from '../../../src/harness/coverage.js';
import { ruleFromQuery, runRule } from '../../../src/harness/testing.js';

const NOW = '2024-06-30T12:00:00Z';
const rule = ruleFromQuery(`DeviceProcessEvents
| where Timestamp between (ago(1d) .. now())
| where FileName =~ "a.exe" or FileName =~ "b.exe"
| where not(DeviceName startswith "lab-")`);

function outcomes(rows: Record<string, unknown>[][]) {
  const c = new CoverageCollector();
  for (const r of rows) c.record(rule, runRule(rule, { now: NOW, tables: { DeviceProcessEvents: r } }).run);
  return c.report()[0]!;
}

describe('coverage', () => {
  it('lists each where and written and/or branch (a desugared between is one condition)', () => {
    const rep = outcomes([[{ Timestamp: '2024-06-30T11:00:00Z', FileName: 'a.exe' }]]);
    expect(rep.branches.map((b) => [b.pos?.line, b.depth, b.label])).toEqual([
      [2, 0, 'Timestamp between (ago(1d) .. now())'],
      [3, 0, 'FileName =~ "a.exe" or FileName =~ "b.exe"'],
      [3, 1, 'FileName =~ "a.exe"'],
      [3, 1, 'FileName =~ "b.exe"'],
      [4, 0, 'not(DeviceName startswith "lab-")'],
    ]);
  });

  it('counts rows each branch kept and dropped, across cases, with not() inverted', () => {
    const rep = outcomes([
      [{ Timestamp: '2024-06-30T11:00:00Z', FileName: 'a.exe', DeviceName: 'ws-1' }],
      [{ Timestamp: '2024-06-30T11:00:00Z', FileName: 'c.exe', DeviceName: 'lab-1' }, { Timestamp: '2024-06-01T00:00:00Z' }],
    ]);
    const by = Object.fromEntries(rep.branches.map((b) => [b.label, [b.kept, b.dropped]]));
    expect(by['Timestamp between (ago(1d) .. now())']).toEqual([2, 1]);
    expect(by['FileName =~ "a.exe"']).toEqual([1, 1]);
    expect(by['FileName =~ "b.exe"']).toEqual([0, 2]);
    expect(by['not(DeviceName startswith "lab-")']).toEqual([1, 0]);
    expect(rep.covered).toBe(8);
    expect(rep.total).toBe(10);
    const text = formatCoverage([rep]).join('\n');
    expect(text).toContain('8 of 10 outcomes (80%)');
    expect(text).toMatch(/line 3\s+ FileName =~ "b.exe": never kept a row/);
    expect(text).toMatch(/line 4\s+not\(DeviceName startswith "lab-"\): never dropped a row/);
  });

  it('reaches 100% when every branch has kept and dropped a row', () => {
    const t = '2024-06-30T11:00:00Z';
    const rep = outcomes([
      [
        { Timestamp: t, FileName: 'a.exe', DeviceName: 'ws' },
        { Timestamp: t, FileName: 'b.exe', DeviceName: 'lab-2' },
        { Timestamp: t, FileName: 'c.exe' },
        { Timestamp: '2024-01-01T00:00:00Z' },
      ],
    ]);
    expect(rep.percent).toBe(100);
    expect(CoverageCollector.overall([rep])).toBe(100);
  });
});
