// Binary operators as overloaded functions: arithmetic (with Kusto's int→long widening, truncating integer
// division and non-negative modulo), comparisons (in comparisons.ts) and the string operators.

import type { BinaryOp } from '../../parser/ast.js';
import type { ScalarType, Value } from '../../types.js';
import { toText } from '../values.js';
import { comparison } from './comparisons.js';
import { type Overload, overloaded, type ScalarFunction, wrongArgTypes } from './registry.js';
import { termMatch } from './terms.js';
import { likeToRegex, regexTest } from './regex.js';

const wrap64 = (b: bigint): bigint => BigInt.asIntN(64, b);

function arithmetic(op: '+' | '-' | '*' | '/' | '%'): Overload[] {
  const longFn: Record<typeof op, (a: bigint, b: bigint) => bigint | null> = {
    '+': (a, b) => wrap64(a + b),
    '-': (a, b) => wrap64(a - b),
    '*': (a, b) => wrap64(a * b),
    '/': (a, b) => (b === 0n ? null : wrap64(a / b)),
    '%': (a, b) => {
      if (b === 0n) return null;
      const r = a % b;
      return r < 0n ? r + (b < 0n ? -b : b) : r;
    },
  };
  const realFn: Record<typeof op, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
    '%': (a, b) => {
      const r = a % b;
      return r < 0 ? r + Math.abs(b) : r;
    },
  };
  const L = longFn[op] as (a: Value, b: Value) => Value;
  const R = realFn[op] as (a: Value, b: Value) => Value;
  const list: Overload[] = [
    { params: ['long', 'long'], ret: 'long', fn: L },
    { params: ['real', 'real'], ret: 'real', fn: R },
  ];
  const T = 'timespan';
  const D = 'datetime';
  if (op === '+') {
    list.push(
      { params: [D, T], ret: D, fn: L },
      { params: [T, D], ret: D, fn: L },
      { params: [T, T], ret: T, fn: L },
    );
  } else if (op === '-') {
    list.push(
      { params: [D, D], ret: T, fn: L },
      { params: [D, T], ret: D, fn: L },
      { params: [T, T], ret: T, fn: L },
    );
  } else if (op === '*') {
    list.push(
      { params: [T, 'long'], ret: T, fn: L },
      { params: ['long', T], ret: T, fn: L },
      { params: [T, 'real'], ret: T, fn: (a, b) => BigInt(Math.round(Number(a) * (b as number))) },
      { params: ['real', T], ret: T, fn: (a, b) => BigInt(Math.round((a as number) * Number(b))) },
    );
  } else if (op === '/') {
    list.push(
      { params: [T, T], ret: 'real', fn: (a, b) => Number(a) / Number(b) },
      { params: [T, 'long'], ret: T, fn: L },
      { params: [T, 'real'], ret: T, fn: (a, b) => ((b as number) === 0 ? null : BigInt(Math.round(Number(a) / (b as number)))) },
    );
  } else {
    list.push({ params: [T, T], ret: T, fn: L });
  }
  return list;
}

/**
 * A string operator: both sides are strings, or dynamic values read as text (Kusto rejects other types,
 * e.g. `EventID has "4624"` on an int column, with KQL105, which the binder reports at the operator).
 */
function stringOp(name: string, test: (hay: string, needle: string) => boolean, negate: boolean): ScalarFunction {
  const inner = overloaded(name, [
    {
      params: ['any', 'string'],
      ret: 'bool',
      fn: () => null,
      handlesNulls: true,
      make: (types) => {
        const t = types[0]!;
        return (a, b) => {
          const r = test(t === 'string' ? (a as string) : toText(a, t), (b ?? '') as string);
          return negate ? !r : r;
        };
      },
    },
  ]);
  return {
    ...inner,
    bind(site) {
      const bad = site.args.find((a) => a.type !== 'string' && a.type !== 'dynamic');
      if (bad) throw wrongArgTypes(site, [{ params: ['string', 'string'], ret: 'bool', fn: () => null }]);
      return inner.bind(site);
    },
  };
}

const lower = (s: string): string => s.toLowerCase();

const STRING_TESTS: Record<string, (hay: string, needle: string) => boolean> = {
  has: (h, n) => termMatch(lower(h), lower(n), true, true),
  has_cs: (h, n) => termMatch(h, n, true, true),
  hasprefix: (h, n) => termMatch(lower(h), lower(n), true, false),
  hasprefix_cs: (h, n) => termMatch(h, n, true, false),
  hassuffix: (h, n) => termMatch(lower(h), lower(n), false, true),
  hassuffix_cs: (h, n) => termMatch(h, n, false, true),
  contains: (h, n) => lower(h).includes(lower(n)),
  contains_cs: (h, n) => h.includes(n),
  startswith: (h, n) => lower(h).startsWith(lower(n)),
  startswith_cs: (h, n) => h.startsWith(n),
  endswith: (h, n) => lower(h).endsWith(lower(n)),
  endswith_cs: (h, n) => h.endsWith(n),
  '=~': (h, n) => lower(h) === lower(n),
  'matches regex': (h, n) => regexTest(n, h),
  like: (h, n) => regexTest(likeToRegex(n, true), h),
  likecs: (h, n) => regexTest(likeToRegex(n, false), h),
};

const cache = new Map<string, ScalarFunction>();

/** The function implementing a binary operator. */
export function binaryOperator(op: BinaryOp): ScalarFunction | undefined {
  const hit = cache.get(op);
  if (hit) return hit;
  let f: ScalarFunction | undefined;
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      f = overloaded(op, arithmetic(op));
      break;
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '<>':
      f = comparison(op === '<>' ? '!=' : op);
      break;
    case '!~':
      f = stringOp(op, STRING_TESTS['=~']!, true);
      break;
    case 'notlike':
      f = stringOp(op, STRING_TESTS['like']!, true);
      break;
    case 'notlikecs':
      f = stringOp(op, STRING_TESTS['likecs']!, true);
      break;
    case 'and':
    case 'or':
      return undefined;
    default: {
      const negate = op.startsWith('!');
      const test = STRING_TESTS[negate ? op.slice(1) : op];
      if (test) f = stringOp(op, test, negate);
    }
  }
  if (f) cache.set(op, f);
  return f;
}

/** The string test behind a has/contains-style operator name (used by has_any and explain). */
export function stringTest(name: string): ((hay: string, needle: string) => boolean) | undefined {
  return STRING_TESTS[name];
}
