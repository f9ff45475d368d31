// Decoding of literal token text into values: strings, numbers, timespans and type-wrapped constants.
// Pure functions of the token image; the parser turns failures into syntax errors.

import type { ScalarType, Value } from '../types.js';
import { LONG_MAX } from '../types.js';

/** Decode any string literal token (`"a\n"`, `'x'`, `@"a""b"`, `h'secret'`, ```` ```text``` ````). */
export function decodeString(image: string): string {
  let s = image;
  if (s.startsWith('h') || s.startsWith('H')) s = s.slice(1);
  if (s.startsWith('```') || s.startsWith('~~~')) return s.slice(3, -3);
  if (s.startsWith('@')) {
    const q = s[1] ?? '"';
    return s.slice(2, -1).split(q + q).join(q);
  }
  return decodeEscapes(s.slice(1, -1));
}

function decodeEscapes(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const e = body[++i]!;
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'u':
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
        i += 4;
        break;
      case 'U':
        out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
        i += 8;
        break;
      case 'x':
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
        i += 2;
        break;
      default:
        if (e >= '0' && e <= '7') {
          // up to three octal digits (three only when the first is 0-3), as Kusto scans them
          let digits = e;
          const max = e <= '3' ? 3 : 2;
          while (digits.length < max && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
          out += String.fromCharCode(parseInt(digits, 8));
        } else {
          out += e; // \\ \' \"
        }
    }
  }
  return out;
}

/** Ticks per unit as a fraction numerator/denominator (nanoseconds are 1/100 tick). */
const UNIT_TICKS: Record<string, [bigint, bigint]> = {};
const unit = (names: string[], num: bigint, den = 1n): void => {
  for (const n of names) UNIT_TICKS[n] = [num, den];
};
unit(['d', 'day', 'days'], 864_000_000_000n);
unit(['h', 'hr', 'hrs', 'hour', 'hours'], 36_000_000_000n);
unit(['m', 'min', 'minute', 'minutes'], 600_000_000n);
unit(['s', 'sec', 'second', 'seconds'], 10_000_000n);
unit(['ms', 'milli', 'millis', 'millisec', 'millisecond', 'milliseconds'], 10_000n);
unit(['micro', 'micros', 'microsec', 'microsecond', 'microseconds'], 10n);
unit(['nano', 'nanos', 'nanosec', 'nanosecond', 'nanoseconds'], 1n, 100n);
unit(['tick', 'ticks'], 1n);

/**
 * Exact tick count of a decimal number times a unit (`"1.5"`, `"d"` → 1296000000000n).
 * Fractions of a tick are truncated toward zero.
 */
export function scaleDecimal(numberText: string, num: bigint, den: bigint): bigint {
  const [intPart, frac = ''] = numberText.split('.');
  const scale = 10n ** BigInt(frac.length);
  const digits = BigInt((intPart || '0') + frac);
  return (digits * num) / (scale * den);
}

/** Ticks of a timespan literal token (`5d`, `1.5h`, `100ms`, `3ticks`), or undefined for an unknown unit. */
export function timespanTicks(image: string): bigint | undefined {
  const m = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(image);
  if (!m) return undefined;
  const u = UNIT_TICKS[m[2]!];
  if (!u) return undefined;
  return scaleDecimal(m[1]!, u[0], u[1]);
}

/** An integer literal: a `long` (bigint), or a `real` when it does not fit in 64 bits. */
export function integerLiteral(image: string): { type: 'long' | 'real'; value: bigint | number } {
  const v = BigInt(image);
  return v > LONG_MAX ? { type: 'real', value: Number(image) } : { type: 'long', value: v };
}

/** A `0x..` literal as a long (two's complement wrap-around for values past 2^63, as in C#). */
export function hexLiteral(image: string): bigint {
  return BigInt.asIntN(64, BigInt(image.toLowerCase()));
}

/** Split `name(body)` into the name and the trimmed body. */
export function splitCallImage(image: string): { name: string; body: string } {
  const open = image.indexOf('(');
  return { name: image.slice(0, open), body: image.slice(open + 1, -1).trim() };
}

/** Unquote a parenthesised literal body when it is a string literal (`datetime("2024-01-01")`). */
export function unquoteBody(body: string): string {
  if (/^[hH]?@?(["']).*\1$/s.test(body)) return decodeString(body);
  return body;
}

const TYPED_LITERAL_TYPES: Record<string, ScalarType> = {
  bool: 'bool', int: 'int', int32: 'int', int64: 'long', long: 'long',
  real: 'real', double: 'real', decimal: 'decimal',
};

/**
 * The value of a type-wrapped constant token: `int(5)`, `long(null)`, `real(-inf)`, `bool(true)`, `decimal(1.5)`.
 * Returns an error message instead when the constant does not fit the type.
 */
export function typedLiteral(image: string): { type: ScalarType; value: Value } | { error: string } {
  const { name, body } = splitCallImage(image);
  const type = TYPED_LITERAL_TYPES[name]!;
  const text = body.replace(/\s+/g, '');
  if (text === 'null') return { type, value: null };
  const lower = text.toLowerCase();
  if (type === 'bool') {
    if (lower === 'true' || text === '1') return { type, value: true };
    if (lower === 'false' || text === '0') return { type, value: false };
    return { error: `invalid bool literal '${image}'` };
  }
  if (lower === 'true' || lower === 'false') return { error: `invalid ${type} literal '${image}'` };
  if (/^[+-]?(nan|inf)$/.test(text)) {
    if (type !== 'real') return { error: `invalid ${type} literal '${image}'` };
    const v = text.endsWith('nan') ? NaN : text.startsWith('-') ? -Infinity : Infinity;
    return { type, value: v };
  }
  const neg = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '');
  if (type === 'real' || type === 'decimal') {
    const v = /^0[xX]/.test(unsigned) ? Number(hexLiteral(unsigned)) : Number(unsigned);
    return { type, value: neg ? -v : v };
  }
  // int / long: the constant must be an integer
  let v: bigint;
  if (/^0[xX]/.test(unsigned)) v = hexLiteral(unsigned);
  else if (/^\d+$/.test(unsigned)) v = BigInt(unsigned);
  else return { error: `invalid ${type} literal '${image}'` };
  if (neg) v = -v;
  if (type === 'int') {
    if (v < -(2n ** 31n) || v > 2n ** 31n - 1n) return { error: `int literal out of range '${image}'` };
    return { type, value: Number(v) };
  }
  if (v < -(2n ** 63n) || v > LONG_MAX) return { error: `long literal out of range '${image}'` };
  return { type, value: v };
}
