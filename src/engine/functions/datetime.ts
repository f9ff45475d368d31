// Datetime functions: calendar parts (getyear, datetime_part, week_of_year, ...), startof*/endof*,
// datetime_add/datetime_diff, make_datetime/make_timespan and the unixtime_*_todatetime family.
// Datetimes are UTC ticks since 1970 (see src/types.ts); weeks start on Sunday, as in Kusto.

import { KqlError } from '../../diagnostics.js';
import { civilFromDays, daysFromCivil, daysInMonth, weekdayFromDays } from '../../tables/civil.js';
import {
  MAX_DATETIME_TICKS,
  MIN_DATETIME_TICKS,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
  type Value,
} from '../../types.js';
import type { BExpr } from '../bound.js';
import { custom, overloaded, type CallSite, type ScalarFunction } from './registry.js';

const D = 'datetime';
const T = 'timespan';

/** Floor division of bigints (rounds toward negative infinity). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/** Days since 1970 of a datetime (floored). */
export function dayNumber(t: bigint): number {
  return Number(floorDiv(t, TICKS_PER_DAY));
}

/** [year, month, day] of a datetime. */
export function civilOf(t: bigint): [number, number, number] {
  return civilFromDays(dayNumber(t));
}

/** The datetime, or null when it falls outside 0001-01-01 .. 9999-12-31. */
export function inRange(t: bigint): bigint | null {
  return t < MIN_DATETIME_TICKS || t > MAX_DATETIME_TICKS ? null : t;
}

const dayTicks = (days: number): bigint => BigInt(days) * TICKS_PER_DAY;

/** ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(t: bigint): number {
  const days = dayNumber(t);
  const mondayBased = (weekdayFromDays(days) + 6) % 7;
  const thursday = days - mondayBased + 3;
  const [y] = civilFromDays(thursday);
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

// ------------------------------------------------------------------------------------------ parts

type Part = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'dayofyear' | 'hour' | 'minute' | 'second' | 'millisecond' | 'microsecond' | 'nanosecond';

const PART_NAMES: Record<string, Part> = {
  year: 'year',
  quarter: 'quarter',
  month: 'month',
  week: 'week',
  week_of_year: 'week',
  weekofyear: 'week',
  day: 'day',
  dayofyear: 'dayofyear',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
  millisecond: 'millisecond',
  microsecond: 'microsecond',
  nanosecond: 'nanosecond',
};

function partOf(v: Value): Part | undefined {
  return PART_NAMES[String(v ?? '').trim().toLowerCase()];
}

/** A constant period/part argument is checked at bind time; an unknown one is a KQL105 error. */
function checkPart(site: CallSite, fn: string, allowed: (p: Part) => boolean): void {
  const a = site.args[0];
  if (a?.k !== 'const' || a.value === null) return;
  const p = partOf(a.value);
  if (!p || !allowed(p)) {
    throw new KqlError({ code: 'KQL105', kind: 'semantic', message: `${fn}(): unknown period '${String(a.value)}'`, span: site.argSpans[0] ?? site.span });
  }
}

/** Ticks within the second (0..9999999) of a datetime. */
const subSecond = (t: bigint): bigint => t - floorDiv(t, TICKS_PER_SECOND) * TICKS_PER_SECOND;

function extractPart(p: Part, t: bigint): bigint {
  const [y, m, d] = civilOf(t);
  const dayStart = floorDiv(t, TICKS_PER_DAY) * TICKS_PER_DAY;
  const ofDay = t - dayStart;
  switch (p) {
    case 'year':
      return BigInt(y);
    case 'quarter':
      return BigInt(Math.floor((m - 1) / 3) + 1);
    case 'month':
      return BigInt(m);
    case 'week':
      return BigInt(isoWeek(t));
    case 'day':
      return BigInt(d);
    case 'dayofyear':
      return BigInt(dayNumber(t) - daysFromCivil(y, 1, 1) + 1);
    case 'hour':
      return ofDay / TICKS_PER_HOUR;
    case 'minute':
      return (ofDay / TICKS_PER_MINUTE) % 60n;
    case 'second':
      return (ofDay / TICKS_PER_SECOND) % 60n;
    case 'millisecond':
      return subSecond(t) / TICKS_PER_MS;
    case 'microsecond':
      return subSecond(t) / 10n;
    case 'nanosecond':
      return subSecond(t) * 100n;
  }
}

const datetimePart = overloaded('datetime_part', [
  {
    params: ['string', D],
    ret: 'long',
    fn: () => null,
    make: (_t, site) => {
      checkPart(site, 'datetime_part', () => true);
      return (part, t) => {
        const p = partOf(part);
        return p ? extractPart(p, t as bigint) : null;
      };
    },
  },
]);

/** A one-argument calendar accessor returning long (getyear, dayofmonth, ...). */
function accessor(name: string, p: Part): ScalarFunction {
  return overloaded(name, [{ params: [D], ret: 'long', fn: (t) => extractPart(p, t as bigint) }]);
}

