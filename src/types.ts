// KQL scalar types and how their values are held in JavaScript.
//
// Value representation (one rule everywhere: engine, loaders, output):
//   string   -> JS string (never null: a missing string is "")
//   bool     -> boolean | null
//   int      -> number (32-bit integer) | null
//   long     -> bigint (64-bit exact) | null
//   real     -> number (IEEE double, may be NaN/Infinity) | null
//   decimal  -> number | null (kqlite keeps decimals as doubles)
//   datetime -> bigint: 100-ns ticks since 1970-01-01T00:00:00Z (negative before 1970) | null
//   timespan -> bigint: 100-ns ticks | null
//   guid     -> lower-case canonical string | null
//   dynamic  -> JSON-like JS value (null, boolean, number, bigint for exact longs, string, array, plain object)

export type ScalarType =
  | 'bool'
  | 'int'
  | 'long'
  | 'real'
  | 'decimal'
  | 'datetime'
  | 'timespan'
  | 'string'
  | 'guid'
  | 'dynamic';

export const SCALAR_TYPES: readonly ScalarType[] = [
  'bool', 'int', 'long', 'real', 'decimal', 'datetime', 'timespan', 'string', 'guid', 'dynamic',
];

/** A dynamic value: what parse_json() gives. bigint keeps longs past 2^53 exact. */
export type Dynamic = null | boolean | number | bigint | string | Dynamic[] | { [key: string]: Dynamic };

/** Any scalar value kqlite computes with. The static KQL type says which JS shape is in use. */
export type Value = null | boolean | number | bigint | string | Dynamic;

const TYPE_ALIASES: Record<string, ScalarType> = {
  bool: 'bool', boolean: 'bool',
  int: 'int', int32: 'int',
  long: 'long', int64: 'long',
  real: 'real', double: 'real', float: 'real',
  decimal: 'decimal',
  datetime: 'datetime', date: 'datetime',
  timespan: 'timespan', time: 'timespan',
  string: 'string',
  guid: 'guid', uuid: 'guid', uniqueid: 'guid',
  dynamic: 'dynamic',
};

/** Resolve a type name or alias (case-insensitive, as schema files spell them in any case). */
export function parseTypeName(name: string): ScalarType | undefined {
  return TYPE_ALIASES[name.toLowerCase()];
}

export function isNumericType(t: ScalarType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

/** 100-ns ticks per unit. */
export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;

/** Ticks from 0001-01-01 to 1970-01-01: Kusto's datetime range starts at 0001-01-01. */
export const EPOCH_OFFSET_TICKS = 621_355_968_000_000_000n;
/** Smallest and largest valid datetime, as ticks since 1970 (0001-01-01T00:00:00 .. 9999-12-31T23:59:59.9999999). */
export const MIN_DATETIME_TICKS = -EPOCH_OFFSET_TICKS;
export const MAX_DATETIME_TICKS = 3_155_378_975_999_999_999n - EPOCH_OFFSET_TICKS;

export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;
export const INT_MIN = -(2 ** 31);
export const INT_MAX = 2 ** 31 - 1;
