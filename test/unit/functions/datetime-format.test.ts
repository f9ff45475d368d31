// format_datetime, format_timespan and the time-zone conversions. Expected values are the documented
// examples, or derived by hand where a comment says so.
import { describe, expect, it } from 'vitest';
import { errorOf, scalar } from '../../helpers.js';
import { parseDateTime } from '../../../src/tables/datetime.js';

const dt = (s: string): bigint => parseDateTime(s)!;

describe('format_datetime', () => {
  it('documented examples', () => {
    expect(scalar("let dt = datetime(2017-01-29 09:00:05); print v1=format_datetime(dt,'yy-MM-dd [HH:mm:ss]')")).toBe('17-01-29 [09:00:05]');
    expect(scalar("let dt = datetime(2017-01-29 09:00:05); print v2=format_datetime(dt, 'yyyy-M-dd [H:mm:ss]')")).toBe('2017-1-29 [9:00:05]');
    expect(scalar("let dt = datetime(2017-01-29 09:00:05); print v3=format_datetime(dt, 'yy-MM-dd [hh:mm:ss tt]')")).toBe('17-01-29 [09:00:05 AM]');
  });
  it('documented specifier table', () => {
    const f = (d: string, fmt: string): unknown => scalar(`print format_datetime(datetime(${d}), '${fmt}')`);
    expect(f('2009-06-01T13:45:30', 'd')).toBe('1');
    expect(f('2009-06-15T13:45:30.6170000', 'f')).toBe('6');
    expect(f('2009-06-15T13:45:30.0050000', 'ff')).toBe('00');
    expect(f('2009-06-15T13:45:30.6175425', 'fffffff')).toBe('6175425');
    expect(f('2009-06-15T13:45:30.0500000', 'F')).toBe('');
    expect(f('2009-06-15T13:45:30.0001150', 'FFFFFFF')).toBe('000115');
    expect(f('2009-06-15T13:45:30', 'h')).toBe('1');
    expect(f('2009-06-15T01:45:30', 'hh')).toBe('01');
    expect(f('2009-06-15T13:45:30', 'H')).toBe('13');
    expect(f('2009-06-15T01:09:30', 'm')).toBe('9');
    expect(f('2009-06-15T13:45:30', 'M')).toBe('6');
    expect(f('2009-06-15T13:45:09', 's')).toBe('9');
    expect(f('2009-06-15T13:45:09', 'ss')).toBe('09');
    expect(f('0001-01-01T00:00:00', 'y')).toBe('1');
    expect(f('1900-01-01T00:00:00', 'yy')).toBe('00');
    expect(f('0900-01-01T00:00:00', 'yyyy')).toBe('0900');
    expect(f('2009-06-15T13:45:09', 'tt')).toBe('PM');
  });
  it('midnight is 12 AM; an all-zero F fraction drops its dot; null gives ""', () => {
    expect(scalar("print format_datetime(datetime(2020-01-01 00:30), 'h:mm tt')")).toBe('12:30 AM');
    expect(scalar("print format_datetime(datetime(2020-01-01 10:11:12), 'HH:mm:ss.FFF')")).toBe('10:11:12');
    expect(scalar("print format_datetime(datetime(2020-01-01 10:11:12.5), 'HH:mm:ss.FFF')")).toBe('10:11:12.5');
    expect(scalar("print format_datetime(datetime(null), 'yyyy')")).toBe('');
  });
});

describe('format_timespan', () => {
  it('documented examples', () => {
    expect(scalar("let t = time(29.09:00:05.12345); print v1=format_timespan(t, 'dd.hh:mm:ss:FF')")).toBe('29.09:00:05:12');
    expect(scalar("let t = time(29.09:00:05.12345); print v2=format_timespan(t, 'ddd.h:mm:ss [fffffff]')")).toBe('029.9:00:05 [1234500]');
  });
  it('documented specifier table', () => {
    const f = (t: string, fmt: string): unknown => scalar(`print format_timespan(time(${t}), '${fmt}')`);
    expect(f('15.13:45:30', 'ddd')).toBe('015');
    expect(f('15.01:45:30', 'H')).toBe('1');
    expect(f('15.01:09:30', 'mm')).toBe('09');
    expect(f('15.13:45:09', 's')).toBe('9');
    expect(f('15.13:45:30.6175420', 'FFFFFF')).toBe('617542');
  });
});

describe('time zones', () => {
  it('datetime_utc_to_local and back (IANA zone data)', () => {
    // Tokyo is UTC+9 all year; Paris is UTC+1 in January and UTC+2 in July.
    expect(scalar("print datetime_utc_to_local(datetime(2024-01-01 12:00), 'Asia/Tokyo')")).toBe(dt('2024-01-01 21:00'));
    expect(scalar("print datetime_utc_to_local(datetime(2024-07-01 12:00), 'Europe/Paris')")).toBe(dt('2024-07-01 14:00'));
    expect(scalar("print datetime_local_to_utc(datetime(2024-01-01 13:00), 'Europe/Paris')")).toBe(dt('2024-01-01 12:00'));
    expect(scalar("print datetime_local_to_utc(datetime(2024-07-01 14:00:00.1234567), 'Europe/Paris')")).toBe(dt('2024-07-01 12:00:00.1234567'));
  });
  it('an unknown constant zone is an error; null datetimes stay null', () => {
    expect(errorOf("print datetime_utc_to_local(now(), 'Mars/Olympus')").code).toBe('KQL105');
    expect(scalar("print datetime_utc_to_local(datetime(null), 'UTC')")).toBeNull();
  });
});
