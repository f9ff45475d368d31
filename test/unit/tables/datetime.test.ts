// datetime and timespan text <-> ticks. Expected tick values were computed independently with Python's
// datetime module ((dt - 1970-01-01Z) in seconds * 10^7 + the 7-digit fraction), not with this code.

import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTimespan, parseDateTime, parseTimespan } from '../../../src/tables/datetime.js';
import { MAX_DATETIME_TICKS, MIN_DATETIME_TICKS } from '../../../src/types.js';

const PARSE_CASES: [string, bigint][] = [
  ['2024-06-30T12:00:00Z', 17197488000000000n],
  ['2014-05-25T08:20:03.123456Z', 14010060031234560n],
  ['2014-05-25T08:20:03.123456', 14010060031234560n],
  ['2014-05-25T08:20', 14010060000000000n],
  ['2014-11-08 15:55:55.123456Z', 14154621551234560n],
  ['2014-11-08 15:55:55', 14154621550000000n],
  ['2014-11-08', 14154048000000000n],
  ['Sat, 8 Nov 14 15:05:02 GMT', 14154591020000000n],
  ['8 Nov 14 15:05', 14154591000000000n],
  ['Saturday, 08-Nov-14 15:05:02 GMT', 14154591020000000n],
  ['08-Nov-14 15:05', 14154591000000000n],
  ['2014-11-8 15:05:25', 14154591250000000n],
  ['2014-11-8 15:05:25 GMT', 14154591250000000n],
  // Real exports: 9 fraction digits with an offset (mde_proc_cs1.csv), 7 digits with Z (OTRF), ms without zone.
  ['2021-06-23 03:08:14.159814200+00:00', 16244176941598142n],
  ['2021-08-02T13:11:39.7724491Z', 16279098997724491n],
  ['2019-01-15 05:24:24.010', 15475298640100000n],
  ['2090-01-16 09:26:43+00:00', 37882420030000000n],
  // Excel re-save in syslog_data.csv.
  ['7/8/2019 16:08', 15626020800000000n],
  ['7/8/2019 4:08 PM', 15626020800000000n],
  // Offsets are converted to UTC.
  ['2024-06-30T14:30:00+02:30', 17197488000000000n],
  ['2024-06-30T09:00:00-05:00', 17197560000000000n],
  ['2024-06-30T09:00:00-0500', 17197560000000000n],
  // Range ends and around the epoch.
  ['0001-01-01T00:00:00Z', -621355968000000000n],
  ['0001-01-01', -621355968000000000n],
  ['9999-12-31T23:59:59.9999999Z', 2534023007999999999n],
  ['1969-12-31T23:59:59.9999999Z', -1n],
  ['1970-01-01', 0n],
  ['2000-02-29T00:00:00Z', 9517824000000000n],
  ['1600-03-01', -116709120000000000n],
  ['2024-06-25T12:00:00.0000001Z', 17193168000000001n],
  ['  2024-06-30T12:00:00Z  ', 17197488000000000n],
];

