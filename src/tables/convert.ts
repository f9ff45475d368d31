// Text (CSV cells) and JSON values (JSON Lines) to typed KQL values for loading, with a reason when a value
// does not fit its column. The rules follow real exports (pandas, ADX); see src/tables/README.md.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { INT_MAX, INT_MIN, LONG_MAX, LONG_MIN } from '../types.js';
import { parseDateTime, parseTimespan } from './datetime.js';
import { parseJsonExact, stringifyJson } from './json-value.js';

/** Why a value did not convert. A class (not a string) so it can never be mistaken for a string value. */
export class ConversionFailure {
  constructor(readonly reason: string) {}
}

/** True when a conversion result is a failure. */
export function isFailure(v: Value | ConversionFailure): v is ConversionFailure {
  return v instanceof ConversionFailure;
}

const INTEGER = /^[+-]?\d+(?:\.0*)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_REAL = /^([+-]?)(nan|inf|infinity)$/i;
const GUID = /^[{(]?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})[})]?$/;

const fail = (reason: string): ConversionFailure => new ConversionFailure(reason);

/** Integer text (also `2049.0`) as an exact bigint, or a failure. */
function integerText(s: string, min: bigint, max: bigint, what: string): bigint | ConversionFailure {
  if (!INTEGER.test(s)) {
    if (!DECIMAL.test(s)) return fail('expected an integer');
    return /[eE]/.test(s) ? fail('not an integer literal: it has an exponent (write the value as plain digits)') : fail('not an integer: it has a fractional part');
  }
  const dot = s.indexOf('.');
  const b = BigInt(dot < 0 ? s : s.slice(0, dot));
  return b < min || b > max ? fail(`out of the ${what} range (${min} to ${max})`) : b;
}

function realText(s: string): number | ConversionFailure {
  if (DECIMAL.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n : fail('out of the range of a double');
  }
  const m = SPECIAL_REAL.exec(s);
  if (!m) return fail('expected a number');
  if (m[2]!.toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

function boolText(s: string): boolean | ConversionFailure {
  switch (s) {
    case 'true': case 'True': case 'TRUE': case '1':
      return true;
    case 'false': case 'False': case 'FALSE': case '0':
      return false;
  }
  const l = s.toLowerCase();
  return l === 'true' ? true : l === 'false' ? false : fail('expected true or false');
}

/** A guid in canonical lower-case 8-4-4-4-12 form (braces and missing dashes accepted on input). */
export function canonicalGuid(s: string): string | undefined {
  const m = GUID.exec(s);
  if (!m) return undefined;
  const opened = s.charCodeAt(0) === 123 || s.charCodeAt(0) === 40;
  const closed = s.endsWith('}') || s.endsWith(')');
  if (opened !== closed) return undefined;
  const dashes = (s.match(/-/g) ?? []).length;
  if (dashes !== 0 && dashes !== 4) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase();
}

/**
 * Dynamic text: JSON text becomes its value (integers past 2^53 exact); text that starts like JSON
 * (`{`, `[` or `"`) but does not parse is a failure; any other text is kept as a dynamic string.
 */
function dynamicText(s: string): Dynamic | ConversionFailure {
  const r = parseJsonExact(s);
  if (r.ok) return r.value;
  const first = s.trimStart().charCodeAt(0);
  if (first === 123 || first === 91 || first === 34) return fail(`malformed JSON: ${r.message} at character ${r.offset + 1}`);
  return s;
}

/**
 * Convert one text cell to a value of `type`.
 * Empty (or all-space) text is null for non-string types and `""` for string. Strings are kept exactly;
 * other types ignore surrounding spaces.
 * @returns the value in the JS shape of types.ts, or a ConversionFailure with the reason.
 */
export function convertText(text: string, type: ScalarType): Value | ConversionFailure {
  if (type === 'string') return text;
  const s = text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32) ? text.trim() : text;
  if (s === '') return null;
  switch (type) {
    case 'bool':
      return boolText(s);
    case 'long':
      return integerText(s, LONG_MIN, LONG_MAX, '64-bit (long)');
    case 'int': {
      const b = integerText(s, BigInt(INT_MIN), BigInt(INT_MAX), '32-bit (int)');
      return isFailure(b) ? b : Number(b);
    }
    case 'real':
    case 'decimal':
      return realText(s);
    case 'datetime':
      return parseDateTime(s) ?? fail('not a valid datetime (e.g. 2024-06-30T12:00:00Z)');
    case 'timespan':
      return parseTimespan(s) ?? fail('not a valid timespan (e.g. 1.02:03:04 or 30m)');
    case 'guid':
      return canonicalGuid(s) ?? fail('expected a guid like 01234567-89ab-cdef-0123-456789abcdef');
    case 'dynamic':
      return dynamicText(text);
  }
}

/** The text a JSON value gives in a string column. */
function jsonToString(v: Dynamic): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  return stringifyJson(v);
}

