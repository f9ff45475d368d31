// KQL literal text for generated queries: every value of every type written so that Kusto (and kqlite)
// read back exactly that value. Kept apart from the reference so the generators do not share its parsing.

import type { Dynamic, ScalarType, Value } from '../../src/types.js';

const TICKS_PER_DAY = 864_000_000_000n;

/** Civil date of a day count since 1970-01-01 (proleptic Gregorian), by the era/day-of-era method. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

const pad = (n: number | bigint, w: number): string => String(n).padStart(w, '0');

/** `2024-06-30T12:00:00.1234567Z`: always seven fraction digits, so every tick is written. */
export function isoTicks(ticks: bigint): string {
  let days = ticks / TICKS_PER_DAY;
  let rem = ticks % TICKS_PER_DAY;
  if (rem < 0n) {
    rem += TICKS_PER_DAY;
    days -= 1n;
  }
  const [y, m, d] = civilFromDays(Number(days));
  const seconds = rem / 10_000_000n;
  const fraction = rem % 10_000_000n;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}.${pad(fraction, 7)}Z`;
}

/** A double-quoted KQL string literal (A6.1 escapes; control characters as \uXXXX). */
export function kqlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** A KQL name: bare when it is a plain identifier, else `['...']`. */
export function kqlName(n: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && !KEYWORDS.has(n) ? n : `['${n.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

const KEYWORDS = new Set([
  'and', 'or', 'not', 'by', 'on', 'in', 'has', 'true', 'false', 'null', 'between', 'contains', 'kind', 'with', 'to', 'of',
  'asc', 'desc', 'nulls', 'first', 'last', 'let', 'where', 'project', 'extend', 'summarize', 'join', 'union', 'sort',
  'order', 'take', 'limit', 'top', 'count', 'distinct', 'datatable', 'dynamic', 'typeof', 'range', 'print', 'set',
]);

/** A long literal; the most negative long needs the typed form (its magnitude is not a long). */
export function kqlLong(v: bigint): string {
  if (v >= 0n) return v.toString();
  return v === -(2n ** 63n) ? `long(${v})` : `-${-v}`;
}

export function kqlReal(n: number): string {
  if (Number.isNaN(n)) return 'real(nan)';
  if (n === Infinity) return 'real(+inf)';
  if (n === -Infinity) return 'real(-inf)';
  return `real(${Object.is(n, -0) ? '-0.0' : String(n)})`;
}

/** Timespan literal: whole units when possible, ticks otherwise. */
export function kqlTimespan(t: bigint): string {
  if (t < 0n) return `-${kqlTimespan(-t)}`;
  const units: [bigint, string][] = [
    [TICKS_PER_DAY, 'd'],
    [36_000_000_000n, 'h'],
    [600_000_000n, 'm'],
    [10_000_000n, 's'],
    [10_000n, 'ms'],
  ];
  for (const [size, unit] of units) if (t !== 0n && t % size === 0n) return `${t / size}${unit}`;
  return `${t}tick`;
}

/** A literal of any scalar type (dynamic as `dynamic(...)` JSON). */
export function kqlLiteral(v: Value, t: ScalarType): string {
  if (v === null) return t === 'string' ? '""' : `${t}(null)`;
  switch (t) {
    case 'string':
      return kqlString(v as string);
    case 'long':
      return kqlLong(v as bigint);
    case 'int':
      return `int(${v})`;
    case 'real':
    case 'decimal':
      return kqlReal(v as number);
    case 'bool':
      return v ? 'true' : 'false';
    case 'datetime':
      return `datetime(${isoTicks(v as bigint)})`;
    case 'timespan':
      return kqlTimespan(v as bigint);
    case 'guid':
      return `guid(${v})`;
    case 'dynamic':
      return `dynamic(${jsonText(v as Dynamic)})`;
  }
}

/** JSON text of a dynamic value with exact bigints. */
export function jsonText(d: Dynamic): string {
  if (d === null) return 'null';
  if (typeof d === 'bigint') return d.toString();
  if (typeof d === 'number') return Number.isFinite(d) ? JSON.stringify(d) : 'null';
  if (typeof d === 'string' || typeof d === 'boolean') return JSON.stringify(d);
  if (Array.isArray(d)) return '[' + d.map(jsonText).join(',') + ']';
  return '{' + Object.entries(d).map(([k, v]) => JSON.stringify(k) + ':' + jsonText(v)).join(',') + '}';
}
