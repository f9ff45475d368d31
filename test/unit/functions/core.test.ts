// Core functions: conversions, null/empty tests, conditionals, gettype, bin/bin_at, the clock and
// columnifexists. Expected values are the documented examples, or derived by hand where a comment says so.
import { describe, expect, it } from 'vitest';
import { names, rows, scalar } from '../../helpers.js';
import { parseDateTime, parseTimespan } from '../../../src/tables/datetime.js';

const dt = (s: string): bigint => parseDateTime(s)!;
const ts = (s: string): bigint => parseTimespan(s)!;

describe('conversions', () => {
  it('tostring of each type; null becomes ""', () => {
    expect(rows('print tostring(123), tostring(1.5), tostring(true), tostring(datetime(2020-01-01)), tostring(1h), tostring(dynamic({"a":1})), tostring(long(null)), tostring(dynamic("s"))')[0]).toEqual([
      '123', '1.5', 'true', '2020-01-01T00:00:00Z', '01:00:00', '{"a":1}', '', 's',
    ]);
  });
  it('toint / tolong: documented examples, truncation, null on failure', () => {
    expect(rows('print toint("123") == 123, toint(2.3), toint("abc"), tolong("9223372036854775807"), tolong(1.9e19), tolong("0x1F")')[0]).toEqual([
      true, 2, null, 9223372036854775807n, null, null,
    ]);
  });
  it('todouble / toreal', () => {
    expect(rows('print todouble("1.5"), toreal("1e3"), todouble("abc"), todouble(5), todouble("0x10")')[0]).toEqual([1.5, 1000, null, 5, null]);
    expect(Number.isNaN(scalar('print toreal("nan")'))).toBe(true);
  });
  it('tobool (documented examples)', () => {
    expect(rows('print tobool("true") == true, tobool("false") == false, tobool(1) == true, tobool(123) == true, tobool("yes"), toboolean(0)')[0]).toEqual([
      true, true, true, true, null, false,
    ]);
  });
  it('todatetime / totimespan', () => {
    expect(rows('print todatetime("2020-01-01"), todatetime("garbage"), totimespan("1.02:03:04"), totimespan("garbage")')[0]).toEqual([dt('2020-01-01'), null, ts('1.02:03:04'), null]);
  });
  it('todynamic / parse_json / parsejson', () => {
    expect(rows('print todynamic("[1,2]"), parse_json("{\\"a\\":1}"), parsejson("[]"), todynamic(dynamic([1]))')[0]).toEqual([[1, 2], { a: 1 }, [], [1]]);
    expect(scalar('print parse_json("")')).toBeNull();
  });
});

describe('null and empty tests', () => {
  it('isempty (documented table) and isnotempty', () => {
    expect(rows('print isempty(""), isempty("x"), isempty(parsejson("")), isempty(parsejson("[]")), isempty(parsejson("{}")), isempty(long(null)), isnotempty("x"), isnotempty("")')[0]).toEqual([
      true, false, true, false, false, true, true, false,
    ]);
  });
  it('isnull / isnotnull: a string is never null', () => {
    expect(rows('print isnull(""), isnull(long(null)), isnull(parse_json("[]")), isnotnull(1), isnotnull(datetime(null))')[0]).toEqual([false, true, false, true, false]);
  });
  it('notempty / notnull are the deprecated aliases', () => {
    expect(rows('print notempty(""), notempty("a"), notnull(long(null)), notnull(1)')[0]).toEqual([false, true, false, true]);
  });
  it('not', () => {
    expect(rows('print not(true), not(false), not(bool(null))')[0]).toEqual([false, true, null]);
  });
});

describe('conditionals', () => {
  it('iff / iif: a null predicate takes the else branch', () => {
    expect(rows('print iff(1 > 0, "a", "b"), iif(bool(null), 1, 2), iff(false, 1, 2.5)')[0]).toEqual(['a', 2n, 2.5]);
  });
  it('case', () => {
    expect(rows('print case(false, 1, true, 2, 3), case(false, 1, 3), case(bool(null), "x", "y")')[0]).toEqual([2n, 3n, 'y']);
  });
  it('coalesce (documented example); empty strings are skipped', () => {
    expect(scalar('print result=coalesce(tolong("not a number"), tolong("42"), 33)')).toBe(42n);
    expect(rows('print coalesce("", "x"), coalesce("", ""), coalesce(long(null), long(null))')[0]).toEqual(['x', '', null]);
  });
});

describe('gettype (documented table)', () => {
  it('static and dynamic types', () => {
    expect(
      rows(`print gettype("a"), gettype(111), gettype(1==1), gettype(now()), gettype(1s), gettype(parse_json('1')), gettype(parse_json(' "abc" ')),
        gettype(parse_json(' {"abc":1} ')), gettype(parse_json(' [1, 2, 3] ')), gettype(123.45), gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254)), gettype(parse_json(''))`)[0],
    ).toEqual(['string', 'long', 'bool', 'datetime', 'timespan', 'int', 'string', 'dictionary', 'array', 'real', 'guid', 'null']);
  });
});

describe('bin / bin_at', () => {
  it('documented bin examples; a non-positive size gives null', () => {
    expect(rows('print bin(4.5, 1), bin(time(16d), 7d), bin(datetime(1970-05-11 13:45:07), 1d), bin(10, 1.5), bin(-5, 3), bin(10, -1)')[0]).toEqual([
      4, ts('14.00:00:00'), dt('1970-05-11'), 9, -6n, null,
    ]);
  });
  it('documented bin_at examples', () => {
    expect(
      rows(`print bin_at(6.5, 2.5, 7), bin_at(1h, 1d, 12h), bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0)),
        bin_at(datetime(2017-05-17 10:20:00.0), 7d, datetime(2017-06-04 00:00:00.0))`)[0],
    ).toEqual([4.5, -ts('12:00:00'), dt('2017-05-14 12:00'), dt('2017-05-14')]);
  });
});

describe('clock and columns', () => {
  it('now / ago use the fixed clock', () => {
    expect(rows('print now(), ago(1d), now(-5d)')[0]).toEqual([dt('2024-06-30T12:00:00Z'), dt('2024-06-29T12:00:00Z'), dt('2024-06-25T12:00:00Z')]);
  });
  it('columnifexists is the deprecated alias of column_ifexists', () => {
    expect(rows('datatable(a:long) [1] | extend b = columnifexists("a", 0), c = columnifexists("zz", 7)')[0]).toEqual([1n, 1n, 7n]);
    expect(names('datatable(a:long) [1] | extend b = columnifexists("a", 0)')).toEqual(['a', 'b']);
  });
});
