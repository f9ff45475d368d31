// Ordering operators: sort (stable, Kusto's default descending with nulls last), top, take and distinct.

import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { BoundSortKey, Plan } from '../bound.js';
import { compile } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { relRows, type Rel } from '../exec/relation.js';
import { compareValues, valueKey } from '../values.js';
import { columnBuilder, LongColumn, NumberColumn, TicksColumn } from '../../tables/column.js';

/** A sort key that is a plain datetime/timespan, long (all safe integers), int or real column: its typed arrays. */
interface TypedKey {
  vals: Float64Array | Int32Array;
  sub: Uint16Array | null;
  nulls: Uint8Array | null;
}

function typedKey(k: BoundSortKey, input: Rel): TypedKey | undefined {
  const col = k.expr.k === 'col' ? input.table.columns[k.expr.index] : undefined;
  if (col instanceof TicksColumn) return { vals: col.ms, sub: col.sub, nulls: col.nulls };
  if (col instanceof LongColumn && col.small) return { vals: col.small, sub: null, nulls: col.nulls };
  if (col instanceof NumberColumn && col.type !== 'decimal') return { vals: col.values, sub: null, nulls: col.nulls };
  return undefined;
}

/**
 * A comparator over logical row positions for the sort keys (nulls placed per key; ties keep input
 * order). Keys that are plain typed columns are read from their arrays; other keys are evaluated once
 * per row.
 */
function rowComparator(keys: BoundSortKey[], input: Rel, ctx: ExecContext): { rows: ArrayLike<number>; cmp: (a: number, b: number) => number } {
  const env = compileEnv(input.table, ctx);
  const rows = relRows(input);
  const n = rows.length;
  const parts = keys.map((k): ((a: number, b: number) => number) => {
    const sign = k.desc ? -1 : 1;
    const nullOrder = (xNull: boolean): number => (xNull === k.nullsFirst ? -1 : 1);
    const typed = typedKey(k, input);
    if (typed) {
      const { vals, sub, nulls } = typed;
      return (a, b) => {
        const ra = rows[a]!;
        const rb = rows[b]!;
        if (nulls && (nulls[ra] || nulls[rb])) return nulls[ra] && nulls[rb] ? 0 : nullOrder(nulls[ra] === 1);
        const x = vals[ra]!;
        const y = vals[rb]!;
        if (x !== y) {
          // NaN sorts below every number.
          if (x !== x || y !== y) return (x !== x ? (y !== y ? 0 : -1) : 1) * sign;
          return (x < y ? -1 : 1) * sign;
        }
        return sub ? (sub[ra]! - sub[rb]!) * sign : 0;
      };
    }
    const f = compile(k.expr, env);
    const vals = new Array<Value>(n);
    for (let i = 0; i < n; i++) vals[i] = f(rows[i]!);
    const t = k.expr.type;
    return (a, b) => {
      const x = vals[a]!;
      const y = vals[b]!;
      if (x === null || y === null) return x === y ? 0 : nullOrder(x === null);
      return compareValues(x, y, t) * sign;
    };
  });
  const cmp = (a: number, b: number): number => {
    for (const p of parts) {
      const c = p(a, b);
      if (c !== 0) return c;
    }
    return a - b;
  };
  return { rows, cmp };
}

/** Logical row order for sort keys (stable: equal rows keep their input order). */
function sortedRows(keys: BoundSortKey[], input: Rel, ctx: ExecContext): Uint32Array {
  const { rows, cmp } = rowComparator(keys, input, ctx);
  const idx = new Uint32Array(rows.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort(cmp);
  for (let i = 0; i < idx.length; i++) idx[i] = rows[idx[i]!]!;
  return idx;
}

export function runSort(p: Extract<Plan, { op: 'sort' }>, input: Rel, ctx: ExecContext): Rel {
  return { table: input.table, sel: sortedRows(p.keys, input, ctx) };
}

/** top N: a bounded max-heap of the N best rows (O(rows log N)), then those N sorted. */
export function runTop(p: Extract<Plan, { op: 'top' }>, input: Rel, ctx: ExecContext): Rel {
  const { rows, cmp } = rowComparator(p.keys, input, ctx);
  const n = Math.min(p.count, rows.length);
  const heap: number[] = [];
  // The heap's root is the worst row kept so far.
  const worse = (a: number, b: number): boolean => cmp(a, b) > 0;
  const siftUp = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  // Once the heap is full, a row whose first key is a number strictly worse than the root's is skipped
  // without the comparator (nulls, NaN and ties go through it).
  const first = p.keys.length ? typedKey(p.keys[0]!, input) : undefined;
  const desc = p.keys[0]?.desc ?? false;
  let i = 0;
  const byChunks = first !== undefined && n > 0 && input.sel === null && rows.length > CHUNK;
  for (; !byChunks && i < rows.length && heap.length < n; i++) {
    heap.push(i);
    siftUp(heap.length - 1);
  }
  if (byChunks) {
    topByChunks(first, p.keys[0]!, rows.length, n, heap, cmp, siftUp, siftDown, ctx);
    i = rows.length;
  }
  if (first && n > 0) {
    const { vals, nulls } = first;
    // The root's first key; NaN (no row is skipped) while the root's is null.
    const barOf = (r: number): number => (nulls && nulls[r] ? NaN : vals[r]!);
    let bar = barOf(rows[heap[0]!]!);
    while (i < rows.length) {
      const end = Math.min(rows.length, i + 0x10000);
      i = nextCandidate(vals, nulls, input.sel, i, end, bar, desc);
      if (i < end) {
        if (cmp(i, heap[0]!) < 0) {
          heap[0] = i;
          siftDown(0);
          bar = barOf(rows[heap[0]!]!);
        }
        i++;
      } else ctx.checkTime();
    }
  }
  for (; i < rows.length && n > 0; i++) {
    if (cmp(i, heap[0]!) < 0) {
      heap[0] = i;
      siftDown(0);
    }
  }
  heap.sort(cmp);
  return { table: input.table, sel: Uint32Array.from(heap, (i) => rows[i]!) };
}

/** Rows per chunk of a column's summary (its least and greatest value). */
const CHUNK = 1 << 16;

/** Per chunk of CHUNK rows: the least and greatest non-null, non-NaN value, and whether it holds nulls (1) or NaN (2). */
interface ChunkStats {
  min: Float64Array;
  max: Float64Array;
  flags: Uint8Array;
}

/** Summaries of a column's values, computed on first use and kept with the (immutable) array. */
const chunkStatsCache = new WeakMap<object, ChunkStats>();

function chunkStats(vals: Float64Array | Int32Array, nulls: Uint8Array | null, length: number): ChunkStats {
  const cached = chunkStatsCache.get(vals);
  if (cached && cached.min.length === Math.ceil(length / CHUNK)) return cached;
  const count = Math.ceil(length / CHUNK);
  const st: ChunkStats = { min: new Float64Array(count).fill(Infinity), max: new Float64Array(count).fill(-Infinity), flags: new Uint8Array(count) };
  for (let c = 0; c < count; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    let flags = 0;
    for (let r = c * CHUNK, end = Math.min(length, r + CHUNK); r < end; r++) {
      if (nulls !== null && nulls[r] === 1) {
        flags |= 1;
        continue;
      }
      const v = vals[r]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v !== v) flags |= 2;
    }
    st.min[c] = lo;
    st.max[c] = hi;
    st.flags[c] = flags;
  }
  chunkStatsCache.set(vals, st);
  return st;
}

