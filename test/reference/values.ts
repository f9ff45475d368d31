// Scalar semantics of the reference evaluator, written from docs/kql-semantics.md (cited as A1, D3, ...)
// and the Kusto docs, for clarity rather than speed. Nothing here is shared with src/engine or src/tables:
// the reference has its own null rules, comparisons, term matching ("has"), `between`, datetime literal
// parsing and value keys. Only the value *shapes* of src/types.ts are shared, because both evaluators
// must read the same input rows and return comparable results.

import type { Dynamic, ScalarType, Value } from '../../src/types.js';

export type RType = ScalarType;

/** A value together with its KQL type: the reference carries types at run time instead of binding. */
export interface TV {
  type: RType;
  value: Value;
}

/** The reference cannot evaluate this construct (a generator bug or an unsupported feature). */
export class RefUnsupported extends Error {
  constructor(message: string) {
    super(`reference evaluator: ${message}`);
    this.name = 'RefUnsupported';
  }
}

/** The query is wrong in a way Kusto rejects (a type error). */
export class RefSemanticError extends Error {
  constructor(message: string) {
    super(`reference evaluator: ${message}`);
    this.name = 'RefSemanticError';
  }
}

// ---------------------------------------------------------------------------------------------- basics

/** D1: every type except string has a null; a missing string is "". */
export function nullOf(type: RType): TV {
  return { type, value: type === 'string' ? '' : null };
}

export function tv(type: RType, value: Value): TV {
  if (type === 'string' && (value === null || value === undefined)) return { type, value: '' };
  return { type, value: value === undefined ? null : value };
}

export function isNull(x: TV): boolean {
  return x.value === null;
}

export const INTEGER_TYPES: readonly RType[] = ['int', 'long'];
export const NUMERIC_TYPES: readonly RType[] = ['int', 'long', 'real', 'decimal'];

export function isInteger(t: RType): boolean {
  return t === 'int' || t === 'long';
}
export function isNumeric(t: RType): boolean {
  return NUMERIC_TYPES.includes(t);
}

/** Kusto's `long` wraps like a 64-bit two's-complement integer. */
export function wrapLong(n: bigint): bigint {
  const m = 1n << 64n;
  let r = ((n % m) + m) % m;
  if (r >= 1n << 63n) r -= m;
  return r;
}

function asBigInt(x: TV): bigint {
  return typeof x.value === 'bigint' ? x.value : BigInt(x.value as number);
}
function asNumber(x: TV): number {
  return typeof x.value === 'bigint' ? Number(x.value) : (x.value as number);
}

// ------------------------------------------------------------------------------------------ comparison

/**
 * Order two non-null values whose types can be compared: numbers with numbers (F5: widening, long and
 * real compared as real), strings ordinally, datetimes with datetimes, timespans with timespans.
 * Returns negative, zero or positive.
 */
