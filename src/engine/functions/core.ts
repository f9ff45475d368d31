// Core scalar functions: the clock (now, ago), bin, logic and null tests, conditionals, gettype, new_guid
// and the to*() conversion family.

import { INT_MAX, INT_MIN, type Dynamic, type ScalarType, type Value } from '../../types.js';
import { randomUUID } from 'node:crypto';
import { KqlError } from '../../diagnostics.js';
import type { BExpr } from '../bound.js';
import { convertValue, parseJsonValue } from '../convert.js';
import { dynamicKind } from '../values.js';
import { coerce, custom, foldIfConstant, overloaded, type ScalarFunction } from './registry.js';

const T = 'timespan';

/** now([offset]): the query's fixed clock, plus an optional timespan offset. */
const now = custom('now', 0, 1, (site) => {
  if (site.args.length === 0) return { k: 'const', type: 'datetime', value: site.now, span: site.span };
  const off = site.args[0]!;
  if (off.type !== T) throw typeError(site.span, 'now', 'timespan', off.type);
  return foldIfConstant({ k: 'call', type: 'datetime', name: 'now', fn: (o) => site.now + (o as bigint), args: [off], handlesNulls: false, span: site.span });
});

/** ago(timespan) = now() - timespan. */
const ago = custom('ago', 1, 1, (site) => {
  const off = site.args[0]!;
  if (off.type !== T) throw typeError(site.span, 'ago', 'timespan', off.type);
  return foldIfConstant({ k: 'call', type: 'datetime', name: 'ago', fn: (o) => site.now - (o as bigint), args: [off], handlesNulls: false, span: site.span });
});

function typeError(span: BExpr['span'], fn: string, want: string, got: ScalarType): KqlError {
  return new KqlError({ code: 'KQL105', kind: 'semantic', message: `${fn}() expects a ${want} argument, not ${got}`, span });
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
};

/** The ticks from 0001-01-01 to 1970-01-01: bin() of datetimes aligns to multiples since 0001-01-01. */
const EPOCH0001 = 621_355_968_000_000_000n;

const bin = overloaded('bin', [
  { params: ['long', 'long'], ret: 'long', fn: (v, s) => ((s as bigint) <= 0n ? null : floorDiv(v as bigint, s as bigint) * (s as bigint)) },
  { params: ['real', 'real'], ret: 'real', fn: (v, s) => ((s as number) <= 0 ? null : Math.floor((v as number) / (s as number)) * (s as number)) },
  {
    params: ['datetime', T],
    ret: 'datetime',
    fn: (v, s) => ((s as bigint) <= 0n ? null : floorDiv((v as bigint) + EPOCH0001, s as bigint) * (s as bigint) - EPOCH0001),
  },
  { params: [T, T], ret: T, fn: (v, s) => ((s as bigint) <= 0n ? null : floorDiv(v as bigint, s as bigint) * (s as bigint)) },
]);

const binAt = overloaded('bin_at', [
  { params: ['long', 'long', 'long'], ret: 'long', fn: (v, s, a) => ((s as bigint) <= 0n ? null : floorDiv((v as bigint) - (a as bigint), s as bigint) * (s as bigint) + (a as bigint)) },
  { params: ['real', 'real', 'real'], ret: 'real', fn: (v, s, a) => ((s as number) <= 0 ? null : Math.floor(((v as number) - (a as number)) / (s as number)) * (s as number) + (a as number)) },
  { params: ['datetime', T, 'datetime'], ret: 'datetime', fn: (v, s, a) => ((s as bigint) <= 0n ? null : floorDiv((v as bigint) - (a as bigint), s as bigint) * (s as bigint) + (a as bigint)) },
  { params: [T, T, T], ret: T, fn: (v, s, a) => ((s as bigint) <= 0n ? null : floorDiv((v as bigint) - (a as bigint), s as bigint) * (s as bigint) + (a as bigint)) },
]);

const not = overloaded('not', [{ params: ['bool'], ret: 'bool', fn: (b) => !b }]);

const isnull = overloaded('isnull', [{ params: ['any'], ret: 'bool', fn: (v) => v === null, handlesNulls: true }]);
const isnotnull = overloaded('isnotnull', [{ params: ['any'], ret: 'bool', fn: (v) => v !== null, handlesNulls: true }]);

function emptyTest(negate: boolean): ScalarFunction {
  return overloaded(negate ? 'isnotempty' : 'isempty', [
    {
      params: ['any'],
      ret: 'bool',
      handlesNulls: true,
      fn: () => null,
      make: ([t]) => (v) => {
        const empty = v === null || v === '' || (t === 'dynamic' && v === '');
        return negate ? !empty : empty;
      },
    },
  ]);
}

/** The common type of branches: equal types, or numeric widening; dynamic absorbs others. */
export function commonType(types: ScalarType[]): ScalarType | undefined {
  let t = types[0]!;
  for (const u of types.slice(1)) {
    if (u === t) continue;
    const num = ['int', 'long', 'real', 'decimal'];
    if (num.includes(t) && num.includes(u)) {
      t = t === 'real' || u === 'real' || t === 'decimal' || u === 'decimal' ? 'real' : 'long';
    } else if (t === 'dynamic' || u === 'dynamic') t = 'dynamic';
    else return undefined;
  }
  return t;
}

/** A null literal (typed `string` by default) adopts the type of the other branches. */
function isNullLiteral(e: BExpr): boolean {
  return e.k === 'const' && e.value === null;
}

