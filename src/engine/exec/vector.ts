// Column-at-a-time evaluation of the expression shapes that dominate real rules, used by extend and
// summarize instead of one closure call per row:
//   - a column reference reads the column in place (no copy);
//   - bin/floor of a datetime or timespan by a whole number of milliseconds runs on the typed arrays;
//   - any pure expression of one dictionary-encoded string column (has, in~, tolower, strcat with
//     constants, ...) is computed once per distinct string and spread over the rows by code.
// Anything else returns undefined and the caller uses row closures.

import { BoolColumn, ConstantColumn, StringColumn, TicksColumn, columnBuilder, type CodeArray, type Column } from '../../tables/column.js';
import type { Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { compile, type CompileEnv } from './compile.js';
import { overDictionary, singleDictionaryColumn } from './dependencies.js';

/** An expression's values at logical positions 0..n-1: `col` read at `idx[i]`, or at `i` when idx is null. */
export interface Vec {
  col: Column;
  idx: ArrayLike<number> | null;
  /** Set when every non-null value is a whole number of milliseconds on a grid of this step (bins). */
  grid?: number;
  /** With grid: the least and greatest non-null value (Infinity and -Infinity when there is none). */
  gridRange?: [number, number];
}

/** 0001-01-01 in milliseconds before 1970-01-01: datetime bins align to multiples since then. */
const EPOCH0001_MS = 62_135_596_800_000;

/** The values of `e` at the physical rows `rows`, or undefined when `e` has no column-at-a-time form. */
export function vectorize(e: BExpr, env: CompileEnv, rows: ArrayLike<number>): Vec | undefined {
  if (e.k === 'col') return { col: env.table.columns[e.index]!, idx: rows };
  if (e.k === 'const') return { col: new ConstantColumn(e.type, e.value, rows.length), idx: null };
  if (e.k === 'call' && (e.name === 'bin' || e.name === 'floor')) {
    const binned = binTicks(e, env, rows);
    if (binned) return binned;
  }
  const dict = singleDictionaryColumn(e, env.table);
  if (dict) return perDistinctValue(e, env, dict, rows);
  return undefined;
}

/** bin(datetime|timespan, span) with span a positive whole number of milliseconds. */
function binTicks(e: Extract<BExpr, { k: 'call' }>, env: CompileEnv, rows: ArrayLike<number>): Vec | undefined {
  const [x, size] = e.args as [BExpr, BExpr | undefined];
  if (!size || size.k !== 'const' || typeof size.value !== 'bigint' || size.value <= 0n || size.value % 10000n !== 0n) return undefined;
  if (e.type !== 'datetime' && e.type !== 'timespan') return undefined;
  if (x.k !== 'col' || x.type !== e.type) return undefined;
  const src = env.table.columns[x.index];
  if (!(src instanceof TicksColumn)) return undefined;
  const step = Number(size.value / 10000n);
  // floor((ms*10000 + sub + offset) / span) * span - offset, with offset and span whole milliseconds:
  // the sub-millisecond part never changes which bin a value falls in, so whole milliseconds suffice.
  const offset = e.type === 'datetime' ? EPOCH0001_MS : 0;
  const n = rows.length;
  const ms = new Float64Array(n);
  const nulls = src.nulls ? new Uint8Array(n) : null;
  const from = src.ms;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (nulls && src.nulls![r]) {
      nulls[i] = 1;
      continue;
    }
    const b = Math.floor((from[r]! + offset) / step) * step - offset;
    ms[i] = b;
    if (b < min) min = b;
    if (b > max) max = b;
  }
  return { col: new TicksColumn(e.type, ms, zeros(n), nulls), idx: null, grid: step, gridRange: [min, max] };
}

let zeroSub = new Uint16Array(0);

/** n zeros, shared (bins have no sub-millisecond part, and no column is written after it is made). */
function zeros(n: number): Uint16Array {
  if (zeroSub.length < n) zeroSub = new Uint16Array(Math.max(n, zeroSub.length * 2));
  return zeroSub.subarray(0, n);
}

/**
 * `e` (a pure function of one dictionary column) evaluated once per distinct string and read by code:
 * up front when the dictionary is no larger than the rows, else on first sight of each code.
 */
function perDistinctValue(e: BExpr, env: CompileEnv, d: { index: number; col: StringColumn }, rows: ArrayLike<number>): Vec {
  const { codes } = d.col;
  const n = rows.length;
  const slots = d.col.pool.size + 1;
  if (slots > 1 && slots <= n) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = codes[rows[i]!]! + 1;
    return { col: overDictionary(e, env, d.index, d.col), idx };
  }
  const f = compile(e, env);
  const done = new Uint8Array(slots);
  const cache: Value[] = new Array(slots);
  const b = columnBuilder(e.type);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const c = codes[r]! + 1;
    if (!done[c]) {
      cache[c] = f(r);
      done[c] = 1;
    }
    b.push(cache[c]!);
  }
  return { col: b.build(), idx: null };
}

/** A dense column of the vector's values (reads through the index; no copy when there is none). */
export function denseColumn(v: Vec): Column {
  return v.idx ? v.col.take(v.idx) : v.col;
}

/**
 * The column of physical length `length` holding `dense[i]` at row `sel[i]` (the other rows are never
 * read: the selection hides them). Used by extend when it keeps its input's selection.
 */
export function scatter(dense: Column, sel: ArrayLike<number>, length: number): Column {
  if (dense instanceof TicksColumn) {
    const ms = new Float64Array(length);
    const sub = new Uint16Array(length);
    const nulls = dense.nulls ? new Uint8Array(length) : null;
    for (let i = 0; i < sel.length; i++) {
      const r = sel[i]!;
      ms[r] = dense.ms[i]!;
      sub[r] = dense.sub[i]!;
      if (nulls) nulls[r] = dense.nulls![i]!;
    }
    return new TicksColumn(dense.type, ms, sub, nulls);
  }
  if (dense instanceof BoolColumn) {
    const out = new Uint8Array(length).fill(2);
    for (let i = 0; i < sel.length; i++) out[sel[i]!] = dense.values[i]!;
    return new BoolColumn(out);
  }
  if (dense instanceof StringColumn) {
    const codes = new (dense.codes.constructor as new (n: number) => CodeArray)(length);
    for (let i = 0; i < sel.length; i++) codes[sel[i]!] = dense.codes[i]!;
    return new StringColumn(dense.type, codes, dense.pool);
  }
  const b = columnBuilder(dense.type);
  const at = new Int32Array(length).fill(-1);
  for (let i = 0; i < sel.length; i++) at[sel[i]!] = i;
  for (let r = 0; r < length; r++) b.push(at[r]! < 0 ? null : dense.get(at[r]!));
  return b.build();
}
