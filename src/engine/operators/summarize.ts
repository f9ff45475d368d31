// summarize: groups rows by the `by` keys and aggregates each group. With no keys there is always
// exactly one output row (even for empty input); with keys, empty input gives none. Groups appear in
// order of their first row.
//
// Keys that have a column-at-a-time form (columns, bin of datetimes, functions of one string column)
// are turned into group ids in one pass (grouping.ts); then each aggregate runs as a column kernel
// (aggregate-kernels.ts) or, failing that, through its accumulators fed row by row. Other keys use the
// general path: a map from each row's key values to its group.

import { columnBuilder, type Column } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { BoundAggregate, Plan } from '../bound.js';
import { compile, type CompileEnv, type RowFn } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { relRows, type Rel } from '../exec/relation.js';
import { vectorize, type Vec } from '../exec/vector.js';
import type { Accumulator } from '../functions/registry.js';
import { valueKey } from '../values.js';
import { aggregateColumns, KERNEL_AGGREGATES } from './aggregate-kernels.js';
import { groupIds, type Groups } from './grouping.js';

export function runSummarize(p: Extract<Plan, { op: 'summarize' }>, input: Rel, ctx: ExecContext): Table {
  const env = compileEnv(input.table, ctx);
  const rows = relRows(input);
  const keyVecs: Vec[] = [];
  for (const k of p.keys) {
    const v = vectorize(k, env, rows);
    if (!v) return summarizeByRows(p, env, rows, ctx);
    keyVecs.push(v);
  }
  const groups = p.keys.length === 0 ? oneGroup(rows.length) : groupIds(keyVecs, rows.length);
  if (!groups) return summarizeByRows(p, env, rows, ctx);
  ctx.checkTime();

  const columns: Column[] = keyVecs.map((v) => v.col.take(v.idx ? Array.from(groups.first, (i) => v.idx![i]!) : groups.first));
  for (const a of p.aggregates) {
    const kernel = KERNEL_AGGREGATES.has(a.fn) ? aggregateColumns(a, a.args.map((x) => vectorize(x, env, rows)), groups) : undefined;
    columns.push(...(kernel ?? accumulate(a, env, rows, groups, ctx)));
  }
  return new Table(p.schema, columns, groups.count);
}

/** The single group of a summarize without keys: every row, and one output row even when there are none. */
function oneGroup(n: number): Groups {
  return { gids: new Int32Array(n), count: 1, first: new Uint32Array(1) };
}

/** An aggregate through its accumulators, one per group, fed row by row. */
function accumulate(a: BoundAggregate, env: CompileEnv, rows: ArrayLike<number>, g: Groups, ctx: ExecContext): Column[] {
  const fns = a.args.map((x) => compile(x, env));
  const accs: Accumulator[] = [];
  for (let k = 0; k < g.count; k++) accs.push(a.factory.create());
  const args = new Array<Value>(fns.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let j = 0; j < fns.length; j++) args[j] = fns[j]!(r);
    accs[g.gids[i]!]!.add(args);
    if ((i & 0xffff) === 0) ctx.checkTime();
  }
  const builders = a.types.map((t) => columnBuilder(t));
  for (const acc of accs) acc.result().forEach((v, j) => builders[j]!.push(v));
  return builders.map((b) => b.build());
}

/** The general path: each row's key values, as text, find its group. */
function summarizeByRows(p: Extract<Plan, { op: 'summarize' }>, env: CompileEnv, rows: ArrayLike<number>, ctx: ExecContext): Table {
  const keyFns = p.keys.map((k) => compile(k, env));
  const argFns: RowFn[][] = p.aggregates.map((a) => a.args.map((x) => compile(x, env)));
  const groupKeys: Value[][] = [];
  const groupAccs: Accumulator[][] = [];
  const index = new Map<string | bigint | boolean, Accumulator[]>();
  // One argument buffer per aggregate, reused for every row (accumulators copy what they keep).
  const argBufs = argFns.map((fns) => new Array<Value>(fns.length));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const vals = keyFns.map((f) => f(r));
    // A single primitive key is its own map key (Map compares bigints and strings by value).
    const v0 = vals[0];
    const key = vals.length === 1 && (typeof v0 === 'bigint' || typeof v0 === 'boolean') ? v0 : vals.length === 1 ? valueKey(v0!) : vals.map(valueKey).join('\u0001');
    let accs = index.get(key);
    if (!accs) {
      accs = p.aggregates.map((a) => a.factory.create());
      groupKeys.push(vals);
      groupAccs.push(accs);
      index.set(key, accs);
    }
    for (let a = 0; a < accs.length; a++) {
      const fns = argFns[a]!;
      const args = argBufs[a]!;
      for (let j = 0; j < fns.length; j++) args[j] = fns[j]!(r);
      accs[a]!.add(args);
    }
    if ((i & 0xffff) === 0) ctx.checkTime();
  }
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const nk = p.keys.length;
  for (let g = 0; g < groupKeys.length; g++) {
    const keyVals = groupKeys[g]!;
    for (let k = 0; k < nk; k++) builders[k]!.push(keyVals[k]!);
    let col = nk;
    for (const acc of groupAccs[g]!) for (const v of acc.result()) builders[col++]!.push(v);
  }
  return new Table(p.schema, builders.map((b) => b.build()), groupKeys.length);
}
