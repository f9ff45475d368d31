// Scalar value helpers shared by functions and operators: Kusto's text form of each type, ordering,
// equality, grouping keys and dynamic (JSON) conversion. See src/types.ts for the JS shape of each type.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { formatDateTime, formatTimespan } from '../tables/datetime.js';

/** Kusto's `tostring()` of a value of static type t. Null becomes "". */
export function toText(v: Value, t: ScalarType): string {
  if (v === null || v === undefined) return '';
  switch (t) {
    case 'string':
    case 'guid':
      return v as string;
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
    case 'long':
      return String(v);
    case 'real':
    case 'decimal':
      return realToText(v as number);
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      return typeof v === 'string' ? v : dynamicToJson(v as Dynamic);
  }
}

/** Real numbers print like .NET's round-trip format: integers without a fraction, NaN/Infinity spelled out. */
export function realToText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const s = String(n);
  // JS writes 1e+21; .NET writes 1E+21.
  return s.includes('e') ? s.replace('e', 'E') : s;
}

/** JSON text of a dynamic value, keeping bigints exact. */
export function dynamicToJson(v: Dynamic): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(realToText(v));
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (Array.isArray(v)) return '[' + v.map(dynamicToJson).join(',') + ']';
      return (
        '{' +
        Object.entries(v)
          .map(([k, x]) => JSON.stringify(k) + ':' + dynamicToJson(x))
          .join(',') +
        '}'
      );
  }
}

/** A scalar of static type t as it would be stored inside a dynamic value. */
export function toDynamic(v: Value, t: ScalarType): Dynamic {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'long': {
      const b = v as bigint;
      return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
    }
    default:
      return v as Dynamic;
  }
}

/** Compare two non-null values of the same static type: negative, zero or positive. */
export function compareValues(a: Value, b: Value, t: ScalarType): number {
  switch (t) {
    case 'string':
    case 'guid':
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 'long':
    case 'datetime':
    case 'timespan':
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case 'bool':
      return Number(a) - Number(b);
    case 'int':
    case 'real':
    case 'decimal': {
      const x = a as number;
      const y = b as number;
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'dynamic':
      return compareDynamic(a as Dynamic, b as Dynamic);
  }
}

function dynRank(v: Dynamic): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    default:
      return Array.isArray(v) ? 4 : 5;
  }
}

function compareDynamic(a: Dynamic, b: Dynamic): number {
  const ra = dynRank(a);
  const rb = dynRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 2) {
    const x = a as number | bigint;
    const y = b as number | bigint;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra === 1) return Number(a) - Number(b);
  if (ra === 3) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  const sa = dynamicToJson(a);
  const sb = dynamicToJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Equality of two values of the same static type (nulls handled by the caller). */
export function valuesEqual(a: Value, b: Value, t: ScalarType): boolean {
  if (t === 'dynamic') return dynamicEquals(a as Dynamic, b as Dynamic);
  if (t === 'real' || t === 'decimal' || t === 'int') return a === b;
  return a === b;
}

export function dynamicEquals(a: Dynamic, b: Dynamic): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    // eslint-disable-next-line eqeqeq
    return a == b;
  }
  if (typeof a === 'object' && typeof b === 'object') return dynamicToJson(a) === dynamicToJson(b);
  return false;
}

/**
 * A string key identifying a value for grouping, distinct and joins. Distinct values of one static
 * type get distinct keys; null has its own key.
 */
export function valueKey(v: Value): string {
  if (v === null || v === undefined) return '\u0000';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'bigint':
      return 'b' + v.toString();
    case 'number':
      return 'n' + (Object.is(v, -0) ? '0' : String(v));
    case 'boolean':
      return v ? 't' : 'f';
    default:
      return 'j' + dynamicToJson(v as Dynamic);
  }
}

/** Kusto's name for a dynamic value's inner kind (`gettype`). */
export function dynamicKind(v: Dynamic): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'long';
    case 'number':
      return Number.isInteger(v) ? 'long' : 'real';
    case 'string':
      return 'string';
    default:
      return Array.isArray(v) ? 'array' : 'dictionary';
  }
}
