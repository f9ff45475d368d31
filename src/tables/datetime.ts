// datetime values <-> text: the forms Kusto's datetime()/todatetime() accept, parsed exactly to 100-ns ticks
// since 1970-01-01 UTC, and the ISO text kqlite prints. Timespan text lives in timespan.ts (re-exported here).

import { MAX_DATETIME_TICKS, MIN_DATETIME_TICKS, TICKS_PER_DAY, TICKS_PER_SECOND } from '../types.js';
import { civilFromDays, daysFromCivil, daysInMonth, weekdayFromDays } from './civil.js';

export { parseTimespan, formatTimespan } from './timespan.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The pieces of a written datetime, before validation. `offsetMin` is the zone offset east of UTC. */
interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** Fraction of a second in ticks (0..9999999). */
  frac: number;
  offsetMin: number;
  /** Day of week named in the text (0 = Sunday), or -1. */
  weekday: number;
}

// ------------------------------------------------------------------------------------------ scanning

/** A cursor over the text; every reader returns -1 (or false) on a mismatch and leaves `i` unspecified. */
class Scan {
  i = 0;
  s = '';
  /** Start over on a new text (one Scan is reused: parsing is synchronous and never re-entered). */
  reset(s: string): this {
    this.s = s;
    this.i = 0;
    return this;
  }
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): number {
    return this.i < this.s.length ? this.s.charCodeAt(this.i) : -1;
  }
  /** 1..max digits (at least min); the value, or -1. */
  digits(min: number, max: number): number {
    let v = 0;
    let n = 0;
    while (n < max) {
      const c = this.peek();
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      this.i++;
      n++;
    }
    return n >= min ? v : -1;
  }
  eat(ch: string): boolean {
    if (this.s.charCodeAt(this.i) === ch.charCodeAt(0)) {
      this.i++;
      return true;
    }
    return false;
  }
  spaces(): number {
    const start = this.i;
    while (this.peek() === 32) this.i++;
    return this.i - start;
  }
  /** A run of ASCII letters, lower-cased. */
  word(): string {
    const start = this.i;
    for (let c = this.peek(); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = this.peek()) this.i++;
    return this.s.slice(start, this.i).toLowerCase();
  }
}

/** Fraction digits after the decimal point: the first 7 give ticks, further digits are dropped (not rounded). */
function fraction(sc: Scan): number {
  let v = 0;
  let n = 0;
  for (let c = sc.peek(); c >= 48 && c <= 57; c = sc.peek()) {
    if (n < 7) v = v * 10 + (c - 48);
    n++;
    sc.i++;
  }
  if (n === 0) return -1;
  for (let k = n; k < 7; k++) v *= 10;
  return v;
}

/** `H:MM[:SS[.fffffff]]` into p; false when malformed. */
function clock(sc: Scan, p: Parts): boolean {
  p.h = sc.digits(1, 2);
  if (p.h < 0 || !sc.eat(':')) return false;
  p.mi = sc.digits(2, 2);
  if (p.mi < 0) return false;
  if (sc.eat(':')) {
    p.s = sc.digits(1, 2);
    if (p.s < 0) return false;
    if (sc.eat('.') || sc.eat(',')) {
      p.frac = fraction(sc);
      if (p.frac < 0) return false;
    }
  }
  return true;
}

/** Optional `AM`/`PM` after a clock (12-hour form). */
function meridiem(sc: Scan, p: Parts): boolean {
  const save = sc.i;
  sc.spaces();
  const w = sc.word();
  if (w !== 'am' && w !== 'pm') {
    sc.i = save;
    return true;
  }
  if (p.h < 1 || p.h > 12) return false;
  p.h = (p.h % 12) + (w === 'pm' ? 12 : 0);
  return true;
}

