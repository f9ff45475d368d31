// Datetime text and time zones: format_datetime / format_timespan with Kusto's (.NET-style) custom format
// specifiers, and datetime_utc_to_local / datetime_local_to_utc through the IANA zone data built into Node.

import { KqlError } from '../../diagnostics.js';
import { civilFromDays, weekdayFromDays } from '../../tables/civil.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, TICKS_PER_MS, type Value } from '../../types.js';
import { dayNumber, floorDiv, inRange } from './datetime.js';
import { overloaded, type CallSite, type ScalarFunction } from './registry.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number | bigint, w: number): string => String(n).padStart(w, '0');

/** One piece of a parsed format: a run of one specifier letter, or literal text. */
type Token = { letter: string; count: number } | { text: string };

const LETTERS = 'dfFhHmMsty';

const tokenCache = new Map<string, Token[]>();

/** Split a custom format into specifier runs and literals ('quoted', "quoted", \x escapes, other characters); cached. */
function tokenize(fmt: string, letters: string): Token[] {
  const key = letters + '\u0000' + fmt;
  let toks = tokenCache.get(key);
  if (!toks) {
    if (tokenCache.size > 1000) tokenCache.clear();
    toks = tokenizeUncached(fmt, letters);
    tokenCache.set(key, toks);
  }
  return toks;
}

function tokenizeUncached(fmt: string, letters: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < fmt.length; ) {
    const c = fmt[i]!;
    if (letters.includes(c)) {
      let j = i;
      while (fmt[j] === c) j++;
      out.push({ letter: c, count: j - i });
      i = j;
    } else if (c === "'" || c === '"') {
      const close = fmt.indexOf(c, i + 1);
      const end = close < 0 ? fmt.length : close;
      out.push({ text: fmt.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '\\' && i + 1 < fmt.length) {
      out.push({ text: fmt[i + 1]! });
      i += 2;
    } else if (c === '%' && i + 1 < fmt.length) {
      i++;
    } else {
      out.push({ text: c });
      i++;
    }
  }
  return out;
}

/** `f`/`F` runs: the first n fraction digits; `F` drops trailing zeros (and a '.' before an all-zero fraction). */
function fraction(frac7: number, count: number, upper: boolean, out: string[]): void {
  let digits = pad(frac7, 7).slice(0, Math.min(count, 7));
  if (upper) {
    digits = digits.replace(/0+$/, '');
    if (digits === '' && out.length && out[out.length - 1] === '.') out.pop();
  }
  out.push(digits);
}

/**
 * format_datetime(): Kusto's format specifiers d, dd, ddd, dddd, f..fffffff, F..FFFFFFF, h, hh, H, HH,
 * m, mm, M, MM, MMM, MMMM, s, ss, t, tt, y, yy, yyyy; other characters are copied.
 */
export function formatDatetimeWith(ticks: bigint, fmt: string): string {
  const days = dayNumber(ticks);
  const [y, mo, d] = civilFromDays(days);
  const ofDay = ticks - BigInt(days) * TICKS_PER_DAY;
  const h = Number(ofDay / TICKS_PER_HOUR);
  const mi = Number((ofDay / TICKS_PER_MINUTE) % 60n);
  const s = Number((ofDay / TICKS_PER_SECOND) % 60n);
  const frac = Number(ofDay % TICKS_PER_SECOND);
  const out: string[] = [];
  for (const tok of tokenize(fmt, LETTERS)) {
    if ('text' in tok) {
      out.push(tok.text);
      continue;
    }
    const n = tok.count;
    switch (tok.letter) {
      case 'd':
        out.push(n === 1 ? String(d) : n === 2 ? pad(d, 2) : n === 3 ? DAY_NAMES[weekdayFromDays(days)]!.slice(0, 3) : DAY_NAMES[weekdayFromDays(days)]!);
        break;
      case 'f':
      case 'F':
        fraction(frac, n, tok.letter === 'F', out);
        break;
      case 'h':
        out.push(pad(h % 12 === 0 ? 12 : h % 12, Math.min(n, 2)));
        break;
      case 'H':
        out.push(pad(h, Math.min(n, 2)));
        break;
      case 'm':
        out.push(pad(mi, Math.min(n, 2)));
        break;
      case 'M':
        out.push(n <= 2 ? pad(mo, n) : n === 3 ? MONTH_NAMES[mo - 1]!.slice(0, 3) : MONTH_NAMES[mo - 1]!);
        break;
      case 's':
        out.push(pad(s, Math.min(n, 2)));
        break;
      case 't':
        out.push((h < 12 ? 'AM' : 'PM').slice(0, Math.min(n, 2)));
        break;
      case 'y':
        out.push(n === 1 ? String(y % 100) : n === 2 ? pad(y % 100, 2) : pad(y, n));
        break;
    }
  }
  return out.join('');
}

/**
 * format_timespan(): d..dddddddd (whole days, zero-padded to the run length), h/H, hh/HH, m, mm, s, ss,
 * f..fffffff, F..FFFFFFF; other characters are copied. A negative timespan gets a leading '-'.
 */
export function formatTimespanWith(ticks: bigint, fmt: string): string {
  const neg = ticks < 0n;
  const t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  const h = Number((t / TICKS_PER_HOUR) % 24n);
  const mi = Number((t / TICKS_PER_MINUTE) % 60n);
  const s = Number((t / TICKS_PER_SECOND) % 60n);
  const frac = Number(t % TICKS_PER_SECOND);
  const out: string[] = neg ? ['-'] : [];
  for (const tok of tokenize(fmt, 'dfFhHms')) {
    if ('text' in tok) {
      out.push(tok.text);
      continue;
    }
    const n = tok.count;
    switch (tok.letter) {
      case 'd':
        out.push(pad(days, Math.min(n, 8)));
        break;
      case 'f':
      case 'F':
        fraction(frac, n, tok.letter === 'F', out);
        break;
      case 'h':
      case 'H':
        out.push(pad(h, Math.min(n, 2)));
        break;
      case 'm':
        out.push(pad(mi, Math.min(n, 2)));
        break;
      case 's':
        out.push(pad(s, Math.min(n, 2)));
        break;
    }
  }
  return out.join('');
}

const formatDatetime = overloaded('format_datetime', [{ params: ['datetime', 'string'], ret: 'string', fn: (t, f) => formatDatetimeWith(t as bigint, f as string) }]);
const formatTimespan = overloaded('format_timespan', [{ params: ['timespan', 'string'], ret: 'string', fn: (t, f) => formatTimespanWith(t as bigint, f as string) }]);

// ------------------------------------------------------------------------------------------ time zones

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter giving the wall-clock parts of an instant in `zone`, or null for an unknown zone. */
function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormatters.get(zone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    f = null;
  }
  zoneFormatters.set(zone, f);
  return f;
}

