// More array functions: range() series, zip, array_iff, shifting/rotating and array_split. (dynamic.ts holds
// the basic array, bag and set functions.)

import type { Dynamic, ScalarType, Value } from '../../types.js';
import { TICKS_PER_HOUR } from '../../types.js';
import { toDynamic } from '../values.js';
import { chargeLargeValue } from '../exec/memory.js';
import { overloaded, type ScalarFunction } from './registry.js';

/** The most values range() produces (Kusto truncates longer series). */
export const MAX_RANGE = 1_048_576;

const isArray = (v: Value): v is Dynamic[] => Array.isArray(v);

/** range(start, stop [, step]) over bigints (long, datetime, timespan): start, start+step, ... up to stop. */
function bigRange(start: bigint, stop: bigint, step: bigint, t: ScalarType): Dynamic {
  if (step === 0n) return null;
  const out: Dynamic[] = [];
  for (let v = start; (step > 0n ? v <= stop : v >= stop) && out.length < MAX_RANGE; v += step) out.push(toDynamic(v, t));
  chargeLargeValue(out.length, () => `range() built an array of ${out.length.toLocaleString('en-US')} elements`);
  return out;
}

function realRange(start: number, stop: number, step: number): Dynamic {
  if (step === 0 || !Number.isFinite(step)) return null;
  const out: Dynamic[] = [];
  for (let k = 0; out.length < MAX_RANGE; k++) {
    const v = start + k * step;
    if (step > 0 ? v > stop : v < stop) break;
    out.push(v);
  }
  chargeLargeValue(out.length, () => `range() built an array of ${out.length.toLocaleString('en-US')} elements`);
  return out;
}

const range = overloaded('range', [
  { params: ['long', 'long', 'long'], min: 2, ret: 'dynamic', fn: (a, b, s) => bigRange(a as bigint, b as bigint, (s as bigint | undefined) ?? 1n, 'long') },
  { params: ['real', 'real', 'real'], min: 2, ret: 'dynamic', fn: (a, b, s) => realRange(a as number, b as number, (s as number | undefined) ?? 1) },
  {
    params: ['datetime', 'datetime', 'timespan'],
    min: 2,
    ret: 'dynamic',
    fn: (a, b, s) => bigRange(a as bigint, b as bigint, (s as bigint | undefined) ?? TICKS_PER_HOUR, 'datetime'),
  },
  {
    params: ['timespan', 'timespan', 'timespan'],
    min: 2,
    ret: 'dynamic',
    fn: (a, b, s) => bigRange(a as bigint, b as bigint, (s as bigint | undefined) ?? TICKS_PER_HOUR, 'timespan'),
  },
]);

/** zip(a1, a2, ...): element i is [a1[i], a2[i], ...], as long as the longest array (missing values are null). */
const zip = overloaded('zip', [
  {
    params: ['dynamic', 'dynamic'],
    variadic: true,
    ret: 'dynamic',
    handlesNulls: true,
    fn: (...arrs) => {
      if (!arrs.every(isArray)) return null;
      const a = arrs as Dynamic[][];
      const n = Math.max(...a.map((x) => x.length));
      return Array.from({ length: n }, (_, i) => a.map((x) => x[i] ?? null));
    },
  },
]);

/** The truth of an array_iff condition element: bools, and numbers (non-zero is true); others are undefined. */
function truth(c: Dynamic): boolean | undefined {
  if (typeof c === 'boolean') return c;
  if (typeof c === 'number' || typeof c === 'bigint') return Number(c) !== 0;
  return undefined;
}

const arrayIff = overloaded('array_iff', [
  {
    params: ['dynamic', 'any', 'any'],
    ret: 'dynamic',
    handlesNulls: true,
    fn: () => null,
    make: ([, tt, tf]) => (cond, whenTrue, whenFalse) => {
      if (!isArray(cond)) return null;
      const pick = (v: Value, t: ScalarType, i: number): Dynamic => (t === 'dynamic' && isArray(v) ? (v[i] ?? null) : toDynamic(v, t));
      return cond.map((c, i) => {
        const b = truth(c);
        return b === undefined ? null : b ? pick(whenTrue, tt!, i) : pick(whenFalse, tf!, i);
      });
    },
  },
]);

/** Shift by n places (left when positive), filling with `fill`. */
function shift(a: Dynamic[], n: number, fill: Dynamic): Dynamic[] {
  return a.map((_, i) => {
    const j = i + n;
    return j >= 0 && j < a.length ? a[j]! : fill;
  });
}

/** The default fill of a shift: "" for an array of strings, null otherwise. */
const defaultFill = (a: Dynamic[]): Dynamic => (a.length > 0 && a.every((x) => typeof x === 'string') ? '' : null);

function shiftFn(name: string, dir: 1 | -1): ScalarFunction {
  return overloaded(name, [
    {
      params: ['dynamic', 'long', 'any'],
      min: 2,
      ret: 'dynamic',
      handlesNulls: true,
      fn: () => null,
      make: (types) => (a, n, fill) => {
        if (!isArray(a) || n === null) return null;
        return shift(a, dir * Number(n), fill === undefined ? defaultFill(a) : toDynamic(fill, types[2]!));
      },
    },
  ]);
}

function rotateFn(name: string, dir: 1 | -1): ScalarFunction {
  return overloaded(name, [
    {
      params: ['dynamic', 'long'],
      ret: 'dynamic',
      fn: (a, n) => {
        if (!isArray(a)) return null;
        const len = a.length;
        if (len === 0) return [];
        const k = (((dir * Number(n)) % len) + len) % len;
        return [...a.slice(k), ...a.slice(0, k)];
      },
    },
  ]);
}

/** array_split(a, indexes): the array cut before each index (a long or an array of them; negative ones count from the end). */
const arraySplit = overloaded('array_split', [
  {
    params: ['dynamic', 'dynamic'],
    ret: 'dynamic',
    fn: (a, idx) => {
      if (!isArray(a)) return null;
      const raw = isArray(idx) ? idx : [idx];
      const cuts: number[] = [];
      for (const x of raw) {
        if (typeof x !== 'number' && typeof x !== 'bigint') return null;
        let i = Number(x);
        if (i < 0) i += a.length;
        cuts.push(Math.max(0, Math.min(a.length, i)));
      }
      cuts.sort((x, y) => x - y);
      const out: Dynamic[] = [];
      let from = 0;
      for (const c of cuts) {
        out.push(a.slice(from, Math.max(from, c)));
        from = Math.max(from, c);
      }
      out.push(a.slice(from));
      return out;
    },
  },
]);

/** The extra array functions, registered by functions/index.ts. */
export const arrayFunctions: ScalarFunction[] = [
  range,
  zip,
  arrayIff,
  { ...arrayIff, name: 'array_iif' },
  shiftFn('array_shift_left', 1),
  shiftFn('array_shift_right', -1),
  rotateFn('array_rotate_left', 1),
  rotateFn('array_rotate_right', -1),
  arraySplit,
];
