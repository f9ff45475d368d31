// Datetime functions. Expected values come from the Kusto documentation examples unless a comment
// derives them by hand.
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';
import { parseDateTime, parseTimespan } from '../../../src/tables/datetime.js';

const dt = (s: string): bigint => parseDateTime(s)!;
const ts = (s: string): bigint => parseTimespan(s)!;

describe('datetime_part and the calendar accessors', () => {
  it('matches the documented example', () => {
    const r = rows(`let dt = datetime(2017-10-30 01:02:03.7654321);
      print year = datetime_part("year", dt), quarter = datetime_part("quarter", dt), month = datetime_part("month", dt),
        weekOfYear = datetime_part("week_of_year", dt), day = datetime_part("day", dt), dayOfYear = datetime_part("dayOfYear", dt),
        hour = datetime_part("hour", dt), minute = datetime_part("minute", dt), second = datetime_part("second", dt),
        millisecond = datetime_part("millisecond", dt), microsecond = datetime_part("microsecond", dt), nanosecond = datetime_part("nanosecond", dt)`);
    expect(r[0]).toEqual([2017n, 4n, 10n, 44n, 30n, 303n, 1n, 2n, 3n, 765n, 765432n, 765432100n]);
  });
  it('brief example and null input', () => {
    expect(scalar('print x = datetime_part("day", datetime(2017-10-30))')).toBe(30n);
    expect(scalar('print x = datetime_part("day", datetime(null))')).toBeNull();
  });
  it('rejects an unknown constant part', () => {
    expect(errorOf('print datetime_part("fortnight", now())').code).toBe('KQL105');
  });
  it('getyear, getmonth, monthofyear, dayofmonth, dayofyear, hourofday', () => {
    const r = rows('let d = datetime(2015-12-14 17:20:00); print getyear(d), getmonth(d), monthofyear(d), dayofmonth(d), dayofyear(d), hourofday(d)');
    // 2015-12-14 is day 334 + 14 = 348 of a non-leap year.
    expect(r[0]).toEqual([2015n, 12n, 12n, 14n, 348n, 17n]);
  });
  it('week_of_year is ISO 8601 (documented table)', () => {
    const r = rows('print week_of_year(datetime(2020-12-31)), week_of_year(datetime(2020-06-15)), week_of_year(datetime(1970-01-01)), week_of_year(datetime(2000-01-01))');
    expect(r[0]).toEqual([53n, 25n, 1n, 52n]);
  });
  it('dayofweek is the timespan since the preceding Sunday', () => {
    expect(scalar('print dayofweek(datetime(1947-11-30 10:00:05))')).toBe(0n);
    expect(scalar('print dayofweek(datetime(1970-05-11))')).toBe(ts('1.00:00:00'));
    expect(scalar('print toint(dayofweek(datetime(1970-5-12)) / 1d)')).toBe(2);
  });
});

describe('startof* / endof*', () => {
  it('startofweek with offsets (documented example)', () => {
    const r = rows('range offset from -1 to 1 step 1 | project weekStart = startofweek(datetime(2017-01-01 10:10:17), offset)');
    expect(r.map((x) => x[0])).toEqual([dt('2016-12-25'), dt('2017-01-01'), dt('2017-01-08')]);
  });
  it('endofweek with offsets (documented example)', () => {
    const r = rows('range offset from -1 to 1 step 1 | project weekEnd = endofweek(datetime(2017-01-01 10:10:17), offset)');
    expect(r.map((x) => x[0])).toEqual([dt('2016-12-31T23:59:59.9999999'), dt('2017-01-07T23:59:59.9999999'), dt('2017-01-14T23:59:59.9999999')]);
  });
  it('day, month and year boundaries', () => {
    const r = rows(`let d = datetime(2024-02-29 13:14:15);
      print startofday(d), endofday(d), startofmonth(d), endofmonth(d), startofyear(d), endofyear(d), startofmonth(d, -2), startofday(d, 1)`);
    expect(r[0]).toEqual([
      dt('2024-02-29'),
      dt('2024-02-29T23:59:59.9999999'),
      dt('2024-02-01'),
      dt('2024-02-29T23:59:59.9999999'),
      dt('2024-01-01'),
      dt('2024-12-31T23:59:59.9999999'),
      dt('2023-12-01'),
      dt('2024-03-01'),
    ]);
  });
  it('works before 1970 and returns null outside the datetime range', () => {
    expect(scalar('print startofweek(datetime(1969-12-31))')).toBe(dt('1969-12-28'));
    expect(scalar('print startofyear(datetime(9999-06-01), 1)')).toBeNull();
    expect(scalar('print endofyear(datetime(9999-06-01))')).toBe(dt('9999-12-31T23:59:59.9999999'));
    expect(scalar('print startofday(datetime(null))')).toBeNull();
  });
});