/**
 * top N over every row of a table by a typed first key: chunks are visited most promising first (the
 * greatest maximum for a descending key, the least minimum for an ascending one), and a chunk all of whose
 * rows are strictly worse than the heap's root on the first key is skipped unread. Nulls and NaN count
 * by where the key puts them.
 */
function topByChunks(
  key: TypedKey,
  sk: BoundSortKey,
  length: number,
  n: number,
  heap: number[],
  cmp: (a: number, b: number) => number,
  siftUp: (i: number) => void,
  siftDown: (i: number) => void,
  ctx: ExecContext,
): void {
  const { vals, nulls } = key;
  const st = chunkStats(vals, nulls, length);
  const desc = sk.desc;
  const order = Array.from(st.min, (_, c) => c).sort((a, b) => (desc ? st.max[b]! - st.max[a]! : st.min[a]! - st.min[b]!) || a - b);
  const barOf = (r: number): number => (nulls && nulls[r] ? NaN : vals[r]!);
  let bar = NaN;
  for (const c of order) {
    const lo = c * CHUNK;
    const hi = Math.min(length, lo + CHUNK);
    if (heap.length === n) {
      // Nulls first are better than any number; NaN is the least number (worst descending, best ascending).
      const f = st.flags[c]!;
      const keepsNulls = (f & 1) !== 0 && sk.nullsFirst;
      if (!keepsNulls && (desc ? st.max[c]! < bar : st.min[c]! > bar && (f & 2) === 0)) continue;
    }
    let j = lo;
    for (; j < hi && heap.length < n; j++) {
      heap.push(j);
      siftUp(heap.length - 1);
      if (heap.length === n) bar = barOf(heap[0]!);
    }
    while (j < hi) {
      j = nextCandidate(vals, nulls, null, j, hi, bar, desc);
      if (j >= hi) break;
      if (cmp(j, heap[0]!) < 0) {
        heap[0] = j;
        siftDown(0);
        bar = barOf(heap[0]!);
      }
      j++;
    }
    ctx.checkTime();
  }
}

/**
 * The first position in [i, end) whose row is not strictly worse than `bar` on the first key (a null
 * or NaN value, or a tie, is not strictly worse); `end` when there is none.
 */
function nextCandidate(vals: Float64Array | Int32Array, nulls: Uint8Array | null, rows: ArrayLike<number> | null, i: number, end: number, bar: number, desc: boolean): number {
  if (rows === null && nulls === null) {
    // Every row, no nulls: the values in order.
    if (desc) while (i < end && vals[i]! < bar) i++;
    else while (i < end && vals[i]! > bar) i++;
    return i;
  }
  for (; i < end; i++) {
    const r = rows ? rows[i]! : i;
    const v = vals[r]!;
    if (!(desc ? v < bar : v > bar) || (nulls !== null && nulls[r] === 1)) return i;
  }
  return end;
}

export function runTake(p: Extract<Plan, { op: 'take' }>, input: Rel): Rel {
  const rows = relRows(input);
  return { table: input.table, sel: Uint32Array.from(Array.prototype.slice.call(rows, 0, p.count) as number[]) };
}

export function runDistinct(p: Extract<Plan, { op: 'distinct' }>, input: Rel, ctx: ExecContext): Rel {
  const env = compileEnv(input.table, ctx);
  const fns = p.columns.map((c) => compile(c, env));
  const rows = relRows(input);
  const seen = new Set<string>();
  const builders = p.schema.map((c) => columnBuilder(c.type));
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const vals = fns.map((f) => f(rows[i]!));
    const key = vals.map(valueKey).join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    vals.forEach((v, j) => builders[j]!.push(v));
    n++;
  }
  return { table: new Table(p.schema, builders.map((b) => b.build()), n), sel: null };
}
