// where: string operators, between at 100-ns resolution, and Kusto's null rules (kql-semantics.md A, B, D).
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';

const T = `datatable(s:string)["North America", "KustoExplorerQueryRun", "C:\\\\Windows\\\\cmd.exe /c", "xcmd.exe", "FabriKam", ""]`;

function matching(pred: string): string[] {
  return rows(`${T} | where ${pred}`).map((r) => r[0] as string);
}

describe('string operators in where', () => {
  it('has / !has / has_cs', () => {
    expect(matching('s has "america"')).toEqual(['North America']);
    expect(matching('s has_cs "america"')).toEqual([]);
    expect(matching('s !has "america"')).toEqual(['KustoExplorerQueryRun', 'C:\\Windows\\cmd.exe /c', 'xcmd.exe', 'FabriKam', '']);
    expect(matching('s !has_cs "America"')).toHaveLength(5);
    expect(matching('s has "Explorer"')).toEqual([]);
    expect(matching('s has "cmd.exe"')).toEqual(['C:\\Windows\\cmd.exe /c']);
  });
  it('hasprefix / hassuffix', () => {
    expect(matching('s hasprefix "ame"')).toEqual(['North America']);
    expect(matching('s hassuffix "th"')).toEqual(['North America']);
    expect(matching('s !hasprefix "ame"')).toHaveLength(5);
  });
  it('contains / startswith / endswith and their _cs and ! forms', () => {
    expect(matching('s contains "brik"')).toEqual(['FabriKam']);
    expect(matching('s contains_cs "brik"')).toEqual([]);
    expect(matching('s contains "Explorer"')).toEqual(['KustoExplorerQueryRun']);
    expect(matching('s !contains "a"')).toEqual(['KustoExplorerQueryRun', 'C:\\Windows\\cmd.exe /c', 'xcmd.exe', '']);
    expect(matching('s startswith "north"')).toEqual(['North America']);
    expect(matching('s startswith_cs "north"')).toEqual([]);
    expect(matching('s endswith "KAM"')).toEqual(['FabriKam']);
    expect(matching('s endswith_cs "kam"')).toEqual([]);
    expect(matching('s !endswith "exe"')).toHaveLength(5);
  });
  it('== is case-sensitive, =~ is not', () => {
    expect(matching('s == "fabrikam"')).toEqual([]);
    expect(matching('s =~ "fabrikam"')).toEqual(['FabriKam']);
    expect(matching('s !~ "fabrikam"')).toHaveLength(5);
    expect(matching('s != "FabriKam"')).toHaveLength(5);
  });
  it('in / !in are case-sensitive, in~ / !in~ are not', () => {
    expect(matching('s in ("fabrikam", "xcmd.exe")')).toEqual(['xcmd.exe']);
    expect(matching('s in~ ("fabrikam", "XCMD.EXE")')).toEqual(['xcmd.exe', 'FabriKam']);
    expect(matching('s !in ("fabrikam", "xcmd.exe")')).toHaveLength(5);
    expect(matching('s !in~ ("fabrikam", "xcmd.exe")')).toHaveLength(4);
    expect(matching('s in (dynamic(["FabriKam", "x"]))')).toEqual(['FabriKam']);
  });
  it('has_any / has_all', () => {
    expect(matching('s has_any ("south", "north")')).toEqual(['North America']);
    expect(matching('s has_all ("america", "north")')).toEqual(['North America']);
    expect(matching('s has_all ("america", "south")')).toEqual([]);
  });
  it('matches regex is an unanchored RE2 search', () => {
    expect(matching('s matches regex "b.*k"')).toEqual([]);
    expect(matching('s matches regex "(?i)b.*k"')).toEqual(['FabriKam']);
    expect(matching('s matches regex "^x"')).toEqual(['xcmd.exe']);
  });
});

