// range: a single column of values from `from` to `to` (inclusive) by `step`. Longs, datetimes and
// timespans step exactly in bigint ticks; reals step as from + i * step. The number of rows is known
// before any is made, so the memory budget is charged up front.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { CHECK_EVERY, type ExecContext } from '../exec/context.js';
import { shape } from '../exec/memory.js';

type RangePlan = Extract<Plan, { op: 'range' }>;

/** Rows of `range from..to by step` (0 when a bound is null or NaN; Infinity when unbounded). */
export function rangeLength(from: Value, to: Value, step: Value): number {
  if (from === null || to === null || step === null) return 0;
  if (typeof from === 'bigint' && typeof to === 'bigint' && typeof step === 'bigint') {
    if (step === 0n || (step > 0n ? from > to : from < to)) return 0;
    return Number((to - from) / step) + 1;
  }
  const f = Number(from);
  const t = Number(to);
  const s = Number(step);
  if (s === 0 || Number.isNaN(f + t + s) || (s > 0 ? f > t : f < t)) return 0;
  let n = Math.floor((t - f) / s) + 1;
  if (!Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER) return Infinity;
  // Rounding in (t - f) / s may be off by one: the last value must not pass `to`.
  const past = (i: number): boolean => (s > 0 ? f + i * s > t : f + i * s < t);
  while (n > 0 && past(n - 1)) n--;
  while (!past(n)) n++;
  return n;
}

export function runRange(p: RangePlan, ctx: ExecContext): Table {
  const n = rangeLength(p.from, p.to, p.step);
  ctx.memory.charge(n, `range would produce ${Number.isFinite(n) ? shape(n, 1) : 'unbounded rows'}`, p.span);
  const b = columnBuilder(p.schema[0]!.type);
  if (typeof p.from === 'bigint') {
    const step = p.step as bigint;
    for (let i = 0, v = p.from; i < n; i++, v += step) {
      b.push(v);
      if ((i & CHECK_EVERY) === 0) ctx.checkTime();
    }
  } else {
    const f = Number(p.from);
    const s = Number(p.step);
    for (let i = 0; i < n; i++) {
      b.push(f + i * s);
      if ((i & CHECK_EVERY) === 0) ctx.checkTime();
    }
  }
  return new Table(p.schema, [b.build()], n);
}