/** Optional zone at the end: `Z`, `GMT`, `UTC`, `UT`, `+hh:mm`, `+hhmm`, `+hh`, after optional spaces. */
function zone(sc: Scan, p: Parts): boolean {
  sc.spaces();
  if (sc.done) return true;
  const c = sc.peek();
  if (c === 43 || c === 45) {
    sc.i++;
    const hh = sc.digits(2, 2);
    if (hh < 0) return false;
    let mm = 0;
    if (sc.eat(':')) {
      mm = sc.digits(2, 2);
      if (mm < 0) return false;
    } else if (!sc.done) {
      mm = sc.digits(2, 2);
      if (mm < 0) return false;
    }
    if (hh > 14 || mm > 59) return false;
    p.offsetMin = (c === 45 ? -1 : 1) * (hh * 60 + mm);
  } else {
    const w = sc.word();
    if (w !== 'z' && w !== 'gmt' && w !== 'utc' && w !== 'ut') return false;
  }
  sc.spaces();
  return sc.done;
}

/** After a date: end, or a separator (`T` or spaces) and a clock, then AM/PM and a zone. */
function timeAndZone(sc: Scan, p: Parts, allowT: boolean): boolean {
  if (sc.done) return true;
  const c = sc.peek();
  if (allowT && (c === 84 || c === 116)) sc.i++;
  else if (sc.spaces() === 0) return false;
  if (!clock(sc, p)) return false;
  if (!meridiem(sc, p)) return false;
  return zone(sc, p);
}

// ------------------------------------------------------------------------------------------ forms

/** `YYYY-M-D` or `YYYY/M/D`, then an optional time: ISO 8601 and the "sortable" forms. */
function isoForm(sc: Scan, p: Parts): boolean {
  p.y = sc.digits(4, 4);
  const sep = sc.peek();
  if (p.y < 0 || (sep !== 45 && sep !== 47)) return false;
  sc.i++;
  p.mo = sc.digits(1, 2);
  if (p.mo < 0 || sc.peek() !== sep) return false;
  sc.i++;
  p.d = sc.digits(1, 2);
  return p.d >= 0 && timeAndZone(sc, p, true);
}

/** US `M/D/YYYY [H:MM[:SS]] [AM|PM]`, as an Excel re-save writes it. */
function usForm(sc: Scan, p: Parts): boolean {
  p.mo = sc.digits(1, 2);
  if (p.mo < 0 || !sc.eat('/')) return false;
  p.d = sc.digits(1, 2);
  if (p.d < 0 || !sc.eat('/')) return false;
  p.y = sc.digits(4, 4);
  return p.y >= 0 && timeAndZone(sc, p, false);
}

function monthIndex(w: string): number {
  const i = w.length === 3 ? MONTHS.indexOf(w) : MONTH_NAMES.indexOf(w);
  return i < 0 ? -1 : i + 1;
}

/** Two-digit years as .NET reads them (two-digit year max 2049). */
function fullYear(y: number, nDigits: number): number {
  if (nDigits === 4) return y;
  return y <= 49 ? 2000 + y : 1900 + y;
}

/** RFC 822 `[Sat, ]8 Nov 14 15:05[:02] [GMT]` and RFC 850 `[Saturday, ]08-Nov-14 15:05[:02] [GMT]`. */
function rfcForm(sc: Scan, p: Parts): boolean {
  const save = sc.i;
  const wd = sc.word();
  if (wd !== '') {
    const k = wd.length === 3 ? WEEKDAYS.indexOf(wd) : WEEKDAY_NAMES.indexOf(wd);
    if (k < 0 || !sc.eat(',')) return false;
    p.weekday = k;
    sc.spaces();
  } else sc.i = save;
  p.d = sc.digits(1, 2);
  const sep = sc.peek();
  if (p.d < 0 || (sep !== 32 && sep !== 45)) return false;
  sc.i++;
  p.mo = monthIndex(sc.word());
  if (p.mo < 0 || sc.peek() !== sep) return false;
  sc.i++;
  const start = sc.i;
  const y = sc.digits(2, 4);
  const n = sc.i - start;
  if (y < 0 || n === 3) return false;
  p.y = fullYear(y, n);
  if (sc.done) return true;
  if (sc.spaces() === 0 || !clock(sc, p)) return false;
  return zone(sc, p);
}