export function compareNonNull(a: TV, b: TV): number {
  if (isNumeric(a.type) && isNumeric(b.type)) {
    if (isInteger(a.type) && isInteger(b.type)) {
      const x = asBigInt(a);
      const y = asBigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = asNumber(a);
    const y = asNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.type !== b.type) throw new RefSemanticError(`cannot compare ${a.type} with ${b.type}`);
  switch (a.type) {
    case 'string':
    case 'guid': {
      // Ordinal comparison by UTF-16 code units.
      const x = a.value as string;
      const y = b.value as string;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'datetime':
    case 'timespan': {
      const x = a.value as bigint;
      const y = b.value as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'bool':
      return (a.value ? 1 : 0) - (b.value ? 1 : 0);
    default:
      throw new RefUnsupported(`ordering of ${a.type} values`);
  }
}

/** Whether two non-null values are equal (for ==, in, grouping keys of scalars). */
export function equalNonNull(a: TV, b: TV): boolean {
  if (a.type === 'bool' || a.type === 'guid') {
    if (a.type !== b.type) throw new RefSemanticError(`cannot compare ${a.type} with ${b.type}`);
    return a.value === b.value;
  }
  return compareNonNull(a, b) === 0;
}

const bool = (v: boolean | null): TV => ({ type: 'bool', value: v });

/** D3: `==`/`!=` with exactly one null operand are false/true; with two nulls, null. */
export function kqlEquals(a: TV, b: TV, negate: boolean): TV {
  if (isNull(a) && isNull(b)) return bool(null);
  if (isNull(a) || isNull(b)) return bool(negate);
  const eq = equalNonNull(a, b);
  return bool(negate ? !eq : eq);
}

/** D3: ordered comparisons with a null operand are null. */
export function kqlCompare(op: '<' | '<=' | '>' | '>=', a: TV, b: TV): TV {
  if (isNull(a) || isNull(b)) return bool(null);
  const c = compareNonNull(a, b);
  switch (op) {
    case '<':
      return bool(c < 0);
    case '<=':
      return bool(c <= 0);
    case '>':
      return bool(c > 0);
    case '>=':
      return bool(c >= 0);
  }
}

/** D3: three-valued `and`. false wins over null; otherwise null is sticky. */
export function kqlAnd(a: TV, b: TV): TV {
  if (a.value === false || b.value === false) return bool(false);
  if (a.value === null || b.value === null) return bool(null);
  return bool(true);
}

/** D3: three-valued `or`. true wins over null; otherwise null is sticky. */
export function kqlOr(a: TV, b: TV): TV {
  if (a.value === true || b.value === true) return bool(true);
  if (a.value === null || b.value === null) return bool(null);
  return bool(false);
}

/** D3: not(null) is null. */
export function kqlNot(a: TV): TV {
  return a.value === null ? bool(null) : bool(!a.value);
}

/** B1-B5: both ends inclusive; a null operand gives null; `!between` negates non-null results only. */
export function kqlBetween(x: TV, lo: TV, hi: TV, negated: boolean): TV {
  // B3: a datetime with a timespan upper bound means [lo, lo + hi].
  if (x.type === 'datetime' && lo.type === 'datetime' && hi.type === 'timespan') {
    hi = lo.value === null || hi.value === null ? nullOf('datetime') : { type: 'datetime', value: (lo.value as bigint) + (hi.value as bigint) };
  }
  if (isNull(x) || isNull(lo) || isNull(hi)) return bool(null);
  const inside = compareNonNull(x, lo) >= 0 && compareNonNull(x, hi) <= 0;
  return bool(negated ? !inside : inside);
}

// ---------------------------------------------------------------------------------------- arithmetic

type ArithOp = '+' | '-' | '*' | '/' | '%';

/** F3/F4 and C2.4: integer arithmetic widens int to long and wraps; `/` truncates; `%` is never negative. */
export function kqlArith(op: ArithOp, a: TV, b: TV): TV {
  const resultType = arithType(op, a.type, b.type);
  if (isNull(a) || isNull(b)) return nullOf(resultType);
  if (resultType === 'real') {
    const x = asNumber(a);
    const y = asNumber(b);
    switch (op) {
      case '+':
        return tv('real', x + y);
      case '-':
        return tv('real', x - y);
      case '*':
        return tv('real', x * y);
      case '/':
        return tv('real', x / y);
      case '%': {
        const r = x % y;
        return tv('real', r < 0 ? r + Math.abs(y) : r);
      }
    }
  }
  const x = asBigInt(a);
  const y = asBigInt(b);
  switch (op) {
    case '+':
      return tv(resultType, wrapLong(x + y));
    case '-':
      return tv(resultType, wrapLong(x - y));
    case '*':
      return tv(resultType, wrapLong(x * y));
    case '/':
      if (y === 0n) throw new RefUnsupported('integer division by zero');
      return tv(resultType, wrapLong(x / y));
    case '%': {
      if (y === 0n) throw new RefUnsupported('integer modulo by zero');
      const r = x % y;
      return tv(resultType, r < 0n ? r + (y < 0n ? -y : y) : r);
    }
  }
}

function arithType(op: ArithOp, a: RType, b: RType): RType {
  if (isNumeric(a) && isNumeric(b)) return a === 'real' || b === 'real' || a === 'decimal' || b === 'decimal' ? 'real' : 'long';
  const key = `${a} ${op} ${b}`;
  const table: Record<string, RType> = {
    'datetime - datetime': 'timespan',
    'datetime + timespan': 'datetime',
    'timespan + datetime': 'datetime',
    'datetime - timespan': 'datetime',
    'timespan + timespan': 'timespan',
    'timespan - timespan': 'timespan',
    'timespan * long': 'timespan',
    'long * timespan': 'timespan',
    'timespan * int': 'timespan',
    'int * timespan': 'timespan',
  };
  const t = table[key];
  if (!t) throw new RefSemanticError(`operator ${op} does not apply to ${a} and ${b}`);
  return t;
}

// ------------------------------------------------------------------------------------- string matching

/** A1.1/A1.2: term characters are the ASCII letters and digits; everything else separates terms. */
export function isTermChar(ch: string): boolean {
  return /^[A-Za-z0-9]$/.test(ch);
}

/** A1.1: the terms of a string, in order. */
export function termsOf(s: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of s) {
    if (isTermChar(ch)) current += ch;
    else {
      if (current) out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

/**
 * A2 and A2.3: does `hay` contain `needle` where the needle's alphanumeric ends sit on term boundaries?
 * `startBoundary`: a needle starting with a term character must start a term (has, hasprefix).
 * `endBoundary`: a needle ending with a term character must end a term (has, hassuffix).
 * For an all-alphanumeric needle this is exactly "some term equals / starts with / ends with the needle".
 */
function boundedOccurrence(hay: string, needle: string, startBoundary: boolean, endBoundary: boolean): boolean {
  if (needle === '') throw new RefUnsupported('an empty has-family needle is a known gap (A.2.3)');
  const chars = Array.from(hay);
  const n = Array.from(needle);
  const needStart = startBoundary && isTermChar(n[0]!);
  const needEnd = endBoundary && isTermChar(n[n.length - 1]!);
  for (let i = 0; i + n.length <= chars.length; i++) {
    let match = true;
    for (let j = 0; j < n.length && match; j++) if (chars[i + j] !== n[j]) match = false;
    if (!match) continue;
    const before = i === 0 ? '' : chars[i - 1]!;
    const after = i + n.length === chars.length ? '' : chars[i + n.length]!;
    if (needStart && before !== '' && isTermChar(before)) continue;
    if (needEnd && after !== '' && isTermChar(after)) continue;
    return true;
  }
  return false;
}

/** A4.5: case-insensitive operators compare JS lower-case forms of both sides. */
export function fold(s: string): string {
  return s.toLowerCase();
}

/** The string operators of sections A2-A4: name → test on (haystack, needle). */
export const STRING_OPERATORS: Record<string, (hay: string, needle: string) => boolean> = {
  has: (h, n) => boundedOccurrence(fold(h), fold(n), true, true),
  has_cs: (h, n) => boundedOccurrence(h, n, true, true),
  hasprefix: (h, n) => boundedOccurrence(fold(h), fold(n), true, false),
  hasprefix_cs: (h, n) => boundedOccurrence(h, n, true, false),
  hassuffix: (h, n) => boundedOccurrence(fold(h), fold(n), false, true),
  hassuffix_cs: (h, n) => boundedOccurrence(h, n, false, true),
  contains: (h, n) => fold(h).includes(fold(n)),
  contains_cs: (h, n) => h.includes(n),
  startswith: (h, n) => fold(h).startsWith(fold(n)),
  startswith_cs: (h, n) => h.startsWith(n),
  endswith: (h, n) => fold(h).endsWith(fold(n)),
  endswith_cs: (h, n) => h.endsWith(n),
  '=~': (h, n) => fold(h) === fold(n),
};

/** Evaluate `hay <op> needle` for a string operator name, including its `!` form. */
export function stringOperator(op: string, hay: TV, needle: TV): TV {
  const negated = op.startsWith('!') && op !== '!~';
  const base = op === '!~' ? '=~' : negated ? op.slice(1) : op;
  const test = STRING_OPERATORS[base];
  if (!test) throw new RefUnsupported(`string operator ${op}`);
  if (hay.type !== 'string' || needle.type !== 'string') throw new RefUnsupported(`${op} on ${hay.type} and ${needle.type}`);
  const r = test(hay.value as string, needle.value as string);
  return bool(op === '!~' || negated ? !r : r);
}

// --------------------------------------------------------------------------------------- datetimes

/** Ticks per unit (100 ns each). */
export const TICK = { ms: 10_000n, second: 10_000_000n, minute: 600_000_000n, hour: 36_000_000_000n, day: 864_000_000_000n };

/** Days from 1970-01-01 to a proleptic Gregorian civil date (the usual era-based algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * C1.2: the ISO-8601 forms a datetime literal may take (`2024-06-30`, `2024-06-30 12:00`,
 * `2024-06-30T12:00:00.1234567Z`), as ticks since 1970. Zone-less text is UTC (C1.3).
 */
export function parseIsoDateTime(text: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?Z?$/.exec(text.trim());
  if (!m) throw new RefUnsupported(`datetime literal '${text}'`);
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!) || hour! > 23 || minute! > 59 || second! > 59) {
    throw new RefSemanticError(`invalid datetime literal '${text}'`);
  }
  const fraction = BigInt((m[7] ?? '').padEnd(7, '0'));
  const days = BigInt(daysFromCivil(year!, month!, day!));
  return days * TICK.day + BigInt(hour!) * TICK.hour + BigInt(minute!) * TICK.minute + BigInt(second!) * TICK.second + fraction;
}

/** C1.1: ticks from 0001-01-01 to 1970-01-01; bin() of a datetime aligns to multiples since 0001-01-01 (E9). */
export const TICKS_0001_TO_1970 = BigInt(-daysFromCivil(1, 1, 1)) * TICK.day;

/** floor(a / b) for bigints (rounding toward negative infinity). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

// ------------------------------------------------------------------------------------------ dynamic

/** A scalar of a static type as it is stored in a dynamic value (make_set, make_list). */
export function toDynamicValue(x: TV): Dynamic {
  if (x.value === null) return null;
  switch (x.type) {
    case 'long':
      return x.value as bigint;
    case 'datetime':
    case 'timespan':
      throw new RefUnsupported(`the text form of ${x.type} inside dynamic values is unverified`);
    default:
      return x.value as Dynamic;
  }
}

/**
 * A canonical text for a dynamic value: numbers and bigints of equal value print the same (a long past
 * 2^53 stays exact), object keys are sorted. Used for equality of dynamic values and for set keys.
 */
export function dynamicKey(d: Dynamic): string {
  if (d === null || d === undefined) return 'null';
  if (typeof d === 'bigint') return d.toString();
  if (typeof d === 'number') {
    if (Number.isInteger(d) && Number.isFinite(d)) return BigInt(d).toString();
    return Number.isNaN(d) ? '"NaN"' : String(d);
  }
  if (typeof d === 'string') return JSON.stringify(d);
  if (typeof d === 'boolean') return d ? 'true' : 'false';
  if (Array.isArray(d)) return '[' + d.map(dynamicKey).join(',') + ']';
  const keys = Object.keys(d).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + dynamicKey((d as Record<string, Dynamic>)[k]!)).join(',') + '}';
}

/**
 * A key that identifies a typed value for grouping, distinct, join and `in`: equal values of integer
 * types share a key; -0 and 0 share a key; null has its own key per type family.
 */
export function valueKey(x: TV): string {
  if (x.value === null) return 'null';
  switch (x.type) {
    case 'int':
    case 'long':
      return 'i:' + asBigInt(x).toString();
    case 'real':
    case 'decimal': {
      const n = x.value as number;
      if (Number.isInteger(n) && Number.isFinite(n)) return 'i:' + BigInt(n).toString();
      return 'r:' + String(n);
    }
    case 'string':
      return 's:' + (x.value as string);
    case 'guid':
      return 'g:' + (x.value as string);
    case 'bool':
      return x.value ? 'b:1' : 'b:0';
    case 'datetime':
      return 'd:' + (x.value as bigint).toString();
    case 'timespan':
      return 't:' + (x.value as bigint).toString();
    case 'dynamic':
      return 'j:' + dynamicKey(x.value as Dynamic);
  }
}