const dayofweek = overloaded('dayofweek', [{ params: [D], ret: T, fn: (t) => dayTicks(weekdayFromDays(dayNumber(t as bigint))) }]);

// ------------------------------------------------------------------------------------------ start/end of

type Unit = 'day' | 'week' | 'month' | 'year';

/** Start of the unit holding t, moved by `offset` units; null outside the datetime range. */
function startOf(unit: Unit, t: bigint, offset: bigint): bigint | null {
  const days = dayNumber(t);
  const off = Number(offset);
  if (!Number.isSafeInteger(off) || Math.abs(off) > 4_000_000) return null;
  switch (unit) {
    case 'day':
      return inRange(dayTicks(days + off));
    case 'week':
      return inRange(dayTicks(days - weekdayFromDays(days) + 7 * off));
    case 'month': {
      const [y, m] = civilFromDays(days);
      const months = y * 12 + (m - 1) + off;
      return inRange(dayTicks(daysFromCivil(Math.floor(months / 12), (months % 12 + 12) % 12 + 1, 1)));
    }
    case 'year': {
      const [y] = civilFromDays(days);
      return inRange(dayTicks(daysFromCivil(y + off, 1, 1)));
    }
  }
}

function startEnd(unit: Unit, end: boolean): ScalarFunction {
  return overloaded(`${end ? 'endof' : 'startof'}${unit}`, [
    {
      params: [D, 'long'],
      min: 1,
      ret: D,
      handlesNulls: true,
      fn: (t, offset) => {
        if (t === null || offset === null) return null;
        const off = (offset as bigint | undefined) ?? 0n;
        if (!end) return startOf(unit, t as bigint, off);
        const next = startOf(unit, t as bigint, off + 1n);
        if (next !== null) return next - 1n;
        // The end of the last unit before 10000-01-01 is the largest datetime.
        return startOf(unit, t as bigint, off) === null ? null : MAX_DATETIME_TICKS;
      },
    },
  ]);
}

// ------------------------------------------------------------------------------------------ add / diff

const FIXED: Partial<Record<Part, bigint>> = {
  week: 7n * TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  microsecond: 10n,
};

/** Add whole months, clamping the day to the target month's length (as .NET AddMonths does). */
function addMonths(t: bigint, months: bigint): bigint | null {
  if (months > 120_000n || months < -120_000n) return null;
  const days = dayNumber(t);
  const ofDay = t - dayTicks(days);
  const [y, m, d] = civilFromDays(days);
  const total = y * 12 + (m - 1) + Number(months);
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  if (ny < 1 || ny > 9999) return null;
  return inRange(dayTicks(daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)))) + ofDay);
}

function addPeriod(p: Part, amount: bigint, t: bigint): bigint | null {
  switch (p) {
    case 'year':
      return addMonths(t, amount * 12n);
    case 'quarter':
      return addMonths(t, amount * 3n);
    case 'month':
      return addMonths(t, amount);
    case 'nanosecond':
      return inRange(t + amount / 100n);
    case 'dayofyear':
      return inRange(t + amount * TICKS_PER_DAY);
    default:
      return inRange(t + amount * FIXED[p]!);
  }
}

const datetimeAdd = overloaded('datetime_add', [
  {
    params: ['string', 'long', D],
    ret: D,
    fn: () => null,
    make: (_t, site) => {
      checkPart(site, 'datetime_add', (p) => p !== 'dayofyear');
      return (part, amount, t) => {
        const p = partOf(part);
        return p && p !== 'dayofyear' ? addPeriod(p, amount as bigint, t as bigint) : null;
      };
    },
  },
]);

/** Number of `p` boundaries between b and a (a - b), counted on the calendar as Kusto documents. */
function diffPeriod(p: Part, a: bigint, b: bigint): bigint {
  switch (p) {
    case 'year':
    case 'quarter':
    case 'month': {
      const [ya, ma] = civilOf(a);
      const [yb, mb] = civilOf(b);
      if (p === 'year') return BigInt(ya - yb);
      if (p === 'quarter') return BigInt(ya * 4 + Math.floor((ma - 1) / 3) - (yb * 4 + Math.floor((mb - 1) / 3)));
      return BigInt(ya * 12 + ma - (yb * 12 + mb));
    }
    case 'week': {
      const wa = dayNumber(a) - weekdayFromDays(dayNumber(a));
      const wb = dayNumber(b) - weekdayFromDays(dayNumber(b));
      return BigInt((wa - wb) / 7);
    }
    case 'nanosecond':
      return (a - b) * 100n;
    case 'dayofyear':
      return floorDiv(a, TICKS_PER_DAY) - floorDiv(b, TICKS_PER_DAY);
    default: {
      const u = FIXED[p]!;
      return floorDiv(a, u) - floorDiv(b, u);
    }
  }
}