describe('datetime_add', () => {
  it('each period (documented example)', () => {
    const r = rows(`print year = datetime_add('year',1,make_datetime(2017,1,1)), quarter = datetime_add('quarter',1,make_datetime(2017,1,1)),
      month = datetime_add('month',1,make_datetime(2017,1,1)), week = datetime_add('week',1,make_datetime(2017,1,1)),
      day = datetime_add('day',1,make_datetime(2017,1,1)), hour = datetime_add('hour',1,make_datetime(2017,1,1)),
      minute = datetime_add('minute',1,make_datetime(2017,1,1)), second = datetime_add('second',1,make_datetime(2017,1,1))`);
    expect(r[0]).toEqual(['2018-01-01', '2017-04-01', '2017-02-01', '2017-01-08', '2017-01-02', '2017-01-01T01:00', '2017-01-01T00:01', '2017-01-01T00:00:01'].map(dt));
  });
  it('negative and large amounts (documented example)', () => {
    const r = rows(`print year = datetime_add('year',-5,make_datetime(2017,1,1)), quarter = datetime_add('quarter',12,make_datetime(2017,1,1)),
      month = datetime_add('month',-15,make_datetime(2017,1,1)), week = datetime_add('week',100,make_datetime(2017,1,1))`);
    expect(r[0]).toEqual(['2012-01-01', '2020-01-01', '2015-10-01', '2018-12-02'].map(dt));
  });
  it('clamps the day of month and handles sub-second periods', () => {
    // 2024-01-31 + 1 month: February 2024 has 29 days.
    expect(scalar("print datetime_add('month', 1, datetime(2024-01-31))")).toBe(dt('2024-02-29'));
    expect(scalar("print datetime_add('nanosecond', 300, datetime(2024-01-01))")).toBe(dt('2024-01-01') + 3n);
    expect(scalar("print datetime_add('year', 1, datetime(9999-01-01))")).toBeNull();
  });
});

describe('datetime_diff', () => {
  it('counts period boundaries (documented example)', () => {
    const r = rows(`print
      year = datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31)),
      quarter = datetime_diff('quarter',datetime(2017-07-01),datetime(2017-03-30)),
      month = datetime_diff('month',datetime(2017-01-01),datetime(2015-12-30)),
      week = datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
      day = datetime_diff('day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
      hour = datetime_diff('hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)),
      minute = datetime_diff('minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)),
      second = datetime_diff('second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)),
      millisecond = datetime_diff('millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900)),
      microsecond = datetime_diff('microsecond',datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009)),
      nanosecond = datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))`);
    expect(r[0]).toEqual([17n, 2n, 13n, 5n, 29n, 2n, 5n, 10n, 100n, 100n, -700n]);
  });
  it('is case-insensitive, negative when reversed, null on null', () => {
    expect(scalar("print datetime_diff('Day', datetime(2020-01-01), datetime(2020-01-03))")).toBe(-2n);
    expect(scalar("print datetime_diff('day', datetime(null), datetime(2020-01-03))")).toBeNull();
  });
});

describe('construction', () => {
  it('make_datetime (documented examples)', () => {
    expect(scalar('print make_datetime(2017,10,01)')).toBe(dt('2017-10-01'));
    expect(scalar('print make_datetime(2017,10,01,12,10)')).toBe(dt('2017-10-01 12:10'));
    expect(scalar('print make_datetime(2017,10,01,12,11,0.1234567)')).toBe(dt('2017-10-01 12:11:00.1234567'));
  });
  it('make_datetime gives null for invalid parts', () => {
    expect(scalar('print make_datetime(2017,2,30)')).toBeNull();
    expect(scalar('print make_datetime(2017,13,1)')).toBeNull();
    expect(scalar('print make_datetime(2017,1,1,24,0)')).toBeNull();
  });
  it('make_timespan (documented example and shorter forms)', () => {
    expect(scalar('print make_timespan(1,12,30,55.123)')).toBe(ts('1.12:30:55.123'));
    expect(scalar('print make_timespan(2, 30)')).toBe(ts('02:30:00'));
    expect(scalar('print make_timespan(2, 30, 15)')).toBe(ts('02:30:15'));
  });
  it('unixtime_*_todatetime', () => {
    expect(scalar('print unixtime_seconds_todatetime(1546300800)')).toBe(dt('2019-01-01'));
    expect(scalar('print unixtime_milliseconds_todatetime(1546300800123)')).toBe(dt('2019-01-01T00:00:00.123'));
    expect(scalar('print unixtime_microseconds_todatetime(1546300800123456)')).toBe(dt('2019-01-01T00:00:00.123456'));
    expect(scalar('print unixtime_nanoseconds_todatetime(1546300800123456700)')).toBe(dt('2019-01-01T00:00:00.1234567'));
    // 1.5 seconds after the epoch; a negative count is before 1970.
    expect(scalar('print unixtime_seconds_todatetime(1.5)')).toBe(15_000_000n);
    // 1546300800.123 * 10^7 is not exact in binary floating point; the result is rounded to the nearest tick.
    expect(scalar('print unixtime_seconds_todatetime(1546300800.123)')).toBe(dt('2019-01-01T00:00:00.123'));
    expect(scalar('print unixtime_seconds_todatetime(-86400)')).toBe(dt('1969-12-31'));
    expect(scalar('print unixtime_seconds_todatetime(real(null))')).toBeNull();
  });
  it('ingestion_time() is a null datetime', () => {
    expect(rows('print t = ingestion_time() | extend ty = gettype(t)')[0]).toEqual([null, 'datetime']);
  });
});
