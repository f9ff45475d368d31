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
/** Set with LONG or INTF: an integer that a real (a double) cannot hold exactly (past 2^53). */
const INEXACT = 128;

// Numbers are inferred only in the form Kusto prints them back: no `+` sign and no leading zeros
// (`00123`, `+5` and `-0` are codes or text, and would not round-trip through long or real).
const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const INTEGRAL_FLOAT = /^-?(?:0|[1-9]\d*)\.0*$/;
const DECIMAL = /^-?(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_REAL = /^[+-]?(?:nan|inf|infinity)$/i;
/** Integers with at most this many digits are below 2^53 and exact as doubles. */
const SAFE_DIGITS = 15;

/** What a ColumnGuess has seen, as plain data (guesses made on parts of a file are merged). */
export interface GuessState {
  kinds: number;
  fromText: boolean;
  sawEmpty: boolean;
  /** The first integer seen that a double cannot hold exactly (for the warning when that matters). */
  inexact?: string | undefined;
}

/** Accumulates what kinds of values one column holds. */
export class ColumnGuess {
  private kinds = 0;
  private fromText = false;
  private sawEmpty = false;
  private inexact: string | undefined = undefined;

  /** True once the column can only be a string column (further cells change nothing). */
  get isText(): boolean {
    return (this.kinds & TEXT) !== 0;
  }

  state(): GuessState {
    return { kinds: this.kinds, fromText: this.fromText, sawEmpty: this.sawEmpty, inexact: this.inexact };
  }

  /** Add what another guess (over other values of the same column) has seen. */
  merge(s: GuessState): void {
    this.kinds |= s.kinds;
    this.fromText ||= s.fromText;
    this.sawEmpty ||= s.sawEmpty;
    this.inexact ??= s.inexact;
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
    const k = textKind(s);
    if (k & INEXACT) this.inexact ??= s;
    this.kinds |= k;
  }

  /**
   * Add one JSON value read from `text` at `offset` (where its token starts): a number written with an
   * exponent (`1e3`) counts as a real, as it would not load into a long column.
   */
  addJsonAt(v: Dynamic | undefined, text: string, offset: number): void {
    if (typeof v === 'number' && Number.isSafeInteger(v) && hasExponent(text, offset)) this.kinds |= REAL;
    else this.addJson(v);
  }

  /** Add one JSON value. null, a missing key and "" say nothing. */
  addJson(v: Dynamic | undefined): void {
    if (v === undefined || v === null || v === '') return;
    switch (typeof v) {
      case 'boolean':
        this.kinds |= BOOL;
        return;
      case 'bigint':
        if (BigInt(Number(v)) !== v) {
          this.kinds |= LONG | INEXACT;
          this.inexact ??= v.toString();
        } else this.kinds |= LONG;
        return;
      case 'number':
        // Integers past 2^53 that are not bigint were written with an exponent or past 64 bits: reals.
        this.kinds |= Number.isSafeInteger(v) ? LONG : REAL;
        return;
      case 'string':
        this.kinds |= parseDateTime(v) !== undefined ? DATE : TEXT;
        return;
      default:
        this.kinds |= DYN;
    }
  }

  /**
   * The column's type: all-empty → string; one kind → its type; longs with reals → real, unless a long
   * is past what a real holds exactly (then as for any other mix); datetimes with other strings →
   * string; any other mix → dynamic when every value came from JSON, else string. Integral floats
   * (`2049.0`) count as longs when the column also has empty cells or plain integers.
   */
  result(): ScalarType {
    return this.resolve().type;
  }

  /**
   * Why the column was not given the numeric type its values suggest, when that is because a real would
   * round one of its integers (the loader reports it as warning KQL323); otherwise undefined.
   */
  note(): string | undefined {
    return this.resolve().note;
  }

  private resolve(): { type: ScalarType; note?: string } {
    let k = this.kinds;
    const inexact = (k & INEXACT) !== 0;
    k &= ~INEXACT;
    // pandas writes an integer column that has missing values as floats (`2049.0`); a column of integral
    // floats with no missing value (and no plain integer) was a float column (e.g. OsVersion `10.0`).
    if (k & INTF) k = (k & ~INTF) | (this.sawEmpty || k & LONG ? LONG : REAL);
    if (k === 0 || k === TEXT) return { type: 'string' };
    if (k === BOOL) return { type: 'bool' };
    if (k === LONG) return { type: 'long' };
    if ((k & ~(LONG | REAL)) === 0) {
      if (!inexact) return { type: 'real' };
      // A real would round this integer: keep every value as written (text) or as read (JSON).
      const type = this.fromText ? 'string' : 'dynamic';
      return {
        type,
        note: `mixes decimals with integers that a real cannot hold exactly (such as ${this.inexact ?? 'one past 2^53'}), so it is ${type}, not real; give the table a schema to choose its type`,
      };
    }
    if (k === DATE) return { type: 'datetime' };
    if (k === DYN) return { type: 'dynamic' };
    if ((k & ~(DATE | TEXT)) === 0) return { type: 'string' };
    return { type: this.fromText ? 'string' : 'dynamic' };
  }
}

/** True when the JSON number token at `offset` of `text` has an exponent. */
function hasExponent(text: string, offset: number): boolean {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69) return true;
    if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return false;
  }
  return false;
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
      if (digits.length <= SAFE_DIGITS) return kind;
      // Integers past 64 bits stay text: digit strings like IMEIs must not become inexact reals.
      const b = BigInt(digits);
      if (b < LONG_MIN || b > LONG_MAX) return TEXT;
      return BigInt(Number(b)) === b ? kind : kind | INEXACT;
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
