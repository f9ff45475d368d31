// Dynamic-value functions: arrays (array_length, array_slice, array_index_of, array_sort_*, ...), property
// bags (bag_pack/pack, bag_keys, bag_merge, bag_remove_keys, ...) and sets (set_union, set_intersect, ...).
// Functions that expect an array or a bag return null for any other value.

import type { Dynamic, Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { compareValues, dynamicEquals, toDynamic, valueKey } from '../values.js';
import { followPath, jsonPathSteps } from './jsonpath.js';
import { custom, foldIfConstant, overloaded, type ScalarFunction } from './registry.js';
import { errors } from '../binder/errors.js';
import { chargeLargeValue } from '../exec/memory.js';

type Bag = { [key: string]: Dynamic };
const isArray = (v: Value): v is Dynamic[] => Array.isArray(v);
const isBag = (v: Value): v is Bag => v !== null && typeof v === 'object' && !Array.isArray(v);
const DY = 'dynamic';

/** A number argument (long) as a JS number. */
const int = (v: Value, dflt: number): number => (v === undefined || v === null ? dflt : Number(v));

// ------------------------------------------------------------------------------------------ arrays

const arrayLength = overloaded('array_length', [{ params: [DY], ret: 'long', fn: (a) => (isArray(a) ? BigInt(a.length) : null) }]);

const arrayConcat = overloaded('array_concat', [
  { params: [DY], variadic: true, ret: DY, handlesNulls: true, fn: (...arrs) => (arrs.every(isArray) ? (arrs as Dynamic[][]).flat(1) : null) },
]);

/** array_slice(a, start, end): both ends inclusive, negative indexes count from the end, out-of-range ends are clamped. */
const arraySlice = overloaded('array_slice', [
  {
    params: [DY, 'long', 'long'],
    ret: DY,
    fn: (a, s, e) => {
      if (!isArray(a)) return null;
      const n = a.length;
      let start = Number(s);
      let end = Number(e);
      if (start < 0) start += n;
      if (end < 0) end += n;
      start = Math.max(0, start);
      end = Math.min(n - 1, end);
      return start > end ? [] : a.slice(start, end + 1);
    },
  },
]);

/** array_index_of(a, value [, start [, length [, occurrence]]]): -1 when absent, null for invalid arguments. */
const arrayIndexOf = overloaded('array_index_of', [
  {
    params: [DY, 'any', 'long', 'long', 'long'],
    min: 2,
    ret: 'long',
    handlesNulls: true,
    fn: () => null,
    make: (types) => (a, value, start, length, occurrence) => {
      if (!isArray(a)) return null;
      const want = toDynamic(value, types[1]!);
      const n = a.length;
      let st = int(start, 0);
      const len = int(length, -1);
      const occ = int(occurrence, 1);
      if (len < -1 || occ < 0) return null;
      if (st < 0) st = Math.max(0, n + st);
      let pos = st - 1;
      for (let k = 0; k < Math.max(occ, 1); k++) {
        const from = pos + 1;
        const end = len === -1 ? n : Math.min(n, from + len);
        pos = -1;
        for (let i = from; i < end; i++) {
          if (dynamicEquals(a[i] ?? null, want)) {
            pos = i;
            break;
          }
        }
        if (pos < 0) return -1n;
      }
      return BigInt(pos);
    },
  },
]);

/** Sort rank of an element: numbers, then strings, then everything else. */
function rank(v: Dynamic): number {
  return typeof v === 'number' || typeof v === 'bigint' ? 0 : typeof v === 'string' ? 1 : 2;
}

function sortArray(a: Dynamic[], desc: boolean, nullsLast: boolean): Dynamic[] {
  const vals = a.filter((v) => v !== null);
  const nulls = a.filter((v) => v === null);
  vals.sort((x, y) => rank(x) - rank(y) || compareValues(x, y, DY));
  if (desc) vals.reverse();
  return nullsLast ? [...vals, ...nulls] : [...nulls, ...vals];
}

/** array_sort_asc / array_sort_desc of one array, with an optional nulls_last flag (default true). */
function arraySort(desc: boolean): ScalarFunction {
  const name = desc ? 'array_sort_desc' : 'array_sort_asc';
  const f = overloaded(name, [
    { params: [DY], ret: DY, fn: (a) => (isArray(a) ? sortArray(a, desc, true) : null) },
    { params: [DY, 'bool'], ret: DY, handlesNulls: true, fn: (a, nl) => (isArray(a) ? sortArray(a, desc, nl !== false) : null) },
  ]);
  return custom(name, 1, 64, (site): BExpr => {
    const extra = site.args.length === 2 ? site.args[1]!.type !== 'bool' : site.args.length > 2;
    if (extra) throw errors.unsupported(`${name}() of several arrays (it returns several columns)`, site.span);
    return f.bind(site);
  });
}

const arrayReverse = overloaded('array_reverse', [{ params: [DY], ret: DY, fn: (a) => (isArray(a) ? [...a].reverse() : null) }]);

const arraySum = overloaded('array_sum', [
  {
    params: [DY],
    ret: 'real',
    fn: (a) => {
      if (!isArray(a)) return null;
      let s = 0;
      for (const v of a) {
        if (typeof v !== 'number' && typeof v !== 'bigint') return null;
        s += Number(v);
      }
      return s;
    },
  },
]);

/** repeat(value, count): an array holding value count times (empty for 0, null for a negative count). */
const repeat = overloaded('repeat', [
  {
    params: ['any', 'long'],
    ret: DY,
    handlesNulls: true,
    fn: () => null,
    make: ([t]) => (v, n) => {
      if (n === null || Number(n) < 0) return null;
      const size = Math.min(Number(n), 1_048_576);
      chargeLargeValue(size, () => `repeat() would build an array of ${size.toLocaleString('en-US')} elements`);
      return Array<Dynamic>(size).fill(toDynamic(v, t!));
    },
  },
]);

/** pack_array(v1, v2, ...): the values as a dynamic array. */
const packArray = overloaded('pack_array', [
  { params: ['any'], variadic: true, ret: DY, handlesNulls: true, fn: () => null, make: (types) => (...vals) => vals.map((v, i) => toDynamic(v, types[i]!)) },
]);

// ------------------------------------------------------------------------------------------ bags

/** bag_pack(key1, value1, key2, value2, ...) (and its aliases pack, pack_dictionary). */
const bagPack = custom('bag_pack', 0, 128, (site): BExpr => {
  if (site.args.length % 2 !== 0) throw errors.invalid('bag_pack() takes key/value pairs (an even number of arguments)', site.span);
  const types = site.args.map((a) => a.type);
  const fn = (...vals: Value[]): Value => {
    const o: Bag = {};
    for (let i = 0; i < vals.length; i += 2) o[String(vals[i] ?? '')] = toDynamic(vals[i + 1]!, types[i + 1]!);
    return o;
  };
  return foldIfConstant({ k: 'call', type: DY, name: 'bag_pack', fn, args: site.args, handlesNulls: true, span: site.span });
});

const bagKeys = overloaded('bag_keys', [{ params: [DY], ret: DY, fn: (b) => (isBag(b) ? Object.keys(b) : null) }]);

/** bag_merge(b1, b2, ...): when a key appears in several bags, the leftmost bag's value is kept. */
const bagMerge = overloaded('bag_merge', [
  {
    params: [DY],
    variadic: true,
    ret: DY,
    handlesNulls: true,
    fn: (...bags) => {
      const o: Bag = {};
      for (const b of bags) {
        if (!isBag(b)) continue;
        for (const [k, v] of Object.entries(b)) if (!(k in o)) o[k] = v;
      }
      return o;
    },
  },
]);

/** The steps of a key: a plain first-level key, or a JSONPath (`$.a.b`, `$['a']`). */
function keySteps(key: Dynamic): (string | number)[] | null {
  if (typeof key !== 'string') return null;
  return key.startsWith('$') ? jsonPathSteps(key) : [key];
}

function removePath(b: Bag, steps: (string | number)[]): Bag {
  const [head, ...rest] = steps;
  if (typeof head !== 'string' || !(head in b)) return b;
  const o: Bag = { ...b };
  if (rest.length === 0) delete o[head];
  else if (isBag(o[head]!)) o[head] = removePath(o[head] as Bag, rest);
  return o;
}

const bagRemoveKeys = overloaded('bag_remove_keys', [
  {
    params: [DY, DY],
    ret: DY,
    fn: (b, keys) => {
      if (!isBag(b)) return null;
      if (!isArray(keys)) return b;
      let o: Bag = b;
      for (const k of keys) {
        const steps = keySteps(k);
        if (steps && steps.length) o = removePath(o, steps);
      }
      return o;
    },
  },
]);

const bagHasKey = overloaded('bag_has_key', [
  {
    params: [DY, 'string'],
    ret: 'bool',
    fn: (b, key) => {
      if (!isBag(b)) return null;
      const steps = keySteps(key as string);
      return steps !== null && steps.length > 0 && followPath(b, steps) !== undefined;
    },
  },
]);

const bagSetKey = overloaded('bag_set_key', [
  {
    params: [DY, 'string', 'any'],
    ret: DY,
    handlesNulls: true,
    fn: () => null,
    make: (types) => (b, key, v) => {
      if (!isBag(b)) return null;
      const steps = keySteps(key as string);
      if (!steps || !steps.length || steps.some((s) => typeof s !== 'string')) return null;
      const set = (o: Bag, i: number): Bag => {
        const k = steps[i] as string;
        const next = o[k];
        return { ...o, [k]: i === steps.length - 1 ? toDynamic(v, types[2]!) : set(isBag(next ?? null) ? (next as Bag) : {}, i + 1) };
      };
      return set(b, 0);
    },
  },
]);

// ------------------------------------------------------------------------------------------ sets

/** Distinct elements of arrays, in first-seen order. */
function distinct(arrs: Dynamic[][]): Dynamic[] {
  const seen = new Set<string>();
  const out: Dynamic[] = [];
  for (const a of arrs) {
    for (const v of a) {
      const k = valueKey(typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(v);
      }
    }
  }
  return out;
}

const keyOf = (v: Dynamic): string => valueKey(typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v);

function setFn(name: string, combine: (arrs: Dynamic[][]) => Dynamic[]): ScalarFunction {
  return overloaded(name, [
    { params: [DY, DY], variadic: true, ret: DY, handlesNulls: true, fn: (...arrs) => (arrs.every(isArray) ? combine(arrs as Dynamic[][]) : null) },
  ]);
}

const setUnion = setFn('set_union', distinct);
const setIntersect = setFn('set_intersect', (arrs) => {
  const others = arrs.slice(1).map((a) => new Set(a.map(keyOf)));
  return distinct([arrs[0]!]).filter((v) => others.every((s) => s.has(keyOf(v))));
});
const setDifference = setFn('set_difference', (arrs) => {
  const others = new Set(arrs.slice(1).flatMap((a) => a.map(keyOf)));
  return distinct([arrs[0]!]).filter((v) => !others.has(keyOf(v)));
});

const setHasElement = overloaded('set_has_element', [
  {
    params: [DY, 'any'],
    ret: 'bool',
    handlesNulls: true,
    fn: () => null,
    make: (types) => (a, v) => {
      if (!isArray(a)) return null;
      const want = toDynamic(v, types[1]!);
      return a.some((x) => dynamicEquals(x, want));
    },
  },
]);

/** jaccard_index(a, b): |a ∩ b| / |a ∪ b| of the distinct elements (NaN when both are empty). */
const jaccardIndex = overloaded('jaccard_index', [
  {
    params: [DY, DY],
    ret: 'real',
    fn: (a, b) => {
      if (!isArray(a) || !isArray(b)) return null;
      const sa = new Set(a.map(keyOf));
      const sb = new Set(b.map(keyOf));
      let both = 0;
      for (const k of sa) if (sb.has(k)) both++;
      return both / (sa.size + sb.size - both);
    },
  },
]);

/** The dynamic family, registered by functions/index.ts. */
export const dynamicFunctions: ScalarFunction[] = [
  arrayLength,
  { ...arrayLength, name: 'arraylength' },
  arrayConcat,
  arraySlice,
  arrayIndexOf,
  arraySort(false),
  arraySort(true),
  arrayReverse,
  arraySum,
  repeat,
  packArray,
  bagPack,
  { ...bagPack, name: 'pack' },
  { ...bagPack, name: 'pack_dictionary' },
  bagKeys,
  bagMerge,
  bagRemoveKeys,
  bagHasKey,
  bagSetKey,
  setUnion,
  setIntersect,
  setDifference,
  setHasElement,
  jaccardIndex,
];
