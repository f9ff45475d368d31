// Math functions: rounding (round, ceiling), logarithms and powers, sign/abs, min_of/max_of, NaN tests,
// trigonometry, bitwise functions on longs, and rand().

import { KqlError } from '../../diagnostics.js';
import type { ScalarType, Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { compareValues } from '../values.js';
import { commonType } from './core.js';
import { coerce, foldIfConstant, custom, overloaded, type ScalarFunction } from './registry.js';

const num = (v: Value): number => v as number;

/** A real → real function that gives null where the result is not a real number (log(0), sqrt(-1)). */
function realFn(name: string, f: (x: number) => number, nullIf?: (x: number) => boolean): ScalarFunction {
  return overloaded(name, [{ params: ['real'], ret: 'real', fn: (x) => (nullIf?.(num(x)) ? null : f(num(x))) }]);
}

/** Half away from zero at `digits` decimal places (negative digits round to tens, hundreds, ...). */
export function roundReal(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const away = (y: number): number => Math.sign(y) * Math.round(Math.abs(y));
  if (digits === 0) return away(x);
  if (digits > 0) {
    const p = 10 ** Math.min(digits, 15);
    return away(x * p) / p;
  }
  const p = 10 ** Math.min(-digits, 308);
  return away(x / p) * p;
}

function roundLong(x: bigint, digits: number): bigint {
  if (digits >= 0) return x;
  if (digits < -18) return 0n;
  const p = 10n ** BigInt(-digits);
  const q = x / p;
  const r = x % p;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= p ? (x < 0n ? q - 1n : q + 1n) * p : q * p;
}

const round = overloaded('round', [
  { params: ['long', 'long'], min: 1, ret: 'long', fn: (x, d) => roundLong(x as bigint, d === undefined ? 0 : Number(d)) },
  { params: ['real', 'long'], min: 1, ret: 'real', fn: (x, d) => roundReal(num(x), d === undefined ? 0 : Number(d)) },
]);

const abs = overloaded('abs', [
  { params: ['int'], ret: 'int', fn: (x) => Math.abs(num(x)) },
  { params: ['long'], ret: 'long', fn: (x) => ((x as bigint) < 0n ? BigInt.asIntN(64, -(x as bigint)) : x) },
  { params: ['real'], ret: 'real', fn: (x) => Math.abs(num(x)) },
  { params: ['timespan'], ret: 'timespan', fn: (x) => ((x as bigint) < 0n ? -(x as bigint) : x) },
]);

const sign = overloaded('sign', [{ params: ['real'], ret: 'real', fn: (x) => (Number.isNaN(num(x)) ? NaN : Math.sign(num(x)) + 0) }]);

const pow = overloaded('pow', [{ params: ['real', 'real'], ret: 'real', fn: (b, e) => Math.pow(num(b), num(e)) }]);

/** min_of / max_of: the least or greatest non-null argument (all arguments share one type). */
function extreme(name: string, sign: 1 | -1): ScalarFunction {
  return custom(name, 2, 64, (site): BExpr => {
    const typed = site.args.filter((a) => !(a.k === 'const' && a.value === null));
    const t: ScalarType | undefined = typed.length ? commonType(typed.map((a) => a.type)) : site.args[0]!.type;
    if (!t) {
      throw new KqlError({ code: 'KQL105', kind: 'semantic', message: `${name}() arguments must have one type, not ${site.args.map((a) => a.type).join(', ')}`, span: site.span });
    }
    const args = site.args.map((a) => coerce(a, t));
    const fn = (...vals: Value[]): Value => {
      let best: Value = null;
      for (const v of vals) {
        if (v === null) continue;
        if (best === null || sign * compareValues(v, best, t) < 0) best = v;
      }
      return best ?? (t === 'string' ? '' : null);
    };
    return foldIfConstant({ k: 'call', type: t, name, fn, args, handlesNulls: true, span: site.span });
  });
}

/** rand(): a real in [0, 1); rand(n): a long in [0, n - 1]. */
const rand = overloaded('rand', [
  { params: [], ret: 'real', volatile: true, fn: () => Math.random() },
  { params: ['long'], ret: 'long', volatile: true, fn: (n) => ((n as bigint) <= 0n ? null : BigInt(Math.floor(Math.random() * Number(n)))) },
]);

const L = 'long';
const bitwise = (name: string, f: (a: bigint, b: bigint) => bigint): ScalarFunction =>
  overloaded(name, [{ params: [L, L], ret: L, fn: (a, b) => BigInt.asIntN(64, f(a as bigint, b as bigint)) }]);

function popcount(x: bigint): bigint {
  let v = BigInt.asUintN(64, x);
  let c = 0n;
  while (v) {
    c += v & 1n;
    v >>= 1n;
  }
  return c;
}

/** Logarithms are null for negative input (and -Infinity at zero, as .NET computes it). */
const negative = (x: number): boolean => x < 0;

/** The math family, registered by functions/index.ts. */
export const mathFunctions: ScalarFunction[] = [
  round,
  abs,
  sign,
  pow,
  overloaded('ceiling', [{ params: ['real'], ret: 'real', fn: (x) => Math.ceil(num(x)) }]),
  realFn('sqrt', Math.sqrt, (x) => x < 0),
  realFn('exp', Math.exp),
  realFn('exp2', (x) => 2 ** x),
  realFn('exp10', (x) => 10 ** x),
  realFn('log', Math.log, negative),
  realFn('log10', Math.log10, negative),
  realFn('log2', Math.log2, negative),
  realFn('sin', Math.sin),
  realFn('cos', Math.cos),
  realFn('tan', Math.tan),
  realFn('asin', Math.asin, (x) => x < -1 || x > 1),
  realFn('acos', Math.acos, (x) => x < -1 || x > 1),
  realFn('atan', Math.atan),
  realFn('cot', (x) => 1 / Math.tan(x)),
  realFn('degrees', (x) => (x * 180) / Math.PI),
  realFn('radians', (x) => (x * Math.PI) / 180),
  overloaded('atan2', [{ params: ['real', 'real'], ret: 'real', fn: (y, x) => Math.atan2(num(y), num(x)) }]),
  overloaded('pi', [{ params: [], ret: 'real', fn: () => Math.PI }]),
  overloaded('isnan', [{ params: ['real'], ret: 'bool', fn: (x) => Number.isNaN(num(x)) }]),
  overloaded('isinf', [{ params: ['real'], ret: 'bool', fn: (x) => num(x) === Infinity || num(x) === -Infinity }]),
  overloaded('isfinite', [{ params: ['real'], ret: 'bool', fn: (x) => Number.isFinite(num(x)) }]),
  extreme('min_of', 1),
  extreme('max_of', -1),
  rand,
  bitwise('binary_and', (a, b) => a & b),
  bitwise('binary_or', (a, b) => a | b),
  bitwise('binary_xor', (a, b) => a ^ b),
  bitwise('binary_shift_left', (a, b) => (b < 0n || b > 63n ? 0n : a << b)),
  bitwise('binary_shift_right', (a, b) => (b < 0n || b > 63n ? (a < 0n ? -1n : 0n) : a >> b)),
  overloaded('binary_not', [{ params: [L], ret: L, fn: (a) => ~(a as bigint) }]),
  overloaded('bitset_count_ones', [{ params: [L], ret: L, fn: (a) => popcount(a as bigint) }]),
];
