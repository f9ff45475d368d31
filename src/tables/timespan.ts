// timespan values <-> text: Kusto's literal forms (`1.5h`, `15 seconds`, `2` = 2 days, `0.12:34:56.7`) parsed
// exactly to 100-ns ticks with bigint arithmetic, and the `[-][d.]hh:mm:ss[.fffffff]` text Kusto prints.

import { LONG_MAX, LONG_MIN, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../types.js';

/**
 * Unit words after a number, exactly as Kusto's lexer spells them (lower case), as [numerator, denominator]
 * ticks per unit. There is no week unit.
 */
const UNITS = new Map<string, readonly [bigint, bigint]>();
function unit(ticks: readonly [bigint, bigint], ...names: string[]): void {
  for (const n of names) UNITS.set(n, ticks);
}
unit([TICKS_PER_DAY, 1n], 'd', 'day', 'days');
unit([TICKS_PER_HOUR, 1n], 'h', 'hour', 'hours', 'hr', 'hrs');
unit([TICKS_PER_MINUTE, 1n], 'm', 'min', 'minute', 'minutes');
unit([TICKS_PER_SECOND, 1n], 's', 'sec', 'second', 'seconds');
unit([10_000n, 1n], 'ms', 'milli', 'millis', 'millisec', 'millisecond', 'milliseconds');
unit([10n, 1n], 'micro', 'micros', 'microsec', 'microsecond', 'microseconds');
unit([1n, 100n], 'nano', 'nanos', 'nanosec', 'nanosecond', 'nanoseconds');
unit([1n, 1n], 'tick', 'ticks');

const NUMBER_UNIT = /^(\d+)(?:\.(\d+))?\s*([a-z]*)$/;
const CLOCK = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?$/;

function inRange(t: bigint): bigint | undefined {
  return t < LONG_MIN || t > LONG_MAX ? undefined : t;
}

/** Fraction digits as ticks: the first 7 digits count, further digits are dropped. */
function fractionTicks(digits: string | undefined): bigint {
  if (!digits) return 0n;
  return BigInt(digits.slice(0, 7).padEnd(7, '0'));
}

/**
 * Parse timespan text to ticks, exactly.
 *
 * Accepted: `[-][d.]hh:mm[:ss[.fffffff]]` (hours 0..23, minutes and seconds 0..59; more than 7 fraction
 * digits are dropped), a plain number of days (`2`, `1.5`), and a number with a unit (`1.5d`, `30m`,
 * `100ms`, `10microsecond`, `1tick`, `15 seconds`, ... the unit words of Kusto's lexer). A fractional
 * amount that is not a whole number of ticks is truncated toward zero (as .NET's TimeSpan does).
 *
 * @returns the ticks, or undefined when the text is not a timespan or is outside the 64-bit range.
 */
export function parseTimespan(text: string): bigint | undefined {
  let s = text.trim();
  let neg = false;
  if (s.startsWith('-')) {
    neg = true;
    s = s.slice(1).trimStart();
  }
  let t: bigint;
  const c = CLOCK.exec(s);
  if (c) {
    const [, d, h, m, sec, f] = c;
    const hh = Number(h);
    const mm = Number(m);
    const ss = sec === undefined ? 0 : Number(sec);
    if (hh > 23 || mm > 59 || ss > 59) return undefined;
    t =
      (d === undefined ? 0n : BigInt(d) * TICKS_PER_DAY) +
      BigInt(hh) * TICKS_PER_HOUR +
      BigInt(mm) * TICKS_PER_MINUTE +
      BigInt(ss) * TICKS_PER_SECOND +
      fractionTicks(f);
  } else {
    const n = NUMBER_UNIT.exec(s);
    if (!n) return undefined;
    const [, whole, frac, word] = n;
    const u = word === '' ? ([TICKS_PER_DAY, 1n] as const) : UNITS.get(word!);
    if (!u) return undefined;
    const scale = 10n ** BigInt(frac?.length ?? 0);
    const amount = BigInt(whole! + (frac ?? '')); // the number times `scale`
    t = (amount * u[0]) / (u[1] * scale);
  }
  return inRange(neg ? -t : t);
}

function pad(n: bigint, width: number): string {
  return n.toString().padStart(width, '0');
}

/**
 * Format ticks the way Kusto prints a timespan: `[-][d.]hh:mm:ss[.fffffff]`, e.g. `1.06:30:00`,
 * `06:30:00`, `-01:00:00`, `00:00:00.0000001`. A fraction, when non-zero, always has 7 digits (.NET's
 * constant "c" format, which Kusto uses).
 */
export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  t -= days * TICKS_PER_DAY;
  const h = t / TICKS_PER_HOUR;
  t -= h * TICKS_PER_HOUR;
  const m = t / TICKS_PER_MINUTE;
  t -= m * TICKS_PER_MINUTE;
  const s = t / TICKS_PER_SECOND;
  const frac = t - s * TICKS_PER_SECOND;
  let out = `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  if (frac !== 0n) out += '.' + pad(frac, 7);
  return out;
}