/** Validate the parts and compute ticks since 1970 (UTC), or undefined. */
function toTicks(p: Parts): bigint | undefined {
  if (p.y < 1 || p.y > 9999 || p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > daysInMonth(p.y, p.mo)) return undefined;
  if (p.h > 23 || p.mi > 59 || p.s > 59) return undefined;
  const days = daysFromCivil(p.y, p.mo, p.d);
  if (p.weekday >= 0 && weekdayFromDays(days) !== p.weekday) return undefined;
  // Seconds since 1970 stay below 2^53, so only the final scaling needs bigint.
  const secs = days * 86400 + p.h * 3600 + p.mi * 60 + p.s - p.offsetMin * 60;
  const ticks = BigInt(secs) * TICKS_PER_SECOND + BigInt(p.frac);
  return ticks < MIN_DATETIME_TICKS || ticks > MAX_DATETIME_TICKS ? undefined : ticks;
}

const SCAN = new Scan();
const PARTS: Parts = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, frac: 0, offsetMin: 0, weekday: -1 };

/**
 * Parse datetime text to 100-ns ticks since 1970-01-01T00:00:00Z, exactly.
 *
 * Accepted (see src/tables/README.md): ISO 8601 with `T` or spaces (`2014-05-25T08:20:03.123456Z`,
 * `2014-11-08 15:55`, `2014-11-08`), one-digit month/day (`2014-11-8 15:05:25`), `/` as the date separator,
 * 0..7 fraction digits (further digits are dropped), zones `Z`/`GMT`/`UTC`/`+hh:mm`/`-hhmm` (converted to
 * UTC; no zone means UTC), RFC 822 (`Sat, 8 Nov 14 15:05:02 GMT`), RFC 850 (`Saturday, 08-Nov-14 15:05:02 GMT`),
 * and US `M/D/YYYY H:MM[:SS] [AM|PM]`. Leading and trailing spaces are ignored.
 *
 * @returns the ticks, or undefined when the text is not a valid datetime between 0001-01-01 and 9999-12-31.
 */
export function parseDateTime(text: string): bigint | undefined {
  const s = text.trim();
  if (s.length < 6) return undefined;
  const p = PARTS;
  p.y = p.mo = p.d = p.h = p.mi = p.s = p.frac = p.offsetMin = 0;
  p.weekday = -1;
  const sc = SCAN.reset(s);
  const c0 = s.charCodeAt(0);
  let ok: boolean;
  if (c0 < 48 || c0 > 57) ok = rfcForm(sc, p);
  else {
    // Four digits then a separator: ISO; otherwise a US or RFC form starting with the day or month.
    const c4 = s.charCodeAt(4);
    if (c4 === 45 || c4 === 47) ok = isoForm(sc, p);
    else if (s.indexOf('/') > 0 && s.indexOf('/') <= 2) ok = usForm(sc, p);
    else ok = rfcForm(sc, p);
  }
  return ok ? toTicks(p) : undefined;
}

/** Options for {@link formatDateTime}. */
export interface FormatDateTimeOptions {
  /** 'trim' (default): fraction only when non-zero, trailing zeros dropped. 'full': always 7 fraction digits. */
  fraction?: 'trim' | 'full';
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Format ticks since 1970 as `YYYY-MM-DDTHH:MM:SS[.fffffff]Z` (UTC).
 * Years outside 0001..9999 (not valid datetimes) print in ISO 8601 expanded form (`+10000-…`, `-000001-…`).
 */
export function formatDateTime(ticks: bigint, opts?: FormatDateTimeOptions): string {
  let days = ticks / TICKS_PER_DAY;
  let rem = ticks - days * TICKS_PER_DAY;
  if (rem < 0n) {
    rem += TICKS_PER_DAY;
    days -= 1n;
  }
  const [y, mo, d] = civilFromDays(Number(days));
  const secOfDay = Number(rem / TICKS_PER_SECOND);
  const frac = Number(rem % TICKS_PER_SECOND);
  const year = y >= 1 && y <= 9999 ? pad(y, 4) : (y < 0 ? '-' : '+') + pad(Math.abs(y), 6);
  let out = `${year}-${pad(mo, 2)}-${pad(d, 2)}T${pad(Math.floor(secOfDay / 3600), 2)}:${pad(Math.floor(secOfDay / 60) % 60, 2)}:${pad(secOfDay % 60, 2)}`;
  if (opts?.fraction === 'full') out += '.' + pad(frac, 7);
  else if (frac !== 0) out += '.' + pad(frac, 7).replace(/0+$/, '');
  return out + 'Z';
}