describe('between', () => {
  const D = `datatable(t:datetime)[
    datetime(2024-06-25T11:59:59.9999999Z), datetime(2024-06-25T12:00:00Z),
    datetime(2024-06-30T12:00:00Z), datetime(2024-06-30T12:00:00.0000001Z), datetime(null)]`;
  it('is inclusive at both ends at 100-ns resolution', () => {
    const r = rows(`${D} | where t between (datetime(2024-06-25T12:00:00Z) .. datetime(2024-06-30T12:00:00Z)) | count`);
    expect(r).toEqual([[2n]]);
  });
  it('works with now(-5d)..now() and drops null', () => {
    expect(rows(`${D} | where t between (now(-5d) .. now()) | count`)).toEqual([[2n]]);
    expect(rows(`${D} | where t between (ago(5d) .. now()) | count`)).toEqual([[2n]]);
  });
  it('!between is the complement for non-null values', () => {
    expect(rows(`${D} | where t !between (now(-5d) .. now()) | count`)).toEqual([[2n]]);
  });
  it('a timespan upper bound means lo + timespan', () => {
    expect(rows(`${D} | where t between (datetime(2024-06-25T12:00:00Z) .. 5d) | count`)).toEqual([[2n]]);
  });
  it('works on numbers (docs example 50..55)', () => {
    expect(rows('range x from 1 to 100 step 1 | where x between (50 .. 55)').map((r) => r[0])).toEqual([50n, 51n, 52n, 53n, 54n, 55n]);
  });
});

describe('null rules', () => {
  it('where drops rows whose predicate is null (docs example)', () => {
    expect(rows('datatable(i:int, s:string)[5, "a", int(null), "b"] | where i != 5')).toEqual([[null, 'b']]);
  });
  it('== and != with null', () => {
    expect(scalar('print x = int(null) == 5')).toBe(false);
    expect(scalar('print x = int(null) != 5')).toBe(true);
    expect(scalar('print x = int(null) == int(null)')).toBe(null);
    expect(scalar('print x = int(null) > 5')).toBe(null);
  });
  it('three-valued and/or', () => {
    expect(scalar('print x = false and bool(null)')).toBe(false);
    expect(scalar('print x = true or bool(null)')).toBe(true);
    expect(scalar('print x = true and bool(null)')).toBe(null);
    expect(scalar('print x = not(bool(null))')).toBe(null);
  });
  it('arithmetic with null is null; strings are never null', () => {
    expect(scalar('print x = long(null) + 1')).toBe(null);
    expect(scalar('print x = isnull("")')).toBe(false);
    expect(scalar('print x = isempty("")')).toBe(true);
  });
});

describe('NaN in comparisons with constants', () => {
  // IEEE, as .NET compares doubles: NaN is unordered, so <, <=, >, >= and == with it are false (the
  // column-at-a-time range test and the row-at-a-time comparison must agree).
  const T = 'datatable(x:real)[real(nan), 1.0, 7.0, real(-inf), real(null)]';
  it('a NaN row passes no range', () => {
    expect(rows(`${T} | where x < 5`)).toEqual([[1], [-Infinity]]);
    expect(rows(`${T} | where x <= 7`)).toEqual([[1], [7], [-Infinity]]);
    expect(rows(`${T} | where x > real(-inf)`)).toEqual([[1], [7]]);
    expect(rows(`${T} | where x >= 1 and x < 100`)).toEqual([[1], [7]]);
  });
  it('and the same through a row-at-a-time predicate', () => {
    expect(rows(`${T} | where x < 5 or x == 123`)).toEqual([[1], [-Infinity]]);
    expect(rows(`${T} | where not(x < 5)`)).toEqual([[NaN], [7]]);
  });
});

describe('a named filter', () => {
  it('keeps the rows its predicate keeps (the name is dropped)', () => {
    expect(rows('datatable(FileName:string)["a", "b"] | where Ok = FileName == "a"')).toEqual([['a']]);
  });
  it('whose value is not a bool is reported as a comparison written with one =, from the name on', () => {
    const e = errorOf('datatable(FileName:string)["a"] | where FileName = "x"');
    expect(e.code).toBe('KQL106');
    expect(e.message).toBe('a filter must be a bool expression, but this is string: `FileName = ...` only names the filter; to compare, write `FileName == ...`');
    // The caret starts at the name (column 41) and ends after "x".
    expect(e.column).toBe(41);
  });
});