/** The zone's offset from UTC (ms) at a UTC instant given in ms. */
function offsetMs(f: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const wall = Date.UTC(2000, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const shifted = new Date(wall);
  shifted.setUTCFullYear(year);
  const whole = Math.floor(utcMs / 1000) * 1000;
  return shifted.getTime() - whole;
}

function checkZone(site: CallSite): void {
  const z = site.args[1];
  if (z?.k === 'const' && typeof z.value === 'string' && !zoneFormatter(z.value)) {
    throw new KqlError({ code: 'KQL105', kind: 'semantic', message: `${site.name}(): unknown time zone '${z.value}'`, span: site.argSpans[1] ?? site.span });
  }
}

function zoneShift(toLocal: boolean) {
  return (t: Value, zone: Value): Value => {
    const f = zoneFormatter(zone as string);
    if (!f) return null;
    const ticks = t as bigint;
    const ms = Number(floorDiv(ticks, TICKS_PER_MS));
    if (toLocal) return inRange(ticks + BigInt(offsetMs(f, ms)) * TICKS_PER_MS);
    // Local → UTC: the offset at the guessed instant, refined once (a gap or overlap takes the earlier offset).
    let off = offsetMs(f, ms);
    off = offsetMs(f, ms - off);
    return inRange(ticks - BigInt(off) * TICKS_PER_MS);
  };
}

const utcToLocal = overloaded('datetime_utc_to_local', [
  { params: ['datetime', 'string'], ret: 'datetime', fn: () => null, make: (_t, site) => (checkZone(site), zoneShift(true)) },
]);
const localToUtc = overloaded('datetime_local_to_utc', [
  { params: ['datetime', 'string'], ret: 'datetime', fn: () => null, make: (_t, site) => (checkZone(site), zoneShift(false)) },
]);

/** Formatting and time-zone functions, registered by functions/index.ts. */
export const datetimeFormatFunctions: ScalarFunction[] = [formatDatetime, formatTimespan, utcToLocal, localToUtc];
