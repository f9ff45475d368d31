// Column type inference for schema-less data: watch every value of a column (CSV text or JSON value) and
// pick the narrowest KQL type that holds them all. The rules are listed in src/tables/README.md.

import type { Dynamic, ScalarType } from '../types.js';
import { LONG_MAX, LONG_MIN } from '../types.js';
import { parseDateTime } from './datetime.js';
import { parseJsonExact } from './json-value.js';

// Kinds of value seen, as bits.
const BOOL = 1;
const LONG = 2;
const REAL = 4;
const DATE = 8;
const DYN = 16;
const TEXT = 32;
/** An integral float written by pandas (`2049.0`): long or real depending on the rest of the column. */
const INTF = 64;

const INTEGER = /^[+-]?\d+$/;
const INTEGRAL_FLOAT = /^[+-]?\d+\.0*$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_REAL = /^[+-]?(?:nan|inf|infinity)$/i;

/** What a ColumnGuess has seen, as plain data (guesses made on parts of a file are merged). */
export interface GuessState {
  kinds: number;
  fromText: boolean;
  sawEmpty: boolean;
}

/** Accumulates what kinds of values one column holds. */
export class ColumnGuess {
  private kinds = 0;
  private fromText = false;
  private sawEmpty = false;

  /** True once the column can only be a string column (further cells change nothing). */
  get isText(): boolean {
    return (this.kinds & TEXT) !== 0;
  }

  state(): GuessState {
    return { kinds: this.kinds, fromText: this.fromText, sawEmpty: this.sawEmpty };
  }

  /** Add what another guess (over other values of the same column) has seen. */
  merge(s: GuessState): void {
    this.kinds |= s.kinds;
    this.fromText ||= s.fromText;
    this.sawEmpty ||= s.sawEmpty;
  }

  /** Add one CSV cell. Empty cells say nothing. */
  addText(text: string): void {
    if (this.kinds & TEXT) return; // already a string column: nothing can change that
    const n = text.length;
    const s = n > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(n - 1) <= 32) ? text.trim() : text;
    if (s === '') {
      this.sawEmpty = true;
      return;
    }
    this.fromText = true;
    this.kinds |= textKind(s);
  }

  /** Add one JSON value. null, a missing key and "" say nothing. */
  addJson(v: Dynamic | undefined): void {
    if (v === undefined || v === null || v === '') return;
    switch (typeof v) {
      case 'boolean':
        this.kinds |= BOOL;
        return;
      case 'bigint':
        this.kinds |= LONG;
        return;
      case 'number':
        this.kinds |= Number.isInteger(v) ? LONG : REAL;
        return;
      case 'string':
        this.kinds |= parseDateTime(v) !== undefined ? DATE : TEXT;
        return;
      default:
        this.kinds |= DYN;
    }
  }

  /**
   * The column's type: all-empty → string; one kind → its type; longs with reals → real; datetimes with
   * other strings → string; any other mix → dynamic when every value came from JSON, else string.
   * Integral floats (`2049.0`) count as longs when the column also has empty cells or plain integers.
   */
  result(): ScalarType {
    let k = this.kinds;
    // pandas writes an integer column that has missing values as floats (`2049.0`); a column of integral
    // floats with no missing value (and no plain integer) was a float column (e.g. OsVersion `10.0`).
    if (k & INTF) k = (k & ~INTF) | (this.sawEmpty || k & LONG ? LONG : REAL);
    if (k === 0 || k === TEXT) return 'string';
    if (k === BOOL) return 'bool';
    if (k === LONG) return 'long';
    if ((k & ~(LONG | REAL)) === 0) return 'real';
    if (k === DATE) return 'datetime';
    if (k === DYN) return 'dynamic';
    if ((k & ~(DATE | TEXT)) === 0) return 'string';
    return this.fromText ? 'string' : 'dynamic';
  }
}

/** The kind of one non-empty, trimmed CSV cell. */
function textKind(s: string): number {
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    const intf = INTEGRAL_FLOAT.test(s);
    if (intf || INTEGER.test(s)) {
      const dot = s.indexOf('.');
      const digits = dot < 0 ? s : s.slice(0, dot);
      const kind = intf ? INTF : LONG;
      if (digits.length <= 18) return kind;
      // Integers past 64 bits stay text: digit strings like IMEIs must not become inexact reals.
      const b = BigInt(digits);
      return b < LONG_MIN || b > LONG_MAX ? TEXT : kind;
    }
    if (DECIMAL.test(s)) return Number.isFinite(Number(s)) ? REAL : TEXT;
  }
  const l = s.length <= 5 ? s.toLowerCase() : '';
  if (l === 'true' || l === 'false') return BOOL;
  if (SPECIAL_REAL.test(s)) return REAL;
  if (parseDateTime(s) !== undefined) return DATE;
  if ((c === 123 || c === 91) && parseJsonExact(s).ok) return DYN;
  return TEXT;
}
