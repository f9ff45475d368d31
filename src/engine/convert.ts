// Value conversion between KQL types: implicit widening (int → long → real, anything → dynamic) and the
// explicit to*() family, which returns null when a value does not convert (Kusto's rule, never an error).

import type { Dynamic, ScalarType, Value } from '../types.js';
import { INT_MAX, INT_MIN, LONG_MAX, LONG_MIN } from '../types.js';
import { parseDateTime, parseTimespan } from '../tables/datetime.js';
import { parseJsonExact } from '../tables/json-value.js';
import { toDynamic, toText } from './values.js';

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const GUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Convert `v` of type `from` to type `to`; null when it does not convert. */
export function convertValue(v: Value, from: ScalarType, to: ScalarType): Value {
  if (v === null || v === undefined) return to === 'string' ? '' : null;
  if (from === to) return v;
  if (from === 'dynamic') return fromDynamic(v as Dynamic, to);
  switch (to) {
    case 'string':
      return toText(v, from);
    case 'dynamic':
      return toDynamic(v, from);
    case 'long':
      return toLong(v, from);
    case 'int': {
      const l = toLong(v, from);
      if (l === null) return null;
      return l < BigInt(INT_MIN) || l > BigInt(INT_MAX) ? Number(BigInt.asIntN(32, l)) : Number(l);
    }
    case 'real':
    case 'decimal':
      return toReal(v, from);
    case 'bool':
      return toBool(v, from);
    case 'datetime':
      if (from === 'string') return parseDateTime(v as string) ?? null;
      return null;
    case 'timespan':
      if (from === 'string') return parseTimespan(v as string) ?? null;
      if (from === 'long' || from === 'int') return BigInt(v as number | bigint);
      if (from === 'real') return Number.isFinite(v as number) ? BigInt(Math.trunc(v as number)) : null;
      return null;
    case 'guid':
      return from === 'string' && GUID_TEXT.test(v as string) ? (v as string).toLowerCase() : null;
  }
}

function toLong(v: Value, from: ScalarType): bigint | null {
  switch (from) {
    case 'int':
      return BigInt(v as number);
    case 'real':
    case 'decimal': {
      const n = v as number;
      if (!Number.isFinite(n)) return null;
      const b = BigInt(Math.trunc(n));
      return b < LONG_MIN || b > LONG_MAX ? null : b;
    }
    case 'bool':
      return v ? 1n : 0n;
    case 'long':
    case 'datetime':
    case 'timespan':
      return v as bigint;
    case 'string': {
      const s = v as string;
      if (INTEGER_TEXT.test(s)) {
        const b = BigInt(s.trim());
        return b < LONG_MIN || b > LONG_MAX ? null : b;
      }
      const n = Number(s);
      return s.trim() !== '' && Number.isFinite(n) ? toLong(n, 'real') : null;
    }
    default:
      return null;
  }
}

function toReal(v: Value, from: ScalarType): number | null {
  switch (from) {
    case 'int':
    case 'real':
    case 'decimal':
      return v as number;
    case 'long':
    case 'datetime':
    case 'timespan':
      return Number(v as bigint);
    case 'bool':
      return v ? 1 : 0;
    case 'string': {
      const s = (v as string).trim();
      if (s === '') return null;
      if (/^[+-]?nan$/i.test(s)) return NaN;
      if (/^\+?inf(inity)?$/i.test(s)) return Infinity;
      if (/^-inf(inity)?$/i.test(s)) return -Infinity;
      const n = Number(s);
      return Number.isNaN(n) ? null : n;
    }
    default:
      return null;
  }
}

function toBool(v: Value, from: ScalarType): boolean | null {
  switch (from) {
    case 'int':
    case 'real':
    case 'decimal':
      return (v as number) !== 0;
    case 'long':
      return (v as bigint) !== 0n;
    case 'string': {
      const s = (v as string).trim().toLowerCase();
      return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null;
    }
    default:
      return null;
  }
}

/** Convert a dynamic value to a scalar type (used by tostring(d.x), tolong(d.x), implicit uses). */
export function fromDynamic(d: Dynamic, to: ScalarType): Value {
  if (d === null) return to === 'string' ? '' : null;
  if (to === 'dynamic') return d;
  switch (typeof d) {
    case 'string':
      return convertValue(d, 'string', to);
    case 'boolean':
      return convertValue(d, 'bool', to);
    case 'bigint':
      return convertValue(d, 'long', to);
    case 'number':
      return Number.isInteger(d) && to !== 'real' && to !== 'decimal' && to !== 'string'
        ? convertValue(BigInt(d), 'long', to)
        : convertValue(d, 'real', to);
    default:
      return to === 'string' ? toText(d, 'dynamic') : null;
  }
}

/** `todynamic()` / `parse_json()`: JSON text to a dynamic value; text that is not JSON stays a string. */
export function parseJsonValue(s: string): Dynamic {
  const r = parseJsonExact(s);
  return r.ok ? r.value : s;
}