describe('parseDateTime', () => {
  it.each(PARSE_CASES)('%s', (text, ticks) => {
    expect(parseDateTime(text)).toBe(ticks);
  });

  it('treats text without a zone as UTC, never local time', () => {
    expect(parseDateTime('2024-06-30 12:00:00')).toBe(parseDateTime('2024-06-30T12:00:00Z'));
  });

  it('keeps the first 7 fraction digits and drops the rest', () => {
    expect(parseDateTime('2021-06-23 03:08:14.159814299')).toBe(16244176941598142n);
    expect(parseDateTime('2021-06-23T03:08:14.1Z')).toBe(16244176941000000n);
  });

  it.each([
    '2024-13-45',
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-06-30T24:00:00Z',
    '2024-06-30T12:60:00Z',
    '2024-06-30T12:00:60Z',
    '0000-12-31',
    '10000-01-01',
    '2024-06-30T12:00:00+15:00',
    '9999-12-31T23:59:59-01:00',
    '0001-01-01T00:00:00+01:00',
    'Fri, 8 Nov 14 15:05:02 GMT',
    '13/1/2019 10:00',
    '7/8/2019 13:08 PM',
    '2024-06-30T',
    '2024-06-30T12:00:00.Z',
    '2024-06-30X12:00',
    '2024-06-30 12:00 PST',
    'abc',
    '',
    '12345678',
  ])('rejects %j', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});

describe('formatDateTime', () => {
  it.each([
    [17197488000000000n, '2024-06-30T12:00:00Z'],
    [17193168000000001n, '2024-06-25T12:00:00.0000001Z'],
    [14010060031234560n, '2014-05-25T08:20:03.123456Z'],
    [0n, '1970-01-01T00:00:00Z'],
    [-1n, '1969-12-31T23:59:59.9999999Z'],
    [-621355968000000000n, '0001-01-01T00:00:00Z'],
    [2534023007999999999n, '9999-12-31T23:59:59.9999999Z'],
    [9517824000000000n, '2000-02-29T00:00:00Z'],
  ])('%s -> %s', (ticks, text) => {
    expect(formatDateTime(ticks)).toBe(text);
  });

  it('prints 7 fraction digits on request', () => {
    expect(formatDateTime(17197488000000000n, { fraction: 'full' })).toBe('2024-06-30T12:00:00.0000000Z');
    expect(formatDateTime(14010060031234560n, { fraction: 'full' })).toBe('2014-05-25T08:20:03.1234560Z');
  });

  it('round-trips every tick at the range ends and a spread in between', () => {
    const step = (MAX_DATETIME_TICKS - MIN_DATETIME_TICKS) / 997n;
    for (let t = MIN_DATETIME_TICKS; t <= MAX_DATETIME_TICKS; t += step) {
      expect(parseDateTime(formatDateTime(t))).toBe(t);
    }
    expect(parseDateTime(formatDateTime(MAX_DATETIME_TICKS))).toBe(MAX_DATETIME_TICKS);
  });
});

describe('parseTimespan', () => {
  // Values checked with Python: int(timedelta(...).total_seconds() * 10**7).
  it.each([
    ['2d', 1_728_000_000_000n],
    ['1.5h', 54_000_000_000n],
    ['30m', 18_000_000_000n],
    ['10s', 100_000_000n],
    ['0.1s', 1_000_000n],
    ['100ms', 1_000_000n],
    ['10microsecond', 100n],
    ['1tick', 1n],
    ['5ticks', 5n],
    ['15 seconds', 150_000_000n],
    ['10sec', 100_000_000n],
    ['10min', 6_000_000_000n],
    ['2hr', 72_000_000_000n],
    ['3days', 2_592_000_000_000n],
    ['250nanoseconds', 2n],
    ['2', 1_728_000_000_000n],
    ['1.5', 1_296_000_000_000n],
    ['0.12:34:56.7', 452_967_000_000n],
    ['1.06:30:00', 1_098_000_000_000n],
    ['06:30:00', 234_000_000_000n],
    ['06:30', 234_000_000_000n],
    ['-01:00:00', -36_000_000_000n],
    ['-1.5h', -54_000_000_000n],
    ['00:00:00.0000001', 1n],
    ['00:00:00.123456789', 1_234_567n],
    ['10675199.02:48:05.4775807', 9223372036854775807n],
  ])('%s', (text, ticks) => {
    expect(parseTimespan(text)).toBe(ticks);
  });

  it.each(['1w', '1x', '24:00:00', '00:60:00', '00:00:60', 'abc', '', '1.', '.5h', '10675199.02:48:05.4775808', '1D'])('rejects %j', (text) => {
    expect(parseTimespan(text)).toBeUndefined();
  });
});

describe('formatTimespan', () => {
  it.each([
    [1_098_000_000_000n, '1.06:30:00'],
    [234_000_000_000n, '06:30:00'],
    [-36_000_000_000n, '-01:00:00'],
    [0n, '00:00:00'],
    [1n, '00:00:00.0000001'],
    [1_000_000n, '00:00:00.1000000'],
    [452_967_000_000n, '12:34:56.7000000'],
    [-9223372036854775808n, '-10675199.02:48:05.4775808'],
  ])('%s -> %s', (ticks, text) => {
    expect(formatTimespan(ticks)).toBe(text);
  });

  it('round-trips through parseTimespan', () => {
    for (const t of [0n, 1n, -1n, 863_999_999_999n, 864_000_000_000n, 9223372036854775807n, -9223372036854775807n]) {
      expect(parseTimespan(formatTimespan(t))).toBe(t);
    }
  });
});