const datetimeDiff = overloaded('datetime_diff', [
  {
    params: ['string', D, D],
    ret: 'long',
    fn: () => null,
    make: (_t, site) => {
      checkPart(site, 'datetime_diff', (p) => p !== 'dayofyear');
      return (part, a, b) => {
        const p = partOf(part);
        return p && p !== 'dayofyear' ? diffPeriod(p, a as bigint, b as bigint) : null;
      };
    },
  },
]);

// ------------------------------------------------------------------------------------------ construction

/** Whole and fractional seconds as ticks; null when not finite. */
function secondsToTicks(s: number): bigint | null {
  return Number.isFinite(s) ? BigInt(Math.round(s * 1e7)) : null;
}

/** make_datetime(y, m, d [, h, mi [, s]]): null when a part is out of range. */
function makeDt(y: Value, mo: Value, d: Value, h: Value = 0n, mi: Value = 0n, s: Value = 0): Value {
  const [Y, M, Dd, H, Mi] = [y, mo, d, h, mi].map(Number) as [number, number, number, number, number];
  const sec = Number(s);
  if (Y < 1 || Y > 9999 || M < 1 || M > 12 || Dd < 1 || Dd > daysInMonth(Y, M)) return null;
  if (H < 0 || H > 23 || Mi < 0 || Mi > 59 || !(sec >= 0 && sec < 60)) return null;
  return inRange(dayTicks(daysFromCivil(Y, M, Dd)) + BigInt(H) * TICKS_PER_HOUR + BigInt(Mi) * TICKS_PER_MINUTE + secondsToTicks(sec)!);
}

const makeDatetime = overloaded('make_datetime', [
  { params: ['long', 'long', 'long'], ret: D, fn: (y, m, d) => makeDt(y, m, d) },
  { params: ['long', 'long', 'long', 'long', 'long', 'real'], min: 5, ret: D, fn: (y, m, d, h, mi, s) => makeDt(y, m, d, h, mi, s ?? 0) },
]);

const makeTimespan = overloaded('make_timespan', [
  {
    params: ['long', 'long', 'real'],
    min: 2,
    ret: T,
    fn: (h, m, s) => {
      const secs = secondsToTicks(s === undefined ? 0 : (s as number));
      return secs === null ? null : (h as bigint) * TICKS_PER_HOUR + (m as bigint) * TICKS_PER_MINUTE + secs;
    },
  },
  {
    params: ['long', 'long', 'long', 'real'],
    min: 4,
    ret: T,
    fn: (d, h, m, s) => {
      const secs = secondsToTicks(s as number);
      return secs === null ? null : (d as bigint) * TICKS_PER_DAY + (h as bigint) * TICKS_PER_HOUR + (m as bigint) * TICKS_PER_MINUTE + secs;
    },
  },
]);

/** unixtime_<unit>_todatetime: a count of units since 1970 (long exactly, real rounded to the nearest tick). */
function unixtime(unit: string, ticksPerUnit: number): ScalarFunction {
  const per = BigInt(Math.max(1, ticksPerUnit));
  return overloaded(`unixtime_${unit}_todatetime`, [
    { params: ['long'], ret: D, fn: (v) => inRange(ticksPerUnit >= 1 ? (v as bigint) * per : floorDiv(v as bigint, 100n)) },
    {
      params: ['real'],
      ret: D,
      fn: (v) => {
        const x = (v as number) * ticksPerUnit;
        return Number.isFinite(x) && Math.abs(x) < 1e19 ? inRange(BigInt(Math.round(x))) : null;
      },
    },
  ]);
}

/** ingestion_time(): kqlite's tables have no ingestion time, so this is the null datetime. */
const ingestionTime = custom('ingestion_time', 0, 0, (site): BExpr => ({ k: 'const', type: D, value: null, span: site.span }));

/** The datetime family, registered by functions/index.ts. */
export const datetimeFunctions: ScalarFunction[] = [
  datetimePart,
  { ...datetimePart, name: 'datepart' },
  accessor('getyear', 'year'),
  accessor('getmonth', 'month'),
  accessor('monthofyear', 'month'),
  accessor('dayofmonth', 'day'),
  accessor('dayofyear', 'dayofyear'),
  accessor('hourofday', 'hour'),
  accessor('week_of_year', 'week'),
  accessor('weekofyear', 'week'),
  dayofweek,
  startEnd('day', false),
  startEnd('week', false),
  startEnd('month', false),
  startEnd('year', false),
  startEnd('day', true),
  startEnd('week', true),
  startEnd('month', true),
  startEnd('year', true),
  datetimeAdd,
  datetimeDiff,
  makeDatetime,
  makeTimespan,
  unixtime('seconds', 1e7),
  unixtime('milliseconds', 1e4),
  unixtime('microseconds', 10),
  unixtime('nanoseconds', 0.01),
  ingestionTime,
];
