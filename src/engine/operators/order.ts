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

/**
 * A comparator over logical row positions for the sort keys (nulls placed per key; ties keep input
 * order). Keys that are plain datetime/long/real columns are compared on their typed arrays; other keys
 * are evaluated once per row.
 */
function rowComparator(keys: BoundSortKey[], input: Rel, ctx: ExecContext): { rows: ArrayLike<number>; cmp: (a: number, b: number) => number } {
  const env = compileEnv(input.table, ctx);
  const rows = relRows(input);
  const n = rows.length;
  const parts = keys.map((k): ((a: number, b: number) => number) => {
    const sign = k.desc ? -1 : 1;
    const nullOrder = (xNull: boolean): number => (xNull === k.nullsFirst ? -1 : 1);
    const col = k.expr.k === 'col' ? input.table.columns[k.expr.index] : undefined;
    if (col instanceof TicksColumn || (col instanceof LongColumn && col.small) || (col instanceof NumberColumn && col.type !== 'decimal')) {
      const hi = new Float64Array(n);
      const lo = col instanceof TicksColumn ? new Float64Array(n) : undefined;
      const isNull = new Uint8Array(n);
      const vals = col instanceof TicksColumn ? col.ms : col instanceof LongColumn ? col.small! : col.values;
      const nulls = col.nulls;
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        if (nulls && nulls[r]) isNull[i] = 1;
        hi[i] = vals[r]!;
        if (lo) lo[i] = (col as TicksColumn).sub[r]!;
      }
      return (a, b) => {
        const xn = isNull[a]!;
        const yn = isNull[b]!;
        if (xn || yn) return xn && yn ? 0 : nullOrder(xn === 1);
        const x = hi[a]!;
        const y = hi[b]!;
        if (x !== y) {
          // NaN sorts below every number.
          if (Number.isNaN(x) || Number.isNaN(y)) return (Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1) * sign;
          return (x < y ? -1 : 1) * sign;
        }
        return lo ? (lo[a]! - lo[b]!) * sign : 0;
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
  for (let i = 0; i < rows.length && n > 0; i++) {
    if (heap.length < n) {
      heap.push(i);
      siftUp(heap.length - 1);
    } else if (cmp(i, heap[0]!) < 0) {
      heap[0] = i;
      siftDown(0);
    }
  }
  heap.sort(cmp);
  return { table: input.table, sel: Uint32Array.from(heap, (i) => rows[i]!) };
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