function branchesType(site: { span: BExpr['span']; name: string }, branches: BExpr[]): ScalarType {
  const typed = branches.filter((b) => !isNullLiteral(b)).map((b) => b.type);
  const t = typed.length ? commonType(typed) : branches[0]!.type;
  if (!t) {
    throw new KqlError({
      code: 'KQL106',
      kind: 'semantic',
      message: `${site.name}() branches have different types: ${branches.map((b) => b.type).join(', ')}`,
      span: site.span,
    });
  }
  return t;
}

const iff = custom('iff', 3, 3, (site) => {
  const [c, a, b] = site.args as [BExpr, BExpr, BExpr];
  const t = branchesType(site, [a, b]);
  const args = [coerce(c, 'bool'), coerce(a, t), coerce(b, t)];
  return foldIfConstant({ k: 'call', type: t, name: 'iff', fn: (p, x, y) => (p === true ? x : y), args, handlesNulls: true, span: site.span });
});

const caseFn = custom('case', 3, 255, (site) => {
  if (site.args.length % 2 === 0) {
    throw new KqlError({ code: 'KQL104', kind: 'semantic', message: 'case() takes predicate/value pairs followed by an else value (an odd number of arguments)', span: site.span });
  }
  const values = site.args.filter((_, i) => i % 2 === 1 || i === site.args.length - 1);
  const t = branchesType(site, values);
  const args = site.args.map((a, i) => (i % 2 === 0 && i !== site.args.length - 1 ? coerce(a, 'bool') : coerce(a, t)));
  return foldIfConstant({
    k: 'call',
    type: t,
    name: 'case',
    fn: (...v) => {
      for (let i = 0; i + 1 < v.length; i += 2) if (v[i] === true) return v[i + 1]!;
      return v[v.length - 1]!;
    },
    args,
    handlesNulls: true,
    span: site.span,
  });
});

const coalesce = custom('coalesce', 1, 64, (site) => {
  const t = branchesType(site, site.args);
  const args = site.args.map((a) => coerce(a, t));
  return foldIfConstant({
    k: 'call',
    type: t,
    name: 'coalesce',
    fn: (...v) => {
      for (const x of v) if (x !== null && !(t === 'string' && x === '')) return x;
      return t === 'string' ? '' : null;
    },
    args,
    handlesNulls: true,
    span: site.span,
  });
});

/** Text JS's Number() reads but .NET's number parsing does not: hex, binary and octal prefixes. */
const NON_DECIMAL = /^\s*[+-]?0[xXbBoO]/;
const NUMERIC_TARGETS: ScalarType[] = ['int', 'long', 'real', 'decimal'];

/** tostring(), tolong(), ...: convert any scalar; null when it does not convert. */
function conversion(name: string, to: ScalarType): ScalarFunction {
  const guardText = NUMERIC_TARGETS.includes(to);
  return overloaded(name, [
    {
      params: ['any'],
      ret: to,
      handlesNulls: true,
      fn: () => null,
      make: ([from]) => (v) => {
        if (guardText && typeof v === 'string' && NON_DECIMAL.test(v)) return null;
        return convertValue(v, from!, to);
      },
    },
  ]);
}

/** parse_json / todynamic: JSON text to a dynamic value; empty (or all-space) text is the null dynamic. */
const todynamic = overloaded('todynamic', [
  { params: ['string'], ret: 'dynamic', fn: (s) => ((s as string).trim() === '' ? null : parseJsonValue(s as string)) },
  { params: ['dynamic'], ret: 'dynamic', fn: (d) => d, handlesNulls: true },
]);

/** The runtime kind of a dynamic value; whole numbers in the 32-bit range are `int`, as Kusto's JSON reader stores them. */
function dynamicType(v: Dynamic): string {
  if (typeof v === 'number' && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX) return 'int';
  return dynamicKind(v);
}

const gettype = overloaded('gettype', [
  {
    params: ['any'],
    ret: 'string',
    handlesNulls: true,
    fn: () => null,
    make: ([t]) => (v) => (t === 'dynamic' ? dynamicType(v as Dynamic) : t!),
  },
]);

/** new_guid(): a random (version 4) guid, different on every call. */
const newGuid = overloaded('new_guid', [{ params: [], ret: 'guid', volatile: true, fn: () => randomUUID() }]);

/** The core family, registered by functions/index.ts. */
export const coreFunctions: ScalarFunction[] = [
  newGuid,
  now,
  ago,
  bin,
  { ...bin, name: 'floor' },
  binAt,
  not,
  isnull,
  isnotnull,
  { ...isnotnull, name: 'notnull' },
  emptyTest(false),
  emptyTest(true),
  { ...emptyTest(true), name: 'notempty' },
  iff,
  { ...iff, name: 'iif' },
  caseFn,
  coalesce,
  conversion('tostring', 'string'),
  conversion('tolong', 'long'),
  conversion('toint', 'int'),
  conversion('toreal', 'real'),
  conversion('todouble', 'real'),
  conversion('todecimal', 'decimal'),
  conversion('tobool', 'bool'),
  conversion('toboolean', 'bool'),
  conversion('todatetime', 'datetime'),
  conversion('totimespan', 'timespan'),
  conversion('toguid', 'guid'),
  todynamic,
  { ...todynamic, name: 'parse_json' },
  { ...todynamic, name: 'parsejson' },
  gettype,
];