/**
 * Convert one JSON value (from JSON Lines, parsed with exact integers) to a value of `type`.
 * A missing key (`undefined`), `null` and `""` are null for non-string types (`""` for string). A JSON
 * string goes through {@link convertText} (so a string holding JSON text fills a dynamic column parsed);
 * an object or array in a string column becomes its JSON text.
 */
export function jsonValueToType(v: Dynamic | undefined, type: ScalarType): Value | ConversionFailure {
  if (v === undefined || v === null) return type === 'string' ? '' : null;
  if (typeof v === 'string') return convertText(v, type);
  switch (type) {
    case 'string':
      return jsonToString(v);
    case 'dynamic':
      return v;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 0 || v === 1) return v === 1;
      return fail('expected true or false');
    case 'long':
    case 'int': {
      let b: bigint;
      if (typeof v === 'bigint') b = v;
      else if (typeof v === 'number' && Number.isInteger(v)) {
        if (v < -(2 ** 63) || v >= 2 ** 63) return fail(type === 'int' ? 'out of the 32-bit (int) range' : 'out of the 64-bit (long) range');
        if (!Number.isSafeInteger(v)) return fail('a number past 2^53 is not exact as a double: give it as a bigint or as digits in a string');
        b = BigInt(v);
      } else if (typeof v === 'number') return fail(Number.isFinite(v) ? 'not an integer: it has a fractional part' : 'expected an integer');
      else return fail('expected an integer');
      if (type === 'int') return b < BigInt(INT_MIN) || b > BigInt(INT_MAX) ? fail('out of the 32-bit (int) range') : Number(b);
      return b < LONG_MIN || b > LONG_MAX ? fail('out of the 64-bit (long) range') : b;
    }
    case 'real':
    case 'decimal':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      return fail('expected a number');
    case 'datetime':
    case 'timespan':
    case 'guid':
      return fail(`expected a string holding a ${type}`);
  }
}

/** The text of the JSON number token that starts at `offset` of `text`. */
function numberToken(text: string, offset: number): string {
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) i++;
    else break;
  }
  return text.slice(offset, i);
}

/**
 * Convert a JSON value read from a file (`text`, its token starting at `offset`) to a value of `type`.
 * A number going into a long or int column is read from its digits as written, by the rules of a CSV
 * cell: `1e3` and `1.5` are not integers, `2049.0` is, and digits past 64 bits are out of range
 * (whereas the parsed value would be a rounded double). Anything else is {@link jsonValueToType}.
 */
export function jsonValueAt(v: Dynamic | undefined, type: ScalarType, text: string, offset: number): Value | ConversionFailure {
  if ((type === 'long' || type === 'int') && (typeof v === 'number' || typeof v === 'bigint')) return convertText(numberToken(text, offset), type);
  return jsonValueToType(v, type);
}

/** A JSON value as shown in a message: strings as they are, numbers as written, the rest as JSON. */
export function jsonShown(v: Dynamic, text: string, offset: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return numberToken(text, offset);
  return stringifyJson(v);
}
